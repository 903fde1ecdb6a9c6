"""Reading a client-credentials token request the way an OAuth 2.0 server must (RFC 6749 §2.3, §4.4,
§5.2), for the sandbox's stand-in of Cognito's ``/oauth2/token``.

Whatever a client sends — undecodable Basic credentials, two ways of authenticating at once, a repeated
parameter — is an OAuth error answer (``invalid_request``, ``invalid_client``), never a server error.
Cognito answers every such error with a 400, and so does the sandbox.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs


class TokenRequestError(ValueError):
    """An OAuth error (RFC 6749 §5.2): ``error`` is its code, the message its ``error_description``."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": str(self)}


@dataclass(frozen=True)
class TokenRequest:
    client_id: str
    client_secret: str
    scopes: list[str]


def read_token_request(body: str, authorization: str | None) -> TokenRequest:
    """The client and the scopes it asks for, or :class:`TokenRequestError` saying what is wrong."""
    form = _form(body)
    grant_type = form.get("grant_type")
    if grant_type is None:
        raise TokenRequestError("invalid_request", "grant_type is required")
    if grant_type != "client_credentials":
        raise TokenRequestError("unsupported_grant_type", "only client_credentials is supported")
    client_id, client_secret = _client(form, authorization)
    return TokenRequest(client_id, client_secret, form.get("scope", "").split())


def _form(body: str) -> dict[str, str]:
    """The form parameters; one sent twice is refused (RFC 6749 §3.1)."""
    fields = parse_qs(body, keep_blank_values=True)
    repeated = sorted(name for name, values in fields.items() if len(values) > 1)
    if repeated:
        raise TokenRequestError("invalid_request", f"parameters sent more than once: {', '.join(repeated)}")
    return {name: values[0] for name, values in fields.items()}


def _client(form: Mapping[str, str], authorization: str | None) -> tuple[str, str]:
    """The client's id and secret from HTTP Basic or from the form, never both (RFC 6749 §2.3)."""
    if authorization is None:
        return form.get("client_id", ""), form.get("client_secret", "")
    client_id, client_secret = _basic(authorization)
    if "client_secret" in form:
        raise TokenRequestError("invalid_request", "authenticate with Basic or with the form, not both")
    if form.get("client_id", client_id) != client_id:
        raise TokenRequestError("invalid_request", "client_id differs from the Basic credentials")
    return client_id, client_secret


def _basic(authorization: str) -> tuple[str, str]:
    """``Basic base64(client_id:client_secret)`` (RFC 7617); any other scheme or encoding is refused."""
    scheme, _, credentials = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        raise TokenRequestError("invalid_client", "client authentication must use the Basic scheme")
    try:
        decoded = base64.b64decode(credentials.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise TokenRequestError("invalid_client", "Basic credentials must be base64 of UTF-8 text") from None
    client_id, colon, client_secret = decoded.partition(":")
    if not colon:
        raise TokenRequestError("invalid_client", "Basic credentials must be client_id:client_secret")
    return client_id, client_secret
