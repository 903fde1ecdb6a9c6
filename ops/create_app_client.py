"""`scripts/create_app_client`: give a state's IT system OAuth credentials for the State API.

Creates an app client in the StateAuth user pool for the client-credentials grant, with a secret and
15-minute access tokens. Its scopes are ``{compact}/readGeneral`` (the provider query and lookup
routes) and ``{jurisdiction}/{compact}.write`` (license uploads), plus any ``--extra-scope`` for the same
compact and jurisdiction (in practice ``{jurisdiction}/{compact}.readPrivate``). Admin and SSN scopes
are never given to a machine client. The credentials JSON goes to stdout (pipe it into the secure
channel you send it through), an onboarding note to stderr.

    scripts/create_app_client --pool-id us-east-1_abc --compact aslp --jurisdiction oh
    scripts/create_app_client --sandbox --compact aslp --jurisdiction oh --extra-scope oh/aslp.readPrivate
    scripts/create_app_client --pool-id us-east-1_abc --delete <old client id>

Rotation: create a new client, let the state switch to it, then delete the old one with ``--delete``.
Requests must also be signed: register the state's public key with ``scripts/manage_signature_keys``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import boto3

from core.jurisdictions import COMPACT_NAMES, JURISDICTION_NAMES
from toolkit.commands import CommandError, sandbox_session
from toolkit.manifest import MANIFEST

ACCESS_TOKEN_MINUTES = 15
EXTRA_ACTIONS = frozenset({"readPrivate"})
"""What a state system may be granted beyond the defaults; admin and readSSN are for people only."""
ONBOARDING_NOTE = """\
Send these credentials to the {jurisdiction} IT contact for {compact} over a secure channel (never plain
email). Their system requests a token with the client-credentials grant:

    POST {token_url}   (HTTP Basic auth: clientId / clientSecret; grant_type=client_credentials)

and calls the State API with "Authorization: Bearer <access token>". Tokens last {minutes} minutes. Every
request must also be signed with the state's ECDSA P-256 key (headers X-Algorithm, X-Timestamp, X-Nonce,
X-Key-Id, X-Signature); register its public key with scripts/manage_signature_keys.
"""


def default_scopes(compact: str, jurisdiction: str) -> list[str]:
    return [f"{compact}/readGeneral", f"{jurisdiction}/{compact}.write"]


def checked_extra_scope(scope: str, compact: str, jurisdiction: str) -> str:
    """An extra scope of this state's own compact and jurisdiction, with an action machines may hold."""
    own_actions = {f"{compact}/{action}" for action in EXTRA_ACTIONS} | {
        f"{jurisdiction}/{compact}.{action}" for action in EXTRA_ACTIONS
    }
    if scope not in own_actions:
        allowed = ", ".join(sorted(own_actions))
        raise CommandError(
            f"--extra-scope {scope!r}: a {jurisdiction}/{compact} client may only add {allowed}"
        )
    return scope


def pool_scopes(client: Any, pool_id: str) -> set[str]:
    """Every scope the pool's resource servers define."""
    scopes: set[str] = set()
    request: dict[str, Any] = {"UserPoolId": pool_id, "MaxResults": 50}
    while True:
        page = client.list_resource_servers(**request)
        for server in page.get("ResourceServers", []):
            scopes |= {f"{server['Identifier']}/{scope['ScopeName']}" for scope in server.get("Scopes", [])}
        if not page.get("NextToken"):
            return scopes
        request["NextToken"] = page["NextToken"]


def create_client(
    client: Any, pool_id: str, compact: str, jurisdiction: str, scopes: list[str]
) -> dict[str, Any]:
    """The app client, refused before anything is created if the pool lacks a scope (for example a
    jurisdiction that is not active in the compact)."""
    missing = sorted(set(scopes) - pool_scopes(client, pool_id))
    if missing:
        raise CommandError(
            f"the pool defines no scope {', '.join(missing)}: "
            f"is {jurisdiction} an active member of {compact}?"
        )
    return client.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=f"{compact}-{jurisdiction}-state-api",
        GenerateSecret=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthScopes=scopes,
        AccessTokenValidity=ACCESS_TOKEN_MINUTES,
        TokenValidityUnits={"AccessToken": "minutes"},
        ExplicitAuthFlows=["ALLOW_REFRESH_TOKEN_AUTH"],  # the minimum Cognito accepts; the pool has no users
        PreventUserExistenceErrors="ENABLED",
        EnableTokenRevocation=True,
    )["UserPoolClient"]


