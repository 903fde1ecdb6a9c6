"""API shapes of the configuration routes (compatible with the reference OpenAPI documents)."""

from pydantic import BaseModel, ConfigDict, Field, RootModel

from core.fields import Compact, Jurisdiction


class JurisdictionSummary(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    jurisdiction_name: str = Field(alias="jurisdictionName", description="The name of the jurisdiction")
    postal_abbreviation: Jurisdiction = Field(
        alias="postalAbbreviation", description="The postal abbreviation of the jurisdiction"
    )
    compact: Compact


class JurisdictionList(RootModel[list[JurisdictionSummary]]):
    """Active member jurisdictions of one compact."""

    model_config = ConfigDict(defer_build=True)


class LiveJurisdictions(RootModel[dict[str, list[Jurisdiction]]]):
    """Postal codes of the jurisdictions that are live for purchases and registration, per compact."""

    model_config = ConfigDict(defer_build=True)
