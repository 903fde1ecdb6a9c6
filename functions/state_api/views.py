"""Records -> State API response entries.

Entries are built from the records' stored fields plus the statuses computed for today, then loaded
through the response model, which keeps only what the model lists: a field added to a record later
never leaks into this API by accident.
"""

from __future__ import annotations

from core.models.license import License
from core.models.privilege import Privilege
from core.models.provider import Provider
from core.status import (
    license_compact_eligibility,
    license_status,
    privilege_status,
)
from providers.views import provider_fields
from state_api.models import PRIVATE_FIELDS, StatePrivilege, StateProviderSummary

_LICENSE_FIELDS_DROPPED = frozenset(
    {
        # keys and identity of the license record itself: the privilege's own win
        "type",
        "jurisdiction",
        "dateOfIssuance",
        "dateOfRenewal",
        "dateOfExpiration",
        "dateOfUpdate",
        "firstUploadDate",
        # the license's own statuses: a state reads the license's effective status instead
        "jurisdictionUploadedLicenseStatus",
        "jurisdictionUploadedCompactEligibility",
        "encumberedStatus",
        "investigationStatus",
    }
)


def provider_summary(provider: Provider) -> StateProviderSummary:
    """The general-level summary of a provider (no date of birth or SSN digits)."""
    return StateProviderSummary.model_validate(provider_fields(provider))


def state_privilege(
    privilege: Privilege, home_license: License | None, provider: Provider, *, private: bool
) -> StatePrivilege:
    """One privilege flattened with the license it was bought on.

    The home license supplies the person's names, license number and (private) contact details; its
    effective status and eligibility come along as ``licenseStatus`` and ``compactEligibility``. Should
    the license be missing, the provider record, which mirrors the best license, stands in. The
    registered login email lives on the provider record and is private, like the license's contacts.
    """
    source: License | Provider = home_license or provider
    license_fields = {
        name: value for name, value in source.stored_fields().items() if name not in _LICENSE_FIELDS_DROPPED
    }
    entry = {
        **license_fields,
        **privilege.stored_fields(),
        "type": "statePrivilege",
        "status": privilege_status(privilege),
        "licenseStatus": license_status(source),
        "compactEligibility": license_compact_eligibility(source),
    }
    if provider.compact_connect_registered_email_address:
        entry["compactConnectRegisteredEmailAddress"] = provider.compact_connect_registered_email_address
    if not private:
        entry = {name: value for name, value in entry.items() if name not in PRIVATE_FIELDS}
    return StatePrivilege.model_validate(entry)
