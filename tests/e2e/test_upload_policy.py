"""Issue #9 "the sandbox refuses what AWS refuses", over HTTP: the emulator holds the State API's
presigned POST to its signed policy as S3 does, so a refused upload stores no object, and so no
notification fires and nothing is ingested. (A legitimate upload through the same presigned POST is
ingested: ``test_state_integration.test_a_csv_upload_ingests_valid_rows_and_reports_bad_rows``.)"""

from __future__ import annotations

import time
from xml.etree import ElementTree

import requests

from licenses.uploads import MAX_UPLOAD_BYTES
from tests.e2e.state import license_rows, object_exists, table_items
from toolkit.state_client import csv_file, post_upload

PIPELINE_GRACE_SECONDS = 3
"""Long enough for an upload notification, had there been one, to reach the parser and the ingest."""


def s3_error(response: requests.Response) -> tuple[int, str, str]:
    assert response.status_code >= 400, f"the emulator stored the upload ({response.status_code})"
    error = ElementTree.fromstring(response.content)
    return response.status_code, error.findtext("Code") or "", error.findtext("Message") or ""


def policy_failed(condition: str) -> tuple[int, str, str]:
    return 403, "AccessDenied", f"Invalid according to Policy: Policy Condition failed: {condition}"


def test_a_key_rewritten_to_another_jurisdiction_is_refused_and_nothing_is_ingested(state):
    rows = license_rows(5, jurisdiction="ky")
    target = state.bulk_upload()
    key = target["fields"]["key"]
    rewritten = key.replace(f"{state.compact}/{state.jurisdiction}/", f"{state.compact}/ky/")
    assert rewritten != key

    posted = post_upload(target, csv_file(rows), {"key": rewritten})

    assert s3_error(posted) == policy_failed(f'["eq", "$key", "{key}"]')
    assert not object_exists(state.manifest, "bulk_uploads", rewritten)
    assert not object_exists(state.manifest, "bulk_uploads", key)
    time.sleep(PIPELINE_GRACE_SECONDS)
    written = str(table_items(state.manifest, "provider")) + str(table_items(state.manifest, "data_event"))
    assert not [row["licenseNumber"] for row in rows if row["licenseNumber"] in written]


def test_a_file_that_is_not_text_csv_is_refused(state):
    target = state.bulk_upload()

    posted = post_upload(target, csv_file(license_rows(2)), {"Content-Type": "application/json"})

    assert s3_error(posted) == policy_failed('["eq", "$Content-Type", "text/csv"]')
    assert not object_exists(state.manifest, "bulk_uploads", target["fields"]["key"])


def test_a_file_over_the_size_limit_is_refused(state):
    target = state.bulk_upload()

    posted = post_upload(target, b"x" * (MAX_UPLOAD_BYTES + 1))

    assert s3_error(posted) == (
        400,
        "EntityTooLarge",
        "Your proposed upload exceeds the maximum allowed size",
    )
    assert ElementTree.fromstring(posted.content).findtext("MaxSizeAllowed") == str(MAX_UPLOAD_BYTES)
    assert not object_exists(state.manifest, "bulk_uploads", target["fields"]["key"])
