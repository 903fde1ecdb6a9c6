"""GET/PUT /v1/compacts/{compact} through the staff configuration function's real handler."""

from __future__ import annotations

import pytest

from configuration.admin_api import lambda_handler
from core.models.configuration import ConfiguredState, TransactionFeeConfiguration
from tests.functions.configuration.conftest import (
    COMPACT,
    COMPACT_ADMIN,
    OHIO_ADMIN,
    OTHER_COMPACT_ADMIN,
    PAYMENT_FIELDS,
    READ_GENERAL_ONLY,
    call,
    compact_body,
    compact_record,
)
from tests.functions.conftest import api_event

pytestmark = pytest.mark.usefixtures("callers")


def _get(scopes: list[str] | None = COMPACT_ADMIN, compact: str = "aslp"):
    return call(lambda_handler, api_event("GET", COMPACT, {"compact": compact}, scopes=scopes))


def _put(body, scopes: list[str] | None = COMPACT_ADMIN, compact: str = "aslp"):
    return call(lambda_handler, api_event("PUT", COMPACT, {"compact": compact}, body=body, scopes=scopes))


# ---- authorisation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scopes", "expected"),
    [(COMPACT_ADMIN, 200), (OHIO_ADMIN, 403), (OTHER_COMPACT_ADMIN, 403), (READ_GENERAL_ONLY, 403)],
    ids=["compact-admin", "jurisdiction-admin", "other-compact-admin", "read-general-only"],
)
def test_only_the_compacts_own_admins_read_and_write_its_configuration(aws, scopes, expected):
    assert _get(scopes)[0] == expected
    assert _put(compact_body(), scopes)[0] == expected


def test_a_request_without_claims_is_401(aws):
    assert _get(scopes=None) == (401, {"message": "Unauthorized"})
    assert _put(compact_body(), scopes=None)[0] == 401


def test_an_unknown_compact_is_a_400_naming_it(aws):
    status, body = _get(["nursing/admin"], compact="nursing")

    assert status == 400
    assert "nursing" in body["message"]


# ---- GET ------------------------------------------------------------------------------------------


def test_an_unconfigured_compact_reads_as_the_empty_default(aws):
    status, body = _get()

    assert status == 200
    assert body == {
        "compactAbbr": "aslp",
        "compactName": "Audiology and Speech Language Pathology",
        "compactCommissionFee": {"feeType": "FLAT_RATE", "feeAmount": None},
        "compactOperationsTeamEmails": [],
        "compactAdverseActionsNotificationEmails": [],
        "compactSummaryReportNotificationEmails": [],
        "licenseeRegistrationEnabled": False,
        "configuredStates": [],
    }


def test_a_stored_configuration_is_returned_without_internal_fields(store):
    store(
        compact_record(
            configured_states=[ConfiguredState(postal_abbreviation="oh", is_live=True)],
            payment_processor_public_fields=PAYMENT_FIELDS,
            transaction_fee_configuration=TransactionFeeConfiguration.model_validate(
                {"licenseeCharges": {"active": True, "chargeAmount": "2.00"}}
            ),
        )
    )

    status, body = _get()

    assert status == 200
    assert body["compactCommissionFee"] == {"feeType": "FLAT_RATE", "feeAmount": 3.5}
    assert body["transactionFeeConfiguration"] == {
        "licenseeCharges": {"active": True, "chargeType": "FLAT_FEE_PER_PRIVILEGE", "chargeAmount": 2}
    }
    assert body["configuredStates"] == [{"postalAbbreviation": "oh", "isLive": True}]
    assert "paymentProcessorPublicFields" not in body and "dateOfUpdate" not in body and "pk" not in body


# ---- PUT ------------------------------------------------------------------------------------------


def test_put_creates_the_configuration_and_derives_the_name(aws, repository):
    assert _put(compact_body()) == (200, {"message": "ok"})

    stored = repository.compact_configuration("aslp")
    assert stored.compact_name == "Audiology and Speech Language Pathology"
    assert str(stored.compact_commission_fee.fee_amount) == "3.5"
    assert stored.transaction_fee_configuration.licensee_charges.charge_amount == 2
    assert _get()[1]["compactOperationsTeamEmails"] == ["ops@example.org"]


def test_a_zero_transaction_fee_removes_the_fee_configuration(store, repository):
    store(
        compact_record(transaction_fee_configuration={"licenseeCharges": {"active": True, "chargeAmount": 1}})
    )
    zero = {"licenseeCharges": {"active": True, "chargeType": "FLAT_FEE_PER_PRIVILEGE", "chargeAmount": 0}}

    assert _put(compact_body(transactionFeeConfiguration=zero))[0] == 200

    assert repository.compact_configuration("aslp").transaction_fee_configuration is None
    assert "transactionFeeConfiguration" not in _get()[1]


