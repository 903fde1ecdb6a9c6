"""Who receives an email: the list its recipient type names in the compact's or jurisdiction's
configuration, or the addresses the request gives (spec §7.5).

Addresses are de-duplicated without regard to case (one person, one copy). An empty configured list is
not an error: a compact that has not entered, say, its summary-report contacts yet gets no such email,
and the sender is told so (``Recipients.missing``) and logs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.models.configuration import CompactConfiguration, JurisdictionConfiguration
from notifications.catalog import RecipientType

R = RecipientType
_COMPACT_LISTS = {
    R.COMPACT_OPERATIONS_TEAM: "compact_operations_team_emails",
    R.COMPACT_ADVERSE_ACTIONS: "compact_adverse_actions_notification_emails",
    R.COMPACT_SUMMARY_REPORT: "compact_summary_report_notification_emails",
}
_JURISDICTION_LISTS = {
    R.JURISDICTION_OPERATIONS_TEAM: "jurisdiction_operations_team_emails",
    R.JURISDICTION_ADVERSE_ACTIONS: "jurisdiction_adverse_actions_notification_emails",
    R.JURISDICTION_SUMMARY_REPORT: "jurisdiction_summary_report_notification_emails",
}


@dataclass(frozen=True)
class Recipients:
    addresses: tuple[str, ...]
    missing: str | None = None
    """Why there is nobody to send to (no configuration, or an empty list), for the log."""


def distinct(addresses: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for address in addresses:
        seen.setdefault(address.strip().lower(), address.strip())
    return tuple(seen.values())


def resolve(
    recipient_type: RecipientType,
    specific: Iterable[str],
    compact: CompactConfiguration | None,
    jurisdiction: JurisdictionConfiguration | None,
) -> Recipients:
    if recipient_type is R.SPECIFIC:
        return Recipients(distinct(specific))
    if recipient_type in _COMPACT_LISTS:
        field = _COMPACT_LISTS[recipient_type]
        configuration: CompactConfiguration | JurisdictionConfiguration | None = compact
        owner = "the compact"
    else:
        field = _JURISDICTION_LISTS[recipient_type]
        configuration = jurisdiction
        owner = "the jurisdiction"
    if configuration is None:
        return Recipients((), missing=f"{owner} has no configuration")
    addresses = distinct(getattr(configuration, field))
    return Recipients(addresses, missing=None if addresses else f"{owner} has no {field} yet")
