"""GET /v1/compacts/{compact}/providers/{providerId}/ssn: who may read, the limits, the switch, the audit."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core import keys, operational_keys
from core.clock import frozen_time
from core.repositories.ssn import SsnRepository
from core.repositories.ssn_reads import SsnReadLog, is_on
from sandbox.invoke import LocalContext
from tests.functions.conftest import api_event
from tests.functions.moto_clients import moto_client
from tests.functions.staff_callers import hold
from tests.records import make_license, make_privilege, make_provider, put

SSN_ROUTE = "/v1/compacts/{compact}/providers/{providerId}/ssn"
FULL_SSN = "123-45-6789"
READER = "00000000-0000-4000-8000-00000000000a"
OTHER_READER = "00000000-0000-4000-8000-00000000000b"
START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def staff_pool(aws, monkeypatch) -> dict[str, Any]:
    """A moto staff pool holding the readers, addressed by email as the real pool is."""
    client = moto_client("cognito-idp")
    pool_id = client.create_user_pool(PoolName="staff", UsernameAttributes=["email"])["UserPool"]["Id"]
    monkeypatch.setenv("STAFF_USER_POOL_ID", pool_id)
    for email in ("reader@example.org", "other@example.org"):
        client.admin_create_user(UserPoolId=pool_id, Username=email, MessageAction="SUPPRESS")
    return {"client": client, "pool_id": pool_id}


@pytest.fixture
def provider(aws) -> str:
    """An aslp provider licensed in oh with a privilege in ne, and its SSN mapping."""
    provider_id = SsnRepository(aws["ssn"]).get_or_create_provider_id("aslp", FULL_SSN)
    record = make_provider(provider_id=provider_id, privilege_jurisdictions={"ne"})
    put(aws["provider"], record, make_license(record), make_privilege(record, "ne"))
    return provider_id


@pytest.fixture
def read_ssn(aws, staff_pool):
    from providers import ssn_api

    def call(
        provider_id: str,
        scopes: tuple[str, ...] = ("aslp/readGeneral", "aslp/readSSN"),
        user: str = "reader@example.org",
        sub: str = READER,
        compact: str = "aslp",
    ) -> dict[str, Any]:
        hold(aws["users"], scopes, user_id=sub)  # the records behind the token: the route re-checks them
        event = api_event(
            "GET", SSN_ROUTE, {"compact": compact, "providerId": provider_id}, scopes=list(scopes), sub=sub
        )
        event["requestContext"]["authorizer"]["claims"]["username"] = user
        # A fresh context per call: Lambda gives every invocation its own request id.
        response = ssn_api.lambda_handler(event, LocalContext("ProviderSsnApi", 256, 28))
        return {"status": response["statusCode"], "body": json.loads(response["body"])}

    return call


def _enabled(staff_pool, email: str) -> bool:
    return staff_pool["client"].admin_get_user(UserPoolId=staff_pool["pool_id"], Username=email)["Enabled"]


def _attempts(aws) -> list[dict[str, Any]]:
    return aws["rate_limiting"].query(
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": operational_keys.SSN_READ_REQUESTS_PK},
    )["Items"]


def test_compact_reader_gets_the_full_ssn_and_the_read_is_logged(aws, provider, read_ssn):
    with frozen_time(START):
        response = read_ssn(provider)
    assert response == {"status": 200, "body": {"ssn": FULL_SSN}}
    [attempt] = _attempts(aws)
    assert (attempt["compact"], attempt["provider_id"], attempt["staffUserId"]) == ("aslp", provider, READER)
    assert attempt["ttl"] == keys.epoch_seconds(START + timedelta(hours=24))


@pytest.mark.parametrize(
    ("scopes", "status"),
    [
        (("aslp/readGeneral", "oh/aslp.readSSN"), 200),  # the provider's home license
        (("aslp/readGeneral", "ne/aslp.readSSN"), 200),  # a privilege there
        (("aslp/readGeneral", "ky/aslp.readSSN"), 403),  # nothing of the provider's there
        (("aslp/readGeneral", "aslp/readPrivate"), 403),  # readPrivate is not readSSN
        (("aslp/readGeneral", "octp/readSSN"), 403),  # another compact
    ],
)
def test_jurisdiction_readers_only_for_providers_in_their_jurisdictions(provider, read_ssn, scopes, status):
    assert read_ssn(provider, scopes=scopes)["status"] == status


def test_refused_attempts_count_too(aws, provider, read_ssn):
    assert read_ssn(provider, scopes=("aslp/readGeneral", "ky/aslp.readSSN"))["status"] == 403
    assert len(_attempts(aws)) == 1


def test_unknown_provider_is_404_and_bad_input_names_the_problem(provider, read_ssn):
    assert read_ssn("89a6377e-c3a5-40e5-bca5-317ec854c570")["status"] == 404
    assert read_ssn("not-a-uuid")["status"] == 404
    bad_compact = read_ssn(provider, compact="nope")
    assert bad_compact["status"] == 400 and "compact" in bad_compact["body"]["message"]


def test_sixth_read_is_refused_and_seventh_disables_the_user(provider, read_ssn, staff_pool):
    with frozen_time(START):
        statuses = [read_ssn(provider)["status"] for _ in range(6)]
        assert statuses == [200] * 5 + [429]
        assert _enabled(staff_pool, "reader@example.org")
        seventh = read_ssn(provider)
    assert seventh["status"] == 429 and "5 per staff user" in seventh["body"]["message"]
    assert not _enabled(staff_pool, "reader@example.org")
    assert _enabled(staff_pool, "other@example.org")
    # Another reader is unaffected.
    assert read_ssn(provider, user="other@example.org", sub=OTHER_READER)["status"] == 200


def test_the_window_is_rolling_24_hours(provider, read_ssn):
    with frozen_time(START):
        for _ in range(5):
            assert read_ssn(provider)["status"] == 200
    with frozen_time(START + timedelta(hours=23, minutes=59)):
        assert read_ssn(provider)["status"] == 429
    with frozen_time(START + timedelta(hours=24, seconds=1)):
        assert read_ssn(provider)["status"] == 200


def _spread_attempts(read_ssn, provider: str, count: int) -> list[int]:
    """``count`` reads by distinct users, each well under the per-user limit."""
    return [
        read_ssn(provider, sub=f"00000000-0000-4000-8000-{index:012d}")["status"] for index in range(count)
    ]


def test_more_than_fifteen_reads_switch_the_endpoint_off_until_an_operator_turns_it_on(
    aws, provider, read_ssn
):
    with frozen_time(START):
        assert _spread_attempts(read_ssn, provider, 15) == [200] * 15
        tripping = read_ssn(provider, sub=OTHER_READER)
        assert tripping["status"] == 429 and "switched off" in tripping["body"]["message"]
    log = SsnReadLog(aws["rate_limiting"])
    assert not is_on(log.switch())
    with frozen_time(START + timedelta(days=3)):  # long after the window: still off
        off = read_ssn(provider)
        assert off["status"] == 503 and "operator" in off["body"]["message"]
    assert len(_attempts(aws)) == 16  # attempts at a switched-off endpoint are not counted
    with frozen_time(START + timedelta(hours=1)):
        log.set_switch(
            enabled=True, changed_at=START + timedelta(hours=1), changed_by="ops", reason="checked"
        )
        # Switching on starts the system-wide count afresh; the user limit still counts the whole day.
        assert read_ssn(provider, sub=OTHER_READER)["status"] == 200


def test_switching_on_gives_nobody_their_own_reads_back(aws, provider, read_ssn):
    with frozen_time(START):
        assert [read_ssn(provider)["status"] for _ in range(5)] == [200] * 5
        assert _spread_attempts(read_ssn, provider, 11)[-1] == 429  # the 16th attempt: switched off
    SsnReadLog(aws["rate_limiting"]).set_switch(
        enabled=True, changed_at=START + timedelta(minutes=30), changed_by="ops", reason="checked"
    )
    with frozen_time(START + timedelta(hours=1)):
        assert read_ssn(provider)["status"] == 429  # still the 6th in 24 hours for this reader
        assert read_ssn(provider, sub=OTHER_READER)["status"] == 200


@pytest.fixture
def audit_log(read_ssn) -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The function's structured log lines (its logger keeps the stream it was created with)."""
    from providers import ssn_api

    buffer = io.StringIO()
    previous = ssn_api.logger.registered_handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    ssn_api.logger.registered_handler.setStream(previous)


