"""GET .../licenses/bulk-upload on the State API and the License API: a presigned POST (spec §2.1)."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from core.signature import sign_request
from tests.functions.conftest import api_event
from tests.functions.licenses.conftest import BUCKET, STATE_WRITE
from tests.functions.moto_clients import moto_client
from tests.functions.staff_callers import hold
from tests.functions.state_api.signing import new_private_key, private_pem, store_key

BULK_UPLOAD = "/v1/compacts/{compact}/jurisdictions/{jurisdiction}/licenses/bulk-upload"


@pytest.fixture
def get_url(aws, bucket, lambda_context):
    """Call the State API function (``api="state"``) or the License API one; returns ``(status, body)``.
    A staff caller holds the records behind their token (the staff route re-checks them)."""
    from licenses import bulk_upload_url

    def call(
        api: str = "state",
        scopes: list[str] | None = STATE_WRITE,
        compact: str = "aslp",
        jurisdiction: str = "oh",
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        params = {"compact": compact, "jurisdiction": jurisdiction}
        event = api_event("GET", BULK_UPLOAD, params, scopes=scopes, headers=headers)
        if api == "license" and scopes:
            hold(aws["users"], scopes)
        handler = bulk_upload_url.state_lambda_handler if api == "state" else bulk_upload_url.lambda_handler
        response = handler(event, lambda_context)
        return response["statusCode"], json.loads(response["body"])

    return call


def policy_of(fields: dict[str, str]) -> dict[str, Any]:
    return json.loads(base64.b64decode(fields["policy"]))


@pytest.mark.parametrize("api", ["state", "license"])
def test_the_upload_is_pinned_to_the_jurisdictions_prefix_a_csv_type_and_size(get_url, api):
    before = datetime.now(UTC)

    status, body = get_url(api)

    assert status == 200 and set(body) == {"upload"} and set(body["upload"]) == {"url", "fields"}
    fields = body["upload"]["fields"]
    assert re.fullmatch(r"aslp/oh/[0-9a-f]{32}", fields["key"])
    assert fields["Content-Type"] == "text/csv"
    policy = policy_of(fields)
    conditions = policy["conditions"]
    assert {"Content-Type": "text/csv"} in conditions
    assert ["content-length-range", 1, 30_000_000] in conditions
    assert {"bucket": BUCKET} in conditions and {"key": fields["key"]} in conditions
    expiry = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert timedelta(minutes=59) < expiry - before <= timedelta(minutes=61)
    assert fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256"


def test_every_url_names_a_new_object(get_url):
    keys = {get_url()[1]["upload"]["fields"]["key"] for _ in range(3)}

    assert len(keys) == 3


def test_the_presigned_post_uploads_the_file(get_url):
    upload = get_url()[1]["upload"]

    response = requests.post(
        upload["url"], data=upload["fields"], files={"file": ("oh.csv", b"ssn\r\n", "text/csv")}
    )

    assert response.status_code in (200, 204)
    stored = moto_client("s3").get_object(Bucket=BUCKET, Key=upload["fields"]["key"])
    assert stored["Body"].read() == b"ssn\r\n"


@pytest.mark.parametrize(
    ("scopes", "expected"),
    [
        (["oh/aslp.write"], {"state": 200, "license": 200}),
        (["ky/aslp.write"], {"state": 403, "license": 403}),
        (["oh/aslp.admin"], {"state": 403, "license": 403}),
        # No staff record can grant a compact-level write: a token claiming one is no longer honoured.
        (["aslp/write"], {"state": 403, "license": 401}),
        (None, {"state": 401, "license": 401}),
    ],
)
@pytest.mark.parametrize("api", ["state", "license"])
def test_only_the_states_own_write_scope_gets_a_url(get_url, api, scopes, expected):
    assert get_url(api, scopes)[0] == expected[api]


@pytest.mark.parametrize(("compact", "jurisdiction"), [("nope", "oh"), ("aslp", "tx")])
def test_the_path_must_name_an_active_member_jurisdiction(get_url, compact, jurisdiction):
    status, _ = get_url(
        scopes=[f"{jurisdiction}/{compact}.write"], compact=compact, jurisdiction=jurisdiction
    )

    assert status == 400


def test_only_the_state_api_route_checks_request_signatures(aws, get_url):
    key = new_private_key()
    store_key(aws["compact_configuration"], key, "key-1")
    path = BULK_UPLOAD.format(compact="aslp", jurisdiction="oh")

    assert get_url("state")[0] == 401
    assert get_url("state", headers=sign_request(private_pem(key), "GET", path, None, "key-1"))[0] == 200
    assert get_url("license")[0] == 200  # staff in the browser do not sign
