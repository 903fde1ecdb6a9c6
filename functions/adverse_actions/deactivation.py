"""What a compact admin's deactivation of a privilege writes (spec §2.2), planned as a pure function of
the provider's records: the privilege ``administratorSetStatus=inactive`` and a ``deactivation`` history
record saying who did it and why. A privilege deactivated already is a 400; one nobody holds a 404."""

from __future__ import annotations

from datetime import datetime

from adverse_actions.encumbrance import target_of
from core.errors import InvalidRequest
from core.models.enums import ActiveInactiveStatus, AdverseActionAgainst, UpdateCategory
from core.models.history import DeactivationDetails
from core.models.privilege import Privilege
from core.models.provider_records import ProviderRecords
from core.repositories.providers import GuardedPut
from provider_users.provider_changes import privilege_update


def plan_deactivation(
    records: ProviderRecords,
    jurisdiction: str,
    license_type_abbreviation: str,
    details: DeactivationDetails,
    at: datetime,
) -> tuple[Privilege, list[GuardedPut]]:
    """The privilege deactivated and the writes that deactivate it."""
    privilege = target_of(records, AdverseActionAgainst.PRIVILEGE, jurisdiction, license_type_abbreviation)
    assert isinstance(privilege, Privilege)
    if privilege.administrator_set_status is ActiveInactiveStatus.INACTIVE:
        raise InvalidRequest("Privilege already deactivated")
    deactivated = privilege.model_copy(update={"administrator_set_status": ActiveInactiveStatus.INACTIVE})
    history = privilege_update(privilege, deactivated, UpdateCategory.DEACTIVATION, at).model_copy(
        update={"deactivation_details": details}
    )
    return deactivated, [GuardedPut(deactivated, read=privilege), GuardedPut(history, guard=False)]
