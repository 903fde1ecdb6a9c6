"""Immutable history ("update") records of privileges, providers and licenses (spec §4.2.4).

Each is a snapshot: the full ``previous`` record in stored form, the ``updatedValues`` that changed, and
the names of ``removedValues``. Their sort keys embed the creation time and a hash of the change (see
``core.keys.change_hash``); those keys are internal and must never be served.
"""

import abc
from typing import Any

from pydantic import Field

from core import keys
from core.clock import now_utc
from core.models.base import CamelModel, Record, UtcDatetime, UuidStr
from core.models.enums import (
    LICENSE_UPLOAD_UPDATE_CATEGORIES,
    ClinicalPrivilegeActionCategory,
    UpdateCategory,
)
from core.models.reference_shapes import with_encumbrance_category_list, with_license_type_abbreviation


class UpdateRecord(Record, abc.ABC):
    """Fields shared by the three history record types."""

    provider_id: UuidStr
    compact: str
    update_type: UpdateCategory
    previous: dict[str, Any]
    updated_values: dict[str, Any] = Field(default_factory=dict)
    removed_values: list[str] | None = None
    create_date: UtcDatetime = Field(default_factory=now_utc)

    @property
    def pk(self) -> str:
        return keys.provider_pk(self.compact, self.provider_id)

    @property
    def change_hash(self) -> str:
        return keys.change_hash(self.previous, self.updated_values, self.removed_values)


class DeactivationDetails(CamelModel):
    """Who deactivated a privilege and why (shown to the provider and the state)."""

    note: str = Field(max_length=256)
    deactivated_by_staff_user_id: str
    deactivated_by_staff_user_name: str


class EncumbranceDetails(CamelModel):
    """The adverse action behind an encumbrance update; ``licenseJurisdiction`` is set when the
    encumbrance cascaded from the home license."""

    clinical_privilege_action_categories: list[ClinicalPrivilegeActionCategory]
    adverse_action_id: UuidStr
    license_jurisdiction: str | None = None


class InvestigationDetails(CamelModel):
    """The investigation behind an investigation update."""

    investigation_id: UuidStr
    license_jurisdiction: str | None = None


class PrivilegeUpdate(UpdateRecord):
    """A change to one privilege (tier 1 of the history)."""

    record_type = "privilegeUpdate"
    reference_shapes = (with_license_type_abbreviation, with_encumbrance_category_list)

    jurisdiction: str
    license_type: str
    license_type_abbreviation: str
    effective_date: UtcDatetime
    deactivation_details: DeactivationDetails | None = None
    encumbrance_details: EncumbranceDetails | None = None
    investigation_details: InvestigationDetails | None = None

    @property
    def sk(self) -> str:
        return keys.privilege_update_sk(
            self.compact,
            self.jurisdiction,
            self.license_type_abbreviation,
            self.create_date,
            self.change_hash,
        )

    def derived_attributes(self) -> dict[str, Any]:
        """Indexed under the transaction that bought the privilege, so reports see renewals too."""
        transaction_id = self.previous.get("compactTransactionId")
        if not transaction_id:
            return {}
        return {"compactTransactionIdGSIPK": keys.compact_transaction_id_gsi_pk(self.compact, transaction_id)}


class ProviderUpdate(UpdateRecord):
    """A change to the provider record (tier 2): registration, email, home state, military status..."""

    record_type = "providerUpdate"

    # The reference never gave provider changes an effective date: it is when they were made.
    effective_date: UtcDatetime | None = None

    @property
    def sk(self) -> str:
        return keys.provider_update_sk(self.compact, self.create_date, self.change_hash)


class LicenseUpdate(UpdateRecord):
    """A change to one license (tier 3), usually from a state upload."""

    record_type = "licenseUpdate"
    reference_shapes = (with_license_type_abbreviation,)

    jurisdiction: str
    license_type: str
    license_type_abbreviation: str
    effective_date: UtcDatetime
    investigation_details: InvestigationDetails | None = None

    @property
    def sk(self) -> str:
        return keys.license_update_sk(
            self.compact,
            self.jurisdiction,
            self.license_type_abbreviation,
            self.create_date,
            self.change_hash,
        )

    def derived_attributes(self) -> dict[str, Any]:
        """Changes made by an upload are indexed by upload time, like new licenses, for upload reports."""
        if self.update_type not in LICENSE_UPLOAD_UPDATE_CATEGORIES:
            return {}
        return {
            "licenseUploadDateGSIPK": keys.license_upload_date_gsi_pk(
                self.compact, self.jurisdiction, self.create_date
            ),
            "licenseUploadDateGSISK": keys.license_upload_date_gsi_sk(
                self.create_date, self.license_type_abbreviation, self.provider_id
            ),
        }
