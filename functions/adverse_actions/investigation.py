"""What opening or closing an investigation writes (api_domain §7.4), planned as pure functions of the
provider's records; the caller writes the plan in one transaction, guarded on what was read.

Opening one: the investigation, an ``investigation`` history record of the target, and the target
``underInvestigation``. Closing one: the investigation gets its close date and closer (and the encumbrance
it resulted in, if any); only when no other investigation of the target is still open does the target
lose its status, with a ``closingInvestigation`` history record. The reference counted a license's closed
investigations as open, so a license investigated twice stayed under investigation for good; here only
open ones count.
"""

from __future__ import annotations

from datetime import datetime

from adverse_actions.encumbrance import Target, target_of
from adverse_actions.record_changes import RecordPath
from core.errors import InvalidRequest, NotFound
from core.models.adverse_action import Investigation
from core.models.enums import AdverseActionAgainst, InvestigationStatus, UpdateCategory
from core.models.history import InvestigationDetails
from core.models.provider_records import ProviderRecords
from core.repositories.providers import GuardedPut
from provider_users.provider_changes import record_update


def investigation_history(
    old: Target, new: Target, category: UpdateCategory, at: datetime, investigation_id: str
) -> GuardedPut:
    """The target's history record of the change, naming the investigation."""
    details = {"investigation_details": InvestigationDetails(investigation_id=investigation_id)}
    return GuardedPut(record_update(old, new, category, at).model_copy(update=details), guard=False)


def plan_opening(
    records: ProviderRecords, path: RecordPath, investigation_id: str, user: str, at: datetime
) -> list[GuardedPut]:
    """The writes that open an investigation of the path's record (which must exist: 404)."""
    target = target_of(records, path.against, path.jurisdiction, path.license_type)
    investigation = Investigation(
        investigation_id=investigation_id,
        compact=path.compact,
        provider_id=path.provider_id,
        jurisdiction=path.jurisdiction,
        license_type=target.license_type,
        license_type_abbreviation=path.license_type,
        investigation_against=path.against,
        submitting_user=user,
        creation_date=at,
    )
    investigated = target.model_copy(update={"investigation_status": InvestigationStatus.UNDER_INVESTIGATION})
    return [
        GuardedPut(investigation, read=None),
        investigation_history(target, investigated, UpdateCategory.INVESTIGATION, at, investigation_id),
        GuardedPut(investigated, read=target),
    ]


def plan_closing(
    records: ProviderRecords,
    path: RecordPath,
    investigation_id: str,
    user: str,
    at: datetime,
    resulting_encumbrance_id: str | None = None,
) -> list[GuardedPut]:
    """The writes that close one investigation of the path's record: 404 for an unknown one, 400 for
    one closed already."""
    target = target_of(records, path.against, path.jurisdiction, path.license_type)
    on_target = [i for i in records.investigations if _of_target(i, path.against, target)]
    investigation = next((i for i in on_target if i.investigation_id == investigation_id), None)
    if investigation is None:
        raise NotFound(f"Investigation not found: {investigation_id}")
    if not investigation.is_open:
        raise InvalidRequest(f"Investigation {investigation_id} is already closed")
    closed = investigation.model_copy(
        update={"close_date": at, "closing_user": user, "resulting_encumbrance_id": resulting_encumbrance_id}
    )
    puts = [GuardedPut(closed, read=investigation)]
    if any(i.is_open for i in on_target if i.investigation_id != investigation_id):
        return puts  # another investigation of the target is still open
    cleared = target.model_copy(update={"investigation_status": None})
    puts.append(
        investigation_history(target, cleared, UpdateCategory.CLOSING_INVESTIGATION, at, investigation_id)
    )
    puts.append(GuardedPut(cleared, read=target))
    return puts


def _of_target(investigation: Investigation, against: AdverseActionAgainst, target: Target) -> bool:
    return (
        investigation.investigation_against is against
        and investigation.jurisdiction == target.jurisdiction
        and investigation.license_type_abbreviation == target.license_type_abbreviation
    )
