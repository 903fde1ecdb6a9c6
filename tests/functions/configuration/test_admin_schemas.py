"""The staff configuration shapes against the reference OpenAPI document and API Gateway's validator.

The reference document has no examples, so compatibility is checked structurally (same property
names, required fields and enums, objects closed the same way) and by validating request bodies and
real handler responses with a draft-4 validator, the JSON Schema dialect API Gateway applies to the
rendered document.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft4Validator

from configuration.admin_api import lambda_handler
from configuration.admin_routes import ROUTES
from core.models.configuration import ConfiguredState, TransactionFeeConfiguration
from offline.openapi_docs import reference_dir, render_docs
from tests.functions.configuration.conftest import (
    COMPACT,
    COMPACT_ADMIN,
    JURISDICTION,
    OHIO_ADMIN,
    call,
    compact_body,
    compact_record,
    jurisdiction_body,
)
from tests.functions.conftest import api_event

pytestmark = pytest.mark.usefixtures("callers")

# Per-stack configuration, so checked at run time against the compact's own list instead.
RUNTIME_ENUMS = {"licenseTypeAbbreviation"}


def _document() -> dict[str, Any]:
    documents = render_docs()
    return next(document for api, document in documents.items() if api.value == "license")


DOCUMENT = _document()


def _reference() -> dict[str, Any]:
    reference = reference_dir()
    if reference is None:
        pytest.skip("shared/reference is not beside this checkout")
    return json.loads((reference / "oas30-internal.json").read_text())


def _resolve(schema: Any, document: dict[str, Any]) -> Any:
    """Inline $refs and reduce nullable alternatives to their non-null schema, for comparison."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _resolve(document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]], document)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                branches = [b for b in schema[key] if b not in (None, {"enum": [None]}, {"type": "null"})]
                if len(branches) == 1:
                    return _resolve(
                        {**branches[0], **{k: v for k, v in schema.items() if k != key}}, document
                    )
        return {key: _resolve(value, document) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_resolve(item, document) for item in schema]
    return schema


def _compare(ours: dict[str, Any], reference: dict[str, Any], where: str) -> list[str]:
    """Differences in property names, required fields, enums and closedness, recursively."""
    problems = []
    if set(ours.get("properties", {})) != set(reference.get("properties", {})):
        problems.append(
            f"{where}: properties {sorted(ours.get('properties', {}))} vs {sorted(reference['properties'])}"
        )
    if set(ours.get("required", [])) != set(reference.get("required", [])):
        problems.append(
            f"{where}: required {sorted(ours.get('required', []))} vs {sorted(reference['required'])}"
        )
    if reference.get("additionalProperties") is False and ours.get("additionalProperties") is not False:
        problems.append(f"{where}: the reference refuses unknown properties")
    field = where.rsplit(".", 1)[-1]
    if (
        "enum" in reference
        and field not in RUNTIME_ENUMS
        and set(ours.get("enum", [])) != set(reference["enum"])
    ):
        problems.append(f"{where}: enum {ours.get('enum')} vs {reference['enum']}")
    for name, prop in reference.get("properties", {}).items():
        if name in ours.get("properties", {}):
            problems += _compare(ours["properties"][name], prop, f"{where}.{name}")
    if "items" in reference and "items" in ours:
        problems += _compare(ours["items"], reference["items"], f"{where}[]")
    return problems


