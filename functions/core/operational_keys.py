"""Key formats of the operational tables: rate limiting, event state and the data-event log (spec §4.1,
§4.7, §4.8).

Bookkeeping rather than domain records, kept apart from :mod:`core.keys` (the domain tables' keys) but
built the same way: every timestamp in a key is rendered by :func:`core.keys.iso_utc` or
:func:`core.keys.epoch_seconds`, so keys sort chronologically and rebuild identically from stored values.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from core.keys import epoch_seconds, iso_utc

# ---- rate limiting table --------------------------------------------------------------------------


def registration_attempts_pk(ip_address: str) -> str:
    """Registration attempts from one client IP."""
    return f"IP#{ip_address}"


def registration_attempt_sk(attempted_at: datetime) -> str:
    """Time-ordered, so a window is a ``between`` query; pass a precise time to avoid same-second clashes."""
    return f"REGISTRATION#{iso_utc(attempted_at)}"


def account_recovery_pk(compact: str, provider_id: str) -> str:
    """Account-recovery attempts against one provider (initiations and verifications)."""
    return f"PROVIDER#{compact}#{provider_id}"


def recovery_initiation_sk(attempted_at: datetime) -> str:
    """A recovery email sent; distinct prefix from verifications so each is counted on its own."""
    return f"MFARECOVERY#{iso_utc(attempted_at)}"


def recovery_verification_sk(attempted_at: datetime) -> str:
    """A recovery link redeemed (or tried)."""
    return f"MFARECOVERYVERIFY#{iso_utc(attempted_at)}"


SSN_READ_REQUESTS_PK = "READ_SSN_REQUESTS"
"""One partition for every SSN read, so the global 24-hour limit is a single query."""


def ssn_read_request_sk(requested_at: datetime, request_id: str) -> str:
    """Epoch first for windowed counting; the Lambda request id keeps same-second reads distinct."""
    return f"TIME#{epoch_seconds(requested_at)}#REQUEST#{request_id}"


_SSN_READ_REQUEST_SK = re.compile(r"TIME#(?P<epoch>\d+(?:\.\d+)?)#REQUEST#(?P<request_id>.+)")


def ssn_read_request_of(sk: str) -> tuple[datetime, str] | None:
    """When an SSN read was made and its request id, from its sort key: the inverse of
    :func:`ssn_read_request_sk`, which also reads the reference's keys (the epoch as a float's ``str()``)."""
    found = _SSN_READ_REQUEST_SK.fullmatch(sk)
    if found is None:
        return None
    return datetime.fromtimestamp(float(found["epoch"]), UTC), found["request_id"]


def ssn_read_window_floor(since: datetime) -> str:
    """The smallest SSN-read sort key at or after ``since`` (epochs keep 10 digits until 2286)."""
    return f"TIME#{epoch_seconds(since)}#"


SSN_ENDPOINT_SWITCH_KEY = "SSN_ENDPOINT#SWITCH"
"""pk = sk of the one item saying whether the SSN endpoint is on; it has no TTL: it stays until changed."""


def signature_nonce_pk(compact: str, jurisdiction: str) -> str:
    """Nonces are unique per signing state, so one state cannot burn another's nonces."""
    return f"NONCE#{compact}#JURISDICTION#{jurisdiction}"


def signature_nonce_sk(nonce: str) -> str:
    """A conditional put on this key rejects a replayed signed request."""
    return f"NONCE#{nonce}"


# ---- event state table ----------------------------------------------------------------------------


def notification_pk(compact: str, sqs_message_id: str) -> str:
    """All recipients of one queued message, so a retry can skip the ones already notified."""
    return f"COMPACT#{compact}#SQS_MESSAGE#{sqs_message_id}"


def notification_sk(recipient: str, jurisdiction: str | None = None) -> str:
    """One recipient: the provider, or one state's list (the provider has no jurisdiction part)."""
    return f"NOTIFICATION#{recipient}#{jurisdiction or ''}"


def expiration_reminder_pk(compact: str, provider_id: str) -> str:
    """Expiration reminders sent to one provider."""
    return f"{compact}#EXPIRATION_REMINDER#{provider_id}"


def expiration_reminder_sk(reminder: str, expiration_date: date) -> str:
    """One reminder kind (``privilege.expiration.30day|7day|dayOf``) for one expiration date."""
    return f"{reminder}#{expiration_date.isoformat()}"


# ---- data event table -----------------------------------------------------------------------------


def data_event_pk(compact: str, jurisdiction: str) -> str:
    """Events are logged per jurisdiction, the unit that ingest reports are sent for."""
    return f"COMPACT#{compact}#JURISDICTION#{jurisdiction}"


def data_event_report_key(compact: str, jurisdiction: str) -> str:
    """Partition of the ``reportIndex``: the upload problems of one jurisdiction, by when they were logged."""
    return f"{compact}#{jurisdiction}"


def logged_at(moment: datetime) -> str:
    """An instant as the ``reportIndex`` sorts it: UTC ISO to the microsecond, so that a watermark falls
    exactly between two problems logged a moment apart."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def logged_at_key(moment: datetime, event_id: str) -> str:
    """Sort key of the ``reportIndex``: when an upload problem was first logged, then its event id."""
    return f"{logged_at(moment)}#{event_id}"


def data_event_sk(detail_type: str, event_time: datetime, event_id: str) -> str:
    """Type first, then time: "validation errors of the last 15 minutes" is one range query."""
    return f"TYPE#{detail_type}#TIME#{epoch_seconds(event_time)}#EVENT#{event_id}"
