"""DynamoDB attribute values pass through the emulator's request parser and response serializer as the
JSON they already are.

moto parses every request and serializes every response by walking the operation's shapes, and a
DynamoDB item is a map of ``AttributeValue`` structures of ten members each: for every attribute of
every item it asks each of the ten members for a value, and the serializer tries several spellings of
each member's name. A 27-attribute ``GetItem`` cost 5 ms in moto's serializer, two thirds of the call;
a provider's records (a query, a batch read) cost that per item. In AWS's JSON protocol that walk changes
nothing for a value made of strings, numbers, booleans, nulls, sets of strings or numbers, maps and lists:
it rebuilds the same one-key dict. So such a value is passed on as it is; a value the walk would change
or check (a binary, which is base64 on the wire, a ``None`` member, more than one member, a member of
another type) still takes moto's walk. ``tests/sandbox/test_attribute_values.py`` compares the two on
generated values.
"""

from __future__ import annotations

from typing import Any

from moto.core.parse import BaseJSONParser
from moto.core.serialize import BaseJSONSerializer

ATTRIBUTE_VALUE_MEMBERS = frozenset({"S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"})
"""DynamoDB's (and DynamoDB Streams') ``AttributeValue`` members: how the shape is recognised."""

_parse_structure = BaseJSONParser._parse_structure
_serialize_structure = BaseJSONSerializer._serialize_type_structure


def install() -> None:
    """Called once by ``sandbox.emulator.start_emulator``: the sandbox is its own process."""
    BaseJSONParser._parse_structure = _parsed_structure  # type: ignore[method-assign]
    BaseJSONSerializer._serialize_type_structure = _serialized_structure  # type: ignore[method-assign,assignment]


def is_attribute_value(shape: Any) -> bool:
    return shape.name == "AttributeValue" and shape.members.keys() == ATTRIBUTE_VALUE_MEMBERS


def unchanged_by_walk(value: Any) -> bool:
    """Whether moto's walk over the ``AttributeValue`` shape would rebuild ``value`` exactly."""
    if type(value) is not dict or len(value) != 1:
        return False
    ((member, content),) = value.items()
    if member in ("S", "N"):
        return type(content) is str
    if member in ("SS", "NS"):
        return type(content) is list and all(type(element) is str for element in content)
    if member == "M":
        return type(content) is dict and all(
            type(name) is str and unchanged_by_walk(element) for name, element in content.items()
        )
    if member == "L":
        return type(content) is list and all(unchanged_by_walk(element) for element in content)
    if member in ("NULL", "BOOL"):
        return type(content) is bool
    return False


def _parsed_structure(self: BaseJSONParser, shape: Any, value: Any) -> Any:
    if is_attribute_value(shape) and unchanged_by_walk(value):
        return value
    return _parse_structure(self, shape, value)


def _serialized_structure(
    self: BaseJSONSerializer, serialized: dict[str, Any], value: Any, shape: Any, key: str
) -> None:
    if key and is_attribute_value(shape) and unchanged_by_walk(value):
        self._default_serialize(serialized, value, shape, key)
        return
    _serialize_structure(self, serialized, value, shape, key)
