"""The document a provider is indexed as: the provider as a ``readGeneral`` reader sees them (the general
detail of ``GET .../providers/{providerId}``), without the records' timelines — the search API's
``SearchedProvider``. Nothing private — no date of birth, no SSN digits, no military document keys — can
reach the index, because the general model has no such field and the index's mapping refuses any other.

Its version is the time of the latest change it reflects, so the engine keeps the newest of two
documents however late the older one arrives (:func:`document_version`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.models.provider_records import ProviderRecords
from providers.views import provider_detail

TIMELINE = "history"
"""A record's timeline is served by its own route, not searched."""


def provider_document(records: ProviderRecords) -> dict[str, Any]:
    body = provider_detail(records, private=False).to_body()
    for kind in ("licenses", "privileges"):
        body[kind] = [{k: v for k, v in entry.items() if k != TIMELINE} for entry in body[kind]]
    return body


def document_version(records: ProviderRecords, changed_at: datetime | None) -> int:
    """Epoch milliseconds of the latest change the document reflects: the newest ``dateOfUpdate`` of the
    records read, or the time of the table change that asked for it, whichever is later (a deleted record
    leaves no ``dateOfUpdate`` behind, but its deletion has a time)."""
    moments: list[datetime | None] = [changed_at]
    for group in (
        [records.provider] if records.provider else [],
        records.licenses,
        records.privileges,
        records.adverse_actions,
        records.investigations,
        records.military_affiliations,
    ):
        moments += [record.date_of_update for record in group]
    return max((int(moment.timestamp() * 1000) for moment in moments if moment is not None), default=0)
