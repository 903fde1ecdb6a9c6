from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import keys, operational_keys

PID = "0b8f1a9e-6a55-4f64-9d43-2a4c8d0c7b11"
WHEN = datetime(2026, 3, 1, 3, 59, 59, tzinfo=UTC)
MINUS_4 = timezone(timedelta(hours=-4))


def test_iso_and_epoch_normalise_to_utc() -> None:
    assert keys.iso_utc(WHEN) == "2026-03-01T03:59:59+00:00"
    assert keys.iso_utc(datetime(2026, 2, 28, 23, 59, 59, tzinfo=MINUS_4)) == "2026-03-01T03:59:59+00:00"
    assert keys.iso_utc(datetime(2026, 3, 1, 3, 59, 59)) == "2026-03-01T03:59:59+00:00"
    assert keys.epoch_seconds(WHEN) == 1772337599
    assert keys.epoch_seconds(datetime(2026, 3, 1, 3, 59, 59)) == 1772337599


@pytest.mark.parametrize(
    ("built", "expected"),
    [
        (keys.provider_pk("aslp", PID), f"aslp#PROVIDER#{PID}"),
        (keys.provider_sk("aslp"), "aslp#PROVIDER"),
        (keys.license_sk("aslp", "oh", "slp"), "aslp#PROVIDER#license/oh/slp#"),
        (keys.privilege_sk("octp", "ne", "ota"), "octp#PROVIDER#privilege/ne/ota#"),
        (
            keys.adverse_action_sk("aslp", "privilege", "ne", "slp", "aa-1"),
            "aslp#PROVIDER#privilege/ne/slp#ADVERSE_ACTION#aa-1",
        ),
        (
            keys.adverse_action_sk("aslp", "license", "oh", "aud", "aa-2"),
            "aslp#PROVIDER#license/oh/aud#ADVERSE_ACTION#aa-2",
        ),
        (
            keys.investigation_sk("coun", "license", "ky", "lpc", "inv-1"),
            "coun#PROVIDER#license/ky/lpc#INVESTIGATION#inv-1",
        ),
        (
            keys.military_affiliation_sk("aslp", WHEN),
            "aslp#PROVIDER#military-affiliation#2026-03-01T03:59:59+00:00",
        ),
        (keys.privilege_count_key("aslp"), "aslp#PRIVILEGE_COUNT"),
        (keys.update_tier_floor("aslp", 2), "aslp#UPDATE#2"),
        (
            keys.privilege_update_sk("aslp", "ne", "slp", WHEN, "abc"),
            "aslp#UPDATE#1#privilege/ne/slp/2026-03-01T03:59:59+00:00/abc",
        ),
        (
            keys.provider_update_sk("aslp", WHEN, "abc"),
            "aslp#UPDATE#2#provider/2026-03-01T03:59:59+00:00/abc",
        ),
        (
            keys.license_update_sk("aslp", "oh", "slp", WHEN, "abc"),
            "aslp#UPDATE#3#license/oh/slp/2026-03-01T03:59:59+00:00/abc",
        ),
        (keys.provider_fam_giv_mid("Lovelace", "Ada", "May"), "lovelace#ada#may"),
        (keys.provider_fam_giv_mid("O'Brien", "Mary Ann", None), "o%27brien#mary%20ann#"),
        (keys.license_gsi_pk("aslp", "oh"), "C#aslp#J#oh"),
        (keys.license_gsi_sk("O'Brien", "Mary Ann"), "FN#o%27brien#GN#mary%20ann"),
        (keys.license_gsi_sk("Smith#Jones", "Zoë"), "FN#smith%23jones#GN#zo%C3%AB"),
        (
            keys.license_upload_date_gsi_pk("aslp", "oh", datetime(2026, 2, 28, 23, 0, tzinfo=MINUS_4)),
            "C#aslp#J#oh#D#2026-03",
        ),
        (keys.license_upload_date_gsi_sk(WHEN, "slp", PID), f"TIME#1772337599#LT#slp#PID#{PID}"),
        (keys.compact_transaction_id_gsi_pk("aslp", "120034567"), "COMPACT#aslp#TX#120034567#"),
        (keys.ssn_key("aslp", "123-45-6789"), "aslp#SSN#123-45-6789"),
        (keys.ssn_provider_gsi_pk("aslp", PID), f"aslp#PROVIDER#{PID}"),
        (keys.user_pk("sub-1"), "USER#sub-1"),
        (keys.user_sk("aslp"), "COMPACT#aslp"),
        (keys.user_fam_giv("Lovelace", "Ada"), "Lovelace#Ada"),
        (keys.compact_configuration_pk("aslp"), "aslp#CONFIGURATION"),
        (keys.compact_configuration_sk("aslp"), "aslp#CONFIGURATION"),
        (keys.jurisdiction_configuration_sk("aslp", "oh"), "aslp#JURISDICTION#oh"),
        (keys.attestations_pk("aslp"), "COMPACT#aslp#ATTESTATIONS"),
        (
            keys.attestation_sk_prefix("aslp", "en", "jurisprudence-confirmation"),
            "COMPACT#aslp#LOCALE#en#ATTESTATION#jurisprudence-confirmation#VERSION#",
        ),
        (
            keys.attestation_sk("aslp", "en", "jurisprudence-confirmation", "3"),
            "COMPACT#aslp#LOCALE#en#ATTESTATION#jurisprudence-confirmation#VERSION#3",
        ),
        (keys.active_member_jurisdictions_key("coun"), "COMPACT#coun#ACTIVE_MEMBER_JURISDICTIONS"),
        (keys.signing_keys_pk("aslp", "oh"), "aslp#SIGNATURE_KEYS#oh"),
        (keys.signing_key_sk("aslp", "oh", "key-01"), "aslp#JURISDICTION#oh#key-01"),
        (keys.transactions_pk("aslp", WHEN), "COMPACT#aslp#TRANSACTIONS#MONTH#2026-03"),
        (keys.transaction_sk("aslp", WHEN, "b-9", "t-7"), "COMPACT#aslp#TIME#1772337599#BATCH#b-9#TX#t-7"),
        (keys.unsettled_transactions_pk("aslp"), "COMPACT#aslp#UNSETTLED_TRANSACTIONS"),
        (keys.unsettled_transaction_sk("aslp", WHEN, "t-7"), "COMPACT#aslp#TIME#1772337599#TX#t-7"),
        (operational_keys.registration_attempts_pk("203.0.113.9"), "IP#203.0.113.9"),
        (operational_keys.registration_attempt_sk(WHEN), "REGISTRATION#2026-03-01T03:59:59+00:00"),
        (operational_keys.account_recovery_pk("aslp", PID), f"PROVIDER#aslp#{PID}"),
        (operational_keys.recovery_initiation_sk(WHEN), "MFARECOVERY#2026-03-01T03:59:59+00:00"),
        (operational_keys.recovery_verification_sk(WHEN), "MFARECOVERYVERIFY#2026-03-01T03:59:59+00:00"),
        (operational_keys.SSN_READ_REQUESTS_PK, "READ_SSN_REQUESTS"),
        (operational_keys.ssn_read_request_sk(WHEN, "req-1"), "TIME#1772337599#REQUEST#req-1"),
        (operational_keys.signature_nonce_pk("aslp", "oh"), "NONCE#aslp#JURISDICTION#oh"),
        (operational_keys.signature_nonce_sk("n-1"), "NONCE#n-1"),
        (operational_keys.notification_pk("aslp", "m-1"), "COMPACT#aslp#SQS_MESSAGE#m-1"),
        (operational_keys.notification_sk("provider"), "NOTIFICATION#provider#"),
        (operational_keys.notification_sk("state", "oh"), "NOTIFICATION#state#oh"),
        (operational_keys.expiration_reminder_pk("aslp", PID), f"aslp#EXPIRATION_REMINDER#{PID}"),
        (
            operational_keys.expiration_reminder_sk("privilege.expiration.7day", date(2026, 3, 8)),
            "privilege.expiration.7day#2026-03-08",
        ),
        (operational_keys.data_event_pk("aslp", "oh"), "COMPACT#aslp#JURISDICTION#oh"),
        (
            operational_keys.data_event_sk("license.ingest", WHEN, "ev-1"),
            "TYPE#license.ingest#TIME#1772337599#EVENT#ev-1",
        ),
    ],
)
def test_key_formats(built: str, expected: str) -> None:
    assert built == expected