def test_put_keeps_the_payment_processor_fields(store, repository):
    store(compact_record(payment_processor_public_fields=PAYMENT_FIELDS))

    assert _put(compact_body(compactOperationsTeamEmails=["new@example.org"]))[0] == 200

    stored = repository.compact_configuration("aslp")
    assert stored.payment_processor_public_fields == PAYMENT_FIELDS
    assert stored.compact_operations_team_emails == ["new@example.org"]


def test_enabling_registration_needs_uploaded_payment_credentials(store):
    status, body = _put(compact_body(licenseeRegistrationEnabled=True))
    assert status == 400
    assert "payment processor credentials must be uploaded" in body["message"]

    store(compact_record())
    assert _put(compact_body(licenseeRegistrationEnabled=True))[0] == 400

    store(compact_record(payment_processor_public_fields=PAYMENT_FIELDS))
    assert _put(compact_body(licenseeRegistrationEnabled=True)) == (200, {"message": "ok"})


def test_registration_cannot_be_switched_off_once_enabled(store, repository):
    store(compact_record(licensee_registration_enabled=True, payment_processor_public_fields=PAYMENT_FIELDS))

    status, body = _put(compact_body(licenseeRegistrationEnabled=False))

    assert status == 400
    assert "cannot be disabled" in body["message"]
    assert repository.compact_configuration("aslp").licensee_registration_enabled is True
    assert _put(compact_body(licenseeRegistrationEnabled=True))[0] == 200


def test_configured_states_can_go_live_but_not_back(store, repository):
    store(compact_record(configured_states=[ConfiguredState(postal_abbreviation="oh", is_live=False)]))

    live = [{"postalAbbreviation": "oh", "isLive": True}]
    assert _put(compact_body(configuredStates=live))[0] == 200
    assert repository.compact_configuration("aslp").live_jurisdictions == ["oh"]

    status, body = _put(compact_body(configuredStates=[{"postalAbbreviation": "oh", "isLive": False}]))
    assert status == 400
    assert "cannot be made not live: oh" in body["message"]


def test_configured_states_cannot_be_added_or_removed_here(store):
    store(compact_record(configured_states=[ConfiguredState(postal_abbreviation="oh", is_live=False)]))

    added = [{"postalAbbreviation": "oh", "isLive": False}, {"postalAbbreviation": "ky", "isLive": False}]
    status, body = _put(compact_body(configuredStates=added))
    assert status == 400
    assert "cannot be added" in body["message"] and "ky" in body["message"]

    status, body = _put(compact_body(configuredStates=[]))
    assert status == 400
    assert "cannot be removed: oh" in body["message"]


def test_a_first_put_cannot_list_configured_states(aws):
    status, body = _put(compact_body(configuredStates=[{"postalAbbreviation": "oh", "isLive": True}]))

    assert status == 400
    assert "configuredStates" in body["message"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"compactCommissionFee": {"feeType": "FLAT_RATE", "feeAmount": -1}},
            "compactCommissionFee.feeAmount",
        ),
        ({"compactCommissionFee": {"feeType": "FLAT_RATE", "feeAmount": 1.234}}, "feeAmount"),
        (
            {"compactCommissionFee": {"feeType": "FLAT_RATE", "feeAmount": 1e308}},
            "compactCommissionFee.feeAmount: a number is out of range",
        ),
        ({"compactCommissionFee": {"feeType": "FLAT_RATE", "feeAmount": "3.50"}}, "feeAmount"),
        ({"compactCommissionFee": {"feeType": "PERCENT", "feeAmount": 1}}, "feeType"),
        ({"compactOperationsTeamEmails": []}, "compactOperationsTeamEmails"),
        ({"compactOperationsTeamEmails": ["not-an-email"]}, "compactOperationsTeamEmails"),
        ({"compactSummaryReportNotificationEmails": ["a@x.org", "A@x.org"]}, "duplicate"),
        ({"licenseeRegistrationEnabled": "true"}, "licenseeRegistrationEnabled"),
        ({"compactName": "Renamed"}, "compactName"),
        ({"configuredStates": [{"postalAbbreviation": "zz", "isLive": True}]}, "postalAbbreviation"),
        (
            {"configuredStates": [{"postalAbbreviation": "oh", "isLive": True}] * 2},
            "more than once: oh",
        ),
    ],
    ids=[
        "negative-fee",
        "three-decimals",
        "fee-beyond-storage",
        "string-fee",
        "fee-type",
        "empty-emails",
        "bad-email",
        "duplicate-email",
        "string-bool",
        "unknown-field",
        "unknown-state",
        "duplicate-state",
    ],
)
def test_invalid_bodies_are_400_naming_the_field(aws, change, field):
    status, body = _put(compact_body(**change))

    assert status == 400
    assert field in body["message"]


def test_missing_required_fields_are_named(aws):
    body = compact_body()
    del body["configuredStates"]

    status, response = _put(body)

    assert status == 400
    assert "configuredStates" in response["message"]


def test_whitespace_around_strings_is_trimmed(aws, repository):
    assert _put(compact_body(compactOperationsTeamEmails=["  ops@example.org "]))[0] == 200

    assert repository.compact_configuration("aslp").compact_operations_team_emails == ["ops@example.org"]
