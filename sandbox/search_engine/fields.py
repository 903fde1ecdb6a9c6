"""An index's mapping, and a document as the engine indexes it.

The mapping is flattened once into every field's full path (``privileges.jurisdiction``,
``familyName.keyword``) and type. A document is prepared once, when written: each field's values
converted as its type indexes them (terms by position for text, epoch milliseconds for dates), and each
``nested`` object prepared apart, as OpenSearch stores nested objects as hidden documents of their own —
which is why a query outside a ``nested`` clause never sees their fields, and why one ``nested`` query
matches within a single object rather than across two. With ``dynamic: strict`` a field outside the
mapping is refused, as OpenSearch refuses it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sandbox.search_engine.analysis import Analyzer

TEXT, KEYWORD, DATE, BOOLEAN, NUMBER = "text", "keyword", "date", "boolean", "number"
NUMERIC_TYPES = frozenset(
    {"long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float"}
)


class MappingError(ValueError):
    """A document the mapping refuses: OpenSearch's ``strict_dynamic_mapping_exception`` or
    ``mapper_parsing_exception``."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind


@dataclass(frozen=True)
class Leaf:
    kind: str
    analyzer: Analyzer | None = None
    ignore_above: int | None = None


@dataclass(frozen=True)
class IndexMapping:
    """Every leaf field by full path, and which paths are objects or nested."""

    leaves: dict[str, Leaf]
    subfields: dict[str, dict[str, Leaf]]  # a field's multi-fields (``keyword``) by name
    objects: dict[str, bool]  # object path -> whether it is nested
    dynamic: dict[str, Any]  # object path ("" for the root) -> its ``dynamic`` (inherited when unset)
    source: dict[str, Any]


def parse_mapping(mappings: Mapping[str, Any], analyzers: Mapping[str, Analyzer]) -> IndexMapping:
    leaves: dict[str, Leaf] = {}
    subfields: dict[str, dict[str, Leaf]] = {}
    objects: dict[str, bool] = {}
    dynamic: dict[str, Any] = {"": mappings.get("dynamic", True)}

    def leaf(path: str, definition: Mapping[str, Any]) -> Leaf:
        kind = definition.get("type", "object")
        if kind == "text":
            name = definition.get("analyzer", "standard")
            if name not in analyzers:
                raise MappingError("mapper_parsing_exception", f"analyzer [{name}] has not been configured")
            return Leaf(TEXT, analyzers[name])
        if kind in ("keyword", "date", "boolean"):
            return Leaf(kind, ignore_above=definition.get("ignore_above"))
        if kind in NUMERIC_TYPES:
            return Leaf(NUMBER)
        raise MappingError(
            "mapper_parsing_exception", f"no handler for type [{kind}] declared on field [{path}]"
        )

    def walk(properties: Mapping[str, Any], prefix: str) -> None:
        for name, definition in properties.items():
            path = f"{prefix}{name}"
            if "properties" in definition or definition.get("type") in ("object", "nested"):
                objects[path] = definition.get("type") == "nested"
                dynamic[path] = definition.get("dynamic", dynamic[prefix.rstrip(".")])
                walk(definition.get("properties", {}), f"{path}.")
                continue
            leaves[path] = leaf(path, definition)
            subfields[path] = {
                sub: leaf(f"{path}.{sub}", d) for sub, d in definition.get("fields", {}).items()
            }
            for sub, sub_leaf in subfields[path].items():
                leaves[f"{path}.{sub}"] = sub_leaf

    walk(mappings.get("properties", {}), "")
    return IndexMapping(leaves, subfields, objects, dynamic, dict(mappings))


