"""``lastKey`` tokens of paginated listings (spec §0): a DynamoDB key, JSON-encoded, then base64.

The token is opaque to clients but not trusted: a decoded key must have the users-index shape and
point into the compact being listed, so a crafted token cannot page through another compact.
"""

from __future__ import annotations

import base64
import binascii
import json

from core import keys
from core.errors import InvalidRequest

_KEY_NAMES = frozenset({"pk", "sk", "famGiv"})


def encode_last_key(key: dict[str, str]) -> str:
    return base64.b64encode(json.dumps(key, separators=(",", ":"), sort_keys=True).encode()).decode()


def decode_last_key(token: str, compact: str) -> dict[str, str]:
    """The index key a listing of ``compact`` resumes after (400 naming ``lastKey`` when invalid)."""
    try:
        key = json.loads(base64.b64decode(token, validate=True))
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise InvalidRequest("Invalid request: query.lastKey: not a key returned by this listing") from error
    valid = (
        isinstance(key, dict)
        and set(key) == _KEY_NAMES
        and all(isinstance(value, str) for value in key.values())
        and key["sk"] == keys.user_sk(compact)
        and key["pk"].startswith(keys.user_pk(""))
    )
    if not valid:
        raise InvalidRequest("Invalid request: query.lastKey: not a key returned by this listing")
    return key
