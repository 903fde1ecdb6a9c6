"""What a home license's change does to the privileges bought on it (spec §7.1), planned as pure
functions of the provider's records. Each returns the writes and the privileges it changed; a plan made
again after it was written changes nothing, so a redelivered event writes nothing twice.

Each acts on the license as it is now, not as the event saw it: the encumbrance and lift events travel on
separate queues and may arrive in either order, so privileges are held only while the license is
encumbered and freed only once it is not (and no encumbrance of it is still open).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from adverse_actions.encumbrance import encumbrance_history, is_encumbered
from core.models.adverse_action import AdverseAction
from core.models.enums import (
    AdverseActionAgainst,
    LicenseDeactivatedStatus,
    PrivilegeEncumberedStatus,
    UpdateCategory,
)
from core.models.license import License
from core.models.privilege import Privilege
from core.models.provider_records import ProviderRecords
from core.repositories.providers import GuardedPut
from provider_users.provider_changes import privilege_update

HELD = PrivilegeEncumberedStatus.LICENSE_ENCUMBERED


class UnknownAction(LookupError):
    """The event names an encumbrance the provider's records do not hold (retried, then dead-lettered)."""


@dataclass
class CascadePlan:
    puts: list[GuardedPut] = field(default_factory=list)
    changed: list[Privilege] = field(default_factory=list)
    effective: date | None = None  # the date the privileges' change takes effect
    action: AdverseAction | None = None  # the license's encumbrance behind it

    def first(self, count: int) -> CascadePlan:
        """The plan's first ``count`` privileges (each is two writes: the privilege and its history)."""
        return CascadePlan(self.puts[: 2 * count], self.changed[:count], self.effective, self.action)


def _license_actions(records: ProviderRecords, license: License) -> list[AdverseAction]:
    return [
        a
        for a in records.adverse_actions
        if a.action_against is AdverseActionAgainst.LICENSE
        and a.jurisdiction == license.jurisdiction
        and a.license_type_abbreviation == license.license_type_abbreviation
    ]


def _change(plan: CascadePlan, old: Privilege, new: Privilege, history: GuardedPut) -> None:
    plan.puts += [GuardedPut(new, read=old), history]
    plan.changed.append(new)


def hold_privileges(
    records: ProviderRecords, jurisdiction: str, abbreviation: str, action_id: str, at: datetime
) -> CascadePlan:
    """License encumbered: each of its unencumbered privileges becomes ``licenseEncumbered`` (a privilege
    encumbered in its own right stays ``encumbered``), with an ``encumbrance`` history record naming the
    license's state."""
    plan = CascadePlan()
    license = records.license_for(jurisdiction, abbreviation)
    if license is None or not is_encumbered(license):
        return plan  # gone, or lifted already: nothing to hold
    action = next((a for a in _license_actions(records, license) if a.adverse_action_id == action_id), None)
    if action is None:
        raise UnknownAction(f"no encumbrance {action_id} of the {jurisdiction} {abbreviation} license")
    plan.action, plan.effective = action, action.effective_start_date
    for privilege in records.privileges_on_license(jurisdiction, abbreviation):
        if privilege.encumbered_status not in (None, PrivilegeEncumberedStatus.UNENCUMBERED):
            continue
        held = privilege.model_copy(
            update={"encumbered_status": PrivilegeEncumberedStatus.LICENSE_ENCUMBERED}
        )
        history = encumbrance_history(
            privilege, held, UpdateCategory.ENCUMBRANCE, at, plan.effective, action, jurisdiction
        )
        _change(plan, privilege, held, history)
    return plan


def free_privileges(
    records: ProviderRecords, jurisdiction: str, abbreviation: str, at: datetime
) -> CascadePlan:
    """License's last encumbrance lifted: its ``licenseEncumbered`` privileges become unencumbered, with a
    ``lifting_encumbrance`` history record effective at the latest lift date of the license's encumbrances
    (spec §7.1)."""
    plan = CascadePlan()
    license = records.license_for(jurisdiction, abbreviation)
    if license is None or is_encumbered(license):
        return plan  # encumbered again (or still): the privileges stay held
    actions = _license_actions(records, license)
    lifted = [(a.effective_lift_date, a.adverse_action_id, a) for a in actions if a.effective_lift_date]
    if not actions or len(lifted) < len(actions):
        return plan  # an encumbrance of the license is still open
    lifted_on, _, last = max(lifted, key=lambda found: found[:2])
    plan.action, plan.effective = last, lifted_on
    for privilege in records.privileges_on_license(jurisdiction, abbreviation):
        if privilege.encumbered_status != HELD:
            continue
        freed = privilege.model_copy(update={"encumbered_status": PrivilegeEncumberedStatus.UNENCUMBERED})
        history = encumbrance_history(
            privilege, freed, UpdateCategory.LIFTING_ENCUMBRANCE, at, lifted_on, last, jurisdiction
        )
        _change(plan, privilege, freed, history)
    return plan


def deactivate_privileges(
    records: ProviderRecords, jurisdiction: str, abbreviation: str, at: datetime
) -> CascadePlan:
    """License deactivated by its state: each privilege bought on it not yet marked becomes
    ``licenseDeactivated``, with a ``licenseDeactivation`` history record."""
    plan = CascadePlan()
    for privilege in records.privileges_on_license(jurisdiction, abbreviation):
        if privilege.license_deactivated_status is not None:
            continue
        marked = privilege.model_copy(
            update={"license_deactivated_status": LicenseDeactivatedStatus.LICENSE_DEACTIVATED}
        )
        history = GuardedPut(
            privilege_update(privilege, marked, UpdateCategory.LICENSE_DEACTIVATION, at), guard=False
        )
        _change(plan, privilege, marked, history)
    return plan
