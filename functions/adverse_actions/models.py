"""Request bodies of the encumbrance routes (the reference's published schemas)."""

from pydantic import Field

from core.fields import DateInput, RequestModel
from core.models.enums import ClinicalPrivilegeActionCategory, EncumbranceType


class EncumbranceRequest(RequestModel):
    encumbrance_effective_date: DateInput = Field(description="The effective date of the encumbrance")
    encumbrance_type: EncumbranceType = Field(description="The type of encumbrance")
    clinical_privilege_action_categories: list[ClinicalPrivilegeActionCategory] = Field(
        min_length=1, max_length=20, description="The categories of clinical privilege action (NPDB)"
    )


class EncumbranceLiftRequest(RequestModel):
    effective_lift_date: DateInput = Field(description="The effective date when the encumbrance is lifted")
