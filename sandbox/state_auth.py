"""The state machine-to-machine pool on the emulator, with a client-credentials token endpoint.

Cognito serves ``/oauth2/token`` from the pool's domain; the emulator has no such endpoint, so the
sandbox issues the same kind of token itself: it checks the app client's id and secret against
the emulated pool, grants the requested scopes that the client is allowed (all of them when none
are requested), and signs a 15-minute access token with a key of its own that its gateway trusts.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import boto3
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from werkzeug.wrappers import Request, Response

from components.config import StackConfig
from core.resource_servers import resource_servers
from sandbox.emulator import REGION
from sandbox.token_request import TokenRequestError, read_token_request

TOKEN_LIFETIME_SECONDS = 15 * 60
STATE_CLIENT_JURISDICTIONS = ("oh", "ky")


@dataclass
class StatePool:
    pool_id: str
    token_url: str = ""
    _key: rsa.RSAPrivateKey = field(default_factory=lambda: rsa.generate_private_key(65537, 2048))

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{REGION}.amazonaws.com/{self.pool_id}"

    def manifest(self) -> dict[str, str]:
        return {"id": self.pool_id, "issuer": self.issuer, "tokenUrl": self.token_url}

    # ---- token issuing (the pool domain's /oauth2/token) ---------------------------------------

    def issue(self, client_id: str, client_secret: str, requested: list[str]) -> tuple[int, dict[str, Any]]:
        try:
            client = boto3.client("cognito-idp").describe_user_pool_client(
                UserPoolId=self.pool_id, ClientId=client_id
            )["UserPoolClient"]
        except Exception:
            return 400, {"error": "invalid_client"}
        if client.get("ClientSecret") != client_secret:
            return 400, {"error": "invalid_client"}
        allowed = set(client.get("AllowedOAuthScopes") or [])
        scopes = [scope for scope in requested if scope in allowed] if requested else sorted(allowed)
        if requested and len(scopes) != len(requested):
            return 400, {"error": "invalid_scope"}
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": client_id,
            "client_id": client_id,
            "token_use": "access",
            "scope": " ".join(scopes),
            "iat": now,
            "exp": now + TOKEN_LIFETIME_SECONDS,
            "jti": str(uuid.uuid4()),
        }
        token = jwt.encode(claims, self._key, algorithm="RS256")
        return 200, {"access_token": token, "expires_in": TOKEN_LIFETIME_SECONDS, "token_type": "Bearer"}

    def token_endpoint(self, request: Request) -> Response:
        try:
            asked = read_token_request(request.get_data(as_text=True), request.headers.get("Authorization"))
        except TokenRequestError as refusal:
            status, body = 400, refusal.body()
        else:
            status, body = self.issue(asked.client_id, asked.client_secret, asked.scopes)
        return Response(json.dumps(body), status=status, content_type="application/json")

    # ---- verifying (what the API Gateway authorizer does) --------------------------------------

    def verify(self, token: str) -> dict[str, Any] | None:
        try:
            claims = jwt.decode(
                token, self._key.public_key(), algorithms=["RS256"], issuer=self.issuer,
                options={"require": ["exp", "sub"]},
            )  # fmt: skip
        except jwt.PyJWTError:
            return None
        return claims if claims.get("token_use") == "access" else None

    def scopes(self, claims: dict[str, Any]) -> list[str] | None:
        return str(claims.get("scope", "")).split()


def create_state_pool(config: StackConfig) -> StatePool:
    cognito = boto3.client("cognito-idp")
    pool_id = cognito.create_user_pool(
        PoolName=f"{config.name_prefix}-state-auth",
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
    )["UserPool"]["Id"]
    for identifier, scopes in resource_servers(config.compacts).items():
        cognito.create_resource_server(
            UserPoolId=pool_id,
            Identifier=identifier,
            Name=identifier,
            Scopes=[{"ScopeName": scope, "ScopeDescription": scope} for scope in scopes],
        )
    return StatePool(pool_id=pool_id)


def seed_state_clients(
    config: StackConfig, pool: StatePool, configuration_table: str
) -> list[dict[str, str]]:
    """A state IT client for two jurisdictions of the first compact, each with a signing key,
    created by the same operator commands as in AWS (scripts/create_app_client and
    scripts/manage_signature_keys). The private keys exist only in the manifest."""
    from ops.create_app_client import create_client, default_scopes
    from ops.manage_signature_keys import create as register_key
    from ops.manage_signature_keys import generate_key_pair

    cognito = boto3.client("cognito-idp")
    table = boto3.resource("dynamodb").Table(configuration_table)
    compact = next(iter(config.compacts.compacts))
    clients = []
    for jurisdiction in STATE_CLIENT_JURISDICTIONS:
        app = create_client(
            cognito, pool.pool_id, compact, jurisdiction, default_scopes(compact, jurisdiction)
        )
        private_pem, public_pem = generate_key_pair()
        key_id = f"{jurisdiction}-sandbox-key-1"
        register_key(table, compact, jurisdiction, key_id, public_pem)
        clients.append(
            {
                "clientId": app["ClientId"],
                "clientSecret": app["ClientSecret"],
                "compact": compact,
                "jurisdiction": jurisdiction,
                "scopes": " ".join(app.get("AllowedOAuthScopes", [])),
                "keyId": key_id,
                "privateKeyPem": private_pem,
            }
        )
    return clients
