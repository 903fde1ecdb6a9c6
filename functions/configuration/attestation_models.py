"""The attestation a practitioner reads (the reference's response at run time: its OpenAPI document lists
fewer fields than it serves)."""

from pydantic import Field

from core.fields import Compact, ResponseModel, Timestamp, served


class AttestationResponse(ResponseModel):
    type: served({"enum": ["attestation"]})
    compact: Compact
    attestation_id: str
    version: served({"pattern": r"^\d+$"}) = Field(description="Versions count up from 1; cite the latest")
    date_created: Timestamp
    date_of_update: Timestamp
    text: str
    required: bool
    display_name: str
    description: str
    locale: str