def test_every_outcome_is_audited_without_the_ssn(provider, read_ssn, audit_log, capsys):
    read_ssn(provider)
    read_ssn(provider, scopes=("aslp/readGeneral", "ky/aslp.readSSN"))
    audit = [line for line in audit_log() if line["message"].startswith("SSN read")]
    assert [line["message"] for line in audit] == [
        "SSN read served",
        "SSN read denied for this provider",
        "SSN read not served",
    ]
    assert all((line["compact"], line["provider_id"]) == ("aslp", provider) for line in audit)
    assert {line["user_id"] for line in audit} == {READER}
    assert FULL_SSN not in json.dumps(audit_log())
    emitted = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    names = [m["Name"] for line in emitted for m in line["_aws"]["CloudWatchMetrics"][0]["Metrics"]]
    assert names == ["read-ssn", "unauthorized-ssn-access"]
    assert {line["service"] for line in emitted} == {"ProviderSsnApi"}  # the dimension the alarms name


PROVIDER_IN_LOG = "00000000-0000-4000-8000-0000000000aa"


def test_switching_on_restarts_the_system_count_after_that_very_instant(aws):
    """An attempt made in the same second, but before the operator switched the endpoint on, is not
    counted again; one made after it is."""
    from core.models.operational import SsnReadRequest
    from core.repositories.ssn_reads import SsnReadLog

    log = SsnReadLog(aws["rate_limiting"])
    second = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)

    def at(milliseconds: int) -> datetime:
        return second + timedelta(milliseconds=milliseconds)

    def attempt(milliseconds: int, request_id: str) -> None:
        made = SsnReadRequest(
            compact="aslp",
            provider_id=PROVIDER_IN_LOG,
            staff_user_id="reader",
            request_id=request_id,
            requested_at=at(milliseconds),
        )
        log.record(made)

    attempt(100, "before")
    log.set_switch(enabled=True, changed_at=at(500), changed_by="ops", reason="t")
    attempt(700, "after")

    counted = log.attempts("reader", second + timedelta(seconds=1), log.switch())
    assert (counted.all, counted.by_user) == (1, 2)
