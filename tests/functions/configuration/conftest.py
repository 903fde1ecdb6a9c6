"""Shared pieces of the configuration tests: calling a handler, request bodies, stored records."""

from __future__ import annotations

import json
from typing import Any

import pytest

from configuration.uploader import lambda_handler as upload
from core.models.configuration import (
    CompactCommissionFee,
    CompactConfiguration,
    PaymentProcessorPublicFields,
)
from core.repositories.configuration import ConfigurationRepository
from tests.functions.staff_callers import hold

COMPACT = "/v1/compacts/{compact}"
JURISDICTIONS = "/v1/compacts/{compact}/jurisdictions"
JURISDICTION = "/v1/compacts/{compact}/jurisdictions/{jurisdiction}"

COMPACT_ADMIN = ["profile", "aslp/readGeneral", "aslp/admin"]
OHIO_ADMIN = ["profile", "aslp/readGeneral", "oh/aslp.admin"]
OTHER_COMPACT_ADMIN = ["profile", "octp/readGeneral", "octp/admin", "oh/octp.admin"]
READ_GENERAL_ONLY = ["profile", "aslp/readGeneral"]


@pytest.fixture
def callers(aws) -> None:
    """The records behind every token these tests send: the admin routes re-check them."""
    hold(aws["users"], COMPACT_ADMIN, OHIO_ADMIN, OTHER_COMPACT_ADMIN, READ_GENERAL_ONLY)


def call(handler: Any, event: dict[str, Any]) -> tuple[int, Any]:
    """Invoke a Lambda handler with an API Gateway event; return status and decoded body."""
    response = handler(event, None)
    return response["statusCode"], json.loads(response["body"])


def compact_body(**overrides: Any) -> dict[str, Any]:
    """A valid compact configuration PUT body, shaped like the reference OAS request schema."""
    body: dict[str, Any] = {
        "compactCommissionFee": {"feeType": "FLAT_RATE", "feeAmount": 3.5},
        "transactionFeeConfiguration": {
            "licenseeCharges": {"active": True, "chargeType": "FLAT_FEE_PER_PRIVILEGE", "chargeAmount": 2}
        },
        "compactOperationsTeamEmails": ["ops@example.org"],
        "compactAdverseActionsNotificationEmails": ["adverse@example.org"],
        "compactSummaryReportNotificationEmails": ["summary@example.org"],
        "licenseeRegistrationEnabled": False,
        "configuredStates": [],
    }
    return {**body, **overrides}


def jurisdiction_body(**overrides: Any) -> dict[str, Any]:
    """A valid aslp jurisdiction configuration PUT body (license types aud and slp)."""
    body: dict[str, Any] = {
        "privilegeFees": [
            {"licenseTypeAbbreviation": "aud", "amount": 100, "militaryRate": 50.25},
            {"licenseTypeAbbreviation": "slp", "amount": 75.5, "militaryRate": None},
        ],
        "jurisprudenceRequirements": {"required": True, "linkToDocumentation": "https://oh.example.gov/law"},
        "jurisdictionOperationsTeamEmails": ["ops@oh.example.gov"],
        "jurisdictionAdverseActionsNotificationEmails": ["adverse@oh.example.gov"],
        "jurisdictionSummaryReportNotificationEmails": ["summary@oh.example.gov"],
        "licenseeRegistrationEnabled": False,
    }
    return {**body, **overrides}


def compact_record(**overrides: Any) -> CompactConfiguration:
    values: dict[str, Any] = {
        "compact_abbr": "aslp",
        "compact_name": "Audiology and Speech Language Pathology",
        "compact_commission_fee": CompactCommissionFee(fee_amount="3.50"),
        "compact_operations_team_emails": ["ops@example.org"],
        "compact_adverse_actions_notification_emails": ["adverse@example.org"],
        "compact_summary_report_notification_emails": ["summary@example.org"],
    }
    return CompactConfiguration(**{**values, **overrides})


PAYMENT_FIELDS = PaymentProcessorPublicFields(public_client_key="public-key", api_login_id="login-id")


@pytest.fixture
def members(aws):
    """Active member records as the deploy-time uploader writes them."""
    upload({"compacts": {"aslp": ["oh", "ky", "ne"], "octp": ["oh"]}, "attestations": []}, None)
    return aws


@pytest.fixture
def repository(aws) -> ConfigurationRepository:
    return ConfigurationRepository(aws["compact_configuration"])


@pytest.fixture
def store(repository):
    """Write a compact record directly, as the credentials upload or an earlier PUT would have."""

    def write(record: CompactConfiguration) -> CompactConfiguration:
        repository.table.put_item(Item=record.to_item())
        return repository.compact_configuration(record.compact_abbr)

    return write
