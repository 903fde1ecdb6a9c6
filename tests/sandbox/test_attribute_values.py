"""DynamoDB attribute values through the emulator's parser and serializer (sandbox/attribute_values.py):
for generated items, values moto's walk leaves alone and values it changes alike (binaries, ``None``
members, two members, numbers where strings belong), a ``PutItem`` request parses and a ``GetItem``
response serializes to the same thing with the pass-through as with moto's walk, and the pass-through
is taken for what it is meant for."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from moto.core.parse import BaseJSONParser, JSONParser
from moto.core.serialize import BaseJSONSerializer, JSONSerializer, XFormedAttributePicker
from moto.core.utils import get_service_model

from sandbox import attribute_values

DYNAMODB = get_service_model("dynamodb")
NAMES = st.text(alphabet="abcdefgh#", min_size=1, max_size=6)
TEXT = st.text(max_size=8)


def _attribute_values() -> st.SearchStrategy[Any]:
    scalar = st.one_of(
        st.builds(lambda s: {"S": s}, TEXT),
        st.builds(lambda n: {"N": str(n)}, st.integers()),
        st.builds(lambda b: {"BOOL": b}, st.booleans()),
        st.just({"NULL": True}),
        st.builds(lambda items: {"SS": items}, st.lists(TEXT, max_size=3)),
        st.builds(lambda items: {"NS": [str(n) for n in items]}, st.lists(st.integers(), max_size=3)),
        # What moto's walk changes or checks: binaries (base64 on the wire), a None member, two members,
        # a number where a string belongs, a member no attribute value has.
        st.builds(lambda b: {"B": b}, st.sampled_from(["AAEC", "aGk="])),
        st.builds(lambda items: {"BS": items}, st.lists(st.sampled_from(["AAEC", "aGk="]), max_size=2)),
        st.just({"S": None}),
        st.builds(lambda s: {"S": s, "N": "1"}, TEXT),
        st.builds(lambda n: {"S": n}, st.integers()),
        st.just({"X": "1"}),
    )
    return st.recursive(
        scalar,
        lambda inner: st.one_of(
            st.builds(lambda items: {"M": items}, st.dictionaries(NAMES, inner, max_size=3)),
            st.builds(lambda items: {"L": items}, st.lists(inner, max_size=3)),
        ),
        max_leaves=12,
    )


ITEMS = st.dictionaries(NAMES, _attribute_values(), min_size=1, max_size=6)


@pytest.fixture(scope="module")
def walk_only() -> Iterator[None]:
    """moto's own walk, whatever an earlier test of this worker installed."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseJSONParser, "_parse_structure", attribute_values._parse_structure)
        patch.setattr(BaseJSONSerializer, "_serialize_type_structure", attribute_values._serialize_structure)
        yield


def parsed_put_item(item: dict[str, Any]) -> Any:
    parser = JSONParser(DYNAMODB.operation_model("PutItem"), map_type=dict)
    body = json.dumps({"TableName": "t", "Item": item}).encode()
    return parser.parse({"method": "POST", "values": {}, "headers": {}, "body": body, "url_path": "/"})


def serialized_get_item(item: dict[str, Any]) -> Any:
    serializer = JSONSerializer(
        operation_model=DYNAMODB.operation_model("GetItem"),
        pretty_print=False,
        value_picker=XFormedAttributePicker(),
    )
    return serializer.serialize({"Item": item})["body"]


def answers_both_ways(item: dict[str, Any]) -> tuple[Any, Any]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseJSONParser, "_parse_structure", attribute_values._parsed_structure)
        patch.setattr(BaseJSONSerializer, "_serialize_type_structure", attribute_values._serialized_structure)
        passed_through = (parsed_put_item(item), serialized_get_item(item))
    return passed_through, (parsed_put_item(item), serialized_get_item(item))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(item=ITEMS)
def test_items_parse_and_serialize_as_moto_walks_them(walk_only, item):
    passed_through, walked = answers_both_ways(item)
    assert passed_through == walked


def test_the_pass_through_takes_what_the_walk_leaves_alone_and_nothing_else(walk_only):
    shape = DYNAMODB.shape_for("AttributeValue")
    assert attribute_values.is_attribute_value(shape)
    assert not attribute_values.is_attribute_value(DYNAMODB.shape_for("PutItemInput"))
    assert attribute_values.unchanged_by_walk({"M": {"a": {"L": [{"S": "x"}, {"NS": ["1"]}]}}})
    for changed in ({"B": "AAEC"}, {"S": None}, {"S": "x", "N": "1"}, {"N": 1}, {"L": [{"BS": []}]}, {}):
        assert not attribute_values.unchanged_by_walk(changed)


def test_a_binary_is_decoded_on_the_way_in_as_moto_decodes_it(walk_only):
    passed_through, walked = answers_both_ways({"blob": {"B": "aGk="}, "name": {"S": "Ada"}})
    assert passed_through == walked
    assert passed_through[0]["Item"]["blob"] == {"B": b"hi"}
