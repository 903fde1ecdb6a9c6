"""The world registration runs in, on moto: the provider pool, the reCAPTCHA secret in Secrets Manager and
the sandbox's siteverify stand-in (real HTTP), aslp open for registration in Ohio (live) and Kentucky (not
yet live), and one unregistered licensee in Ohio."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from core.clock import now_utc_precise
from core.models.configuration import ConfiguredState, JurisdictionConfiguration, JurisprudenceRequirements
from core.models.license import License
from core.models.provider import Provider
from sandbox.recaptcha import LOW_SCORE_TOKEN, PASS_TOKEN, RecaptchaStandIn
from tests.functions.configuration.conftest import compact_record
from tests.functions.conftest import api_event
from tests.functions.moto_clients import moto_client

REGISTRATION = "/v1/provider-users/registration"
INITIATE_RECOVERY = "/v1/provider-users/initiateRecovery"
VERIFY_RECOVERY = "/v1/provider-users/verifyRecovery"
ADDRESS = "198.51.100.7"
INVITATION_SENDER = "no-reply@compactconnect.example"
INVITATION = "Welcome to CompactConnect"
MULTIPLE_REGISTRATION = "Someone tried to register your email with CompactConnect"


@dataclass
class World:
    tables: dict[str, Any]
    pool_id: str
    client_id: str
    stand_in: RecaptchaStandIn
    provider: Provider
    license: License
    clock: list[datetime] = field(default_factory=lambda: [now_utc_precise()])
    waits: list[float] = field(default_factory=list)

    def form(self, **changes: Any) -> dict[str, Any]:
        """The form the licensee fills in, with a passing token."""
        return {
            "givenName": "Ada",
            "familyName": "Lovelace",
            "email": "ada.new@example.org",
            "partialSocial": self.license.ssn_last_four,
            "dob": self.license.date_of_birth.isoformat(),
            "jurisdiction": "oh",
            "licenseType": self.license.license_type,
            "compact": "aslp",
            "token": PASS_TOKEN,
            **changes,
        }

    def register(self, body: Any, address: str = ADDRESS) -> dict[str, Any]:
        from provider_users import registration_api

        return _post(registration_api.lambda_handler, REGISTRATION, body, address)

    def initiate_recovery(self, body: Any, address: str = ADDRESS) -> dict[str, Any]:
        from provider_users import recovery_api

        return _post(recovery_api.initiate_handler, INITIATE_RECOVERY, body, address)

    def verify_recovery(self, body: Any, address: str = ADDRESS) -> dict[str, Any]:
        from provider_users import recovery_api

        return _post(recovery_api.verify_handler, VERIFY_RECOVERY, body, address)

    def sign_in(self, email: str, password: str) -> dict[str, Any]:
        """Cognito's answer to the UI's sign-in (raises when refused)."""
        return moto_client("cognito-idp").admin_initiate_auth(
            UserPoolId=self.pool_id,
            ClientId=self.client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )

    def accounts(self) -> dict[str, dict[str, str]]:
        """Every account of the provider pool: email -> its attributes."""
        users = moto_client("cognito-idp").list_users(UserPoolId=self.pool_id)["Users"]
        return {
            attributes["email"]: attributes
            for attributes in ({a["Name"]: a["Value"] for a in user["Attributes"]} for user in users)
        }

    def stored_provider(self) -> dict[str, Any]:
        return self.tables["provider"].get_item(Key={"pk": self.provider.pk, "sk": self.provider.sk})["Item"]

    def provider_updates(self) -> list[dict[str, Any]]:
        items = self.tables["provider"].scan()["Items"]
        return [item for item in items if item["type"] == "providerUpdate"]

    def now(self) -> datetime:
        """The test's clock: a millisecond passes at each reading, as between two real requests."""
        self.clock[0] += timedelta(milliseconds=1)
        return self.clock[0]

    def later(self, delta: timedelta) -> None:
        self.clock[0] += delta


def _post(handler: Any, path: str, body: Any, address: str) -> dict[str, Any]:
    event = api_event("POST", path, body=body)
    event["requestContext"]["identity"] = {"sourceIp": address}
    response = handler(event, None)
    return {"status": response["statusCode"], "body": json.loads(response["body"])}


def open_configuration(table: Any) -> None:
    """aslp takes registrations: Ohio live, Kentucky configured but not live yet (written as stored)."""
    compact = compact_record(
        licensee_registration_enabled=True,
        configured_states=[
            ConfiguredState(postal_abbreviation="oh", is_live=True),
            ConfiguredState(postal_abbreviation="ky", is_live=False),
        ],
    )
    table.put_item(Item=compact.to_item())
    for code, name in (("oh", "Ohio"), ("ky", "Kentucky")):
        record = JurisdictionConfiguration(
            compact="aslp",
            postal_abbreviation=code,
            jurisdiction_name=name,
            licensee_registration_enabled=True,
            jurisprudence_requirements=JurisprudenceRequirements(required=False),
        )
        table.put_item(Item=record.to_item())


__all__ = [
    "ADDRESS",
    "INITIATE_RECOVERY",
    "INVITATION",
    "INVITATION_SENDER",
    "LOW_SCORE_TOKEN",
    "MULTIPLE_REGISTRATION",
    "PASS_TOKEN",
    "REGISTRATION",
    "VERIFY_RECOVERY",
    "World",
    "open_configuration",
]
