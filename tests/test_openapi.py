"""Published OpenAPI documents: generated from the catalog, current, and compared with the reference."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

from core.api_catalog import ApiName
from offline.openapi_docs import DOCS, coverage, reference_dir, render_docs

DOCUMENTS = render_docs()


@pytest.mark.parametrize("api", list(ApiName), ids=lambda api: api.value)
def test_committed_docs_match_the_catalog(api):
    committed = json.loads((DOCS / f"{api.value}.json").read_text())

    assert committed == json.loads(json.dumps(DOCUMENTS[api])), "run scripts/openapi"


@pytest.mark.parametrize("api", list(ApiName), ids=lambda api: api.value)
def test_documents_are_valid_openapi(api):
    validate(DOCUMENTS[api])


def test_reference_coverage_report_is_consistent():
    reference = reference_dir()
    if reference is None:
        pytest.skip("shared/reference is not beside this checkout")
    report = coverage(DOCUMENTS, reference)

    for api, result in report.items():
        assert not set(result["present"]) & set(result["missing"]), api
        assert not result["extra"], f"{api} serves operations the reference lacks: {result['extra']}"
    assert "GET /v1/public/jurisdictions/live" in report["license"]["present"]


def _license_rows(document: dict) -> dict:
    [operation] = [
        item["post"]
        for path, item in document["paths"].items()
        if path.endswith("/licenses") and "post" in item
    ]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    return document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]


def test_license_rows_are_documented_at_least_as_specifically_as_the_reference():
    reference = reference_dir()
    if reference is None:
        pytest.skip("shared/reference is not beside this checkout")
    theirs = _license_rows(json.loads((reference / "oas30-state-public.json").read_text()))
    ours = _license_rows(DOCUMENTS[ApiName.STATE])

    assert ours["maxItems"] == theirs["maxItems"]
    their_row, our_row = theirs["items"], ours["items"]
    assert sorted(our_row["required"]) == sorted(their_row["required"])
    assert our_row["additionalProperties"] is False
    assert set(our_row["properties"]) == set(their_row["properties"])
    for name, their in their_row["properties"].items():
        mine = our_row["properties"][name]
        assert mine["type"] == their["type"], name
        if "enum" in their:
            assert set(mine["enum"]) == set(their["enum"]), name
        if "pattern" in their:
            assert "pattern" in mine or "enum" in mine, name
        assert mine.get("maxLength", float("inf")) <= their.get("maxLength", float("inf")), name
        assert mine.get("minLength", 0) >= their.get("minLength", 0), name


def test_only_the_license_upload_and_search_bodies_are_left_to_the_function():
    """The upload's rows are reported one by one by the function (400 with errors by row index); the
    search query language is recursive, so the function reports where a query goes wrong; every other
    body is validated by API Gateway against the same schema the function validates with."""
    validators = {
        f"{method.upper()} {path}": operation["x-amazon-apigateway-request-validator"]
        for document in DOCUMENTS.values()
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method != "options"
    }

    assert {key for key, validator in validators.items() if validator != "body-and-parameters"} == {
        "POST /v1/compacts/{compact}/jurisdictions/{jurisdiction}/licenses",
        "POST /v1/compacts/{compact}/providers/search",
        "POST /v1/compacts/{compact}/privileges/export",
    }
    assert (
        validators["POST /v1/compacts/{compact}/jurisdictions/{jurisdiction}/licenses"] == "parameters-only"
    )


def test_every_error_response_has_a_json_message():
    for document in DOCUMENTS.values():
        schemas = document["components"]["schemas"]
        for path, item in document["paths"].items():
            for method, operation in item.items():
                for status, response in operation["responses"].items():
                    if not status.startswith("4") and not status.startswith("5"):
                        continue
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    schema = schemas[ref.rsplit("/", 1)[-1]]
                    assert "message" in schema["required"], f"{method} {path} {status}"
