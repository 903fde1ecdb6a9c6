"""State API request signatures (spec §1.4, payments_security §4.5).

A state IT system signs each request with its ECDSA P-256 private key, on top of its OAuth
client-credentials token: a leaked client secret alone cannot read licensee data. The public keys
live in the compact configuration table, several per state so a state can rotate without downtime.

:func:`enforce` is called by :class:`core.http.RouteTable` before the handler of every route whose
``auth.signature`` is set. Every failure is a 401 whose message says what to fix, except that an
unknown key id and a wrong signature read alike, so a caller cannot probe which key ids exist.
:func:`sign_request` is the reference signer for tests, the sandbox and state IT documentation.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from core.catalog import Access, TableGrant
from core.clock import now_utc, now_utc_precise
from core.errors import Unauthorized
from core.tables import COMPACT_CONFIGURATION, RATE_LIMITING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import ec

# Route declarations import this module for SIGNATURE_GRANTS, and the catalog must stay cheap to import
# (the Pulumi program, the OpenAPI renderer): the crypto library, boto3 and the record models are
# imported by the functions that sign or verify, on first use.

ALGORITHM = "ECDSA-SHA256"
ALGORITHM_HEADER = "X-Algorithm"
TIMESTAMP_HEADER = "X-Timestamp"
NONCE_HEADER = "X-Nonce"
KEY_ID_HEADER = "X-Key-Id"
SIGNATURE_HEADER = "X-Signature"
HEADERS = (ALGORITHM_HEADER, TIMESTAMP_HEADER, NONCE_HEADER, KEY_ID_HEADER, SIGNATURE_HEADER)
MAX_CLOCK_SKEW = timedelta(seconds=60)
NONCE_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,256}$")
KEY_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
"""Key ids that can be registered; any other ``X-Key-Id`` names no key (and is never looked up)."""

SIGNATURE_GRANTS: tuple[TableGrant, ...] = (
    TableGrant(COMPACT_CONFIGURATION.key, Access.READ),
    TableGrant(RATE_LIMITING.key, Access.WRITE),
)
"""What a function serving signed routes needs: read the public keys, conditionally put nonces."""

INVALID_SIGNATURE = "Invalid signature"
"""Shared by an unknown key id and a signature that does not verify: key ids are not disclosed."""

Query = Mapping[str, str | Sequence[str]] | None


# ---- the signed string --------------------------------------------------------------------------


def _query_pairs(query: Query) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name, values in (query or {}).items():
        for value in [values] if isinstance(values, str) else values:
            pairs.append((name, value))
    return pairs


def canonical_query(query: Query) -> str:
    """``key=value`` pairs sorted by key, each part percent-encoded (nothing left unencoded), joined by
    ``&``; empty without a query. The sort is stable: repeated keys keep their order in the request."""
    pairs = sorted(_query_pairs(query), key=lambda pair: pair[0])
    return "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs)


def string_to_sign(method: str, path: str, query: Query, timestamp: str, nonce: str, key_id: str) -> str:
    """The six values, newline-joined; the timestamp is signed exactly as sent in its header."""
    return "\n".join((method.upper(), path, canonical_query(query), timestamp, nonce, key_id))


# ---- signing (clients, tests, sandbox) -----------------------------------------------------------


def load_p256_public_key(pem: str | bytes) -> ec.EllipticCurvePublicKey:
    """The key of a PEM document, refused (ValueError) unless it is an ECDSA P-256 public key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("not an ECDSA P-256 (secp256r1) public key")
    return key


def load_p256_private_key(pem: str | bytes) -> ec.EllipticCurvePrivateKey:
    """The unencrypted private key of a PEM document, refused (ValueError) unless it is ECDSA P-256."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = serialization.load_pem_private_key(pem.encode() if isinstance(pem, str) else pem, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("not an ECDSA P-256 (secp256r1) private key")
    return key


def sign_request(
    private_key_pem: str | bytes,
    method: str,
    path: str,
    query: Query,
    key_id: str,
    timestamp: str | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """The five signature headers for one request, signed with a P-256 private key (PEM).

    ``timestamp`` defaults to now (ISO-8601 UTC) and ``nonce`` to a fresh UUID4; pass them to build a
    stale, future or replayed request in tests.
    """
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    private_key = load_p256_private_key(private_key_pem)
    timestamp = timestamp or now_utc().isoformat()
    nonce = nonce or str(uuid.uuid4())
    message = string_to_sign(method, path, query, timestamp, nonce, key_id)
    signature = private_key.sign(message.encode(), ec.ECDSA(hashes.SHA256()))
    return {
        ALGORITHM_HEADER: ALGORITHM,
        TIMESTAMP_HEADER: timestamp,
        NONCE_HEADER: nonce,
        KEY_ID_HEADER: key_id,
        SIGNATURE_HEADER: base64.b64encode(signature).decode(),
    }


def verifies(public_key_pem: str, message: str, signature_b64: str) -> bool:
    """Whether a base64 DER signature of ``message`` verifies under the PEM public key."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        signature = base64.b64decode(signature_b64, validate=True)
        load_p256_public_key(public_key_pem).verify(signature, message.encode(), ec.ECDSA(hashes.SHA256()))
    except (binascii.Error, ValueError, InvalidSignature):
        return False
    return True


