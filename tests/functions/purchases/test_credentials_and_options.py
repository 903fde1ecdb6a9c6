"""The payment-credentials upload and the purchase options through their real handlers (issue #15):
only the compact's own admins upload, credentials the processor refuses are never stored, the secret is
per compact under the reference's name, and practitioners see the public half with the live states."""

from __future__ import annotations

import json

import pytest

from core.repositories.configuration import ConfigurationRepository
from purchases import credentials_api, options_api
from tests.functions.conftest import api_event
from tests.functions.moto_clients import moto_client
from tests.functions.purchases.shop import COMMISSION, FEES
from tests.functions.staff_callers import hold

CREDENTIALS = "/v1/compacts/{compact}/credentials/payment-processor"
COMPACT_ADMIN = ["profile", "aslp/readGeneral", "aslp/admin"]
OHIO_ADMIN = ["profile", "aslp/readGeneral", "oh/aslp.admin"]
SECRET = "compact-connect/env/test/compact/aslp/credentials/payment-processor"


def upload(body, scopes=COMPACT_ADMIN, compact="aslp"):
    event = api_event("POST", CREDENTIALS, {"compact": compact}, body=body, scopes=scopes)
    response = credentials_api.lambda_handler(event, None)
    return response["statusCode"], json.loads(response["body"])


def merchant(login="login-2", key="key-2"):
    return {"processor": "authorize.net", "apiLoginId": login, "transactionKey": key}


@pytest.fixture
def admins(shop):
    hold(shop.tables["users"], COMPACT_ADMIN, OHIO_ADMIN)
    shop.processor.add_merchant("login-2", "key-2")
    return shop


def stored_secret() -> dict:
    return json.loads(moto_client("secretsmanager").get_secret_value(SecretId=SECRET)["SecretString"])


def test_a_compact_admin_uploads_verified_credentials_to_the_compacts_secret(admins):
    status, answer = upload(merchant())

    assert (status, answer) == (200, {"message": "Successfully verified credentials"})
    assert stored_secret() == {
        "processor": "authorize.net",
        "api_login_id": "login-2",
        "transaction_key": "key-2",
    }
    fields = ConfigurationRepository(admins.tables["compact_configuration"]).compact_configuration("aslp")
    assert fields.payment_processor_public_fields.api_login_id == "login-2"
    assert (
        fields.payment_processor_public_fields.public_client_key == admins.processor.merchants["login-2"][1]
    )


def test_a_state_admin_may_not_upload(admins):
    assert upload(merchant(), scopes=OHIO_ADMIN)[0] == 403
    assert stored_secret()["api_login_id"] == "shop-login"


def test_credentials_the_processor_refuses_are_a_400_and_change_nothing(admins):
    status, answer = upload(merchant(key="wrong"))

    assert status == 400 and answer["message"].startswith("Failed to verify credentials.")
    assert stored_secret()["api_login_id"] == "shop-login"


def test_another_processor_is_refused_by_the_request_model(admins):
    status, answer = upload({**merchant(), "processor": "stripe"})

    assert status == 400 and "processor" in answer["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (merchant(login="l" * 26), "apiLoginId"),
        (merchant(key="k" * 17), "transactionKey"),
        (merchant(login="login\u0000-2"), "apiLoginId"),
        (merchant(key="key 2"), "transactionKey"),
    ],
)
def test_credentials_authorize_net_could_never_take_are_a_400_naming_the_field(admins, body, field):
    status, answer = upload(body)

    assert status == 400 and field in answer["message"] and "Authorize.Net" in answer["message"]
    assert stored_secret()["api_login_id"] == "shop-login"


def test_the_stand_in_answers_a_document_it_cannot_read_as_authorize_net_does(admins):
    answer = admins.processor.answer(b"<getMerchantDetailsRequest><name>\x01</name>")

    assert b"E00003" in answer and b"<resultCode>Error</resultCode>" in answer


def test_a_compact_without_configuration_gets_a_400_and_no_secret(admins):
    hold(admins.tables["users"], ["profile", "octp/readGeneral", "octp/admin"])

    status, answer = upload(merchant(), scopes=["profile", "octp/readGeneral", "octp/admin"], compact="octp")

    assert status == 400 and "has not been configured" in answer["message"]
    with pytest.raises(moto_client("secretsmanager").exceptions.ResourceNotFoundException):
        moto_client("secretsmanager").describe_secret(SecretId=SECRET.replace("aslp", "octp"))


def options(shop):
    claims = {"sub": "s-1", "custom:compact": "aslp", "custom:providerId": shop.provider.provider_id}
    response = options_api.lambda_handler(
        api_event("GET", "/v1/purchases/privileges/options", claims=claims), None
    )
    return response["statusCode"], json.loads(response["body"])


def test_the_options_are_the_compacts_fees_and_its_live_states(shop):
    status, answer = options(shop)

    assert status == 200
    compact, *states = answer["items"]
    assert compact["type"] == "compact" and compact["isSandbox"] is True
    assert compact["compactCommissionFee"] == {"feeType": "FLAT_RATE", "feeAmount": float(COMMISSION)}
    assert compact["paymentProcessorPublicFields"]["apiLoginId"] == "shop-login"
    assert [s["postalAbbreviation"] for s in states] == ["oh", "ky", "ne"]  # Maryland is not live
    assert {fee["amount"] for fee in states[1]["privilegeFees"]} == {int(FEES["ky"])}
    assert all("jurisdictionOperationsTeamEmails" not in s for s in states)


def test_a_compact_that_passes_no_card_fee_on_shows_an_inactive_zero_fee(shop):
    repository = ConfigurationRepository(shop.tables["compact_configuration"])
    record = repository.compact_configuration("aslp")
    repository.put_compact_configuration(
        record.model_copy(update={"transaction_fee_configuration": None}), record
    )

    compact = options(shop)[1]["items"][0]

    assert compact["transactionFeeConfiguration"] == {
        "licenseeCharges": {"active": False, "chargeType": "FLAT_FEE_PER_PRIVILEGE", "chargeAmount": 0}
    }


def test_a_compact_without_payment_credentials_has_nothing_to_sell(shop):
    repository = ConfigurationRepository(shop.tables["compact_configuration"])
    record = repository.compact_configuration("aslp")
    repository.put_compact_configuration(
        record.model_copy(update={"payment_processor_public_fields": None}), record
    )

    assert options(shop) == (503, {"message": "Privilege purchases are not open in this compact yet"})
    assert shop.buy(shop.body(["ky"]))[0] == 503
