"""State API request signatures (core.signature): every check, both ways, in the order of spec §4.5."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from core import operational_keys
from core.clock import frozen_time
from core.errors import Unauthorized
from core.resources import running_as
from core.signature import (
    HEADERS,
    INVALID_SIGNATURE,
    canonical_query,
    enforce,
    sign_request,
    string_to_sign,
)
from state_api.routes import STATE_PROVIDER_API
from tests.functions.conftest import api_event
from tests.functions.state_api.signing import new_private_key, private_pem, store_key

NOW = datetime(2025, 3, 4, 12, 0, 0, tzinfo=UTC)
RESOURCE = "/v1/compacts/{compact}/jurisdictions/{jurisdiction}/providers/query"
PATH_PARAMS = {"compact": "aslp", "jurisdiction": "oh"}
PATH = "/v1/compacts/aslp/jurisdictions/oh/providers/query"


@pytest.fixture(autouse=True)
def as_the_state_api():
    """Signatures are checked by the function serving the signed route, with its grants."""
    with running_as(STATE_PROVIDER_API):
        yield


@pytest.fixture
def state_key(aws) -> ec.EllipticCurvePrivateKey:
    key = new_private_key()
    store_key(aws["compact_configuration"], key, "key-1")
    return key


@pytest.fixture
def frozen():
    with frozen_time(NOW):
        yield NOW


@pytest.fixture
def signed_event(state_key) -> Callable[..., dict[str, Any]]:
    """An event signed with the stored key; keyword arguments override what is signed or sent."""

    def build(
        *,
        key: ec.EllipticCurvePrivateKey | None = None,
        key_id: str = "key-1",
        method: str = "POST",
        query: dict[str, str] | None = None,
        timestamp: str | None = None,
        nonce: str | None = None,
        header_overrides: dict[str, str] | None = None,
        drop: str | None = None,
        **event_overrides: Any,
    ) -> dict[str, Any]:
        headers = sign_request(
            private_pem(key or state_key), method, PATH, query, key_id, timestamp=timestamp, nonce=nonce
        )
        headers.update(header_overrides or {})
        if drop:
            headers.pop(drop)
        event = api_event(method, RESOURCE, PATH_PARAMS, query=query, body={"a": 1}, headers=headers)
        event.update(event_overrides)
        return event

    return build


def refused(event: dict[str, Any], required: bool = True, jurisdiction: str = "oh") -> str:
    with pytest.raises(Unauthorized) as raised:
        enforce(event, "aslp", jurisdiction, required)
    assert raised.value.status_code == 401
    return raised.value.message


def nonces(aws: dict[str, Any]) -> list[dict[str, Any]]:
    return aws["rate_limiting"].scan()["Items"]


# ---- the signed string ----------------------------------------------------------------------------


def test_query_is_sorted_by_key_and_every_part_percent_encoded():
    assert canonical_query(None) == canonical_query({}) == ""
    assert canonical_query({"b": "2", "a": "x y/z&", "é": "ü"}) == "a=x%20y%2Fz%26&b=2&%C3%A9=%C3%BC"
    # repeated keys (multiValueQueryStringParameters) keep their order of appearance
    assert canonical_query({"z": ["2", "1"], "a": ["b"]}) == "a=b&z=2&z=1"


def test_string_to_sign_joins_six_values_with_newlines():
    signed = string_to_sign("get", "/v1/x", {"b": "1", "a": "2"}, "2025-03-04T12:00:00Z", "n-1", "k")
    assert signed == "GET\n/v1/x\na=2&b=1\n2025-03-04T12:00:00Z\nn-1\nk"


def test_sign_request_refuses_keys_of_other_curves():
    with pytest.raises(ValueError, match="P-256"):
        sign_request(private_pem(new_private_key(ec.SECP384R1())), "GET", "/", None, "k")


# ---- accepted requests ----------------------------------------------------------------------------


def test_a_valid_signature_passes_and_records_its_nonce(aws, frozen, signed_event):
    enforce(signed_event(nonce="abc-123"), "aslp", "oh", True)

    (item,) = nonces(aws)
    assert item["pk"] == operational_keys.signature_nonce_pk("aslp", "oh") and item[
        "sk"
    ] == operational_keys.signature_nonce_sk("abc-123")
    assert item["ttl"] == int((NOW + timedelta(seconds=180)).timestamp())


def test_header_names_are_case_insensitive(aws, frozen, signed_event):
    event = signed_event()
    event["headers"] = {name.lower(): value for name, value in event["headers"].items()}

    enforce(event, "aslp", "oh", True)


def test_the_body_is_not_signed(aws, frozen, signed_event):
    enforce(signed_event(body='{"different": true}'), "aslp", "oh", True)


def test_a_signed_query_verifies_from_the_multi_value_form(aws, frozen, signed_event):
    event = signed_event(method="GET", query={"b": "2", "a": "x y"}, httpMethod="GET")
    event["queryStringParameters"] = {"b": "ignored when the multi-value form is present", "a": "x y"}

    enforce(event, "aslp", "oh", True)


@pytest.mark.parametrize("skew", [-59, 0, 59])
def test_timestamps_within_sixty_seconds_pass(aws, frozen, signed_event, skew):
    enforce(signed_event(timestamp=(NOW + timedelta(seconds=skew)).isoformat()), "aslp", "oh", True)


def test_a_naive_timestamp_is_taken_as_utc(aws, frozen, signed_event):
    enforce(signed_event(timestamp="2025-03-04T12:00:30"), "aslp", "oh", True)
    assert "window" in refused(signed_event(timestamp="2025-03-04T08:00:30"))


def test_a_nonce_of_256_characters_passes(aws, frozen, signed_event):
    enforce(signed_event(nonce="a" * 256), "aslp", "oh", True)


def test_both_keys_of_a_rotation_are_accepted(aws, frozen, signed_event):
    new_key = new_private_key()
    store_key(aws["compact_configuration"], new_key, "key-2")

    enforce(signed_event(), "aslp", "oh", True)
    enforce(signed_event(key=new_key, key_id="key-2"), "aslp", "oh", True)


# ---- refused requests -----------------------------------------------------------------------------


@pytest.mark.parametrize("header", HEADERS)
def test_each_missing_header_is_named(aws, frozen, signed_event, header):
    assert refused(signed_event(drop=header)) == f"Missing signature header {header}"
    assert refused(signed_event(header_overrides={header: ""})) == f"Missing signature header {header}"


@pytest.mark.parametrize("nonce", ["abc_def", "a b", "nonce!", "ünïcode", "a" * 257])
def test_malformed_nonces_are_refused(aws, frozen, signed_event, nonce):
    assert "Invalid X-Nonce" in refused(signed_event(header_overrides={"X-Nonce": nonce}))
    assert nonces(aws) == []


@pytest.mark.parametrize("algorithm", ["ECDSA-SHA512", "ecdsa-sha256", "RSA-SHA256", "none"])
def test_other_algorithms_are_refused(aws, frozen, signed_event, algorithm):
    message = refused(signed_event(header_overrides={"X-Algorithm": algorithm}))
    assert message == "Unsupported X-Algorithm: only ECDSA-SHA256 is accepted"


@pytest.mark.parametrize("skew", [-61, 61, -3600, 86400])
def test_stale_and_future_timestamps_are_refused(aws, frozen, signed_event, skew):
    message = refused(signed_event(timestamp=(NOW + timedelta(seconds=skew)).isoformat()))
    assert message.startswith("Request timestamp is outside the allowed window")


def test_an_unparseable_timestamp_is_refused(aws, frozen, signed_event):
    assert "Invalid X-Timestamp" in refused(signed_event(timestamp="yesterday at noon"))


@pytest.mark.parametrize(
    "tamper",
    [
        {"path": "/v1/compacts/aslp/jurisdictions/ky/providers/query"},
        {"httpMethod": "GET"},
        {"multiValueQueryStringParameters": {"extra": ["1"]}, "queryStringParameters": {"extra": "1"}},
    ],
    ids=["path", "method", "query"],
)
def test_tampering_with_a_signed_part_breaks_the_signature(aws, frozen, signed_event, tamper):
    assert refused(signed_event(**tamper)) == INVALID_SIGNATURE
    assert nonces(aws) == []  # a refused request burns no nonce


def test_tampering_with_the_signed_timestamp_or_key_id_breaks_the_signature(aws, frozen, signed_event):
    later = (NOW + timedelta(seconds=5)).isoformat()
    assert refused(signed_event(header_overrides={"X-Timestamp": later})) == INVALID_SIGNATURE
    assert refused(signed_event(header_overrides={"X-Nonce": "other-nonce"})) == INVALID_SIGNATURE


def test_a_signature_by_another_key_is_refused(aws, frozen, signed_event):
    assert refused(signed_event(key=new_private_key())) == INVALID_SIGNATURE


def test_an_unknown_key_id_reads_exactly_like_a_bad_signature(aws, frozen, signed_event):
    unknown = refused(signed_event(key_id="no-such-key"))
    unregistrable = refused(signed_event(key_id="k" * 2000))  # never looked up (key size limit)
    bad = refused(signed_event(header_overrides={"X-Signature": "MEUCIQC7"}))
    garbage = refused(signed_event(header_overrides={"X-Signature": "not base64!"}))

    assert unknown == unregistrable == bad == garbage == INVALID_SIGNATURE


def test_a_key_of_another_state_does_not_verify_here(aws, frozen, signed_event):
    other_state_key = new_private_key()
    store_key(aws["compact_configuration"], other_state_key, "ky-key", jurisdiction="ky")

    assert refused(signed_event(key=other_state_key, key_id="ky-key")) == INVALID_SIGNATURE


def test_a_replayed_nonce_is_refused(aws, frozen, signed_event):
    event = signed_event(nonce="once-only")
    enforce(event, "aslp", "oh", True)

    assert refused(event) == "Nonce has already been used"
    assert refused(signed_event(nonce="once-only")) == "Nonce has already been used"


def test_nonces_are_per_state(aws, frozen, signed_event):
    ky_key = new_private_key()
    store_key(aws["compact_configuration"], ky_key, "ky-key", jurisdiction="ky")
    enforce(signed_event(nonce="shared"), "aslp", "oh", True)

    ky_event = signed_event(key=ky_key, key_id="ky-key", nonce="shared")
    enforce(ky_event, "aslp", "ky", True)
    assert len(nonces(aws)) == 2


def test_checks_run_in_the_specified_order(aws, frozen, signed_event):
    stale = (NOW - timedelta(minutes=5)).isoformat()
    everything_wrong = {
        "X-Nonce": "bad nonce",
        "X-Algorithm": "RSA",
        "X-Timestamp": stale,
        "X-Signature": "x",
    }

    assert (
        refused(signed_event(header_overrides=everything_wrong, drop="X-Key-Id"))
        == "Missing signature header X-Key-Id"
    )
    assert "Invalid X-Nonce" in refused(signed_event(header_overrides=everything_wrong))
    del everything_wrong["X-Nonce"]
    assert "X-Algorithm" in refused(signed_event(header_overrides=everything_wrong))
    del everything_wrong["X-Algorithm"]
    assert "outside the allowed window" in refused(signed_event(header_overrides=everything_wrong))
    del everything_wrong["X-Timestamp"]
    assert refused(signed_event(header_overrides=everything_wrong)) == INVALID_SIGNATURE


# ---- required and optional modes --------------------------------------------------------------------


def unsigned_event() -> dict[str, Any]:
    return api_event("POST", RESOURCE, PATH_PARAMS, body={"a": 1})


def test_required_mode_refuses_a_state_without_keys(aws, frozen):
    assert refused(unsigned_event()) == "Missing signature header X-Algorithm"
    other = new_private_key()
    headers = sign_request(private_pem(other), "POST", PATH, None, "any")
    event = api_event("POST", RESOURCE, PATH_PARAMS, body={}, headers=headers)
    assert refused(event) == INVALID_SIGNATURE


def test_optional_mode_lets_a_state_without_keys_call_unsigned(aws, frozen):
    enforce(unsigned_event(), "aslp", "oh", False)
    assert nonces(aws) == []


def test_optional_mode_enforces_once_the_state_has_a_key(aws, frozen, signed_event):
    assert refused(unsigned_event(), required=False) == "Missing signature header X-Algorithm"
    assert refused(signed_event(key_id="no-such-key"), required=False) == INVALID_SIGNATURE
    enforce(signed_event(), "aslp", "oh", False)


def test_optional_mode_only_counts_keys_of_the_same_state(aws, frozen, state_key):
    enforce(
        api_event("POST", RESOURCE, {"compact": "aslp", "jurisdiction": "ky"}, body={}), "aslp", "ky", False
    )
