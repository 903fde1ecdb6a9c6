"""Behaviour of the configuration, users, transaction, SSN, rate-limiting and event-state models."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from core import operational_keys
from core.clock import frozen_time
from core.models.configuration import (
    ActiveMemberJurisdictions,
    Attestation,
    CompactCommissionFee,
    CompactConfiguration,
    JurisdictionConfiguration,
    SigningKey,
)
from core.models.operational import (
    ExpirationReminder,
    NotificationState,
    RecoveryInitiation,
    RecoveryVerification,
    RegistrationAttempt,
    SignatureNonce,
    SsnReadRequest,
    SsnRecord,
)
from core.models.staff_user import StaffUser
from core.models.transaction import Transaction, UnsettledTransaction

PID = "0b8f1a9e-6a55-4f64-9d43-2a4c8d0c7b11"
NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
NOW_EPOCH = 1772366400


# ---- compact configuration table ------------------------------------------------------------------


def _compact(**overrides: Any) -> CompactConfiguration:
    fields: dict[str, Any] = {
        "compact_abbr": "coun",
        "compact_name": "Counseling",
        "compact_commission_fee": {"fee_amount": "3.5"},
    }
    fields.update(overrides)
    return CompactConfiguration(**fields)


def test_minimal_compact_configuration_item() -> None:
    with frozen_time(NOW):
        item = _compact().to_item()
    assert item == {
        "pk": "coun#CONFIGURATION",
        "sk": "coun#CONFIGURATION",
        "type": "compact",
        "dateOfUpdate": "2026-03-01T12:00:00+00:00",
        "compactAbbr": "coun",
        "compactName": "Counseling",
        "compactCommissionFee": {"feeType": "FLAT_RATE", "feeAmount": Decimal("3.5")},
        "compactOperationsTeamEmails": [],
        "compactAdverseActionsNotificationEmails": [],
        "compactSummaryReportNotificationEmails": [],
        "licenseeRegistrationEnabled": False,
        "configuredStates": [],
    }


def test_live_jurisdictions_are_the_configured_states_marked_live() -> None:
    compact = _compact(
        configured_states=[
            {"postalAbbreviation": "oh", "isLive": True},
            {"postalAbbreviation": "ky"},
            {"postalAbbreviation": "ne", "isLive": True},
        ]
    )
    assert compact.live_jurisdictions == ["oh", "ne"]


def test_configured_states_are_unique() -> None:
    with pytest.raises(ValidationError, match="more than once"):
        _compact(
            configured_states=[{"postalAbbreviation": "oh"}, {"postalAbbreviation": "oh", "isLive": True}]
        )


@pytest.mark.parametrize("amount", ["-1", "1.005", "abc"])
def test_fees_are_non_negative_with_at_most_two_decimals(amount: str) -> None:
    with pytest.raises(ValidationError):
        CompactCommissionFee(fee_amount=amount)


def test_float_fees_become_exact_decimals_in_items() -> None:
    jurisdiction = JurisdictionConfiguration(
        compact="aslp",
        postal_abbreviation="ky",
        jurisdiction_name="Kentucky",
        privilege_fees=[{"licenseTypeAbbreviation": "aud", "amount": 10.1}],
        jurisprudence_requirements={"required": False},
    )
    with frozen_time(NOW):
        item = jurisdiction.to_item()
    assert (item["pk"], item["sk"], item["type"]) == (
        "aslp#CONFIGURATION",
        "aslp#JURISDICTION#ky",
        "jurisdiction",
    )
    assert item["privilegeFees"] == [{"licenseTypeAbbreviation": "aud", "amount": Decimal("10.1")}]
    assert item["jurisprudenceRequirements"] == {"required": False}


def _attestation(**overrides: Any) -> Attestation:
    fields: dict[str, Any] = {
        "attestation_id": "scope-of-practice-attestation",
        "compact": "aslp",
        "version": "10",
        "date_created": NOW,
        "text": "I will practise within my scope.",
        "required": True,
        "display_name": "Scope of Practice",
        "description": "Scope of practice attestation.",
    }
    fields.update(overrides)
    return Attestation(**fields)


def test_attestation_keys_and_numeric_version() -> None:
    attestation = _attestation()
    assert attestation.locale == "en"
    assert attestation.pk == "COMPACT#aslp#ATTESTATIONS"
    assert attestation.sk == "COMPACT#aslp#LOCALE#en#ATTESTATION#scope-of-practice-attestation#VERSION#10"
    assert attestation.version_number > _attestation(version="9").version_number


@pytest.mark.parametrize("version", ["v1", "", "1.0"])
def test_attestation_version_is_a_digit_string(version: str) -> None:
    with pytest.raises(ValidationError):
        _attestation(version=version)


def test_active_members_are_named_and_stored_under_the_snake_case_attribute() -> None:
    record = ActiveMemberJurisdictions.from_postal_codes("aslp", ["oh", "vi"])
    with frozen_time(NOW):
        item = record.to_item()
    assert item["pk"] == item["sk"] == "COMPACT#aslp#ACTIVE_MEMBER_JURISDICTIONS"
    assert item["active_member_jurisdictions"] == [
        {"jurisdictionName": "Ohio", "postalAbbreviation": "oh", "compact": "aslp"},
        {"jurisdictionName": "Virgin Islands", "postalAbbreviation": "vi", "compact": "aslp"},
    ]
    assert ActiveMemberJurisdictions.from_item(item).active_member_jurisdictions[1].jurisdiction_name == (
        "Virgin Islands"
    )
    with pytest.raises(KeyError):
        ActiveMemberJurisdictions.from_postal_codes("aslp", ["zz"])


def test_signing_key_keys() -> None:
    key = SigningKey(compact="aslp", jurisdiction="oh", key_id="k1", public_key="PEM", created_at=NOW)
    assert (key.pk, key.sk) == ("aslp#SIGNATURE_KEYS#oh", "aslp#JURISDICTION#oh#k1")


# ---- users ----------------------------------------------------------------------------------------


def test_staff_user_drops_empty_permission_sets_and_indexes_by_name() -> None:
    user = StaffUser(
        user_id="sub-1",
        compact="aslp",
        attributes={"email": "grace@example.org", "givenName": "Grace", "familyName": "Hopper"},
        permissions={"actions": set(), "jurisdictions": {"oh": {"write"}, "ky": set()}},
    )
    with frozen_time(NOW):
        item = user.to_item()
    assert (item["pk"], item["sk"], item["type"]) == ("USER#sub-1", "COMPACT#aslp", "user")
    assert item["famGiv"] == "Hopper#Grace"
    assert item["status"] == "inactive"
    assert item["permissions"] == {"jurisdictions": {"oh": {"write"}}}
    assert item["attributes"] == {"email": "grace@example.org", "givenName": "Grace", "familyName": "Hopper"}


# ---- transactions ---------------------------------------------------------------------------------


def test_transactions_are_filed_by_settlement_month_and_keep_processor_names() -> None:
    transaction = Transaction(
        transaction_id="t-7",
        batch={
            "batchId": "b-9",
            "settlementState": "settledSuccessfully",
            "settlementTimeLocal": "2026-02-28T20:00:00",
            "settlementTimeUTC": "2026-03-01T01:00:00Z",
        },
        line_items=[],
        compact="aslp",
        licensee_id=PID,
        response_code="1",
        settle_amount="10.00",
        submit_time_utc="2026-02-28T18:00:00Z",
        transaction_status="settledSuccessfully",
        transaction_type="authCaptureTransaction",
    )
    with frozen_time(NOW):
        item = transaction.to_item()
    assert item["pk"] == "COMPACT#aslp#TRANSACTIONS#MONTH#2026-03"
    assert item["sk"] == "COMPACT#aslp#TIME#1772326800#BATCH#b-9#TX#t-7"
    assert item["batch"]["settlementTimeUTC"] == "2026-03-01T01:00:00+00:00"
    assert item["submitTimeUTC"] == "2026-02-28T18:00:00+00:00"
    assert item["transactionProcessor"] == "authorize.net"


def test_unsettled_transaction_keys() -> None:
    unsettled = UnsettledTransaction(compact="aslp", transaction_id="t-7", transaction_date=NOW)
    with frozen_time(NOW):
        item = unsettled.to_item()
    assert (item["pk"], item["sk"]) == (
        "COMPACT#aslp#UNSETTLED_TRANSACTIONS",
        f"COMPACT#aslp#TIME#{NOW_EPOCH}#TX#t-7",
    )
    assert item["type"] == "unsettled_transaction"


# ---- SSN, rate limiting, event state --------------------------------------------------------------


def test_ssn_record_never_shows_the_ssn_in_its_repr() -> None:
    record = SsnRecord(compact="aslp", ssn="123-45-6789", provider_id=PID)
    assert "123-45-6789" not in repr(record) and "123-45-6789" not in str(record)
    assert record.to_item()["providerIdGSIpk"] == f"aslp#PROVIDER#{PID}"
    with pytest.raises(ValidationError):
        SsnRecord(compact="aslp", ssn="123456789", provider_id=PID)


@pytest.mark.parametrize(
    ("item", "ttl_after"),
    [
        (RegistrationAttempt(ip_address="203.0.113.9", attempted_at=NOW), 15 * 60),
        (RecoveryInitiation(compact="aslp", provider_id=PID, attempted_at=NOW), 60 * 60),
        (RecoveryVerification(compact="aslp", provider_id=PID, attempted_at=NOW), 15 * 60),
        (
            SsnReadRequest(
                compact="aslp", provider_id=PID, staff_user_id="s", request_id="r", requested_at=NOW
            ),
            86400,
        ),
        (SignatureNonce(compact="aslp", jurisdiction="oh", nonce="abc-123", received_at=NOW), 180),
        (
            NotificationState(
                compact="aslp",
                sqs_message_id="m-1",
                recipient_type="provider",
                status="SUCCESS",
                provider_id=PID,
                event_type="privilege.purchase",
                event_time=NOW,
            ),
            28 * 86400,
        ),
        (
            ExpirationReminder(
                compact="aslp",
                provider_id=PID,
                reminder="privilege.expiration.dayOf",
                expiration_date=date(2026, 3, 1),
                status="SUCCESS",
                event_time=NOW,
            ),
            90 * 86400,
        ),
    ],
)
def test_expiring_items_carry_a_ttl_after_their_own_timestamp(item: Any, ttl_after: int) -> None:
    assert item.to_item()["ttl"] == NOW_EPOCH + ttl_after


def test_rate_limit_and_event_state_item_shapes() -> None:
    ssn_read = SsnReadRequest(
        compact="aslp", provider_id=PID, staff_user_id="s-1", request_id="r-1", requested_at=NOW
    )
    assert ssn_read.to_item() == {
        "pk": "READ_SSN_REQUESTS",
        "sk": f"TIME#{NOW_EPOCH}#REQUEST#r-1",
        "compact": "aslp",
        "provider_id": PID,
        "staffUserId": "s-1",
        "requestId": "r-1",
        "requestedAt": "2026-03-01T12:00:00+00:00",
        "ttl": NOW_EPOCH + 86400,
    }
    notification = NotificationState(
        compact="aslp",
        sqs_message_id="m-1",
        recipient_type="provider",
        status="SUCCESS",
        provider_id=PID,
        event_type="privilege.purchase",
        event_time=NOW,
    )
    assert (notification.pk, notification.sk) == ("COMPACT#aslp#SQS_MESSAGE#m-1", "NOTIFICATION#provider#")
    reminder = ExpirationReminder(
        compact="aslp",
        provider_id=PID,
        reminder="privilege.expiration.30day",
        expiration_date=date(2026, 3, 31),
        status="FAILED",
        event_time=NOW,
    )
    assert reminder.sk == operational_keys.expiration_reminder_sk(
        "privilege.expiration.30day", date(2026, 3, 31)
    )


@pytest.mark.parametrize("nonce", ["", "has space", "semi;colon", "x" * 257])
def test_signature_nonce_format(nonce: str) -> None:
    with pytest.raises(ValidationError):
        SignatureNonce(compact="aslp", jurisdiction="oh", nonce=nonce, received_at=NOW)
