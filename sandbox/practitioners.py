"""The sandbox's practitioners: licensees of each compact's live states, ingested and registered by the real
code, so a fresh sandbox has someone to register and someone to sign in as (manifest ``registrable`` and
``practitioners``, issue #14).

Each compact gets four licensees of its first license type in its first live state. The first registers
(through the registration flow, with the reCAPTCHA and rate-limit ports left out) and gets the sandbox
password; it also holds the same license type in the second live state, so a home-state move has somewhere
to go. The other three stay unregistered. SSNs start at area 900, which no real SSN, the mock-license
generator or the demo data uses.

With ``--demo``, every demo provider its story registered gets an account too
(:func:`open_demo_accounts`), and joins ``practitioners``: with privileges, military affiliations and
history to show.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import boto3

from components.config import StackConfig
from core.clock import now_utc, today_for_expiration
from core.models.provider import Provider
from core.repositories.providers import ProviderRepository
from core.repositories.rate_limits import Attempt
from core.repositories.ssn import SsnRepository
from core.resources import granted, running_as
from core.tables import PROVIDER, SSN
from ingest.ingest import ingest_license
from ingest.models import IngestDetail
from ingest.routes import INGEST_LICENSES, PREPROCESS_LICENSES
from provider_users.functions import PROVIDER_REGISTRATION
from provider_users.recaptcha import Assessment, Outcome
from provider_users.registration import register
from provider_users.registration_api import registration_ports
from provider_users.registration_models import RegistrationRequest
from sandbox.identity import SANDBOX_PASSWORD, EmulatedPool

GIVEN_NAMES = ("Rowan", "Avery", "Jordan", "Casey")
FAMILY_NAMES = ("Okafor", "Lindqvist", "Moreau", "Tanaka")
REGISTERED = 0  # the index of the member who registers
SEED_ADDRESS = "sandbox-seed"


@dataclass(frozen=True)
class Licensee:
    compact: str
    jurisdiction: str
    license_type: str
    given_name: str
    family_name: str
    date_of_birth: date
    ssn: str
    email: str

    @property
    def partial_social(self) -> str:
        return self.ssn[-4:]

    def registrable(self) -> dict[str, str]:
        """Exactly what the registration form asks (less the reCAPTCHA token)."""
        return {
            "compact": self.compact,
            "jurisdiction": self.jurisdiction,
            "licenseType": self.license_type,
            "givenName": self.given_name,
            "familyName": self.family_name,
            "dob": self.date_of_birth.isoformat(),
            "partialSocial": self.partial_social,
            "email": self.email,
        }


@dataclass
class Cast:
    practitioners: list[dict[str, str]] = dataclasses.field(default_factory=list)
    registrable: list[dict[str, str]] = dataclasses.field(default_factory=list)


class _NoLimit:
    """The seed registers from one place; the per-address limit is for the public."""

    def count_since(self, attempt: Attempt, window: timedelta) -> int:
        return 0

    def record(self, attempt: Attempt) -> None:
        return None

    def forget(self, attempt: Attempt) -> None:
        return None


def _cast_of(compact_index: int, compact: str, jurisdiction: str, license_type: str) -> list[Licensee]:
    members = []
    for index, (given, family) in enumerate(zip(GIVEN_NAMES, FAMILY_NAMES, strict=True)):
        members.append(
            Licensee(
                compact=compact,
                jurisdiction=jurisdiction,
                license_type=license_type,
                given_name=given,
                family_name=family,
                date_of_birth=date(1980 + index, 1 + compact_index, 10 + index),
                ssn=f"9{compact_index:02d}-{index + 1:02d}-{4321 + index:04d}",
                email=f"{given}.{family}.{compact}@practitioner.example".lower(),
            )
        )
    return members


def _upload_row(licensee: Licensee, jurisdiction: str) -> dict[str, Any]:
    today = today_for_expiration()
    return {
        "compact": licensee.compact,
        "jurisdiction": jurisdiction,
        "licenseType": licensee.license_type,
        "licenseStatus": "active",
        "compactEligibility": "eligible",
        "givenName": licensee.given_name,
        "familyName": licensee.family_name,
        "dateOfIssuance": (today - timedelta(days=3 * 365)).isoformat(),
        "dateOfExpiration": (today + timedelta(days=2 * 365)).isoformat(),
        "dateOfBirth": licensee.date_of_birth.isoformat(),
        "homeAddressStreet1": "1 Sandbox Way",
        "homeAddressCity": "Sandbox City",
        "homeAddressState": jurisdiction.upper(),
        "homeAddressPostalCode": "00501",
        "emailAddress": licensee.email,
        "eventTime": now_utc().isoformat(),
    }


def _ingest(licensee: Licensee, jurisdiction: str) -> str:
    """What the upload pipeline does with one row: resolve the SSN, then write the license."""
    with running_as(PREPROCESS_LICENSES):
        provider_id = SsnRepository(granted().table(SSN)).get_or_create_provider_id(
            licensee.compact, licensee.ssn
        )
    row = _upload_row(licensee, jurisdiction)
    detail = IngestDetail.model_validate(
        {**row, "providerId": provider_id, "ssnLastFour": licensee.partial_social}
    )
    with running_as(INGEST_LICENSES):
        ingest_license(detail, ProviderRepository(granted().table(PROVIDER)))
    return provider_id


def _register(licensee: Licensee, pool: EmulatedPool) -> None:
    form = RegistrationRequest.model_validate({**licensee.registrable(), "token": "seed"})
    with running_as(PROVIDER_REGISTRATION):
        ports = dataclasses.replace(
            registration_ports(),
            attempts=_NoLimit(),
            verify_recaptcha=lambda *_: Assessment(Outcome.PASSED, 1.0),
        )
        register(form, SEED_ADDRESS, ports)
    boto3.client("cognito-idp").admin_set_user_password(
        UserPoolId=pool.pool_id, Username=licensee.email, Password=SANDBOX_PASSWORD, Permanent=True
    )


def seed_practitioners(config: StackConfig, live: dict[str, list[str]], pool: EmulatedPool) -> Cast:
    """Ingest each compact's licensees and register the first; before the pool's invitations are on, so
    nobody is emailed a temporary password they will never use."""
    cast = Cast()
    for compact_index, (compact, definition) in enumerate(config.compacts.compacts.items()):
        home, *others = live[compact]
        license_type = definition.license_types[0].name
        for index, licensee in enumerate(_cast_of(compact_index, compact, home, license_type)):
            provider_id = _ingest(licensee, home)
            if index != REGISTERED:
                cast.registrable.append(licensee.registrable())
                continue
            for elsewhere in others[:1]:
                _ingest(licensee, elsewhere)
            _register(licensee, pool)
            cast.practitioners.append(
                {
                    "email": licensee.email,
                    "password": SANDBOX_PASSWORD,
                    "compact": compact,
                    "providerId": provider_id,
                    "homeJurisdiction": home,
                    "licenseType": license_type,
                }
            )
    return cast


def open_demo_accounts(provider_table: str, pool_id: str) -> list[dict[str, str]]:
    """An account (the sandbox password) for every registered demo provider: the demo's practitioners
    registered in its story, with their privileges, military affiliations and history, and can sign in.
    An address two demo providers share gets one account, the first's."""
    from boto3.dynamodb.conditions import Attr

    table: Any = boto3.resource("dynamodb").Table(provider_table)
    repository = ProviderRepository(table)
    cognito: Any = boto3.client("cognito-idp")
    registered = Attr("type").eq("provider") & Attr("compactConnectRegisteredEmailAddress").exists()
    opened = []
    scan: dict[str, Any] = {"FilterExpression": registered}
    while True:
        page = table.scan(**scan)
        for item in page.get("Items", []):
            records = repository.records(str(item["compact"]), str(item["providerId"]), history=0)
            provider, best = records.provider, records.best_license()
            if provider is None or best is None or provider.compact_connect_registered_email_address is None:
                continue
            if _open_account(cognito, pool_id, provider):
                opened.append(
                    {
                        "email": provider.compact_connect_registered_email_address,
                        "password": SANDBOX_PASSWORD,
                        "compact": provider.compact,
                        "providerId": provider.provider_id,
                        "homeJurisdiction": provider.current_home_jurisdiction,
                        "licenseType": best.license_type,
                    }
                )
        if "LastEvaluatedKey" not in page:
            return opened
        scan["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _open_account(cognito: Any, pool_id: str, provider: Provider) -> bool:
    """The registered provider's account, signed in with the sandbox password; False when their address
    already has one."""
    email = provider.compact_connect_registered_email_address
    try:
        cognito.admin_create_user(
            UserPoolId=pool_id,
            Username=email,
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": "true"},
                {"Name": "custom:compact", "Value": provider.compact},
                {"Name": "custom:providerId", "Value": provider.provider_id},
            ],
            MessageAction="SUPPRESS",
        )
    except cognito.exceptions.UsernameExistsException:
        return False
    cognito.admin_set_user_password(
        UserPoolId=pool_id, Username=email, Password=SANDBOX_PASSWORD, Permanent=True
    )
    return True
