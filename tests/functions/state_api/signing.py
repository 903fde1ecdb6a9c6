"""P-256 key helpers shared by the signature, State API and operator-script tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from core.models.configuration import SigningKey


def new_private_key(curve: ec.EllipticCurve | None = None) -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(curve or ec.SECP256R1())


def private_pem(key: ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def public_pem(key: ec.EllipticCurvePrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def store_key(
    configuration_table: Any,
    key: ec.EllipticCurvePrivateKey,
    key_id: str,
    *,
    compact: str = "aslp",
    jurisdiction: str = "oh",
) -> None:
    """Register a state's public key the way the operator script does."""
    record = SigningKey(
        compact=compact,
        jurisdiction=jurisdiction,
        key_id=key_id,
        public_key=public_pem(key),
        created_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    configuration_table.put_item(Item=record.to_item())
