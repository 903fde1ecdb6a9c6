"""The provider record as a mirror of its best license (spec §6.3): every writer that changes which license
is best, or the provider's own fields, rebuilds it the same way."""

from __future__ import annotations

from core.jurisdictions import UNKNOWN_JURISDICTION
from core.models.license import License
from core.models.provider import Provider
from core.models.provider_records import ProviderRecords

MIRRORED_FIELDS = (
    "jurisdiction_uploaded_license_status",
    "jurisdiction_uploaded_compact_eligibility",
    "ssn_last_four",
    "npi",
    "given_name",
    "middle_name",
    "family_name",
    "suffix",
    "date_of_expiration",
    "date_of_birth",
)
"""Provider fields copied from its best license (an absent optional field clears the provider's copy)."""


def mirror_best_license(records: ProviderRecords, best: License) -> Provider:
    """The provider record rebuilt around its best license (§6.3).

    Starts from the stored provider (registration, email, military and home-state fields stay), or from a
    new, unregistered provider (home ``unknown``); then copies the license's identity, dates and uploaded
    statuses, and lists the jurisdictions where it holds privileges.
    """
    if records.provider is not None:
        fields = records.provider.model_dump()
    else:
        fields = {
            "provider_id": best.provider_id,
            "compact": best.compact,
            "current_home_jurisdiction": UNKNOWN_JURISDICTION,
        }
    fields.update({name: getattr(best, name) for name in MIRRORED_FIELDS})
    fields.update(
        license_jurisdiction=best.jurisdiction, privilege_jurisdictions=records.privilege_jurisdictions()
    )
    return Provider.model_validate(fields)


def provider_changed(stored: Provider | None, rebuilt: Provider) -> bool:
    """Whether a rebuilt provider record says anything the stored one does not (``dateOfUpdate`` aside):
    writers rebuild it on every change of its licenses and write it only when it differs."""
    if stored is None:
        return True
    before = {k: v for k, v in stored.stored_fields().items() if k != "dateOfUpdate"}
    after = {k: v for k, v in rebuilt.stored_fields().items() if k != "dateOfUpdate"}
    return before != after
