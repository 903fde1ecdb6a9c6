"""Account-recovery tokens (payments_security §3.3): 32 random bytes, URL-safe, sent only in the email
link; the record keeps an Argon2id hash, so a leaked table does not recover anyone's account."""

from __future__ import annotations

import secrets
from functools import cache
from typing import Any


@cache
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2-cffi's defaults: Argon2id, RFC 9106's low-memory profile


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hashed(token: str) -> str:
    return str(_hasher().hash(token))


def matches(stored_hash: str, token: str) -> bool:
    """Whether ``token`` is the one ``stored_hash`` was made from (constant time in the token)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored_hash, token))
    except (VerificationError, InvalidHashError):
        return False
