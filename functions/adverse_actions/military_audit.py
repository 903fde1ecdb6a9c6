"""What a compact admin's audit of a provider's military documents writes (spec §2.2, §9.5), planned as
a pure function of the provider's records: the provider's ``militaryStatus`` (approved or declined) and
its note, with a ``militaryAudit`` history record.

A provider who never declared an affiliation is a 404, as in the reference. Only documents that arrived
can be audited: the reference also audited an affiliation still waiting for its documents, or one the
provider had ended — which gave a provider who left the military the military fee rate again.
"""

from __future__ import annotations

from datetime import datetime

from core.errors import InvalidRequest, NotFound
from core.models.enums import MilitaryAffiliationStatus, MilitaryAuditStatus, MilitaryStatus, UpdateCategory
from core.models.provider_records import ProviderRecords
from core.repositories.providers import GuardedPut
from provider_users.provider_changes import provider_update


def plan_audit(
    records: ProviderRecords, result: MilitaryAuditStatus, note: str | None, at: datetime
) -> list[GuardedPut]:
    provider = records.provider
    if provider is None or not records.military_affiliations:
        raise NotFound("No military affiliation records found for this provider")
    latest = max(records.military_affiliations, key=lambda affiliation: affiliation.date_of_upload)
    if latest.status is not MilitaryAffiliationStatus.ACTIVE:
        raise InvalidRequest(
            f"The provider's military affiliation is {latest.status.value}: only one whose documents "
            "arrived, and that the provider has not ended, can be audited"
        )
    audited = provider.model_copy(
        update={"military_status": MilitaryStatus(result.value), "military_status_note": note or ""}
    )
    history = provider_update(provider, audited, UpdateCategory.MILITARY_AUDIT, at)
    return [GuardedPut(audited, read=provider), GuardedPut(history, guard=False)]
