"""The human user pools on the emulator: staff, with one seeded user per persona, and practitioners.

The pool, its resource servers and the permission records are built from the same declarations
as in AWS; the seeded personas cover every kind of staff grant so each route can be tried as each
kind of user. Sign in with the standard Cognito ``initiate_auth`` (USER_PASSWORD_AUTH) against the
emulator endpoint, using the pool's client id from the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3

from components.config import StackConfig
from core.models.staff_user import StaffUserAttributes
from core.repositories.users import UsersRepository
from core.resource_servers import resource_servers
from core.user_pools import PROVIDER_IDENTITY_ATTRIBUTES
from ops.create_staff_user import grant_persona
from sandbox.emulator import REGION
from staff_users.cognito import StaffPool as StaffCognito

SANDBOX_PASSWORD = "sandbox-passw0rd-2026"  # meets the pool policy: 12+ characters, digits, lowercase
PERSONA_JURISDICTIONS = ("oh", "ky")  # active in every compact of the sandbox lists


@dataclass(frozen=True)
class Persona:
    persona: str  # the name clients look up in the manifest
    compact: str
    jurisdiction: str | None
    kind: str  # the permission set, one of ops.create_staff_user.PERSONAS

    @property
    def email(self) -> str:
        place = f"{self.jurisdiction}." if self.jurisdiction else ""
        return f"{self.persona}.{place}{self.compact}@staff.sandbox.example"


def personas(config: StackConfig) -> list[Persona]:
    """A compact admin per compact; for two jurisdictions of the first compact, an admin, a writer,
    a read-only user, a readPrivate user and a readSSN user."""
    compacts = list(config.compacts.compacts)
    people = [Persona("compact-admin", compact, None, "compact-admin") for compact in compacts]
    first = compacts[0]
    for jurisdiction in PERSONA_JURISDICTIONS:
        people += [
            Persona("jurisdiction-admin", first, jurisdiction, "jurisdiction-admin"),
            Persona("jurisdiction-writer", first, jurisdiction, "jurisdiction-writer"),
            Persona("read-only", first, jurisdiction, "read-only"),
            Persona("read-private", first, jurisdiction, "jurisdiction-read-private"),
            Persona("read-ssn", first, jurisdiction, "read-ssn"),
        ]
    return people


@dataclass
class EmulatedPool:
    """A human user pool on the emulator: its id, the sandbox UI client, and where its keys are."""

    pool_id: str
    client_id: str
    endpoint: str

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{REGION}.amazonaws.com/{self.pool_id}"

    @property
    def jwks_url(self) -> str:
        return f"{self.endpoint}/{self.pool_id}/.well-known/jwks.json"

    def manifest(self) -> dict[str, str]:
        return {
            "id": self.pool_id,
            "clientId": self.client_id,
            "issuer": self.issuer,
            "jwksUrl": self.jwks_url,
        }


def _create_human_pool(pool_name: str, endpoint: str, **settings: Any) -> EmulatedPool:
    """The baseline of components/user_pool.py as far as the emulator keeps it (email sign-in, admin
    creation only, the password policy), and a client that signs in with a password."""
    cognito = boto3.client("cognito-idp")
    pool_id = cognito.create_user_pool(
        PoolName=pool_name,
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
        Policies={
            "PasswordPolicy": {
                "MinimumLength": 12,
                "RequireNumbers": True,
                "RequireLowercase": True,
                "RequireUppercase": False,
                "RequireSymbols": False,
                "TemporaryPasswordValidityDays": 1,
            }
        },
        **settings,
    )["UserPool"]["Id"]
    return EmulatedPool(pool_id=pool_id, client_id=create_password_client(pool_id), endpoint=endpoint)


def create_password_client(pool_id: str) -> str:
    """The sandbox UI's client of a pool: it signs in with a password (``USER_PASSWORD_AUTH``)."""
    return boto3.client("cognito-idp").create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="sandbox-ui",
        ExplicitAuthFlows=[
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ],
    )["UserPoolClient"]["ClientId"]


def create_staff_pool(config: StackConfig, endpoint: str) -> EmulatedPool:
    pool = _create_human_pool(f"{config.name_prefix}-staff-users", endpoint)
    cognito = boto3.client("cognito-idp")
    for identifier, scopes in resource_servers(config.compacts).items():
        cognito.create_resource_server(
            UserPoolId=pool.pool_id,
            Identifier=identifier,
            Name=identifier,
            Scopes=[{"ScopeName": scope, "ScopeDescription": scope} for scope in scopes],
        )
    return pool


def create_provider_pool(config: StackConfig, endpoint: str) -> EmulatedPool:
    """The practitioners' pool, with the immutable ``custom:compact`` and ``custom:providerId`` that the
    emulator puts in ID tokens, as Cognito does."""
    return _create_human_pool(
        f"{config.name_prefix}-provider-users",
        endpoint,
        Schema=[
            {"Name": name, "AttributeDataType": "String", "Mutable": False, "Required": False}
            for name in PROVIDER_IDENTITY_ATTRIBUTES
        ],
    )


def seed_personas(config: StackConfig, pool: EmulatedPool, users_table: str) -> list[dict[str, Any]]:
    """Each persona is created the way an operator creates staff users (ops.create_staff_user),
    then given the sandbox password so it can sign in straight away."""
    cognito = StaffCognito(client=boto3.client("cognito-idp"), pool_id=pool.pool_id)
    repository = UsersRepository(boto3.resource("dynamodb").Table(users_table))
    seeded = []
    for person in personas(config):
        attributes = StaffUserAttributes(
            email=person.email, given_name=person.persona.replace("-", " ").title(), family_name="Sandbox"
        )
        user_id = grant_persona(
            cognito, repository, attributes, person.compact, person.kind, person.jurisdiction
        )
        cognito.client.admin_set_user_password(
            UserPoolId=pool.pool_id, Username=person.email, Password=SANDBOX_PASSWORD, Permanent=True
        )
        seeded.append(
            {
                "email": person.email,
                "password": SANDBOX_PASSWORD,
                "pool": "staff",
                "persona": person.persona,
                "compact": person.compact,
                "jurisdiction": person.jurisdiction,
                "userId": user_id,
            }
        )
    return seeded