def test_tiers_order_history_after_main_records_and_between_themselves() -> None:
    main = [
        keys.provider_sk("aslp"),
        keys.license_sk("aslp", "oh", "slp"),
        keys.privilege_sk("aslp", "ne", "slp"),
    ]
    privilege_history = keys.privilege_update_sk("aslp", "ne", "slp", WHEN, "f" * 32)
    provider_history = keys.provider_update_sk("aslp", WHEN, "f" * 32)
    license_history = keys.license_update_sk("aslp", "oh", "slp", WHEN, "0" * 32)
    assert all(sk < keys.update_tier_floor("aslp", 1) for sk in main)
    assert privilege_history < keys.update_tier_floor("aslp", 2) <= provider_history
    assert provider_history < keys.update_tier_floor("aslp", 3) <= license_history


def test_timestamped_keys_sort_chronologically() -> None:
    earlier = operational_keys.registration_attempt_sk(datetime(2026, 3, 1, 3, 59, 59, 500000, tzinfo=UTC))
    later = operational_keys.registration_attempt_sk(datetime(2026, 3, 1, 4, 0, 0, tzinfo=UTC))
    assert earlier < later


# ---- change hash ----------------------------------------------------------------------------------


def test_change_hash_is_the_md5_of_the_references_json_document() -> None:
    """``json.dumps`` defaults: sorted keys, ", " and ": " separators, non-ASCII escaped."""
    expected_document = (
        '{"previous": {"a": 1, "n": "\\u00f6"}, "removedValues": ["x", "y"], "updatedValues": {"b": "c"}}'
    )
    assert (
        keys.change_hash({"n": "ö", "a": 1}, {"b": "c"}, ["y", "x"])
        == hashlib.md5(expected_document.encode()).hexdigest()
    )


