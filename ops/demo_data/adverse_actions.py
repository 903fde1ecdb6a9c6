"""Board staff's disciplinary actions on a demo provider: encumbrances (spec §7.3), their lifting, and
investigations (§7.4).

Each action writes its own record and the license, privilege and provider updates the real staff flows
write, so the history and public routes show demo discipline exactly as they would show the real thing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from core.models.adverse_action import AdverseAction, Investigation
from core.models.enums import (
    AdverseActionAgainst,
    ClinicalPrivilegeActionCategory,
    EncumbranceType,
    InvestigationStatus,
    LicenseEncumberedStatus,
    PrivilegeEncumberedStatus,
    UpdateCategory,
)
from core.models.license import License
from core.models.privilege import Privilege
from core.status import staff_date_as_effective_datetime
from ops.demo_data.compacts import Staff
from ops.demo_data.history import History, RecordKey, changed, subject_fields
from ops.demo_data.ids import seeded_uuid
from ops.demo_data.timeline import day_of

ENCUMBRANCE_TYPES = (
    EncumbranceType.SUSPENSION,
    EncumbranceType.PROBATION,
    EncumbranceType.REPRIMAND,
    EncumbranceType.PUBLIC_REPRIMAND,
    EncumbranceType.FINE,
    EncumbranceType.REQUIRED_SUPERVISION,
    EncumbranceType.COMPLETION_OF_CONTINUING_EDUCATION,
    EncumbranceType.REVOCATION,
)


def encumber(history: History, at: datetime, against: AdverseActionAgainst, key: RecordKey) -> AdverseAction:
    """An adverse action (spec §7.3): the record and the provider become encumbered, and privileges on an
    encumbered license become licenseEncumbered."""
    action = _adverse_action(history, at, against, history.target(against, key))
    history.adverse_actions[action.adverse_action_id] = action
    effective = staff_date_as_effective_datetime(action.effective_start_date)
    details = {
        "clinical_privilege_action_categories": action.clinical_privilege_action_categories,
        "adverse_action_id": action.adverse_action_id,
    }
    if against == AdverseActionAgainst.LICENSE:
        _encumber_license(history, at, key, effective, details)
    else:
        history.change_privilege(
            at,
            key,
            UpdateCategory.ENCUMBRANCE,
            effective,
            {"encumbrance_details": details},
            encumbered_status=PrivilegeEncumberedStatus.ENCUMBERED,
        )
    history.refresh_provider(at, encumbered_status=LicenseEncumberedStatus.ENCUMBERED)
    return action


def _adverse_action(
    history: History, at: datetime, against: AdverseActionAgainst, target: License | Privilege
) -> AdverseAction:
    """The action record: effective from a recent day (not before the target was issued), by board staff."""
    rng = history.rng
    start = max(_issued_day(target), day_of(at) - timedelta(days=rng.randint(0, 20)))
    categories = rng.sample(list(ClinicalPrivilegeActionCategory), rng.choice((1, 1, 2)))
    staff = history.compact.staff(target.jurisdiction, rng)
    return AdverseAction(
        adverse_action_id=str(seeded_uuid(rng)),
        **_filed(history, target, staff, at),
        action_against=against,
        encumbrance_type=rng.choice(ENCUMBRANCE_TYPES),
        clinical_privilege_action_categories=categories,
        effective_start_date=start,
    )


def _filed(history: History, target: License | Privilege, staff: Staff, at: datetime) -> dict[str, Any]:
    """What an adverse action and an investigation both say: whose license or privilege, filed by whom
    and when."""
    return {
        "compact": target.compact,
        "provider_id": history.provider_id,
        **subject_fields(target),
        "submitting_user": staff.user_id,
        "creation_date": at,
        "date_of_update": at,
    }


def _issued_day(target: License | Privilege) -> date:
    """A license is issued on a day, a privilege at a moment."""
    issued = target.date_of_issuance
    return issued if isinstance(issued, date) and not isinstance(issued, datetime) else day_of(issued)


def _encumber_license(
    history: History, at: datetime, key: RecordKey, effective: datetime, details: dict[str, Any]
) -> None:
    """The license becomes encumbered, and each privilege bought on it not already encumbered in its own
    right becomes licenseEncumbered."""
    history.change_license(
        at, key, UpdateCategory.ENCUMBRANCE, effective, encumbered_status=LicenseEncumberedStatus.ENCUMBERED
    )
    for privilege in history.privileges_on(key):
        if privilege.encumbered_status != PrivilegeEncumberedStatus.ENCUMBERED:
            history.change_privilege(
                at,
                (privilege.jurisdiction, privilege.license_type_abbreviation),
                UpdateCategory.ENCUMBRANCE,
                effective,
                {"encumbrance_details": {**details, "license_jurisdiction": key[0]}},
                encumbered_status=PrivilegeEncumberedStatus.LICENSE_ENCUMBERED,
            )


def lift(history: History, at: datetime, action: AdverseAction) -> None:
    """Lifting the only adverse action on a privilege: it and (nothing else being encumbered) the
    provider become unencumbered."""
    lifted_on = max(action.effective_start_date, day_of(at) - timedelta(days=history.rng.randint(0, 3)))
    staff = history.compact.staff(action.jurisdiction, history.rng)
    history.adverse_actions[action.adverse_action_id] = changed(
        action, effective_lift_date=lifted_on, lifting_user=staff.user_id, date_of_update=at
    )
    history.change_privilege(
        at,
        (action.jurisdiction, action.license_type_abbreviation),
        UpdateCategory.LIFTING_ENCUMBRANCE,
        staff_date_as_effective_datetime(lifted_on),
        encumbered_status=PrivilegeEncumberedStatus.UNENCUMBERED,
    )
    records: list[License | Privilege] = [*history.licenses.values(), *history.privileges.values()]
    still_encumbered = any(
        record.encumbered_status == LicenseEncumberedStatus.ENCUMBERED for record in records
    )
    if not still_encumbered:
        history.refresh_provider(at, encumbered_status=LicenseEncumberedStatus.UNENCUMBERED)


def open_investigation(
    history: History, at: datetime, against: AdverseActionAgainst, key: RecordKey
) -> Investigation:
    """Board staff open an investigation of a license or privilege (spec §7.4)."""
    target = history.target(against, key)
    staff = history.compact.staff(target.jurisdiction, history.rng)
    investigation = Investigation(
        investigation_id=str(seeded_uuid(history.rng)),
        **_filed(history, target, staff, at),
        investigation_against=against,
    )
    history.investigations[investigation.investigation_id] = investigation
    _set_investigation_status(
        history, at, investigation, UpdateCategory.INVESTIGATION, InvestigationStatus.UNDER_INVESTIGATION
    )
    return investigation


def close_investigation(
    history: History, at: datetime, investigation: Investigation, with_encumbrance: bool
) -> None:
    """Closing (spec §7.4), with the encumbrance it resulted in first when ``with_encumbrance``."""
    key = (investigation.jurisdiction, investigation.license_type_abbreviation)
    resulting = (
        encumber(history, at, investigation.investigation_against, key).adverse_action_id
        if with_encumbrance
        else None
    )
    staff = history.compact.staff(investigation.jurisdiction, history.rng)
    history.investigations[investigation.investigation_id] = changed(
        investigation,
        close_date=at,
        closing_user=staff.user_id,
        resulting_encumbrance_id=resulting,
        date_of_update=at,
    )
    _set_investigation_status(history, at, investigation, UpdateCategory.CLOSING_INVESTIGATION, None)


def _set_investigation_status(
    history: History,
    at: datetime,
    investigation: Investigation,
    category: UpdateCategory,
    status: InvestigationStatus | None,
) -> None:
    """Mark the investigated license or privilege (a privilege's update names the investigation)."""
    key = (investigation.jurisdiction, investigation.license_type_abbreviation)
    if investigation.investigation_against == AdverseActionAgainst.LICENSE:
        history.change_license(at, key, category, at, investigation_status=status)
    else:
        details = {"investigation_details": {"investigation_id": investigation.investigation_id}}
        history.change_privilege(at, key, category, at, details, investigation_status=status)
