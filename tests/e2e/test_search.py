"""Provider search over HTTP in the sandbox (issue #17): a compact admin searches by family name, by
privilege state and by license status with the right ``total``; ``search_after`` pages return each
provider once; a license a state sends through the State API is findable within seconds; an ``aslp``
search never returns an ``octp`` provider; an invalid query is 400; a state's privileges export as a CSV
with one row per privilege; and ``scripts/reindex`` brings every compact's index in step."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from core.models.provider import Provider
from ops import reindex
from search.export import EXPORT_COLUMNS
from tests.e2e.providers import SandboxRecords
from tests.e2e.staff import StaffSession, persona
from tests.e2e.state import eventually, license_rows

FAMILY = "Quillfeather"
SEARCH = "/v1/compacts/{compact}/providers/search"


@pytest.fixture(scope="module")
def admin(sandbox) -> StaffSession:
    return persona(sandbox.manifest, "compact-admin")


@pytest.fixture(scope="module")
def board(sandbox) -> dict[str, Provider]:
    """Four aslp Quillfeathers (Ada and Bo with privileges in Kentucky, Cy's license inactive) and an
    octp one, written to the provider table: the pipe and the indexer take them from there."""
    records = SandboxRecords(sandbox.manifest)
    made = {
        "ada": records.provider(
            "222-33-7101", "oh", privileges=("ky", "al"), given_name="Ada", family_name=FAMILY
        ),
        "bo": records.provider("222-33-7102", "oh", privileges=("ky",), given_name="Bo", family_name=FAMILY),
        "cy": records.provider(
            "222-33-7103",
            "oh",
            given_name="Cy",
            family_name=FAMILY,
            jurisdiction_uploaded_license_status="inactive",
        ),
        "di": records.provider("222-33-7104", "oh", given_name="Di", family_name=FAMILY),
        "octp": records.provider("222-33-7105", "oh", compact="octp", given_name="Ed", family_name=FAMILY),
    }
    return made


def search(admin: StaffSession, body: dict[str, Any], compact: str = "aslp") -> requests.Response:
    return admin.call("POST", SEARCH.format(compact=compact), body, api="search")


def named(
    admin: StaffSession, extra: list[dict[str, Any]] | None = None, compact: str = "aslp", **body: Any
) -> dict[str, Any]:
    query = {"bool": {"must": [{"match": {"familyName": FAMILY}}, *(extra or [])]}}
    response = search(admin, {"query": query, **body}, compact)
    assert response.status_code == 200, response.text
    return response.json()


def indexed(admin: StaffSession, count: int = 4, compact: str = "aslp") -> dict[str, Any]:
    """The family's search once all ``count`` of its providers are indexed."""

    def complete() -> dict[str, Any] | None:
        answer = named(admin, compact=compact)
        return answer if answer["total"]["value"] == count else None

    return eventually(complete, timeout=30)


def given_names(answer: dict[str, Any]) -> list[str]:
    return sorted(provider["givenName"] for provider in answer["providers"])


def test_searches_by_name_privilege_state_and_license_status(admin, board):
    answer = indexed(admin)
    assert given_names(answer) == ["Ada", "Bo", "Cy", "Di"] and answer["total"]["relation"] == "eq"

    in_kentucky = {"nested": {"path": "privileges", "query": {"term": {"privileges.jurisdiction": "ky"}}}}
    answer = named(admin, [in_kentucky])
    assert (given_names(answer), answer["total"]["value"]) == (["Ada", "Bo"], 2)

    answer = named(admin, [{"term": {"licenseStatus": "inactive"}}])
    assert (given_names(answer), answer["total"]["value"]) == (["Cy"], 1)


def test_search_after_returns_each_provider_exactly_once(admin, board):
    indexed(admin)
    order = [{"givenName.keyword": {"order": "asc"}}, {"providerId": {"order": "asc"}}]
    seen: list[str] = []
    after = None
    while True:
        page = named(admin, size=1, sort=order, **({"search_after": after} if after else {}))
        if not page["providers"]:
            break
        seen += given_names(page)
        after = page["lastSort"]
    assert seen == ["Ada", "Bo", "Cy", "Di"]


def test_an_aslp_search_never_returns_an_octp_provider(admin, board):
    indexed(admin)
    assert {p["compact"] for p in indexed(admin)["providers"]} == {"aslp"}
    octp_admin = persona(admin.manifest, "compact-admin", compact="octp")
    answer = indexed(octp_admin, count=1, compact="octp")
    assert [(p["compact"], p["providerId"]) for p in answer["providers"]] == [
        ("octp", board["octp"].provider_id)
    ]
    assert search(admin, {"query": {"match_all": {}}}, compact="octp").status_code == 403


def test_an_invalid_query_is_refused(admin):
    response = search(admin, {"query": {"script": {"script": "ctx._source"}}})
    assert response.status_code == 400 and "script" in response.json()["message"]


def test_a_license_sent_through_the_state_api_is_findable_within_seconds(admin, state):
    [row] = license_rows(1)
    row["familyName"] = "Wrenfield"
    assert state.call("POST", f"{state.base()}/licenses", [row]).status_code == 200
    sent = time.monotonic()

    def found() -> dict[str, Any] | None:
        answer = search(admin, {"query": {"match": {"familyName": "wrenfield"}}}).json()
        return answer if answer["total"]["value"] else None

    answer = eventually(found, timeout=30, interval=0.25)
    assert time.monotonic() - sent < 15
    assert answer["providers"][0]["licenses"][0]["licenseNumber"] == row["licenseNumber"]


def test_a_states_privileges_export_as_csv(admin, board):
    indexed(admin)
    kentucky = {
        "nested": {
            "path": "privileges",
            "query": {"term": {"privileges.jurisdiction": "ky"}},
            "inner_hits": {},
        }
    }
    query = {"bool": {"must": [{"match": {"familyName": FAMILY}}, kentucky]}}
    response = admin.call("POST", "/v1/compacts/aslp/privileges/export", {"query": query}, api="search")
    assert response.status_code == 200, response.text

    download = requests.get(response.json()["fileUrl"], timeout=10)
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    exported = sorted((row["providerId"], row["jurisdiction"]) for row in rows)
    assert exported == sorted((board[name].provider_id, "ky") for name in ("ada", "bo"))


def test_reindex_brings_every_compact_in_step(sandbox, admin, board):
    assert reindex.main(["--sandbox"], manifest_path=Path(sandbox.manifest_path)) == 0
    assert named(admin)["total"]["value"] == 4
