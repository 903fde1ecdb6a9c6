"""Issue #13 "done when": a CSV with bad rows, uploaded by a state client, yields — once the reporter
runs (``scripts/ingest_report --sandbox`` runs it at once) — exactly one summary email to each address
of that jurisdiction's operations team, naming the bad rows without SSN, birth date or address; running
the reporter again sends nothing new."""

from __future__ import annotations

import requests

from ingest.routes import INGEST_REPORTER
from ops.ingest_report import run
from tests.e2e.staff import persona
from tests.e2e.state import eventually, license_rows, table_items
from tests.e2e.test_staff_authorization_matrix import jurisdiction_body
from toolkit.state_client import csv_file, emulator, post_upload

OHIO_OPERATIONS = ["ohio-ops@state.example.gov", "ohio-lead@state.example.gov"]


def _report(manifest: dict) -> dict:
    function = f"cc-{manifest['environment']}-{INGEST_REPORTER.name}"
    return run(emulator(manifest, "lambda"), function, weekly=False)


def _mail(manifest: dict) -> list[dict]:
    return requests.get(f"{manifest['mailbox']}/messages", timeout=10).json()


def test_bad_rows_reach_the_states_operations_team_once(sandbox, state):
    manifest = sandbox.manifest
    body = {**jurisdiction_body(["aud", "slp"]), "jurisdictionOperationsTeamEmails": OHIO_OPERATIONS}
    saved = persona(manifest, "jurisdiction-admin", "oh").call(
        "PUT", "/v1/compacts/aslp/jurisdictions/oh", body
    )
    assert saved.status_code == 200, saved.text
    _report(manifest)  # whatever earlier tests left is reported now, not below
    assert requests.delete(f"{manifest['mailbox']}/messages", timeout=10).status_code == 204

    rows = license_rows(9, invalid_every=3)
    ours = {row["licenseNumber"] for row in rows}
    assert post_upload(state.bulk_upload(), csv_file(rows)).status_code in (200, 201, 204)

    def logged_errors() -> set[int] | None:
        numbers = {
            int(item["recordNumber"])
            for item in table_items(manifest, "data_event")
            if item.get("eventType") == "license.validation-error"
            and item.get("validData", {}).get("licenseNumber") in ours
        }
        return numbers if len(numbers) == 3 else None

    bad_lines = eventually(logged_errors)
    assert _report(manifest)["reported"] >= 1

    mail = _mail(manifest)
    assert sorted(address for message in mail for address in message["to"]) == sorted(OHIO_OPERATIONS)
    for message in mail:
        assert message["subject"].startswith("License data errors:") and message["subject"].endswith("/ Ohio")
        assert message["template"] == "licenseDataErrorSummary"
        for line in bad_lines:
            assert f"Row {line}" in message["text"]
        for row in rows:
            for sensitive in (row["ssn"], row["dateOfBirth"], row.get("homeAddressStreet1")):
                assert not sensitive or sensitive not in message["text"] + message["html"]

    assert _report(manifest)["reported"] == 0
    assert len(_mail(manifest)) == len(OHIO_OPERATIONS)
