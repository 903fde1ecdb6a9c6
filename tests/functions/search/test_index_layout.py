"""The provider index's layout: every field of every document is in the strict mapping (so the engine
refuses nothing we index and indexes nothing else), nothing private is, names are folded text with an
exact copy, dates are dates and records are nested."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from core.models.provider_records import ProviderRecords
from search.documents import provider_document
from search.index_layout import alias, index_body, index_name, mappings
from tests.functions.providers.test_audience_models import partitions

PRIVATE = {"dateOfBirth", "ssnLastFour", "ssn", "militaryStatusNote", "documentKeys", "downloadLinks"}


def unmapped(document: Any, properties: dict[str, Any], path: str = "") -> list[str]:
    """Every key of ``document`` (recursively) that ``properties`` does not map."""
    if isinstance(document, list):
        return [missing for entry in document for missing in unmapped(entry, properties, path)]
    if not isinstance(document, dict):
        return []
    found = []
    for key, value in document.items():
        if key not in properties:
            found.append(f"{path}{key}")
        elif "properties" in properties[key]:
            found += unmapped(value, properties[key]["properties"], f"{path}{key}.")
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partitions())
def test_every_documents_fields_are_mapped_and_none_is_private(items):
    document = provider_document(ProviderRecords.from_items(items))

    assert unmapped(document, mappings()["properties"]) == []
    assert not PRIVATE & set(document)
    for entry in (*document["licenses"], *document["privileges"]):
        assert "history" not in entry


def test_names_dates_and_records_are_mapped_for_searching():
    properties = mappings()["properties"]

    family = properties["familyName"]
    assert family["type"] == "text" and family["fields"]["keyword"]["type"] == "keyword"
    assert properties["dateOfExpiration"] == {"type": "date"}
    assert properties["dateOfUpdate"] == {"type": "date"}
    assert properties["providerId"]["type"] == "keyword"
    privileges = properties["privileges"]
    assert privileges["type"] == "nested" and privileges["dynamic"] == "strict"
    assert privileges["properties"]["adverseActions"]["type"] == "nested"
    assert privileges["properties"]["dateOfExpiration"] == {"type": "date"}
    assert mappings()["dynamic"] == "strict"
    assert not PRIVATE & (set(properties) | set(properties["licenses"]["properties"]))


def test_each_compact_has_a_versioned_index_behind_its_alias():
    assert alias("aslp") == "compact_aslp_providers"
    assert index_name("aslp") == "compact_aslp_providers_v1"
    body = index_body(shards=1, replicas=2)
    assert body["settings"]["index"] == {"number_of_shards": 1, "number_of_replicas": 2}
    assert body["settings"]["analysis"]["analyzer"]["folded_names"]["filter"] == ["lowercase", "folded"]