def _operation(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return document["paths"][path][method.lower()]


def _request_schema(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return _operation(document, method, path)["requestBody"]["content"]["application/json"]["schema"]


def _response_schema(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return _operation(document, method, path)["responses"]["200"]["content"]["application/json"]["schema"]


def _gateway_validator(schema: dict[str, Any]) -> Draft4Validator:
    """Validate as API Gateway does: draft 4, against the document's own components."""
    return Draft4Validator({**schema, "components": DOCUMENT["components"]})


@pytest.mark.parametrize("route", [r for r in ROUTES if r.request_model], ids=lambda r: r.key)
def test_request_schemas_match_the_reference(route):
    reference = _reference()
    ours = _resolve(_request_schema(DOCUMENT, route.method, route.path), DOCUMENT)
    theirs = _resolve(_request_schema(reference, route.method, route.path), reference)

    assert _compare(ours, theirs, route.key) == []


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.key)
def test_response_schemas_match_the_reference(route):
    reference = _reference()
    ours = _resolve(_response_schema(DOCUMENT, route.method, route.path), DOCUMENT)
    theirs = _resolve(_response_schema(reference, route.method, route.path), reference)

    assert _compare(ours, theirs, route.key) == []


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (COMPACT, compact_body()),
        (COMPACT, compact_body(transactionFeeConfiguration={})),
        (JURISDICTION, jurisdiction_body()),
        (
            JURISDICTION,
            jurisdiction_body(jurisprudenceRequirements={"required": False, "linkToDocumentation": None}),
        ),
    ],
    ids=["compact", "compact-empty-fee", "jurisdiction", "jurisdiction-null-link"],
)
def test_the_gateway_schema_accepts_valid_bodies(path, body):
    assert list(_gateway_validator(_request_schema(DOCUMENT, "PUT", path)).iter_errors(body)) == []


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (COMPACT, compact_body(extra=1)),
        (COMPACT, compact_body(compactOperationsTeamEmails=[])),
        (COMPACT, compact_body(compactCommissionFee={"feeType": "FLAT_RATE", "feeAmount": "1"})),
        (JURISDICTION, jurisdiction_body(privilegeFees=[{"licenseTypeAbbreviation": "aud", "amount": -1}])),
    ],
    ids=["unknown-key", "empty-list", "string-fee", "negative-fee"],
)
def test_the_gateway_schema_refuses_what_the_reference_refuses(path, body):
    assert list(_gateway_validator(_request_schema(DOCUMENT, "PUT", path)).iter_errors(body)) != []


def test_responses_validate_against_their_published_schemas(store):
    store(
        compact_record(
            configured_states=[ConfiguredState(postal_abbreviation="oh", is_live=False)],
            transaction_fee_configuration=TransactionFeeConfiguration.model_validate(
                {"licenseeCharges": {"active": True, "chargeAmount": 1}}
            ),
        )
    )
    oh = {"compact": "aslp", "jurisdiction": "oh"}
    responses = [
        (
            "GET",
            COMPACT,
            call(lambda_handler, api_event("GET", COMPACT, {"compact": "aslp"}, scopes=COMPACT_ADMIN)),
        ),
        ("GET", JURISDICTION, call(lambda_handler, api_event("GET", JURISDICTION, oh, scopes=OHIO_ADMIN))),
        (
            "PUT",
            JURISDICTION,
            call(
                lambda_handler,
                api_event("PUT", JURISDICTION, oh, body=jurisdiction_body(), scopes=OHIO_ADMIN),
            ),
        ),
        ("GET", JURISDICTION, call(lambda_handler, api_event("GET", JURISDICTION, oh, scopes=OHIO_ADMIN))),
    ]

    for method, path, (status, body) in responses:
        assert status == 200
        assert list(_gateway_validator(_response_schema(DOCUMENT, method, path)).iter_errors(body)) == []


def test_the_empty_defaults_validate_against_their_published_schemas(aws):
    oh = {"compact": "aslp", "jurisdiction": "oh"}
    for path, params, scopes in (
        (COMPACT, {"compact": "aslp"}, COMPACT_ADMIN),
        (JURISDICTION, oh, OHIO_ADMIN),
    ):
        status, body = call(lambda_handler, api_event("GET", path, params, scopes=scopes))
        assert status == 200
        assert list(_gateway_validator(_response_schema(DOCUMENT, "GET", path)).iter_errors(body)) == []
