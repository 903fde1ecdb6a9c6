"""How provider documents are laid out in the search engine: per compact, a versioned index behind the
alias ``compact_{compact}_providers`` (queries and writes use the alias, so a new mapping is a new index
filled and then swapped in), with a mapping derived from the general audience model itself.

Deriving the mapping from the served model (``search.models.SearchedProvider``: the general provider
detail without the records' timelines) means a field
reaches the index exactly when a ``readGeneral`` reader may see it, and the index is ``strict``: a field
outside the mapping is refused by the engine rather than silently indexed. The reference indexed its own
hand-kept list (private contact fields among them); here the index holds nothing a search result could
not show. Names are analysed text (lower-cased and ASCII-folded, so "Zoë" finds "Zoe") with an exact
``.keyword`` copy for sorting and exact matches; dates are dates; every other string is a keyword;
lists of records are ``nested`` so a query matches within one privilege, not across two.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from search.models import SearchedProvider

MAPPING_VERSION = 1
NAME_FIELDS = frozenset({"givenName", "middleName", "familyName"})
ANALYZER = "folded_names"


def alias(compact: str) -> str:
    return f"compact_{compact}_providers"


def index_name(compact: str, version: int = MAPPING_VERSION) -> str:
    return f"{alias(compact)}_v{version}"


def _resolve(schema: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    """The schema behind a ``$ref`` or an ``anyOf`` with null (an optional field)."""
    if "$ref" in schema:
        return _resolve(definitions[schema["$ref"].rsplit("/", 1)[1]], definitions)
    branches = [branch for branch in schema.get("anyOf", ()) if branch.get("type") != "null"]
    if len(branches) == 1:
        return _resolve({**schema, **branches[0], "anyOf": None}, definitions)
    return schema


def _field_mapping(name: str, schema: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    schema = _resolve(schema, definitions)
    if schema.get("type") == "array":
        items = _resolve(schema.get("items", {}), definitions)
        if items.get("type") == "object" or "properties" in items:
            return {"type": "nested", "dynamic": "strict", "properties": _properties(items, definitions)}
        return _field_mapping(name, items, definitions)
    if schema.get("type") == "object" or "properties" in schema:
        return {"type": "object", "dynamic": "strict", "properties": _properties(schema, definitions)}
    if schema.get("format") in ("date", "date-time"):
        return {"type": "date"}
    if schema.get("type") == "boolean":
        return {"type": "boolean"}
    if schema.get("type") in ("integer", "number"):
        return {"type": "double"}
    if name in NAME_FIELDS:
        return {
            "type": "text",
            "analyzer": ANALYZER,
            "fields": {"keyword": {"type": "keyword", "ignore_above": 256}},
        }
    return {"type": "keyword", "ignore_above": 1024}


def _properties(schema: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    return {
        name: _field_mapping(name, field, definitions) for name, field in schema.get("properties", {}).items()
    }


@cache
def mappings() -> dict[str, Any]:
    """The provider index's mappings, from the search document's JSON schema."""
    schema = SearchedProvider.model_json_schema(by_alias=True)
    return {"dynamic": "strict", "properties": _properties(schema, schema.get("$defs", {}))}


def index_body(shards: int = 1, replicas: int = 2) -> dict[str, Any]:
    """The body that creates a provider index: its size, the names' analyser, the mappings."""
    return {
        "settings": {
            "index": {"number_of_shards": shards, "number_of_replicas": replicas},
            "analysis": {
                "filter": {"folded": {"type": "asciifolding", "preserve_original": True}},
                "analyzer": {
                    ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "folded"]}
                },
            },
        },
        "mappings": mappings(),
    }