# ---- verification (the RouteTable hook) ---------------------------------------------------------


def _signing_keys() -> Any:
    from core.repositories.signatures import SigningKeyRepository
    from core.resources import granted

    return SigningKeyRepository(granted().table(COMPACT_CONFIGURATION))


def _headers(event: Mapping[str, Any]) -> dict[str, str]:
    """Header names are case-insensitive (HTTP/2 clients send them in lower case)."""
    return {str(name).lower(): str(value) for name, value in (event.get("headers") or {}).items()}


def _request_query(event: Mapping[str, Any]) -> Query:
    """API Gateway's multi-value form when present, since the single-value form keeps only the last."""
    return event.get("multiValueQueryStringParameters") or event.get("queryStringParameters")


def _check_timestamp(value: str) -> None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Unauthorized(f"Invalid {TIMESTAMP_HEADER}: expected an ISO-8601 timestamp") from None
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    if abs(now_utc_precise() - moment) > MAX_CLOCK_SKEW:
        raise Unauthorized(
            f"Request timestamp is outside the allowed window of {int(MAX_CLOCK_SKEW.total_seconds())} "
            "seconds of server time"
        )


def _record_nonce(compact: str, jurisdiction: str, nonce: str) -> None:
    """The conditional put that makes a signed request single-use (kept for three skew windows)."""
    from core.models.operational import SignatureNonce
    from core.repositories.signatures import NonceRepository
    from core.resources import granted

    item = SignatureNonce(compact=compact, jurisdiction=jurisdiction, nonce=nonce, received_at=now_utc())
    if not NonceRepository(granted().table(RATE_LIMITING)).first_use(item):
        raise Unauthorized("Nonce has already been used")


def _missing(headers: Mapping[str, str], names: Iterable[str]) -> str | None:
    return next((name for name in names if not headers.get(name.lower())), None)


def enforce(event: dict[str, Any], compact: str, jurisdiction: str, required: bool) -> None:
    """Verify the request's signature, or raise :class:`Unauthorized` naming the problem.

    Checks, in order: every header present; nonce format; algorithm; timestamp within ±60 s; signature
    verifies under the named key; nonce not seen before (recorded with a conditional put). With
    ``required=False`` a state that has registered no key may still call unsigned; once it has any key,
    every request must be signed. Required mode reads only the named key, and only once the cheap
    checks have passed.
    """
    registered: dict[str, str] | None = None
    if not required:
        registered = _signing_keys().keys_of(compact, jurisdiction)
        if not registered:
            return
    headers = _headers(event)
    missing = _missing(headers, HEADERS)
    if missing:
        raise Unauthorized(f"Missing signature header {missing}")
    nonce = headers[NONCE_HEADER.lower()]
    if not NONCE_PATTERN.match(nonce):
        raise Unauthorized(f"Invalid {NONCE_HEADER}: use 1 to 256 letters, digits or hyphens")
    if headers[ALGORITHM_HEADER.lower()] != ALGORITHM:
        raise Unauthorized(f"Unsupported {ALGORITHM_HEADER}: only {ALGORITHM} is accepted")
    timestamp = headers[TIMESTAMP_HEADER.lower()]
    _check_timestamp(timestamp)
    key_id = headers[KEY_ID_HEADER.lower()]
    method, path = str(event.get("httpMethod", "")), str(event.get("path", ""))
    message = string_to_sign(method, path, _request_query(event), timestamp, nonce, key_id)
    if not KEY_ID_PATTERN.match(key_id):
        public_key = None
    elif registered is not None:
        public_key = registered.get(key_id)
    else:
        public_key = _signing_keys().key(compact, jurisdiction, key_id)
    if public_key is None or not verifies(public_key, message, headers[SIGNATURE_HEADER.lower()]):
        raise Unauthorized(INVALID_SIGNATURE)
    _record_nonce(compact, jurisdiction, nonce)