# Changes the reference recorded, with the sort-key hashes it stored for them (its own test records).
_REFERENCE_PRIVILEGE = {
    "attestations": [{"attestationId": "jurisprudence-confirmation", "version": "1"}],
    "dateOfIssuance": "2023-11-08T23:59:59+00:00",
    "dateOfRenewal": "2023-11-08T23:59:59+00:00",
    "dateOfExpiration": "2024-10-31",
    "dateOfUpdate": "2023-11-08T23:59:59+00:00",
    "compactTransactionId": "1234567890",
    "privilegeId": "AUD-NE-1",
    "administratorSetStatus": "active",
    "licenseJurisdiction": "oh",
}


@pytest.mark.parametrize(
    ("previous", "updated", "removed", "expected"),
    [
        (
            _REFERENCE_PRIVILEGE,
            {"administratorSetStatus": "inactive"},
            None,
            "aac682a76e1182a641a1b40dd606ae51",
        ),
        (
            {
                **_REFERENCE_PRIVILEGE,
                "dateOfIssuance": "2016-05-05T12:59:59+00:00",
                "dateOfRenewal": "2020-05-05T12:59:59+00:00",
                "dateOfExpiration": "2025-04-04",
                "dateOfUpdate": "2020-05-05T12:59:59+00:00",
                "compactTransactionId": "1234567890",
                "privilegeId": "SLP-NE-1",
                "investigationStatus": "underInvestigation",
            },
            {},
            ["investigationStatus"],
            "367a401a412953d2fa18e73426d613a0",
        ),
    ],
    ids=["deactivation", "closing-investigation"],
)
def test_change_hash_matches_the_references_for_the_same_change(previous, updated, removed, expected) -> None:
    assert keys.change_hash(previous, updated, removed) == expected


def test_change_hash_ignores_representation_differences() -> None:
    built = keys.change_hash(
        {"fee": Decimal("50.00"), "rate": 1.5, "jurs": {"oh", "ky"}, "at": datetime(2026, 3, 1, tzinfo=UTC)},
        {"dateOfExpiration": date(2027, 1, 1), "status": "active", "none": set()},
        ["b", "a"],
    )
    read_back = keys.change_hash(
        {
            "jurs": {"ky", "oh"},
            "at": "2026-03-01T00:00:00+00:00",
            "rate": Decimal("1.5"),
            "fee": Decimal("50"),
        },
        {"status": "active", "dateOfExpiration": "2027-01-01"},
        ["a", "b"],
    )
    assert built == read_back


def test_change_hash_counts_removed_values_whenever_the_record_has_them_even_empty() -> None:
    assert keys.change_hash({"a": 1}, {}, None) != keys.change_hash({"a": 1}, {}, [])


@pytest.mark.parametrize(
    ("previous", "updated", "removed"),
    [
        ({"a": 2}, {"b": "c"}, ["x"]),
        ({"a": 1}, {"b": "d"}, ["x"]),
        ({"a": 1}, {"b": "c"}, ["z"]),
        ({"a": 1}, {"b": "c"}, None),
        ({"a": 1, "b": "c"}, {}, ["x"]),
    ],
)
def test_change_hash_differs_when_the_change_differs(
    previous: dict, updated: dict, removed: list | None
) -> None:
    assert keys.change_hash(previous, updated, removed) != keys.change_hash({"a": 1}, {"b": "c"}, ["x"])


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


@given(
    previous=st.dictionaries(st.text(max_size=4), _values, max_size=5),
    updated=st.dictionaries(st.text(max_size=4), _values, max_size=5),
    removed=st.lists(st.text(max_size=4), max_size=4),
)
def test_change_hash_does_not_depend_on_key_or_removed_order(
    previous: dict, updated: dict, removed: list
) -> None:
    reordered_previous = dict(reversed(list(previous.items())))
    reordered_updated = dict(reversed(list(updated.items())))
    first = keys.change_hash(previous, updated, removed)
    assert first == keys.change_hash(reordered_previous, reordered_updated, list(reversed(removed)))
    assert len(first) == 32 and int(first, 16) >= 0
    # The hash is over a JSON document: a JSON round trip of the inputs changes nothing.
    assert first == keys.change_hash(
        json.loads(json.dumps(previous)), json.loads(json.dumps(updated)), removed
    )