def delete_client(client: Any, pool_id: str, client_id: str) -> dict[str, Any]:
    try:
        existing = client.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    except client.exceptions.ResourceNotFoundException:
        raise CommandError(f"the pool has no app client {client_id!r}") from None
    client.delete_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    return {
        "deleted": client_id,
        "clientName": existing.get("ClientName"),
        "scopes": existing.get("AllowedOAuthScopes", []),
    }


def pool_token_url(client: Any, pool_id: str, region: str) -> str | None:
    """The pool's prefix-domain token endpoint, by the formula the stack exports it with."""
    from components.state_identity import token_url  # Pulumi is only needed here, not by the sandbox

    prefix = client.describe_user_pool(UserPoolId=pool_id)["UserPool"].get("Domain")
    return token_url(prefix, region) if prefix else None


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(prog="scripts/create_app_client", description=__doc__,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    target = command.add_mutually_exclusive_group(required=True)
    target.add_argument("--pool-id", help="the StateAuth user pool id of a deployed environment")
    target.add_argument("--sandbox", action="store_true", help=f"the running local sandbox ({MANIFEST})")
    command.add_argument("--compact", choices=sorted(COMPACT_NAMES))
    command.add_argument("--jurisdiction", type=str.lower, help="postal code, e.g. oh")
    command.add_argument("--extra-scope", action="append", default=[], help="e.g. oh/aslp.readPrivate")
    command.add_argument("--delete", metavar="CLIENT_ID", help="delete this app client instead (rotation)")
    return command


def _check(command: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.delete:
        if args.compact or args.jurisdiction or args.extra_scope:
            command.error("--delete takes only the client id and the pool")
        return
    if not args.compact or not args.jurisdiction:
        command.error("--compact and --jurisdiction are required to create a client")
    if args.jurisdiction not in JURISDICTION_NAMES:
        command.error(f"--jurisdiction: {args.jurisdiction!r} is not a jurisdiction postal code")


def main(argv: list[str] | None = None, manifest_path: Path = MANIFEST) -> int:
    command = parser()
    args = command.parse_args(argv)
    _check(command, args)
    try:
        if args.sandbox:
            session, endpoint, manifest = sandbox_session(manifest_path)
            state_pool = manifest.get("userPools", {}).get("state")
            if not state_pool:
                raise CommandError("the sandbox manifest lists no state pool (userPools.state)")
            pool_id, sandbox_token_url = state_pool["id"], state_pool.get("tokenUrl")
        else:
            session, endpoint, pool_id, sandbox_token_url = boto3.Session(), None, args.pool_id, None
        cognito = session.client("cognito-idp", endpoint_url=endpoint)
        if args.delete:
            print(json.dumps(delete_client(cognito, pool_id, args.delete), indent=2))
            return 0
        extras = [checked_extra_scope(scope, args.compact, args.jurisdiction) for scope in args.extra_scope]
        scopes = list(dict.fromkeys(default_scopes(args.compact, args.jurisdiction) + extras))
        created = create_client(cognito, pool_id, args.compact, args.jurisdiction, scopes)
        url = sandbox_token_url or pool_token_url(cognito, pool_id, session.region_name)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    credentials = {
        "clientId": created["ClientId"],
        "clientSecret": created["ClientSecret"],
        "scopes": created["AllowedOAuthScopes"],
        "tokenUrl": url,
    }
    print(json.dumps(credentials, indent=2))
    note = ONBOARDING_NOTE.format(
        jurisdiction=args.jurisdiction, compact=args.compact, token_url=url, minutes=ACCESS_TOKEN_MINUTES
    )
    print(note, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
