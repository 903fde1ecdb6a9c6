"""The compacts an environment serves: license types and active member jurisdictions.

One model serves the stack configuration (validated by the Pulumi program) and the runtime
(functions receive it as the JSON environment variable ``COMPACTS``), so both sides agree on
what a valid compact, jurisdiction or license type is.
"""

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.jurisdictions import COMPACT_NAMES, JURISDICTION_NAMES


class LicenseType(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: str = Field(min_length=1, description="Full name, as states send it in uploads.")
    abbreviation: str = Field(pattern=r"^[a-z]{2,6}$", description="Used in paths and sort keys.")


class CompactDefinition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)

    license_types: tuple[LicenseType, ...] = Field(alias="licenseTypes", min_length=1)
    active_jurisdictions: tuple[str, ...] = Field(alias="activeJurisdictions")

    @field_validator("active_jurisdictions")
    @classmethod
    def _known_unique_jurisdictions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - JURISDICTION_NAMES.keys())
        if unknown:
            raise ValueError(f"unknown jurisdiction postal codes: {', '.join(unknown)}")
        if len(set(value)) != len(value):
            raise ValueError("jurisdictions are listed more than once")
        return value

    @model_validator(mode="after")
    def _unique_license_types(self) -> Self:
        names = [lt.name for lt in self.license_types]
        abbreviations = [lt.abbreviation for lt in self.license_types]
        if len(set(names)) != len(names) or len(set(abbreviations)) != len(abbreviations):
            raise ValueError("license type names and abbreviations must be unique within a compact")
        return self

    def license_type_by_name(self, name: str) -> LicenseType | None:
        return next((lt for lt in self.license_types if lt.name == name), None)

    def license_type_by_abbreviation(self, abbreviation: str) -> LicenseType | None:
        return next((lt for lt in self.license_types if lt.abbreviation == abbreviation), None)


class CompactCatalog(BaseModel):
    """Every compact served by one environment, keyed by abbreviation."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    compacts: dict[str, CompactDefinition] = Field(min_length=1)

    @field_validator("compacts")
    @classmethod
    def _known_compacts(cls, value: dict[str, CompactDefinition]) -> dict[str, CompactDefinition]:
        unknown = sorted(set(value) - COMPACT_NAMES.keys())
        if unknown:
            raise ValueError(f"unknown compacts: {', '.join(unknown)}")
        clashes = sorted(set(value) & JURISDICTION_NAMES.keys())
        if clashes:
            # Compacts and jurisdictions share the Cognito resource-server namespace.
            raise ValueError(f"compact abbreviations clash with jurisdictions: {', '.join(clashes)}")
        return value

    def all_active_jurisdictions(self) -> list[str]:
        """Jurisdictions active in at least one compact, in first-seen order."""
        seen: dict[str, None] = {}
        for definition in self.compacts.values():
            seen.update(dict.fromkeys(definition.active_jurisdictions))
        return list(seen)

    def to_env(self) -> str:
        return self.model_dump_json(by_alias=True)
