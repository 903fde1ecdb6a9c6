"""Every record type survives model -> item -> DynamoDB -> item -> model -> item unchanged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from boto3.dynamodb.types import TypeSerializer

from core.clock import frozen_time
from core.models.base import DynamoItem, Record
from core.models.configuration import (
    ActiveMemberJurisdictions,
    Attestation,
    CompactConfiguration,
    JurisdictionConfiguration,
    SigningKey,
)
from core.models.history import ProviderUpdate
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
from core.models.privilege import PrivilegeCounter
from core.models.staff_user import StaffUser
from core.models.transaction import Transaction, UnsettledTransaction
from tests.records import (
    PROVIDER_ID,
    make_adverse_action,
    make_investigation,
    make_license,
    make_license_update,
    make_military_affiliation,
    make_privilege,
    make_privilege_update,
    make_provider,
)

OTHER_PROVIDER_ID = "5e0c3c2a-1f4b-4b8e-a3a1-7d1d2f7c9e42"
ADVERSE_ACTION_ID = "7f6c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f"
INVESTIGATION_ID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
EARLIER = datetime(2025, 11, 20, 8, 15, 30, tzinfo=UTC)

PROVIDER = make_provider(
    provider_id=PROVIDER_ID,
    encumbered_status="unencumbered",
    suffix="Jr.",
    pending_email_address="new@example.org",
    email_verification_code="1234",
    email_verification_expiry=EARLIER,
    recovery_token="$argon2id$v=19$m=65536,t=3,p=4$abc$def",
    recovery_expiry=EARLIER,
    military_status="tentative",
    military_status_note="",
    privilege_jurisdictions={"ne", "ky"},
)
LICENSE = make_license(
    PROVIDER,
    license_status_name="Active in good standing",
    suffix="III",
    home_address_street2="Apt 2",
    encumbered_status="encumbered",
    investigation_status="underInvestigation",
)
PRIVILEGE = make_privilege(
    PROVIDER,
    "ne",
    12,
    date_of_issuance=EARLIER,
    date_of_renewal=EARLIER,
    compact_transaction_id="120034567",
    attestations=[{"attestation_id": "jurisprudence-confirmation", "version": "1"}],
    encumbered_status="licenseEncumbered",
    investigation_status="underInvestigation",
)

SAMPLES: dict[str, DynamoItem] = {
    "provider": PROVIDER,
    "license": LICENSE,
    "privilege": PRIVILEGE,
    "privilegeCounter": PrivilegeCounter(compact="aslp", privilege_count=41),
    "privilegeUpdate": make_privilege_update(
        PRIVILEGE,
        "encumbrance",
        NOW,
        updated_values={"encumberedStatus": "encumbered"},
        removed_values=["investigationStatus"],
        effective_date=datetime(2026, 2, 27, 16, tzinfo=UTC),
        deactivation_details={
            "note": "Board order",
            "deactivated_by_staff_user_id": "sub-1",
            "deactivated_by_staff_user_name": "Grace Hopper",
        },
        encumbrance_details={
            "clinical_privilege_action_categories": ["Misconduct or Abuse"],
            "adverse_action_id": ADVERSE_ACTION_ID,
            "license_jurisdiction": "oh",
        },
        investigation_details={"investigation_id": INVESTIGATION_ID, "license_jurisdiction": "oh"},
    ),
    "providerUpdate": ProviderUpdate(
        provider_id=PROVIDER_ID,
        compact="aslp",
        update_type="homeJurisdictionChange",
        previous={"currentHomeJurisdiction": "oh", "privilegeJurisdictions": {"ne"}, "fee": Decimal("12.50")},
        updated_values={"currentHomeJurisdiction": "ky"},
        create_date=NOW,
        effective_date=NOW,
    ),
    "licenseUpdate": make_license_update(
        LICENSE, "renewal", NOW, updated_values={"dateOfExpiration": "2029-01-15"}
    ),
    "adverseAction": make_adverse_action(
        PRIVILEGE,
        adverse_action_id=ADVERSE_ACTION_ID,
        clinical_privilege_action_categories=["Unsafe Practice or Substandard Care", "Other"],
        effective_start_date=date(2026, 2, 27),
        submitting_user="sub-1",
        creation_date=EARLIER,
        effective_lift_date=date(2026, 2, 28),
        lifting_user="sub-2",
    ),
    "investigation": make_investigation(
        LICENSE,
        investigation_id=INVESTIGATION_ID,
        submitting_user="sub-1",
        creation_date=EARLIER,
        close_date=NOW,
        closing_user="sub-2",
        resulting_encumbrance_id=ADVERSE_ACTION_ID,
    ),
    "militaryAffiliation": make_military_affiliation(
        PROVIDER, affiliation_type="militaryMemberSpouse", date_of_upload=EARLIER
    ),
    "compact": CompactConfiguration(
        compact_abbr="aslp",
        compact_name="Audiology and Speech Language Pathology",
        compact_commission_fee={"fee_amount": Decimal("3.50")},
        transaction_fee_configuration={"licensee_charges": {"active": True, "charge_amount": 2}},
        compact_operations_team_emails=["ops@example.org"],
        compact_adverse_actions_notification_emails=["aa@example.org"],
        compact_summary_report_notification_emails=["sum@example.org"],
        licensee_registration_enabled=True,
        configured_states=[{"postal_abbreviation": "oh", "is_live": True}, {"postal_abbreviation": "ky"}],
        payment_processor_public_fields={"public_client_key": "pck", "api_login_id": "login"},
    ),
    "jurisdiction": JurisdictionConfiguration(
        compact="aslp",
        postal_abbreviation="oh",
        jurisdiction_name="Ohio",
        privilege_fees=[
            {"license_type_abbreviation": "aud", "amount": Decimal("100"), "military_rate": Decimal("50.25")},
            {"license_type_abbreviation": "slp", "amount": 75.5},
        ],
        jurisdiction_operations_team_emails=["oh-ops@example.org"],
        jurisdiction_adverse_actions_notification_emails=["oh-aa@example.org"],
        jurisdiction_summary_report_notification_emails=["oh-sum@example.org"],
        licensee_registration_enabled=True,
        jurisprudence_requirements={"required": True, "link_to_documentation": "https://example.org/law"},
    ),
    "attestation": Attestation(
        attestation_id="jurisprudence-confirmation",
        compact="aslp",
        version="2",
        date_created=EARLIER,
        text="I understand the laws of the states I practise in.",
        required=True,
        display_name="Jurisprudence Confirmation",
        description="Confirms the jurisprudence requirements.",
        locale="en",
    ),
    "activeMembers": ActiveMemberJurisdictions.from_postal_codes("octp", ["oh", "ky"]),
    "signingKey": SigningKey(
        compact="aslp",
        jurisdiction="oh",
        key_id="key-01",
        public_key="-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n",
        created_at=EARLIER,
    ),
    "staffUser": StaffUser(
        user_id="a1b2c3d4-sub",
        compact="aslp",
        attributes={"email": "grace@example.org", "given_name": "Grace", "family_name": "Hopper"},
        permissions={"actions": {"admin", "readPrivate"}, "jurisdictions": {"oh": {"write", "admin"}}},
        status="active",
    ),
    "transaction": Transaction(
        transaction_id="120034567",
        batch={
            "batch_id": "b-9",
            "settlement_state": "settledSuccessfully",
            "settlement_time_local": "2026-02-28T21:00:00",
            "settlement_time_utc": datetime(2026, 3, 1, 2, tzinfo=UTC),
        },
        line_items=[
            {
                "item_id": "priv:aslp-ne-slp",
                "name": "Nebraska Compact Privilege",
                "description": "Compact Privilege for Nebraska",
                "quantity": "1",
                "taxable": False,
                "unit_price": "75.00",
                "privilege_id": "SLP-NE-12",
            },
            {
                "item_id": "aslp-compact-fee",
                "name": "Compact Fee",
                "description": "Compact fee",
                "quantity": "1",
                "taxable": False,
                "unit_price": "3.50",
            },
        ],
        compact="aslp",
        licensee_id=PROVIDER_ID,
        response_code="1",
        settle_amount="78.50",
        submit_time_utc=EARLIER,
        transaction_status="settledSuccessfully",
        transaction_type="authCaptureTransaction",
    ),
    "unsettledTransaction": UnsettledTransaction(
        compact="aslp", transaction_id="120034567", transaction_date=EARLIER
    ),
    "ssn": SsnRecord(compact="aslp", ssn="123-45-6789", provider_id=PROVIDER_ID),
    "registrationAttempt": RegistrationAttempt(
        ip_address="203.0.113.9", attempted_at=datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
    ),
    "recoveryInitiation": RecoveryInitiation(compact="aslp", provider_id=PROVIDER_ID, attempted_at=NOW),
    "recoveryVerification": RecoveryVerification(compact="aslp", provider_id=PROVIDER_ID, attempted_at=NOW),
    "ssnReadRequest": SsnReadRequest(
        compact="aslp",
        provider_id=OTHER_PROVIDER_ID,
        staff_user_id="sub-1",
        request_id="req-1",
        requested_at=NOW,
    ),
    "signatureNonce": SignatureNonce(compact="aslp", jurisdiction="oh", nonce="a1-b2", received_at=NOW),
    "notificationState": NotificationState(
        compact="aslp",
        sqs_message_id="m-1",
        recipient_type="state",
        jurisdiction="oh",
        status="FAILED",
        provider_id=PROVIDER_ID,
        event_type="license.encumbrance",
        event_time=NOW,
        error_message="SES throttled",
    ),
    "expirationReminder": ExpirationReminder(
        compact="aslp",
        provider_id=PROVIDER_ID,
        reminder="privilege.expiration.30day",
        expiration_date=date(2026, 3, 31),
        status="SUCCESS",
        event_time=NOW,
    ),
}


def _item(model: DynamoItem) -> dict[str, Any]:
    return model.to_item()


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_item_survives_dynamodb_and_reloading(
    name: str, dynamodb_roundtrip: Callable[[dict[str, Any]], dict[str, Any]]
) -> None:
    model = SAMPLES[name]
    with frozen_time(NOW):
        item = _item(model)
        TypeSerializer().serialize(item)  # boto3 accepts every value (no floats, no unsupported types)
        stored = dynamodb_roundtrip(item)
        assert stored == item
        reloaded = type(model).from_item(stored)
        assert _item(reloaded) == item
    assert reloaded.pk == model.pk and reloaded.sk == model.sk
    if isinstance(model, Record):
        assert item["type"] == model.record_type
        assert item["dateOfUpdate"] == "2026-03-01T12:00:00+00:00"
        # Reloaded records keep their stored date when copied without stamping.
        assert reloaded.to_item(stamp=False) == item
    else:
        assert "type" not in item and "dateOfUpdate" not in item


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_items_hold_no_empty_sets_or_nones(name: str) -> None:
    def check(value: Any) -> None:
        assert value is not None
        if isinstance(value, set):
            assert value
        if isinstance(value, dict):
            for nested in value.values():
                check(nested)
        if isinstance(value, list):
            for nested in value:
                check(nested)

    with frozen_time(NOW):
        item = SAMPLES[name].to_item()
    for key, value in item.items():
        if key not in ("previous", "updatedValues"):  # snapshots may legitimately hold nulls
            check(value)
