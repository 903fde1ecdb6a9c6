"""The document a provider is indexed as: the provider as a ``readGeneral`` reader sees them (the general
detail of ``GET .../providers/{providerId}``), without the records' timelines — the search API's
``SearchedProvider``. Nothing private — no date of birth, no SSN digits, no military document keys — can
reach the index, because the general model has no such field and the index's mapping refuses any other."""

from __future__ import annotations

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
