"""The privilege record and the per-compact privilege counter (spec §4.2.3, §4.2.8)."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import Field, model_validator

from core import keys
from core.models.base import CamelModel, DynamoItem, Record, UtcDatetime, UuidStr
from core.models.enums import (
    ActiveInactiveStatus,
    HomeJurisdictionChangeStatus,
    InvestigationStatus,
    LicenseDeactivatedStatus,
    PrivilegeEncumberedStatus,
)
from core.models.reference_shapes import with_license_type_abbreviation, with_privilege_dates_and_status


class AttestationReference(CamelModel):
    """An attestation version the practitioner accepted when buying the privilege."""

    attestation_id: str
    version: str = Field(pattern=r"^\d+$")


class Privilege(Record):
    """The right to practise in ``jurisdiction`` on the strength of a home-state license.

    One record per (jurisdiction, license type): a renewal overwrites it, keeping ``dateOfIssuance`` and
    ``privilegeId``. Its ``status`` is computed at read time (``core.status``), never stored.
    """

    record_type = "privilege"
    reference_shapes = (with_license_type_abbreviation, with_privilege_dates_and_status)
    snapshot_fields = frozenset({
        "administratorSetStatus", "attestations", "compactTransactionId", "dateOfExpiration",
        "dateOfIssuance", "dateOfRenewal", "dateOfUpdate", "licenseJurisdiction", "privilegeId",
        "homeJurisdictionChangeStatus", "encumberedStatus", "investigationStatus",
        "licenseDeactivatedStatus",
    })  # fmt: skip

    provider_id: UuidStr
    compact: str
    jurisdiction: str
    license_jurisdiction: str
    license_type: str
    license_type_abbreviation: str
    privilege_id: str = Field(min_length=1)  # taken as stored; we write format_privilege_id's form
    date_of_issuance: UtcDatetime
    date_of_renewal: UtcDatetime
    date_of_expiration: date
    compact_transaction_id: str | None = None
    attestations: list[AttestationReference] = Field(default_factory=list)
    administrator_set_status: ActiveInactiveStatus = ActiveInactiveStatus.ACTIVE
    encumbered_status: PrivilegeEncumberedStatus | None = None
    investigation_status: InvestigationStatus | None = None
    home_jurisdiction_change_status: HomeJurisdictionChangeStatus | None = None
    license_deactivated_status: LicenseDeactivatedStatus | None = None

    @property
    def pk(self) -> str:
        return keys.provider_pk(self.compact, self.provider_id)

    @property
    def sk(self) -> str:
        return keys.privilege_sk(self.compact, self.jurisdiction, self.license_type_abbreviation)

    def derived_attributes(self) -> dict[str, Any]:
        """The transaction GSI key, when the privilege was bought through a card transaction."""
        if self.compact_transaction_id is None:
            return {}
        return {
            "compactTransactionIdGSIPK": keys.compact_transaction_id_gsi_pk(
                self.compact, self.compact_transaction_id
            )
        }


def format_privilege_id(license_type_abbreviation: str, jurisdiction: str, number: int) -> str:
    """The human privilege id ``{LTABBR}-{JUR}-{n}``, for example ``SLP-NE-12``."""
    return f"{license_type_abbreviation}-{jurisdiction}-{number}".upper()


class PrivilegeCounter(DynamoItem):
    """The counter that numbers a compact's privilege ids. It is only ever incremented atomically
    (``ADD privilegeCount 1``), so numbers are unique but may have gaps."""

    compact: str
    privilege_count: int = Field(ge=0)

    @model_validator(mode="before")
    @classmethod
    def _compact_from_key(cls, data: Any) -> Any:
        """An ``ADD`` update creates the item with only its keys and count; the key names the compact."""
        if isinstance(data, Mapping) and "compact" not in data and "pk" in data:
            return {**data, "compact": str(data["pk"]).removesuffix(keys.privilege_count_key(""))}
        return data

    @property
    def pk(self) -> str:
        return keys.privilege_count_key(self.compact)

    @property
    def sk(self) -> str:
        return keys.privilege_count_key(self.compact)
