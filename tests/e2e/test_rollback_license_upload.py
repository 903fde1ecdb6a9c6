"""`scripts/rollback_license_upload --sandbox` over the running sandbox: Ohio posts a batch of new licensees
through the State API, the pipeline ingests them, and the operator command reverts that upload — the
providers it created are gone, the report lists them, and the revert events reach the data-event log."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from ops import rollback_license_upload
from tests.e2e.state import eventually, license_rows, queue_drained, table_items


def _settled(manifest: dict) -> bool:
    return all(
        queue_drained(manifest, queue) for queue in manifest["queues"] if queue != "uploads-ParseBulkUpload"
    )


def test_an_upload_is_reverted_by_the_operator_command(sandbox, state, capsys):
    manifest = state.manifest
    eventually(lambda: _settled(manifest))  # earlier uploads are in: the window holds only this one
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=1)
    rows = license_rows(3)
    assert state.call("POST", f"{state.base()}/licenses", rows).status_code == 200
    numbers = {row["licenseNumber"] for row in rows}

    def ingested() -> set[str] | None:
        found = {
            i["providerId"] for i in table_items(manifest, "provider") if i.get("licenseNumber") in numbers
        }
        return found if len(found) == len(rows) else None

    providers = eventually(ingested)
    end = datetime.now(UTC).replace(microsecond=0)

    code = rollback_license_upload.main(
        [
            *("--sandbox", "--compact", "aslp", "--jurisdiction", "oh"),
            *("--start", start.isoformat(), "--end", end.isoformat()),
            *("--reason", "an e2e test's upload", "--name", f"e2e-{end:%H%M%S}"),
        ],
        sandbox.manifest_path,
    )

    assert code == 0
    report = json.loads(capsys.readouterr().out)
    reverted = {summary["providerId"]: summary for summary in report["revertedProviderSummaries"]}
    assert set(reverted) == providers and report["failedProviderDetails"] == []
    assert all(summary["licensesReverted"][0]["action"] == "DELETE" for summary in reverted.values())
    assert not [i for i in table_items(manifest, "provider") if i.get("licenseNumber") in numbers]

    def logged() -> bool:
        reverts = [i for i in table_items(manifest, "data_event") if i.get("eventType") == "license.revert"]
        return {i.get("providerId") for i in reverts} >= providers

    eventually(logged)
