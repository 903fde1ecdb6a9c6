"""`scripts/create_staff_user`: invite a staff user and grant one of the standard personas.

This is how an environment gets its first compact administrators (nobody can call the API before
one exists). It does what ``POST /v1/compacts/{compact}/staff-users`` does — a Cognito user with
the email as username (Cognito emails the invitation), and a permission record that is created
``inactive`` or, for an existing user, only gains grants — through the same pool adapter and
repository the API uses.

Target a deployed pool with ``--pool-id`` and ``--users-table`` (credentials from the usual AWS
environment), or the running sandbox with ``--sandbox`` (read from its manifest).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import boto3

from core.models.staff_user import StaffUser, StaffUserAttributes, StaffUserPermissions
from core.repositories.users import UsersRepository
from staff_users.cognito import StaffPool
from toolkit.manifest import MANIFEST

PERSONAS: dict[str, tuple[set[str], set[str]]] = {
    # persona -> (compact-level actions, actions in the given jurisdiction)
    "compact-admin": ({"admin"}, set()),
    "compact-read-private": ({"readPrivate"}, set()),
    "jurisdiction-admin": (set(), {"admin"}),
    "jurisdiction-writer": (set(), {"write"}),
    "jurisdiction-read-private": (set(), {"readPrivate"}),
    "read-ssn": (set(), {"readSSN"}),
    "read-only": (set(), set()),
}
JURISDICTION_PERSONAS = {name for name, (_, jur_actions) in PERSONAS.items() if jur_actions}


def permissions_for(persona: str, jurisdiction: str | None) -> StaffUserPermissions:
    compact_actions, jurisdiction_actions = PERSONAS[persona]
    jurisdictions = {jurisdiction: set(jurisdiction_actions)} if jurisdiction and jurisdiction_actions else {}
    return StaffUserPermissions(actions=set(compact_actions), jurisdictions=jurisdictions)


def grant_persona(
    pool: StaffPool,
    repository: UsersRepository,
    attributes: StaffUserAttributes,
    compact: str,
    persona: str,
    jurisdiction: str | None = None,
) -> str:
    """Invite (or find) the user and grant the persona's permissions; returns the user's sub."""
    user_id = pool.invite(attributes.email)
    record = StaffUser(
        user_id=user_id,
        compact=compact,
        attributes=attributes,
        permissions=permissions_for(persona, jurisdiction),
    )
    if not repository.create(record):
        existing = repository.get(compact, user_id)
        if existing is None:
            raise RuntimeError("the user's record vanished while it was being updated; run the command again")
        repository.replace_permissions(existing, existing.permissions.union(record.permissions))
    return user_id


def create(args: argparse.Namespace, pool: StaffPool, repository: UsersRepository) -> dict[str, str]:
    attributes = StaffUserAttributes(
        email=args.email, given_name=args.given_name, family_name=args.family_name
    )
    user_id = grant_persona(pool, repository, attributes, args.compact, args.persona, args.jurisdiction)
    if args.password:
        pool.set_password(args.email, args.password)
    return {"userId": user_id, "email": args.email, "compact": args.compact, "persona": args.persona}


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(prog="scripts/create_staff_user", description=__doc__,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    command.add_argument("--email", required=True)
    command.add_argument("--given-name", required=True)
    command.add_argument("--family-name", required=True)
    command.add_argument("--compact", required=True)
    command.add_argument("--jurisdiction", help="postal code; required for jurisdiction personas")
    command.add_argument("--persona", choices=sorted(PERSONAS), required=True)
    target = command.add_mutually_exclusive_group(required=True)
    target.add_argument("--sandbox", action="store_true", help=f"the running local sandbox ({MANIFEST})")
    target.add_argument("--pool-id", help="the staff user pool id of a deployed environment")
    command.add_argument("--users-table", help="the users table name (with --pool-id)")
    command.add_argument("--password", help="sandbox only: set this permanent password instead of inviting")
    return command


def main(argv: list[str] | None = None, manifest_path: Path = MANIFEST) -> int:
    command = parser()
    args = command.parse_args(argv)
    if args.persona in JURISDICTION_PERSONAS and not args.jurisdiction:
        command.error(f"--jurisdiction is required for {args.persona}")
    if args.password and not args.sandbox:
        command.error("--password is only for the sandbox: deployed users choose theirs from the invitation")
    if args.sandbox:
        if not manifest_path.exists():
            command.error(f"no sandbox manifest at {manifest_path}: start scripts/sandbox first")
        manifest = json.loads(manifest_path.read_text())
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "sandbox")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "sandbox")
        session = boto3.Session(region_name=manifest["region"])
        endpoint = manifest["awsEndpoint"]
        pool_id, table_name = manifest["userPools"]["staff"]["id"], manifest["tables"]["users"]
    else:
        if not args.users_table:
            command.error("--users-table is required with --pool-id")
        session, endpoint = boto3.Session(), None
        pool_id, table_name = args.pool_id, args.users_table
    pool = StaffPool(client=session.client("cognito-idp", endpoint_url=endpoint), pool_id=pool_id)
    repository = UsersRepository(session.resource("dynamodb", endpoint_url=endpoint).Table(table_name))
    print(json.dumps(create(args, pool, repository), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
