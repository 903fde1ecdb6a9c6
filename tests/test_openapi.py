"""Published OpenAPI documents: generated from the catalog, current, and compared with the reference."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

from core.catalog import ApiName
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
