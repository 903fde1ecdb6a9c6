"""Encumbrances (adverse actions) and investigations against a license or privilege (spec §4.2.5-6)."""

from datetime import date

from pydantic import Field

from core import keys
from core.clock import now_utc
from core.models.base import Record, UtcDatetime, UuidStr
from core.models.enums import AdverseActionAgainst, ClinicalPrivilegeActionCategory, EncumbranceType
from core.models.reference_shapes import with_category_list, with_license_type_abbreviation


class AdverseAction(Record):
    """One encumbrance a state placed on a license or privilege. Lifting sets ``effectiveLiftDate``; the
    record stays, because lifted actions still block purchases for two years."""

    record_type = "adverseAction"
    reference_shapes = (with_category_list,)

    adverse_action_id: UuidStr
    compact: str
    provider_id: UuidStr
    jurisdiction: str
    license_type: str
    license_type_abbreviation: str
    action_against: AdverseActionAgainst
    encumbrance_type: EncumbranceType | None = None  # required since August 2025; older actions lack it
    clinical_privilege_action_categories: list[ClinicalPrivilegeActionCategory] = Field(min_length=1)
    effective_start_date: date
    submitting_user: str
    creation_date: UtcDatetime = Field(default_factory=now_utc)
    effective_lift_date: date | None = None
    lifting_user: str | None = None

    @property
    def pk(self) -> str:
        return keys.provider_pk(self.compact, self.provider_id)

    @property
    def sk(self) -> str:
        return keys.adverse_action_sk(
            self.compact,
            self.action_against,
            self.jurisdiction,
            self.license_type_abbreviation,
            self.adverse_action_id,
        )

    @property
    def is_lifted(self) -> bool:
        return self.effective_lift_date is not None


class Investigation(Record):
    """One investigation a state opened on a license or privilege; closing sets ``closeDate``. Only open
    investigations are served."""

    record_type = "investigation"
    reference_shapes = (with_license_type_abbreviation,)

    investigation_id: UuidStr
    compact: str
    provider_id: UuidStr
    jurisdiction: str
    license_type: str
    license_type_abbreviation: str
    investigation_against: AdverseActionAgainst
    submitting_user: str
    creation_date: UtcDatetime = Field(default_factory=now_utc)
    close_date: UtcDatetime | None = None
    closing_user: str | None = None
    resulting_encumbrance_id: UuidStr | None = None

    @property
    def pk(self) -> str:
        return keys.provider_pk(self.compact, self.provider_id)

    @property
    def sk(self) -> str:
        return keys.investigation_sk(
            self.compact,
            self.investigation_against,
            self.jurisdiction,
            self.license_type_abbreviation,
            self.investigation_id,
        )

    @property
    def is_open(self) -> bool:
        return self.close_date is None
