"""Issue #4 "done when", over HTTP against the sandbox: a signed state client uploads licenses as a
JSON batch and as a CSV file, and the pipeline turns valid rows into providers with licenses."""

from __future__ import annotations

import time
from collections import Counter

from ops.generate_mock_licenses import SPOILERS
from tests.e2e.state import eventually, license_rows, queue_drained, stale_timestamp, table_items
from toolkit.state_client import csv_file, post_upload


def _wait_for_licenses(manifest: dict, numbers: set[str]) -> list[dict]:
    """Every license with one of these license numbers, once the pipeline has written them all."""

    def all_written() -> list[dict] | None:
        found = _licenses_numbered(manifest, numbers)
        return found if len(found) == len(numbers) else None

    return eventually(all_written)


def _licenses_numbered(manifest: dict, numbers: set[str]) -> list[dict]:
    return [
        i
        for i in table_items(manifest, "provider")
        if i.get("type") == "license" and i.get("licenseNumber") in numbers
    ]


def test_a_signed_batch_becomes_providers_with_licenses(state):
    rows = license_rows(6)

    response = state.call("POST", f"{state.base()}/licenses", rows)
    assert (response.status_code, response.json()) == (200, {"message": "OK"}), response.text

    numbers = {row["licenseNumber"] for row in rows}
    licenses = _wait_for_licenses(state.manifest, numbers)
    providers = {
        i["providerId"] for i in table_items(state.manifest, "provider") if i.get("type") == "provider"
    }
    assert {license_["providerId"] for license_ in licenses} <= providers
    assert all(license_["jurisdiction"] == "oh" and "ssn" not in license_ for license_ in licenses)
    full_ssns = {row["ssn"] for row in rows}
    outside_ssn_table = str(table_items(state.manifest, "provider")) + str(
        table_items(state.manifest, "data_event")
    )
    assert not any(ssn in outside_ssn_table for ssn in full_ssns)


def test_an_invalid_batch_is_refused_per_row_and_writes_nothing(state):
    rows = license_rows(3)
    SPOILERS[1](rows[1])  # inactive and eligible

    response = state.call("POST", f"{state.base()}/licenses", rows)

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"1"}
    time.sleep(3)
    assert _licenses_numbered(state.manifest, {row["licenseNumber"] for row in rows}) == []


def test_a_csv_upload_ingests_valid_rows_and_reports_bad_rows(state):
    rows = license_rows(20, invalid_every=5)

    posted = post_upload(state.bulk_upload(), csv_file(rows))
    assert posted.status_code in (200, 201, 204), posted.text

    valid_numbers = {row["licenseNumber"] for index, row in enumerate(rows, 1) if index % 5}
    _wait_for_licenses(state.manifest, valid_numbers)

    def reported_errors():
        events = [
            item for item in table_items(state.manifest, "data_event")
            if item.get("eventType") == "license.validation-error" and item.get("jurisdiction") == "oh"
        ]  # fmt: skip
        numbers = {
            int(event["recordNumber"])
            for event in events
            if event.get("validData", {}).get("licenseNumber") in {row["licenseNumber"] for row in rows}
        }
        return numbers if numbers == {5, 10, 15, 20} else None

    assert eventually(reported_errors) == {5, 10, 15, 20}


def test_replaying_a_batch_creates_no_new_update_records(state):
    rows = license_rows(4)
    numbers = {row["licenseNumber"] for row in rows}
    assert state.call("POST", f"{state.base()}/licenses", rows).status_code == 200
    providers = {license_["providerId"] for license_ in _wait_for_licenses(state.manifest, numbers)}

    def ingest_events() -> int:
        """license.ingest events logged for this jurisdiction (the log keeps no identifying fields)."""
        return sum(
            1 for item in table_items(state.manifest, "data_event")
            if item.get("eventType") == "license.ingest" and item.get("jurisdiction") == "oh"
        )  # fmt: skip

    def partition_types() -> Counter:
        return Counter(
            i["type"] for i in table_items(state.manifest, "provider") if i.get("providerId") in providers
        )

    eventually(lambda: queue_drained(state.manifest, "license_ingest"))
    before, logged = partition_types(), ingest_events()
    assert state.call("POST", f"{state.base()}/licenses", rows).status_code == 200
    eventually(lambda: ingest_events() >= logged + len(rows))
    eventually(lambda: queue_drained(state.manifest, "license_ingest"))

    assert partition_types() == before
    assert before["licenseUpdate"] == 0 and before["license"] == 4


def test_replayed_nonce_stale_timestamp_and_missing_signature_are_refused(state):
    path = f"{state.base()}/licenses/bulk-upload"
    first = state.call("GET", path, nonce="e2e-replayed-nonce-1")
    replay = state.call("GET", path, nonce="e2e-replayed-nonce-1")
    stale = state.call("GET", path, timestamp=stale_timestamp())
    unsigned_read = state.call("POST", f"{state.base()}/providers/query", {"query": {}}, signed=False)

    assert first.status_code == 200
    assert (replay.status_code, stale.status_code, unsigned_read.status_code) == (401, 401, 401)
    assert "nonce" in replay.json()["message"].lower()
    assert "timestamp" in stale.json()["message"].lower()
