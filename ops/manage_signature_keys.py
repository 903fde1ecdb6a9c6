"""`scripts/manage_signature_keys`: register, remove and list a state's request-signing public keys.

A state signs State API requests with an ECDSA P-256 private key that never leaves the state; the
public half is stored here, in the compact configuration table, where the API looks it up by the
request's ``X-Key-Id``. A state may hold several keys: to rotate, create the new key, let the state
switch, then delete the old one.

    scripts/manage_signature_keys create --compact aslp --jurisdiction oh --key-id oh-2025 \\
        --public-key-file oh.pub.pem --table <CompactConfigurationTable name>
    scripts/manage_signature_keys create ... --generate --sandbox   # prints the new private key once
    scripts/manage_signature_keys list --compact aslp --jurisdiction oh --sandbox
    scripts/manage_signature_keys delete --compact aslp --jurisdiction oh --key-id oh-2024 --table ...

Deleting a state's last key matters: signed-only routes then refuse every request of that state, and
routes with optional signatures accept its unsigned requests again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from core import keys
from core.clock import now_utc
from core.jurisdictions import COMPACT_NAMES, JURISDICTION_NAMES
from core.models.configuration import SigningKey
from core.signature import KEY_ID_PATTERN, load_p256_public_key
from core.tables import COMPACT_CONFIGURATION
from toolkit.commands import CommandError, target_table
from toolkit.manifest import MANIFEST


def fingerprint(public_key: ec.EllipticCurvePublicKey) -> str:
    """SHA-256 of the DER public key: lets a state confirm which key is registered without the PEM."""
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "SHA256:" + hashlib.sha256(der).hexdigest()


def normalised_public_pem(pem: str) -> str:
    """The PEM re-encoded canonically, after checking it is a P-256 public key (not a private key)."""
    if "PRIVATE KEY" in pem:
        raise CommandError(
            "that file holds a private key: register only the public key "
            "(the private one stays with the state)"
        )
    try:
        key = load_p256_public_key(pem)
    except ValueError as error:
        raise CommandError(f"not a usable public key: {error}") from None
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def create(table: Any, compact: str, jurisdiction: str, key_id: str, public_pem: str) -> dict[str, str]:
    """Register a key; an existing key id is never overwritten (a state may still be signing with it)."""
    record = SigningKey(
        compact=compact, jurisdiction=jurisdiction, key_id=key_id, public_key=public_pem, created_at=now_utc()
    )
    try:
        table.put_item(Item=record.to_item(), ConditionExpression="attribute_not_exists(pk)")
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            raise CommandError(
                f"{compact}/{jurisdiction} already has a key {key_id!r}: pick a new key id"
            ) from None
        raise
    return _describe(record)


def delete(table: Any, compact: str, jurisdiction: str, key_id: str) -> dict[str, Any]:
    key = {
        "pk": keys.signing_keys_pk(compact, jurisdiction),
        "sk": keys.signing_key_sk(compact, jurisdiction, key_id),
    }
    try:
        table.delete_item(Key=key, ConditionExpression="attribute_exists(pk)")
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            raise CommandError(f"{compact}/{jurisdiction} has no key {key_id!r}") from None
        raise
    return {
        "deleted": key_id,
        "remainingKeys": [entry["keyId"] for entry in list_keys(table, compact, jurisdiction)],
    }


def list_keys(table: Any, compact: str, jurisdiction: str) -> list[dict[str, str]]:
    query: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": keys.signing_keys_pk(compact, jurisdiction)},
        "ConsistentRead": True,
    }
    found: list[dict[str, str]] = []
    while True:
        page = table.query(**query)
        found += [_describe(SigningKey.from_item(item)) for item in page.get("Items", [])]
        if "LastEvaluatedKey" not in page:
            return sorted(found, key=lambda entry: entry["createdAt"])
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _describe(record: SigningKey) -> dict[str, str]:
    return {
        "compact": record.compact,
        "jurisdiction": record.jurisdiction,
        "keyId": record.key_id,
        "createdAt": keys.iso_utc(record.created_at),
        "fingerprint": fingerprint(load_p256_public_key(record.public_key)),
    }


def generate_key_pair() -> tuple[str, str]:
    """(private PEM, public PEM) of a new P-256 key, for states that want one made for them."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_pem, public_pem.decode()


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(prog="scripts/manage_signature_keys", description=__doc__,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    command.add_argument("action", choices=("create", "delete", "list"))
    command.add_argument("--compact", required=True, choices=sorted(COMPACT_NAMES))
    command.add_argument("--jurisdiction", required=True, type=str.lower, help="postal code, e.g. oh")
    command.add_argument("--key-id", help="the X-Key-Id the state will send (create, delete)")
    source = command.add_mutually_exclusive_group()
    source.add_argument("--public-key-file", type=Path, help="PEM public key from the state (create)")
    source.add_argument(
        "--generate", action="store_true", help="create a key pair; print the private key once"
    )
    target = command.add_mutually_exclusive_group(required=True)
    target.add_argument("--table", help="the compact configuration table of a deployed environment")
    target.add_argument("--sandbox", action="store_true", help=f"the running local sandbox ({MANIFEST})")
    return command


def _check(command: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.jurisdiction not in JURISDICTION_NAMES:
        command.error(f"--jurisdiction: {args.jurisdiction!r} is not a jurisdiction postal code")
    if args.action != "list" and not args.key_id:
        command.error(f"--key-id is required to {args.action} a key")
    if args.key_id and not KEY_ID_PATTERN.match(args.key_id):
        command.error("--key-id: use 1 to 64 letters, digits, dots, underscores or hyphens")
    if args.action == "create" and not (args.public_key_file or args.generate):
        command.error("create needs --public-key-file or --generate")
    if args.action != "create" and (args.public_key_file or args.generate):
        command.error("--public-key-file and --generate only apply to create")


def run(args: argparse.Namespace, table: Any) -> tuple[Any, str | None]:
    """The JSON result and, for --generate, the private key PEM to show once."""
    if args.action == "list":
        return list_keys(table, args.compact, args.jurisdiction), None
    if args.action == "delete":
        return delete(table, args.compact, args.jurisdiction, args.key_id), None
    private_pem = None
    if args.generate:
        private_pem, public_pem = generate_key_pair()
    else:
        public_pem = normalised_public_pem(args.public_key_file.read_text())
    return create(table, args.compact, args.jurisdiction, args.key_id, public_pem), private_pem


def main(argv: list[str] | None = None, manifest_path: Path = MANIFEST) -> int:
    command = parser()
    args = command.parse_args(argv)
    _check(command, args)
    try:
        _, table = target_table(args.sandbox, args.table, COMPACT_CONFIGURATION.key, manifest_path)
        result, private_pem = run(args, table)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2))
    if private_pem:
        print(
            "Private key (shown once; give it to the state over a secure channel, do not store it):",
            file=sys.stderr,
        )
        print(private_pem, end="")
    if args.action == "delete" and not result["remainingKeys"]:
        print(
            f"note: {args.compact}/{args.jurisdiction} has no signing key left: its signed-only requests "
            "are now refused, and optional-signature routes accept its unsigned requests again",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
