"""Request bodies of the staff changes to a provider's records (the reference's published schemas)."""

from typing import Annotated, Literal

from pydantic import Field

from core.fields import DateInput, RequestModel, one_value
from core.models.enums import ClinicalPrivilegeActionCategory, EncumbranceType, MilitaryAuditStatus


class EncumbranceRequest(RequestModel):
    encumbrance_effective_date: DateInput = Field(description="The effective date of the encumbrance")
    encumbrance_type: EncumbranceType = Field(description="The type of encumbrance")
    clinical_privilege_action_categories: list[ClinicalPrivilegeActionCategory] = Field(
        min_length=1, max_length=20, description="The categories of clinical privilege action (NPDB)"
    )


class EncumbranceLiftRequest(RequestModel):
    effective_lift_date: DateInput = Field(description="The effective date when the encumbrance is lifted")


class InvestigationClosing(RequestModel):
    """Closing an investigation, optionally with the encumbrance it resulted in (placed in the same
    transaction as the closing)."""

    omitted_when_absent = frozenset({"encumbrance"})

    action: Annotated[Literal["close"], one_value("close")] = Field(
        description="What to do with the investigation: only 'close'"
    )
    encumbrance: EncumbranceRequest | None = Field(
        default=None, description="The encumbrance the investigation resulted in, if any"
    )


class PrivilegeDeactivationRequest(RequestModel):
    deactivation_note: str = Field(
        max_length=256, description="Note describing why the privilege is being deactivated"
    )


class MilitaryAuditRequest(RequestModel):
    omitted_when_absent = frozenset({"military_status_note"})

    military_status: MilitaryAuditStatus = Field(
        description="The audit result for the military documentation"
    )
    military_status_note: str | None = Field(
        default=None, max_length=5000, description="Optional note from the admin (typically for declines)"
    )
