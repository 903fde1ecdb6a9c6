"""Provider records over HTTP in the sandbox (issue #5): what each staff persona sees of a provider, paging
through a jurisdiction, and what the public may see.

The providers are written straight into the sandbox's tables with known values; the calls go through the
sandbox gateway (token check, scopes) to the real handlers.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from core.models.history import EncumbranceDetails
from core.models.provider import Provider
from tests.e2e.providers import SandboxRecords
from tests.e2e.staff import persona
from tests.records import CATEGORY, make_privilege, make_privilege_update

DOCUMENT = b"%PDF-1.4 orders of the sandbox"
AL_SLP = "jurisdiction/al/licenseType/slp"


@pytest.fixture(scope="module")
def records(sandbox) -> SandboxRecords:
    return SandboxRecords(sandbox.manifest)


@pytest.fixture(scope="module")
def ohio_provider(records) -> Provider:
    """Licensed in oh with a privilege in al (a live state), a military document and an encumbrance in
    the privilege's history."""
    provider = records.provider(
        "111-22-3301", "oh", privileges=("al",), military_status="approved", military_status_note="orders ok"
    )
    records.military_document(provider, "orders.pdf", DOCUMENT)
    al_privilege = make_privilege(provider, "al", 100)  # the one records.provider wrote
    records.put(
        make_privilege_update(
            al_privilege,
            "encumbrance",
            datetime(2025, 7, 1, 16, tzinfo=UTC),
            previous={"administratorSetStatus": "active"},
            updated_values={"encumberedStatus": "encumbered"},
            encumbrance_details=EncumbranceDetails(
                clinical_privilege_action_categories=[CATEGORY], adverse_action_id=str(uuid.uuid4())
            ),
        )
    )
    return provider


# ---- each persona sees exactly its fields ------------------------------------------------------------

FIELDS = (
    "dateOfBirth",  # provider
    "ssnLastFour",  # provider
    "license.dateOfBirth",
    "license.homeAddressStreet1",
    "militaryStatusNote",
    "military.documentKeys",
    "military.downloadLinks",
)
# persona (aslp), jurisdiction -> which FIELDS it gets for a provider licensed in oh (1 = present)
PERSONA_FIELDS = {
    ("compact-admin", None):        (1, 1, 1, 1, 1, 1, 1),
    ("read-private", "oh"):         (1, 1, 1, 1, 1, 1, 0),
    ("read-private", "ky"):         (0, 0, 0, 1, 0, 0, 0),
    ("jurisdiction-admin", "oh"):   (0, 0, 0, 1, 0, 0, 0),
    ("jurisdiction-writer", "oh"):  (0, 0, 0, 1, 0, 0, 0),
    ("read-ssn", "oh"):             (0, 0, 0, 1, 0, 0, 0),
    ("read-only", "oh"):            (0, 0, 0, 1, 0, 0, 0),
}  # fmt: skip


def _present(body: dict[str, Any]) -> tuple[int, ...]:
    [lic] = body["licenses"]
    [military] = body["militaryAffiliations"]
    where = {"license": lic, "military": military}
    found = []
    for field in FIELDS:
        scope, _, name = field.rpartition(".")
        found.append(int(name in (where[scope] if scope else body)))
    return tuple(found)


@pytest.mark.parametrize(("who", "expected"), PERSONA_FIELDS.items(), ids=lambda v: str(v))
def test_each_persona_sees_exactly_its_fields(sandbox, ohio_provider, who, expected):
    session = persona(sandbox.manifest, *who)
    response = session.call("GET", f"/v1/compacts/aslp/providers/{ohio_provider.provider_id}")
    assert response.status_code == 200, response.text
    assert dict(zip(FIELDS, _present(response.json()), strict=True)) == dict(
        zip(FIELDS, expected, strict=True)
    )


def test_compact_admins_download_military_documents_through_the_links(sandbox, ohio_provider):
    session = persona(sandbox.manifest, "compact-admin", None)
    body = session.call("GET", f"/v1/compacts/aslp/providers/{ohio_provider.provider_id}").json()
    [link] = body["militaryAffiliations"][0]["downloadLinks"]
    assert link["fileName"] == "orders.pdf"
    assert requests.get(link["url"], timeout=10).content == DOCUMENT


def test_staff_history_carries_npdb_categories(sandbox, ohio_provider):
    session = persona(sandbox.manifest, "read-only", "oh")
    path = f"/v1/compacts/aslp/providers/{ohio_provider.provider_id}/privileges/{AL_SLP}/history"
    events = session.call("GET", path).json()["events"]
    assert [e["updateType"] for e in events] == ["issuance", "encumbrance"]
    assert events[1]["npdbCategories"] == [CATEGORY]


