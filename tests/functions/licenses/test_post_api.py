"""POST /v1/compacts/{compact}/jurisdictions/{jurisdiction}/licenses (State API, spec §2.1)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.signature import sign_request
from licenses.schema import SSN_CORRECTIONS_DISABLED
from tests.functions.conftest import api_event
from tests.functions.licenses.conftest import STATE_WRITE, valid_row
from tests.functions.state_api.signing import new_private_key, private_pem, store_key

LICENSES = "/v1/compacts/{compact}/jurisdictions/{jurisdiction}/licenses"


@pytest.fixture
def post(queue, lambda_context):
    """POST the body as a state client; returns ``(status, body)``."""
    from licenses.post_api import lambda_handler

    def call(
        body: Any,
        scopes: list[str] | None = STATE_WRITE,
        compact: str = "aslp",
        jurisdiction: str = "oh",
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        params = {"compact": compact, "jurisdiction": jurisdiction}
        event = api_event("POST", LICENSES, params, body=body, scopes=scopes, headers=headers)
        response = lambda_handler(event, lambda_context)
        return response["statusCode"], json.loads(response["body"])

    return call


def rows(count: int) -> list[dict[str, Any]]:
    return [valid_row(ssn=f"100-{index // 10000:02d}-{index % 10000:04d}") for index in range(count)]


def test_valid_licenses_are_queued_with_where_and_when(post, queue):
    status, body = post(
        [valid_row(), valid_row(ssn="111-22-3333", licenseType=" speech-language pathologist ")]
    )

    assert (status, body) == (200, {"message": "OK"})
    messages = {message["ssn"]: message for message in queue.messages()}
    first = messages["123-45-6789"]
    assert first == {**valid_row(), "compact": "aslp", "jurisdiction": "oh", "eventTime": first["eventTime"]}
    assert first["eventTime"].endswith("+00:00")
    assert messages["111-22-3333"]["licenseType"] == "speech-language pathologist"  # trimmed


def test_rows_are_sent_ten_per_batch(post, send_spy, queue):
    assert post(rows(25))[0] == 200

    assert send_spy.batch_sizes == [10, 10, 5]
    assert len(queue.messages()) == 25


def test_one_invalid_row_rejects_the_request_and_nothing_is_sent(post, queue):
    status, body = post([valid_row(), valid_row(ssn="111-22-3333", dateOfBirth="1985-02-30"), 7])

    assert status == 400
    assert body["errors"] == {
        "1": {"dateOfBirth": ["Must be a real date in the format YYYY-MM-DD."]},
        "2": {"row": ["INVALID_JSON_OBJECT: each license must be a JSON object."]},
    }
    assert "No license was accepted" in body["message"]
    assert queue.messages() == []


def test_a_repeated_ssn_and_license_type_is_refused(post, queue):
    status, body = post([valid_row(), valid_row(givenName="Other")])

    assert status == 400
    assert body["errors"] == {"1": {"ssn": ["Duplicate license: index 0 has the same ssn and licenseType."]}}
    assert queue.messages() == []


def test_previous_ssn_corrections_are_refused(post, queue):
    status, body = post([valid_row(previousSSN="987-65-4321")])

    assert status == 400 and body["errors"] == {"0": {"previousSSN": [SSN_CORRECTIONS_DISABLED]}}
    assert queue.messages() == []


def test_at_most_100_rows(post, queue):
    assert post(rows(100))[0] == 200
    queue.messages()

    status, body = post(rows(101))
    assert status == 400 and "at most 100" in body["message"]
    assert queue.messages() == []


@pytest.mark.parametrize("body", [{"ssn": "123-45-6789"}, "text", 3])
def test_the_body_must_be_an_array(post, body):
    assert post(json.dumps(body))[0] == 400


def test_an_empty_array_queues_nothing(post, queue):
    assert post([]) == (200, {"message": "OK"})
    assert queue.messages() == []


@pytest.mark.parametrize(
    ("scopes", "expected"),
    [
        (["oh/aslp.write"], 200),
        (["aslp/write"], 403),  # passes the gateway; uploads are the state's own call
        (["ky/aslp.write"], 403),
        (["oh/octp.write"], 403),
        (["oh/aslp.admin", "aslp/readGeneral"], 403),
        (None, 401),
    ],
)
def test_only_the_states_own_write_scope_may_upload(post, queue, scopes, expected):
    status, _ = post([valid_row()], scopes=scopes)

    assert status == expected
    assert len(queue.messages()) == (1 if expected == 200 else 0)


@pytest.mark.parametrize(("compact", "jurisdiction"), [("nope", "oh"), ("aslp", "tx"), ("aslp", "xx")])
def test_the_path_must_name_an_active_member_jurisdiction(post, compact, jurisdiction):
    status, body = post(
        [valid_row()], scopes=[f"{jurisdiction}/{compact}.write"], compact=compact, jurisdiction=jurisdiction
    )

    assert status == 400 and "Invalid" in body["message"]


def test_license_types_are_the_compacts_own(post):
    status, body = post([valid_row(licenseType="occupational therapist")])

    assert status == 400 and list(body["errors"]["0"]) == ["licenseType"]


def test_failed_entries_are_retried(post, send_spy, queue):
    send_spy.failures = [{"3", "7"}, {"3"}]  # first call: two entries fail; their retry: one fails again

    assert post(rows(10))[0] == 200

    assert send_spy.batch_sizes == [10, 2, 1]
    assert len(queue.messages()) == 10


def test_entries_failing_every_attempt_are_a_503_the_state_may_retry(post, send_spy):
    send_spy.failures = [{"0"}] * 4

    status, body = post(rows(3))

    assert status == 503 and "retried safely" in body["message"]


def test_signed_requests_are_required_once_the_state_has_a_key(aws, post):
    key = new_private_key()
    store_key(aws["compact_configuration"], key, "key-1")
    path = LICENSES.format(compact="aslp", jurisdiction="oh")

    assert post([valid_row()])[0] == 401
    assert post([valid_row()], headers=sign_request(private_pem(key), "POST", path, None, "key-1"))[0] == 200
