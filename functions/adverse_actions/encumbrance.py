"""What placing or lifting an encumbrance writes (api_domain §7.3), planned as pure functions of the
provider's records; the caller writes the plan in one transaction, guarded on what was read.

Placing one: the adverse action, a history record of the target (``encumbrance``; nothing updated when
the target was encumbered already), the target encumbered, and the provider encumbered. Lifting one: the
action gets its lift date and lifter; only when no other unlifted action remains on the target does the
target become unencumbered — a privilege whose home license is still encumbered becomes
``licenseEncumbered`` instead — with a ``lifting_encumbrance`` history record, and the provider follows
its records (unencumbered once none of them is). Staff dates are stored as noon at UTC-04:00.
"""

from __future__ import annotations

from datetime import date, datetime

from core.errors import InvalidRequest, NotFound
from core.models.adverse_action import AdverseAction
from core.models.enums import (
    AdverseActionAgainst,
    LicenseEncumberedStatus,
    PrivilegeEncumberedStatus,
    UpdateCategory,
)
from core.models.history import EncumbranceDetails
from core.models.license import License
from core.models.privilege import Privilege
from core.models.provider import Provider
from core.models.provider_records import ProviderRecords
from core.repositories.providers import GuardedPut
from core.status import staff_date_as_effective_datetime
from provider_users.provider_changes import record_update

Target = License | Privilege
ENCUMBERED = {LicenseEncumberedStatus.ENCUMBERED, PrivilegeEncumberedStatus.ENCUMBERED}


def target_of(
    records: ProviderRecords, against: AdverseActionAgainst, jurisdiction: str, license_type_abbreviation: str
) -> Target:
    """The license or privilege an action is against, or 404 naming it."""
    found: Target | None = (
        records.license_for(jurisdiction, license_type_abbreviation)
        if against is AdverseActionAgainst.LICENSE
        else records.privilege_for(jurisdiction, license_type_abbreviation)
    )
    if found is None:
        raise NotFound(f"No {against.value} in {jurisdiction} for license type {license_type_abbreviation}")
    return found


def is_encumbered(record: Target) -> bool:
    return record.encumbered_status in ENCUMBERED


def encumbrance_history(
    old: Target,
    new: Target,
    category: UpdateCategory,
    at: datetime,
    effective: date,
    action: AdverseAction,
    license_jurisdiction: str | None = None,
) -> GuardedPut:
    """The target's history record of the change, effective at noon UTC-04:00 of the staff's date;
    ``license_jurisdiction`` names the home license's state when the change cascaded from it."""
    effective_at = staff_date_as_effective_datetime(effective)
    details = EncumbranceDetails(
        clinical_privilege_action_categories=action.clinical_privilege_action_categories,
        adverse_action_id=action.adverse_action_id,
        license_jurisdiction=license_jurisdiction,
    )
    changes: dict[str, object] = {"effective_date": effective_at}
    if isinstance(old, Privilege):  # a license's history has no encumbrance details
        changes["encumbrance_details"] = details
    return GuardedPut(record_update(old, new, category, at).model_copy(update=changes), guard=False)


def _provider_following(records: ProviderRecords, changed: Target) -> tuple[Provider, Provider] | None:
    """The provider before and after, when its encumbrance must follow its records after ``changed``."""
    provider = records.provider
    if provider is None:
        raise NotFound("No provider record for this provider")
    held: list[Target] = [*records.licenses, *records.privileges]
    others = [r for r in held if r.sk != changed.sk]
    encumbered = is_encumbered(changed) or any(is_encumbered(r) for r in others)
    wanted = LicenseEncumberedStatus.ENCUMBERED if encumbered else LicenseEncumberedStatus.UNENCUMBERED
    if provider.encumbered_status == wanted or (provider.encumbered_status is None and not encumbered):
        return None
    return provider, provider.model_copy(update={"encumbered_status": wanted})


def plan_encumbrance(records: ProviderRecords, action: AdverseAction, at: datetime) -> list[GuardedPut]:
    """The writes that place ``action`` on its target (which must exist: 404)."""
    target = target_of(records, action.action_against, action.jurisdiction, action.license_type_abbreviation)
    encumbered = target.model_copy(
        update={
            "encumbered_status": LicenseEncumberedStatus.ENCUMBERED
            if isinstance(target, License)
            else PrivilegeEncumberedStatus.ENCUMBERED
        }
    )
    puts = [
        GuardedPut(action, read=None),
        encumbrance_history(
            target, encumbered, UpdateCategory.ENCUMBRANCE, at, action.effective_start_date, action
        ),
    ]
    if target.encumbered_status != encumbered.encumbered_status:
        puts.append(GuardedPut(encumbered, read=target))
    provider = _provider_following(records, encumbered)
    if provider is not None:
        puts.append(GuardedPut(provider[1], read=provider[0]))
    return puts


def plan_lift(
    records: ProviderRecords,
    against: AdverseActionAgainst,
    jurisdiction: str,
    license_type_abbreviation: str,
    adverse_action_id: str,
    lift_date: date,
    lifting_user: str,
    at: datetime,
) -> list[GuardedPut]:
    """The writes that lift one encumbrance: 404 for an unknown one, 400 for one lifted already."""
    target = target_of(records, AdverseActionAgainst(against), jurisdiction, license_type_abbreviation)
    on_target = [a for a in records.adverse_actions if _same_target(a, target)]
    action = next((a for a in on_target if a.adverse_action_id == adverse_action_id), None)
    if action is None:
        raise NotFound(f"Encumbrance not found: {adverse_action_id}")
    if action.is_lifted:
        raise InvalidRequest(f"Encumbrance {adverse_action_id} has already been lifted")
    if lift_date < action.effective_start_date:
        raise InvalidRequest("effectiveLiftDate: cannot be before the encumbrance's start date")
    lifted = action.model_copy(update={"effective_lift_date": lift_date, "lifting_user": lifting_user})
    puts = [GuardedPut(lifted, read=action)]
    if any(not a.is_lifted for a in on_target if a.adverse_action_id != adverse_action_id):
        return puts  # another encumbrance still holds the target
    freed = target.model_copy(update={"encumbered_status": _status_after_lift(records, target)})
    puts.append(encumbrance_history(target, freed, UpdateCategory.LIFTING_ENCUMBRANCE, at, lift_date, action))
    puts.append(GuardedPut(freed, read=target))
    provider = _provider_following(records, freed)
    if provider is not None:
        puts.append(GuardedPut(provider[1], read=provider[0]))
    return puts


def _same_target(action: AdverseAction, target: Target) -> bool:
    against = AdverseActionAgainst.LICENSE if isinstance(target, License) else AdverseActionAgainst.PRIVILEGE
    return (
        action.action_against is against
        and action.jurisdiction == target.jurisdiction
        and action.license_type_abbreviation == target.license_type_abbreviation
    )


def _status_after_lift(
    records: ProviderRecords, target: Target
) -> LicenseEncumberedStatus | PrivilegeEncumberedStatus:
    """Unencumbered, except a privilege whose home license is still encumbered."""
    if isinstance(target, License):
        return LicenseEncumberedStatus.UNENCUMBERED
    home = records.license_for(target.license_jurisdiction, target.license_type_abbreviation)
    if home is not None and is_encumbered(home):
        return PrivilegeEncumberedStatus.LICENSE_ENCUMBERED
    return PrivilegeEncumberedStatus.UNENCUMBERED
