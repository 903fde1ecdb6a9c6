"""Deploy-time uploader of the compact configuration (spec §3).

For each compact it writes the active member jurisdictions, and for each attestation it writes
version 1 when the attestation is new, the next version when its displayName, description, text
or required flag changed, and nothing otherwise — so running it twice with the same input is a
no-op. Invoked by ``pulumi up`` (an ``aws.lambda_.Invocation``) and at sandbox start.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from configuration.routes import CONFIGURATION_UPLOADER
from core.clock import now_utc
from core.jurisdictions import JURISDICTION_NAMES
from core.lookups import configuration_repository
from core.models.configuration import ActiveMemberJurisdictions, Attestation
from core.repositories.configuration import ConfigurationRepository
from core.resources import serves

VERSIONED_FIELDS = ("display_name", "description", "text", "required")


class AttestationSource(BaseModel):
    """One attestation as written in config/attestations.yml."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

    attestation_id: str = Field(alias="attestationId", min_length=1)
    display_name: str = Field(alias="displayName")
    description: str
    text: str
    required: bool
    locale: str = "en"


class UploadRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    compacts: dict[str, list[str]]
    attestations: list[AttestationSource]

    @field_validator("compacts")
    @classmethod
    def _known_jurisdictions(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for compact, jurisdictions in value.items():
            unknown = sorted(set(jurisdictions) - JURISDICTION_NAMES.keys())
            if unknown:
                raise ValueError(f"{compact}: unknown jurisdictions {', '.join(unknown)}")
        return value


def next_attestation(
    source: AttestationSource, compact: str, latest: Attestation | None
) -> Attestation | None:
    """The version to write for ``source``, or None when the latest stored version already says it."""
    if latest is not None and all(
        getattr(latest, name) == getattr(source, name) for name in VERSIONED_FIELDS
    ):
        return None
    version = 1 if latest is None else latest.version_number + 1
    return Attestation(
        attestation_id=source.attestation_id,
        compact=compact,
        version=str(version),
        date_created=now_utc(),
        text=source.text,
        required=source.required,
        display_name=source.display_name,
        description=source.description,
        locale=source.locale,
    )


def upload(request: UploadRequest, repository: ConfigurationRepository) -> dict[str, Any]:
    written: dict[str, list[str]] = {}
    for compact, jurisdictions in request.compacts.items():
        repository.put_active_members(ActiveMemberJurisdictions.from_postal_codes(compact, jurisdictions))
        for source in request.attestations:
            latest = repository.latest_attestation(compact, source.attestation_id, source.locale)
            attestation = next_attestation(source, compact, latest)
            if attestation is not None:
                repository.put_attestation(attestation)
                written.setdefault(compact, []).append(f"{attestation.attestation_id}@{attestation.version}")
    return {"attestationsWritten": written}


@serves(CONFIGURATION_UPLOADER)
def lambda_handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    request = UploadRequest.model_validate(event)
    return upload(request, configuration_repository())
