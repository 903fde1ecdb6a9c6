"""The SSN read limits (payments_security §4.6, api_domain §4.7): pure rules over 24-hour counts.

Counts include the request being judged, which is recorded before it is judged, so refused and
unauthorised attempts count too. The system-wide limit is checked first: when it trips, nobody reads.
"""

from __future__ import annotations

from enum import StrEnum

READS_PER_USER = 5
"""Successful reads a staff user may make in a rolling 24 hours; the next one is refused."""
DISABLE_USER_AT = READS_PER_USER + 2
"""The attempt that also disables the caller's account: one more after the first refusal."""
SYSTEM_WIDE_LIMIT = 15
"""More attempts than this, by everyone together in 24 hours, switch the endpoint off."""


class Verdict(StrEnum):
    ALLOW = "allow"
    REFUSE = "refuse"  # 429
    REFUSE_AND_DISABLE_USER = "refuse-and-disable-user"  # 429, and the caller can no longer sign in
    SWITCH_OFF = "switch-off"  # 429, and the endpoint stays off until an operator turns it on


def judge(user_attempts: int, all_attempts: int) -> Verdict:
    """What to do with a read, given the attempts in the window (this one included)."""
    if all_attempts > SYSTEM_WIDE_LIMIT:
        return Verdict.SWITCH_OFF
    if user_attempts >= DISABLE_USER_AT:
        return Verdict.REFUSE_AND_DISABLE_USER
    if user_attempts > READS_PER_USER:
        return Verdict.REFUSE
    return Verdict.ALLOW
