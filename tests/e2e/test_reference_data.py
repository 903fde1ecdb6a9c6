"""A provider whose records the reference system wrote, served over HTTP by the sandbox (issue #11).

The corpus (:mod:`tests.reference_records`) goes straight into the emulator's tables, as a migration would
leave it; then every audience reads it, and the state re-sends the license it already holds.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.e2e.providers import SandboxRecords
from tests.e2e.staff import persona
from tests.e2e.state import eventually, queue_drained, table_items
from tests.reference_records import ReferenceProvider, reference_items
from toolkit.state_client import StateClient, emulator

pytestmark = pytest.mark.e2e

SSN = "431-55-5599"


@pytest.fixture(scope="module")
def who(sandbox) -> ReferenceProvider:
    records = SandboxRecords(sandbox.manifest)
    provider = ReferenceProvider(provider_id=records.ssns.get_or_create_provider_id("aslp", SSN), ssn=SSN)
    table = emulator(sandbox.manifest, "dynamodb", resource=True).Table(
        sandbox.manifest["tables"]["provider"]
    )
    for item in reference_items(provider):
        table.put_item(Item=item)
    return provider


def _partition(sandbox, who: ReferenceProvider) -> list[dict[str, Any]]:
    return [item for item in table_items(sandbox.manifest, "provider") if item["pk"] == who.pk]


def test_staff_read_the_provider_with_its_history(sandbox, who):
    admin = persona(sandbox.manifest, "compact-admin")

    detail = admin.call("GET", f"/v1/compacts/aslp/providers/{who.provider_id}")
    history = admin.call(
        "GET",
        f"/v1/compacts/aslp/providers/{who.provider_id}/privileges/jurisdiction/ne/licenseType/slp/history",
    )

    assert detail.status_code == 200, detail.text
    body = detail.json()
    assert body["militaryStatus"] == "notApplicable" and body["militaryStatusNote"] == ""
    assert [(lic["jurisdiction"], lic["licenseStatus"]) for lic in body["licenses"]] == [("oh", "active")]
    assert {p["privilegeId"]: p["status"] for p in body["privileges"]} == {
        "SLP-KY-7": "active",
        "SLP-NE-696d514f-2": "active",
    }
    assert history.status_code == 200, history.text
    assert "renewal" in [event["updateType"] for event in history.json()["events"]]


def test_the_public_and_the_state_read_it(sandbox, who):
    public = requests.get(
        sandbox.url("license", f"/v1/public/compacts/aslp/providers/{who.provider_id}"), timeout=15
    )
    # A state reads the providers holding a privilege in it: the older privilege is in Kentucky.
    kentucky = next(client for client in sandbox.manifest["stateClients"] if client["jurisdiction"] == "ky")
    state = StateClient(sandbox.manifest, kentucky)
    from_state = state.call("GET", f"{state.base()}/providers/{who.provider_id}")

    assert public.status_code == 200, public.text
    assert {p["jurisdiction"] for p in public.json()["privileges"]} == {"ne", "ky"}
    assert from_state.status_code == 200, from_state.text
    assert [p["privilegeId"] for p in from_state.json()["privileges"]] == ["SLP-KY-7"]


def _ingested(sandbox, rows: list[dict[str, str]], state: StateClient) -> None:
    response = state.call("POST", f"{state.base()}/licenses", rows)
    assert response.status_code == 200, response.text
    eventually(lambda: queue_drained(sandbox.manifest, "license_preprocessing"))
    eventually(lambda: queue_drained(sandbox.manifest, "license_ingest"))


def test_the_state_re_sending_the_license_it_holds_adds_no_history(sandbox, who, state: StateClient):
    before = _partition(sandbox, who)

    _ingested(sandbox, [who.upload_row()], state)
    unchanged = _partition(sandbox, who)
    # The control: the same pipeline does record a real change, with the reference's snapshot fields.
    _ingested(sandbox, [{**who.upload_row(), "phoneNumber": "+13215550000"}], state)
    changed = _partition(sandbox, who)

    assert sorted(item["sk"] for item in unchanged) == sorted(item["sk"] for item in before)
    assert [i for i in unchanged if i["type"] == "license"] == [i for i in before if i["type"] == "license"]
    (update,) = [
        i for i in changed if i["type"] == "licenseUpdate" and i["sk"] not in {j["sk"] for j in before}
    ]
    assert update["updateType"] == "other" and update["updatedValues"] == {"phoneNumber": "+13215550000"}
    assert not {"providerId", "licenseTypeAbbreviation", "firstUploadDate"} & set(update["previous"])
