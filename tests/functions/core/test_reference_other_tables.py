# ruff: noqa: E501 (tables of stored items read best one attribute group per line)
"""Items the reference stored in the other tables read as our models, keys included (issue #11).

Shapes as the reference writes them (spec §4.4-4.8): string sets, Decimals as DynamoDB returns them,
its timestamp renderings, snake_case attributes where it used them, and older records missing fields
added later.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from core.models.base import DynamoItem
from core.models.configuration import (
    ActiveMemberJurisdictions,
    Attestation,
    CompactConfiguration,
    JurisdictionConfiguration,
    SigningKey,
)
from core.models.enums import StaffUserStatus
from core.models.operational import (
    ExpirationReminder,
    NotificationState,
    SsnReadRequest,
    SsnRecord,
)
from core.models.staff_user import StaffUser
from core.models.transaction import Transaction, UnsettledTransaction

USER_ID = "a4182428-d061-701c-82e5-a3d1d547d797"
PROVIDER_ID = "89a6377e-c3a5-40e5-bca5-317ec854c570"

REFERENCE_ITEMS: dict[str, tuple[type[DynamoItem], dict[str, Any]]] = {
    "staff user before statuses (January 2025)": (StaffUser, {
        "pk": f"USER#{USER_ID}", "sk": "COMPACT#aslp", "type": "user", "userId": USER_ID, "compact": "aslp",
        "famGiv": "Williams#Justin", "dateOfUpdate": "2024-09-12T23:59:59+00:00",
        "attributes": {"email": "justin@example.org", "givenName": "Justin", "familyName": "Williams"},
        "permissions": {"actions": {"readPrivate"}, "jurisdictions": {"oh": {"write"}}},
    }),
    "compact configuration": (CompactConfiguration, {
        "pk": "aslp#CONFIGURATION", "sk": "aslp#CONFIGURATION", "type": "compact", "compactAbbr": "aslp",
        "compactName": "Audiology and Speech Language Pathology",
        "compactCommissionFee": {"feeType": "FLAT_RATE", "feeAmount": Decimal("3.5")},
        "transactionFeeConfiguration": {
            "licenseeCharges": {"active": True, "chargeType": "FLAT_FEE_PER_PRIVILEGE", "chargeAmount": Decimal("3")}
        },
        "compactOperationsTeamEmails": ["ops@example.org"],
        "compactAdverseActionsNotificationEmails": ["adverse@example.org"],
        "compactSummaryReportNotificationEmails": ["summary@example.org"],
        "licenseeRegistrationEnabled": True,
        "configuredStates": [{"postalAbbreviation": "ky", "isLive": True}, {"postalAbbreviation": "oh", "isLive": False}],
        "dateOfUpdate": "2024-10-04T12:34:56+00:00",
    }),
    "jurisdiction configuration": (JurisdictionConfiguration, {
        "pk": "aslp#CONFIGURATION", "sk": "aslp#JURISDICTION#oh", "type": "jurisdiction", "compact": "aslp",
        "jurisdictionName": "ohio", "postalAbbreviation": "oh",
        "privilegeFees": [
            {"licenseTypeAbbreviation": "aud", "amount": Decimal("100"), "militaryRate": Decimal("40")},
            {"licenseTypeAbbreviation": "slp", "amount": Decimal("100.5"), "militaryRate": None},
        ],
        "jurisdictionOperationsTeamEmails": ["ops@oh.example.gov"],
        "jurisdictionAdverseActionsNotificationEmails": ["adverse@oh.example.gov"],
        "jurisdictionSummaryReportNotificationEmails": ["summary@oh.example.gov"],
        "licenseeRegistrationEnabled": True, "jurisprudenceRequirements": {"required": True},
        "dateOfUpdate": "2024-10-04T12:34:56+00:00",
    }),
    "attestation": (Attestation, {
        "pk": "COMPACT#aslp#ATTESTATIONS",
        "sk": "COMPACT#aslp#LOCALE#en#ATTESTATION#jurisprudence-confirmation#VERSION#1",
        "type": "attestation", "attestationId": "jurisprudence-confirmation", "compact": "aslp", "version": "1",
        "displayName": "Jurisprudence Confirmation", "description": "For the jurisprudence confirmation",
        "dateCreated": "2024-06-06T23:59:59+00:00", "dateOfUpdate": "2024-06-06T23:59:59+00:00",
        "text": "You attest that you have read the jurisprudence requirements.", "required": True, "locale": "en",
    }),
    "active member list (no type, snake_case)": (ActiveMemberJurisdictions, {
        "pk": "COMPACT#aslp#ACTIVE_MEMBER_JURISDICTIONS", "sk": "COMPACT#aslp#ACTIVE_MEMBER_JURISDICTIONS",
        "active_member_jurisdictions": [{"jurisdictionName": "Ohio", "postalAbbreviation": "oh", "compact": "aslp"}],
    }),
    "signing key (microseconds, no type)": (SigningKey, {
        "pk": "aslp#SIGNATURE_KEYS#oh", "sk": "aslp#JURISDICTION#oh#key-2024", "compact": "aslp",
        "jurisdiction": "oh", "keyId": "key-2024", "createdAt": "2024-06-06T23:59:59.123456+00:00",
        "publicKey": "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n",
    }),
    "settled transaction": (Transaction, {
        "pk": "COMPACT#aslp#TRANSACTIONS#MONTH#2024-01",
        "sk": "COMPACT#aslp#TIME#1704114000#BATCH#67890#TX#120034567",
        "type": "transaction", "dateOfUpdate": "2024-01-02T15:13:58+00:00", "transactionProcessor": "authorize.net",
        "transactionId": "120034567",
        "batch": {"batchId": "67890", "settlementState": "settledSuccessfully",
                  "settlementTimeLocal": "2024-01-01T08:00:00", "settlementTimeUTC": "2024-01-01T13:00:00.000Z"},
        "lineItems": [
            {"description": "Compact Privilege for Ohio", "itemId": "priv:aslp-oh-slp", "name": "Ohio Compact Privilege",
             "quantity": "1.0", "taxable": "False", "unitPrice": "100.00", "privilegeId": "UNKNOWN"},
            {"description": "Compact fee", "itemId": "aslp-compact-fee", "name": "ASLP Compact Fee",
             "quantity": "1", "taxable": "False", "unitPrice": "10.50"},
        ],
        "compact": "aslp", "licenseeId": PROVIDER_ID, "responseCode": "1", "settleAmount": "110.50",
        "submitTimeUTC": "2024-01-01T12:00:00.000Z", "transactionStatus": "settledSuccessfully",
        "transactionType": "authCaptureTransaction",
    }),
    "unsettled transaction (space-separated update time)": (UnsettledTransaction, {
        "pk": "COMPACT#aslp#UNSETTLED_TRANSACTIONS", "sk": "COMPACT#aslp#TIME#1748781296#TX#120034568",
        "type": "unsettled_transaction", "compact": "aslp", "transactionId": "120034568",
        "transactionDate": "2025-06-01T12:34:56+00:00", "dateOfUpdate": "2025-06-01 12:34:56+00:00",
    }),
    "SSN mapping": (SsnRecord, {
        "pk": "aslp#SSN#123-45-6789", "sk": "aslp#SSN#123-45-6789", "type": "provider-ssn", "compact": "aslp",
        "ssn": "123-45-6789", "providerId": PROVIDER_ID, "providerIdGSIpk": f"aslp#PROVIDER#{PROVIDER_ID}",
    }),
    "SSN read (float time, snake_case id)": (SsnReadRequest, {
        "pk": "READ_SSN_REQUESTS", "sk": "TIME#1731110399.0#REQUEST#6c1d2a8e-0000-4000-8000-000000000001",
        "compact": "aslp", "provider_id": PROVIDER_ID, "staffUserId": USER_ID, "ttl": Decimal("1731196799"),
    }),
    "notification state (str() event time)": (NotificationState, {
        "pk": "COMPACT#aslp#SQS_MESSAGE#0b2f9c1e-msg", "sk": "NOTIFICATION#state#oh", "status": "SUCCESS",
        "providerId": PROVIDER_ID, "eventType": "license.encumbrance", "eventTime": "2025-06-01 12:34:56+00:00",
        "jurisdiction": "oh", "ttl": Decimal("1751200000"),
    }),
    "expiration reminder": (ExpirationReminder, {
        "pk": f"aslp#EXPIRATION_REMINDER#{PROVIDER_ID}", "sk": "privilege.expiration.30day#2026-01-31",
        "status": "SUCCESS", "compact": "aslp", "providerId": PROVIDER_ID, "expirationDate": "2026-01-31",
        "eventType": "privilege.expiration.30day", "ttl": Decimal("1777777777"),
    }),
}  # fmt: skip


# Keys we render differently but that sort and count the same: the reference wrote a float's str().
REKEYED = {
    "SSN read (float time, snake_case id)": "TIME#1731110399#REQUEST#6c1d2a8e-0000-4000-8000-000000000001"
}


@pytest.mark.parametrize(("name", "model", "item"), [(name, *case) for name, case in REFERENCE_ITEMS.items()],
                         ids=list(REFERENCE_ITEMS))  # fmt: skip
def test_it_reads_and_names_the_key_it_is_stored_under(
    name: str, model: type[DynamoItem], item: dict
) -> None:
    record = model.from_item(item)

    assert (record.pk, record.sk) == (item["pk"], REKEYED.get(name, item["sk"]))


def test_a_reminder_was_recorded_its_lifetime_before_it_expires() -> None:
    _, item = REFERENCE_ITEMS["expiration reminder"]
    assert ExpirationReminder.from_item(item).to_item()["ttl"] == item["ttl"]


def test_a_staff_user_stored_before_statuses_reads_as_not_yet_signed_in() -> None:
    _, item = REFERENCE_ITEMS["staff user before statuses (January 2025)"]
    assert StaffUser.from_item(item).status is StaffUserStatus.INACTIVE