def date_millis(value: Any, path: str = "") -> int:
    """``strict_date_optional_time||epoch_millis``, OpenSearch's default date format."""
    if isinstance(value, bool):
        raise MappingError("mapper_parsing_exception", f"failed to parse field [{path}] of type [date]")
    if isinstance(value, int | float):
        return int(value)
    try:
        text = str(value)
        if len(text) == 10:
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
            parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except ValueError:
        if str(value).lstrip("-").isdigit():
            return int(value)
        raise MappingError(
            "mapper_parsing_exception", f"failed to parse field [{path}] of type [date]: [{value}]"
        ) from None
    return int(parsed.timestamp() * 1000)


def indexed_value(leaf: Leaf, value: Any, path: str) -> Any:
    """One value as the field's type indexes it; None when it is not indexed (over ``ignore_above``)."""
    if leaf.kind == TEXT:
        assert leaf.analyzer is not None
        return leaf.analyzer.positions(str(value))
    if leaf.kind == KEYWORD:
        text = str(value).lower() if isinstance(value, bool) else str(value)
        return None if leaf.ignore_above is not None and len(text) > leaf.ignore_above else text
    if leaf.kind == DATE:
        return date_millis(value, path)
    if leaf.kind == BOOLEAN:
        if value in (True, "true"):
            return True
        if value in (False, "false", ""):
            return False
        raise MappingError("mapper_parsing_exception", f"failed to parse field [{path}] of type [boolean]")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise MappingError(
            "mapper_parsing_exception", f"failed to parse field [{path}] of type [number]"
        ) from None


@dataclass
class Prepared:
    """A document, or one nested object of it: its fields' indexed values by full path, and its own
    nested objects by path."""

    source: dict[str, Any]
    values: dict[str, list[Any]] = field(default_factory=dict)
    nested: dict[str, list[Prepared]] = field(default_factory=dict)


def prepare(mapping: IndexMapping, source: Mapping[str, Any]) -> Prepared:
    """The document as indexed; raises :class:`MappingError` for anything the mapping refuses."""
    root = Prepared(dict(source))
    _add_object(mapping, root, source, "")
    return root


def _add_object(mapping: IndexMapping, target: Prepared, obj: Mapping[str, Any], prefix: str) -> None:
    if not isinstance(obj, Mapping):
        raise MappingError(
            "mapper_parsing_exception", f"object mapping for [{prefix.rstrip('.')}] got a value"
        )
    for name, value in obj.items():
        path = f"{prefix}{name}"
        if value is None:
            continue
        if path in mapping.objects:
            entries = value if isinstance(value, list) else [value]
            if mapping.objects[path]:
                children = target.nested.setdefault(path, [])
                for entry in entries:
                    child = Prepared(dict(entry) if isinstance(entry, Mapping) else {})
                    _add_object(mapping, child, entry, f"{path}.")
                    children.append(child)
            else:
                for entry in entries:
                    _add_object(mapping, target, entry, f"{path}.")
            continue
        leaf = mapping.leaves.get(path)
        if leaf is None:
            scope = prefix.rstrip(".")
            if str(mapping.dynamic.get(scope, mapping.dynamic[""])).lower() == "strict":
                raise MappingError(
                    "strict_dynamic_mapping_exception",
                    f"mapping set to strict, dynamic introduction of [{name}] within "
                    f"[{scope or '_doc'}] is not allowed",
                )
            continue  # not strict: kept in the source, not indexed (OpenSearch would map it; we do not)
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if isinstance(item, Mapping | list):
                raise MappingError("mapper_parsing_exception", f"failed to parse field [{path}]: not a value")
            _add_value(mapping, target, path, leaf, item)


def _add_value(mapping: IndexMapping, target: Prepared, path: str, leaf: Leaf, item: Any) -> None:
    indexed = indexed_value(leaf, item, path)
    if indexed is not None:
        target.values.setdefault(path, []).append(indexed)
    for sub, sub_leaf in mapping.subfields.get(path, {}).items():
        sub_value = indexed_value(sub_leaf, item, f"{path}.{sub}")
        if sub_value is not None:
            target.values.setdefault(f"{path}.{sub}", []).append(sub_value)
