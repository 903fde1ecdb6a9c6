"""Records -> public lookup responses.

The entries are built as the staff views build theirs (:mod:`providers.entries`: stored fields plus
statuses computed for today, the adverse actions against each privilege) and loaded through the public
models, which keep only the fields they list. Nothing about licenses, investigations or history is even
assembled.
"""

from __future__ import annotations

from typing import Any

from core.models.privilege import Privilege
from core.models.provider import Provider
from core.models.provider_records import ProviderRecords
from providers.entries import adverse_actions_against, privilege_fields, provider_fields
from providers.public_models import PublicProvider
from public_lookup.models import PublicProviderDetail


def public_provider(provider: Provider) -> PublicProvider:
    """The provider alone, as the public query serves it."""
    return PublicProvider.model_validate(provider_fields(provider))


def _public_privilege(records: ProviderRecords, privilege: Privilege) -> dict[str, Any]:
    return {
        **privilege_fields(records, privilege),
        "adverseActions": adverse_actions_against(
            records, "privilege", privilege.jurisdiction, privilege.license_type_abbreviation
        ),
    }


def public_provider_detail(records: ProviderRecords) -> PublicProviderDetail:
    """The provider with its privileges (each with the actions against it); no licenses."""
    assert records.provider is not None
    privileges = sorted(records.privileges, key=lambda p: (p.jurisdiction, p.license_type_abbreviation))
    return PublicProviderDetail.model_validate(
        {
            **provider_fields(records.provider),
            "privileges": [_public_privilege(records, privilege) for privilege in privileges],
        }
    )
