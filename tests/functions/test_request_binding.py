"""core.request_binding: a handler's arguments from a request (path, ``Query()`` parameters, the body) and
its result as the response body, on their own and through a RouteTable's 400 and 415 answers."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated, Any

import pytest
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
from pydantic import BaseModel, ConfigDict, Field, RootModel

from core.api_catalog import PUBLIC, ApiName, QueryParam, Route
from core.catalog import FunctionSpec
from core.http import RouteTable
from core.request_binding import Binding, InvalidArguments, Query, UnsupportedBody
from tests.functions.conftest import api_event

_FUNCTION = FunctionSpec(name="Probe", handler="tests.probe.lambda_handler", description="test double")

Size = Annotated[int, Field(ge=5, le=100)]


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    count: int = Field(ge=0)


class Items(RootModel[list[Item]]):
    pass


class Page(BaseModel):
    """A response model: sent by alias, every field, null included."""

    model_config = ConfigDict(populate_by_name=True)

    page_size: int = Field(alias="pageSize")
    last_key: str | None = Field(default=None, alias="lastKey")


def listing(
    compact: str,
    page_size: Annotated[Size, Query("pageSize")] = 10,
    last_key: Annotated[str | None, Query("lastKey")] = None,
) -> Page:
    return Page(page_size=page_size, last_key=last_key)


def create(compact: str, body: Item) -> dict[str, Any]:
    return body.model_dump()


def upload(body: Items) -> dict[str, Any]:
    return {"rows": len(body.root)}


def required_query(flag: Annotated[bool, Query()]) -> dict[str, Any]:
    return {"flag": flag}


def _event(query: dict[str, str] | None = None, body: Any = None, **kwargs: Any) -> APIGatewayProxyEvent:
    return APIGatewayProxyEvent(api_event("POST", "/v1/probe", query=query, body=body, **kwargs))


def _errors(binding: Binding, event: APIGatewayProxyEvent) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(InvalidArguments) as raised:
        binding.arguments(event, {"compact": "aslp"})
    return [(error["loc"], error["msg"]) for error in raised.value.errors]


# ---- query parameters ----------------------------------------------------------------------------


def test_query_parameters_are_coerced_by_their_query_string_name():
    binding = Binding(listing, ["compact"])

    arguments = binding.arguments(_event({"pageSize": "50", "lastKey": "abc"}), {"compact": "aslp"})

    assert arguments == {"compact": "aslp", "page_size": 50, "last_key": "abc"}


def test_absent_query_parameters_take_their_defaults():
    arguments = Binding(listing, ["compact"]).arguments(_event(), {"compact": "aslp"})

    assert arguments == {"compact": "aslp", "page_size": 10, "last_key": None}


def test_every_invalid_query_parameter_is_named_with_pydantic_s_message():
    errors = _errors(Binding(listing, ["compact"]), _event({"pageSize": "3", "lastKey": "x"}))
    assert errors == [(("query", "pageSize"), "Input should be greater than or equal to 5")]

    errors = _errors(Binding(listing, ["compact"]), _event({"pageSize": "many"}))
    assert errors == [
        (("query", "pageSize"), "Input should be a valid integer, unable to parse string as an integer")
    ]


def test_a_repeated_query_parameter_is_not_a_single_value():
    event = api_event("GET", "/v1/probe", query={"pageSize": "20"})
    event["multiValueQueryStringParameters"] = {"pageSize": ["10", "20"]}

    errors = _errors(Binding(listing, ["compact"]), APIGatewayProxyEvent(event))

    assert errors == [(("query", "pageSize"), "Input should be a valid integer")]


def test_a_query_parameter_without_a_default_is_required():
    assert _errors(Binding(required_query, []), _event()) == [(("query", "flag"), "Field required")]
    assert Binding(required_query, []).arguments(_event({"flag": "true"}), {}) == {"flag": True}


# ---- the body ------------------------------------------------------------------------------------


def test_the_body_is_validated_against_its_model():
    event = _event(body={"name": "Ada", "count": 2})

    arguments = Binding(create, ["compact"]).arguments(event, {"compact": "x"})

    assert arguments == {"compact": "x", "body": Item(name="Ada", count=2)}


def test_body_errors_name_each_field_under_body():
    errors = _errors(Binding(create, ["compact"]), _event(body={"count": -1, "extra": 1}))

    assert errors == [
        (("body", "name"), "Field required"),
        (("body", "count"), "Input should be greater than or equal to 0"),
        (("body", "extra"), "Extra inputs are not permitted"),
    ]


def test_a_root_model_body_is_validated_as_its_root():
    binding = Binding(upload, [])

    arguments = binding.arguments(_event(body=[{"name": "a", "count": 1}]), {})
    errors = _errors(binding, _event(body=[{"name": "a", "count": 1}, {"name": ""}]))

    assert arguments == {"body": Items([Item(name="a", count=1)])}
    assert errors == [
        (("body", 1, "name"), "String should have at least 1 character"),
        (("body", 1, "count"), "Field required"),
    ]


def test_malformed_json_is_a_json_invalid_error():
    with pytest.raises(InvalidArguments) as raised:
        Binding(create, ["compact"]).arguments(_event(body='{"name": '), {"compact": "x"})

    assert [error["type"] for error in raised.value.errors] == ["json_invalid"]


def test_a_missing_body_is_a_required_body():
    assert _errors(Binding(create, ["compact"]), _event()) == [(("body",), "Field required")]


def test_a_body_of_another_content_type_is_unsupported():
    event = _event(body="name=x", headers={"Content-Type": "text/plain"})

    with pytest.raises(UnsupportedBody):
        Binding(create, ["compact"]).arguments(event, {"compact": "x"})


# ---- return values -------------------------------------------------------------------------------


def test_a_model_return_value_is_sent_by_alias_with_every_field():
    binding = Binding(listing, ["compact"])

    assert binding.response_body({"pageSize": 10}) == {"pageSize": 10, "lastKey": None}


def test_a_dict_return_value_is_sent_as_it_is():
    assert Binding(create, ["compact"]).response_body({"name": "a", "n": 1.5}) == {"name": "a", "n": 1.5}


def test_a_return_value_its_annotation_refuses_is_an_error_located_in_the_response():
    with pytest.raises(InvalidArguments) as raised:
        Binding(listing, ["compact"]).response_body({"lastKey": "k"})

    assert [(error["loc"], error["msg"]) for error in raised.value.errors] == [
        (("response", "pageSize"), "Field required")
    ]


# ---- what a handler may declare ------------------------------------------------------------------


def test_a_parameter_that_is_not_on_the_route_is_refused_when_bound():
    def stray(compact: str, other: str) -> dict[str, Any]:
        return {}

    with pytest.raises(TypeError, match="other is neither a path parameter"):
        Binding(stray, ["compact"])


def test_path_parameters_are_strings():
    def typed(count: int) -> dict[str, Any]:
        return {}

    with pytest.raises(TypeError, match="path parameter count must be a str"):
        Binding(typed, ["count"])


# ---- through a RouteTable ------------------------------------------------------------------------

_LIST = Route(
    ApiName.LICENSE,
    "GET",
    "/v1/probe/{compact}",
    _FUNCTION,
    "listing",
    PUBLIC,
    "probe",
    response_model=Page,
    query_params=(QueryParam("pageSize", Size), QueryParam("lastKey")),
)
_CREATE = Route(
    ApiName.LICENSE, "POST", "/v1/probe/{compact}", _FUNCTION, "create", PUBLIC, "probe", request_model=Item
)
table = RouteTable(_FUNCTION, [_LIST, _CREATE])
table.operation("listing")(listing)
table.operation("create")(create)


def _call(event: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = table(event, None)
    return response["statusCode"], json.loads(response["body"])


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        (None, (200, {"pageSize": 10, "lastKey": None})),
        ({"pageSize": "20", "lastKey": "k"}, (200, {"pageSize": 20, "lastKey": "k"})),
        (
            {"pageSize": "101"},
            (400, {"message": "Invalid request: query.pageSize: Input should be less than or equal to 100"}),
        ),
    ],
)
def test_a_route_table_answers_query_parameters(query, answer):
    assert _call(api_event("GET", "/v1/probe/{compact}", {"compact": "aslp"}, query=query)) == answer


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"count": 1}, "Invalid request: name: Field required"),
        ('{"name": ', "Malformed JSON in request body"),
        (None, "Invalid request: body: Field required"),
    ],
)
def test_a_route_table_answers_body_errors(body, message):
    assert _call(api_event("POST", "/v1/probe/{compact}", {"compact": "aslp"}, body=body)) == (
        400,
        {"message": message},
    )


def test_a_route_table_refuses_a_handler_that_reads_what_its_route_does_not_declare():
    undeclared = RouteTable(_FUNCTION, [dataclasses.replace(_LIST, query_params=())])

    with pytest.raises(TypeError, match=r"reads query \['lastKey', 'pageSize'\], route declares \[\]"):
        undeclared.operation("listing")(listing)