# ---- paging ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def maryland_providers(records) -> set[str]:
    """30 providers licensed in md (no other test uses it), each with a privilege in ak (live)."""
    return {
        records.provider(
            f"222-33-{4400 + n}", "md", privileges=("ak",), family_name=f"Pager{n:02d}"
        ).provider_id
        for n in range(30)
    }


def _page_through(call, path: str, query: dict[str, Any], page_size: int) -> list[list[str]]:
    pages, last_key = [], None
    while True:
        pagination: dict[str, Any] = {"pageSize": page_size, **({"lastKey": last_key} if last_key else {})}
        response = call(path, {"query": query, "pagination": pagination})
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append([provider["providerId"] for provider in body["providers"]])
        last_key = body["pagination"]["lastKey"]
        if last_key is None:
            return pages


def test_staff_paging_through_a_jurisdiction_returns_every_provider_exactly_once(sandbox, maryland_providers):
    session = persona(sandbox.manifest, "read-only", "oh")
    pages = _page_through(
        lambda path, body: session.call("POST", path, body),
        "/v1/compacts/aslp/providers/query",
        {"jurisdiction": "md"},
        page_size=7,
    )
    ids = [provider_id for page in pages for provider_id in page]
    assert [len(page) for page in pages] == [7, 7, 7, 7, 2]
    assert len(ids) == len(set(ids)) and set(ids) == maryland_providers


# ---- the public ---------------------------------------------------------------------------------------

PRIVATE_KEYS = {
    "dateOfBirth", "birthMonthDay", "ssnLastFour", "ssn", "licenses", "emailAddress", "phoneNumber",
    "homeAddressStreet1", "compactConnectRegisteredEmailAddress", "militaryAffiliations", "militaryStatus",
    "militaryStatusNote", "investigations", "investigationStatus", "compactTransactionId", "attestations",
    "encumbranceType", "submittingUser", "liftingUser", "clinicalPrivilegeActionCategories", "npdbCategories",
    "history", "previous", "updatedValues",
}  # fmt: skip


def _keys(value: Any) -> set[str]:
    if isinstance(value, list):
        return set().union(*(_keys(entry) for entry in value)) if value else set()
    if isinstance(value, dict):
        return set(value) | set().union(*(_keys(entry) for entry in value.values()))
    return set()


def _public(sandbox, method: str, path: str, body: Any = None) -> requests.Response:
    return requests.request(method, sandbox.url("license", path), json=body, timeout=15)


def test_the_public_never_see_private_fields_and_wait_at_least_a_second(sandbox, ohio_provider):
    started = time.monotonic()
    response = _public(sandbox, "GET", f"/v1/public/compacts/aslp/providers/{ohio_provider.provider_id}")
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.text
    body = response.json()
    assert [privilege["jurisdiction"] for privilege in body["privileges"]] == ["al"]
    assert not _keys(body) & PRIVATE_KEYS
    assert "3301" not in response.text  # the SSN's last four digits
    assert elapsed >= 1.0


def test_the_public_history_has_no_npdb_categories(sandbox, ohio_provider):
    path = f"/v1/public/compacts/aslp/providers/{ohio_provider.provider_id}/{AL_SLP}/history"
    response = _public(sandbox, "GET", path)
    assert response.status_code == 200
    assert [e["updateType"] for e in response.json()["events"]] == ["issuance", "encumbrance"]
    assert not _keys(response.json()) & PRIVATE_KEYS


def test_providers_without_privileges_do_not_exist_for_the_public(sandbox, records):
    unprivileged = records.provider("111-22-3302", "oh")
    assert (
        _public(sandbox, "GET", f"/v1/public/compacts/aslp/providers/{unprivileged.provider_id}").status_code
        == 404
    )
    found = _public(
        sandbox,
        "POST",
        "/v1/public/compacts/aslp/providers/query",
        {"query": {"providerId": unprivileged.provider_id}},
    )
    assert found.status_code == 200 and found.json()["providers"] == []


def test_public_paging_through_a_live_jurisdiction_returns_every_provider_exactly_once(
    sandbox, maryland_providers
):
    pages = _page_through(
        lambda path, body: _public(sandbox, "POST", path, body),
        "/v1/public/compacts/aslp/providers/query",
        {"jurisdiction": "ak"},
        page_size=10,
    )
    ids = [provider_id for page in pages for provider_id in page]
    assert len(ids) == len(set(ids)) and set(ids) == maryland_providers
    assert all(len(page) == 10 for page in pages[:3])
