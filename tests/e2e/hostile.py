"""The hostile-input corpus (issue #10): what a careless or malicious client can put in each part of a
request, as plain data that ``test_hostile_corpus`` sends to every route of every API and to the
sandbox's own endpoints.

Path values are written in wire form (already percent-encoded where a raw character could not travel in
a request line), so that traversal, encoded slashes and invalid UTF-8 reach the server exactly as
written. A body is marked ``refused`` when no route may accept it whatever its model: it breaks a limit
every JSON body is held to (``core.request_limits``) or is not JSON at all; those must be answered with a
4xx everywhere, the rest only must not be a 5xx.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

JSON = "application/json"
MULTIPART = "multipart/form-data; boundary=x"
HUGE_BODY_BYTES = 10 * 1024 * 1024
"""The 10 MB body of the issue (API Gateway's own payload limit): sent once per route and caller."""


@dataclass(frozen=True)
class Body:
    name: str
    content: bytes
    content_type: str | None = JSON
    refused: bool = False


def _refused(name: str, text: str, content_type: str | None = JSON) -> Body:
    return Body(name, text.encode(), content_type, refused=True)


HUGE_BODY = Body(
    "10 MB body", b'{"a": "' + b"x" * (HUGE_BODY_BYTES - 10) + b'"}', refused=True
)  # refused by size before anything reads it

BODIES: tuple[Body, ...] = (
    _refused("nested arrays", "[" * 50_000 + "]" * 50_000),
    _refused("nested objects", '{"a":' * 5_000 + "1" + "}" * 5_000),
    _refused("unclosed nesting", "[" * 50_000),
    _refused("huge integer", '{"n": ' + "9" * 5_000 + "}"),
    _refused("huge negative integer", "-" + "9" * 5_000),
    _refused("number beyond storage", '{"n": 1e308}'),
    _refused("overflowing number", '{"n": 1e99999}'),
    _refused("NaN", '{"n": NaN}'),
    _refused("duplicate keys", '{"a": 1, "a": 2}'),
    _refused("long string", '{"a": "' + "x" * 100_001 + '"}'),
    _refused("wide array", "[" + ",".join(["0"] * 1_001) + "]"),
    _refused("plain text", "hello", "text/plain"),
    _refused("form encoded", "a=1&b=2", "application/x-www-form-urlencoded"),
    _refused("multipart", "--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--x--", MULTIPART),
    _refused("no content type", "{}", None),
    Body("invalid UTF-8", b'{"a": "\xff\xfe\xc0\xaf"}'),
    Body("raw NUL and controls", b'{"a": "\x00\x01\x1b[31m"}'),
    Body("escaped NUL and controls", b'{"a": "\\u0000\\u001b[31m\\u202e\\ud800"}'),
    Body("malformed JSON", b'{"a": '),
    Body("empty object", b"{}"),
    Body("empty array", b"[]"),
    Body("one-element array", b"[{}]"),
    Body("string", b'"x"'),
    Body("number", b"1"),
    Body("null", b"null"),
    Body("boolean", b"true"),
    Body("unknown keys", b'{"unknownKey": 1, "__proto__": {"admin": true}, "constructor": {"a": {}}}'),
)

FIELD_VALUES: dict[str, Any] = {
    "wrong type": [[[]]],
    "null": None,
    "unicode": "\u00f1\U0001d518\u202e\ufeff\u0301",
    "1,000 characters": "x" * 1_000,
    "NUL": "\u0000",
    "line breaks": "a\r\nb",
    "large number": 1e125,
    "negative": -1,
    "boolean": True,
    "key separator": "aslp#oh#PROVIDER",
    "instant after year 9999 in UTC": "9999-12-31T23:59:59-14:00",
    "instant before year 1 in UTC": "0001-01-01T00:00:00+14:00",
    "impossible date": "2026-02-30",
}
"""Values put in a route's request model: in every top-level field at once, and in every field of its
shape at any depth."""
UNKNOWN_KEY = "corpusUnknownKey"
MAP_KEY = "aslp"
"""The key of a map's one entry: the maps of request models are keyed by compact (permissions)."""
NESTING = 8
"""How deep the shape of a model is followed (request models nest three or four levels)."""


def model_bodies(model: type[BaseModel]) -> Iterator[Body]:
    """The route's own model filled with each hostile value, so the corpus reaches its validators and not
    only the parser: once in every top-level field (a value where an object or list belongs), once in
    every field of the model's shape. Every object also carries an unknown key, which request models
    refuse: no such body can be accepted (so none writes), yet every field is still validated, since
    validation reports all problems at once."""
    schema = model.model_json_schema(by_alias=True)
    definitions = schema.get("$defs", {})
    for name, value in FIELD_VALUES.items():
        for label, depth in (("every field", 1), ("every nested field", NESTING)):
            document = _shaped(schema, definitions, value, depth)
            yield Body(f"{label} {name}", json.dumps(document).encode(), refused=True)


def _shaped(schema: dict[str, Any], definitions: dict[str, Any], value: Any, depth: int) -> Any:
    """A document of the schema's shape, ``depth`` objects deep, with ``value`` wherever it stops. A list
    gets one item of its own shape, a map one entry under :data:`MAP_KEY`."""
    schema = _resolved(schema, definitions)
    if depth > 0 and "properties" in schema:
        fields = {
            name: _shaped(field, definitions, value, depth - 1)
            for name, field in schema["properties"].items()
        }
        return {**fields, UNKNOWN_KEY: value}
    if depth > 0 and isinstance(schema.get("additionalProperties"), dict):
        return {MAP_KEY: _shaped(schema["additionalProperties"], definitions, value, depth - 1)}
    if depth > 0 and "items" in schema:
        return [_shaped(schema["items"], definitions, value, depth)]
    return value


def _resolved(schema: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    """The schema a ``$ref`` names, or the first option of a union that is not null."""
    while True:
        if "$ref" in schema:
            schema = definitions[schema["$ref"].rsplit("/", 1)[-1]]
            continue
        options = [
            option for option in schema.get("anyOf", schema.get("oneOf", [])) if option.get("type") != "null"
        ]
        if not options:
            return schema
        schema = options[0]


SEGMENTS: dict[str, str] = {
    "traversal": "../../etc/passwd",
    "dot-dot": "..",
    "encoded traversal": "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "double-encoded traversal": "%252e%252e%252f",
    "encoded slash": "aslp%2Foh",
    "unicode": "%C3%B1%F0%9D%94%98%E2%80%AE",
    "invalid UTF-8": "%FF%FE%C0%AF",
    "1,000 characters": "a" * 1_000,
    "NUL": "aslp%00",
    "line breaks": "%0D%0AX-Injected:%201",
    "escape sequence": "%1B%5B31m",
    "key separator": "aslp%23oh",
    "braces": "%7Bcompact%7D",
    "spaces": "%20aslp%20",
    "SQL-ish": "%27%20OR%201%3D1--",
}
"""Hostile path segments, in wire form."""

QUERY_VALUES: dict[str, str] = {
    "traversal": "../../etc/passwd",
    "unicode": "\u00f1\U0001d518\u202e",
    "1,000 characters": "x" * 1_000,
    "NUL": "\u0000",
    "line breaks": "a\r\nb",
    "empty": "",
    "negative": "-1",
    "huge integer": "9" * 30,
    "float": "1e308",
    "not base64": "!!!",
    "base64 garbage": base64.b64encode(b"\xff\xfe\x00garbage").decode(),
    "base64 JSON of the wrong shape": base64.b64encode(b'{"pk": {"S": "x"}, "sk": [1]}').decode(),
    "base64 nested": base64.b64encode(b"[" * 10_000).decode(),
}
"""Hostile query-string values (requests percent-encodes them)."""


def _jwt(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    def part(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return ".".join((part(json.dumps(header).encode()), part(json.dumps(claims).encode()), part(signature)))


_CLAIMS = {"sub": "x", "token_use": "access", "scope": "aslp/admin", "exp": 9_999_999_999}

AUTHORIZATION: dict[str, str | bytes] = {
    "Bearer only": "Bearer",
    "Bearer empty": "Bearer ",
    "Bearer garbage": "Bearer garbage",
    "Bearer three dots": "Bearer ...",
    "bare garbage": "not-a-token",
    "alg none JWT": _jwt({"alg": "none", "typ": "JWT"}, _CLAIMS),
    "HS256 JWT": _jwt({"alg": "HS256", "typ": "JWT", "kid": "dummy"}, _CLAIMS, b"\x00" * 32),
    "JWT with a traversal kid": _jwt({"alg": "RS256", "kid": "../../etc/passwd"}, _CLAIMS, b"x"),
    "JWT header not an object": ".".join((base64.urlsafe_b64encode(b"[]").decode(), "e30", "")),
    "JWT of invalid base64": "Bearer a!b.c$d.e%f",
    "JWT of huge claims": _jwt({"alg": "RS256", "kid": "dummy"}, {**_CLAIMS, "exp": 10**400}, b"x"),
    "Basic garbage": "Basic !!!",
    "Basic bad padding": "Basic YWJjZA",
    "Basic without colon": "Basic " + base64.b64encode(b"client-only").decode(),
    "Basic not UTF-8": "Basic " + base64.b64encode(b"\xff\xfe:\xc0").decode(),
    "Basic only": "Basic",
    "Digest": 'Digest username="x", realm="y", nonce="z", uri="/", response="0"',
    "AWS SigV4": "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/execute-api/aws4_request, Signature=00",
    "Negotiate": "Negotiate " + "A" * 100,
    "very long": "Bearer " + "A" * 16_000,
    "non-ASCII": "Bearer \u00f1\u00fc".encode(),
    "invalid UTF-8": b"Bearer \xff\xfe\xc0\xaf",
    "NUL": "Bearer a\x00b",
}
"""Malformed ``Authorization`` headers of every scheme."""

SIGNATURE_TAMPERING: dict[str, dict[str, str]] = {
    "timestamp at year 1": {"X-Timestamp": "0001-01-01T00:00:00+14:00"},
    "timestamp at year 9999": {"X-Timestamp": "9999-12-31T23:59:59-14:00"},
    "timestamp not a time": {"X-Timestamp": "yesterday"},
    "timestamp 1,000 characters": {"X-Timestamp": "1" * 1_000},
    "timestamp NUL": {"X-Timestamp": "2026-01-01T00:00:00\x00"},
    "signature not base64": {"X-Signature": "!!!"},
    "signature 16 KB": {"X-Signature": "A" * 16_000},
    "nonce 1,000 characters": {"X-Nonce": "n" * 1_000},
    "nonce traversal": {"X-Nonce": "../../etc/passwd"},
    "key id traversal": {"X-Key-Id": "../../etc/passwd"},
    "key id key separator": {"X-Key-Id": "oh-sandbox-key-1#x"},
    "algorithm none": {"X-Algorithm": "none"},
    "empty headers": {"X-Algorithm": "", "X-Timestamp": "", "X-Nonce": "", "X-Key-Id": "", "X-Signature": ""},
}
"""Changes to a valid request signature (State API routes that check one)."""

TOKEN_FORMS: dict[str, dict[str, str]] = {
    "grant type unknown": {"grant_type": "password"},
    "grant type 1,000 characters": {"grant_type": "x" * 1_000},
    "scope unknown": {"grant_type": "client_credentials", "scope": "aslp/admin ../../etc"},
    "scope 1,000 characters": {"grant_type": "client_credentials", "scope": "s" * 1_000},
    "scope NUL": {"grant_type": "client_credentials", "scope": "aslp/write\x00"},
    "client id in form, traversal": {"grant_type": "client_credentials", "client_id": "../../etc/passwd"},
    "client id in form, unicode": {"grant_type": "client_credentials", "client_id": "\u00f1\U0001d518"},
    "client secret in form, 1,000 characters": {
        "grant_type": "client_credentials",
        "client_id": "x",
        "client_secret": "s" * 1_000,
    },
}
"""Hostile form fields for the token endpoint (sent with the client's valid Basic credentials)."""
