"""S3's rules for browser-based uploads (POST Object with a signed POST policy), as pure functions.

moto stores whatever a POST form names without reading its policy; S3 refuses a form its policy does
not allow. The sandbox applies S3's rules in front of moto (``sandbox.s3_post_gate``) so that an
upload that works locally works in AWS, and so that a client that rewrites the signed ``key`` into
another jurisdiction's prefix is refused locally as it is in AWS, instead of being ingested there.

The rules (S3 API reference: "POST Policy", "Browser-Based Uploads Using POST (AWS Signature
Version 4)"):

- the form carries exactly one file (the ``file`` field) and a ``key``;
- a form without a ``policy`` is anonymous, which the sandbox's private buckets refuse;
- the policy is signed with SigV4 (``x-amz-algorithm``, ``x-amz-credential``, ``x-amz-date``,
  ``x-amz-signature``) by a known access key for the emulator's region; SigV2 is refused, as it is
  for every bucket created since June 2020;
- the policy is base64 JSON with an ``expiration`` (not yet passed) and ``conditions``;
- every condition holds: ``{"field": value}`` and ``["eq", "$field", value]`` match exactly,
  ``["starts-with", "$field", prefix]`` by prefix (each item of a comma-separated Content-Type),
  ``$bucket`` is the request's bucket, and a condition on a field the form lacks fails;
- every form field except ``file``, ``policy``, ``x-amz-signature``, ``signature`` and ``x-ignore-*``
  is named by a condition;
- ``["content-length-range", min, max]`` bounds the file's size (400 EntityTooSmall/EntityTooLarge).

Form field names match case-insensitively, as in S3 (AWS's own example form sends
``X-Amz-Credential`` for a policy that names ``x-amz-credential``); values match exactly.

Where the sandbox is stricter: a field name sent twice is refused (the emulator would store one of
the two values, so both cannot be held to the policy), and fields after the file, which S3 ignores,
are checked like the others.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

ALGORITHM = "AWS4-HMAC-SHA256"
UNCHECKED_FIELDS = frozenset({"file", "policy", "x-amz-signature", "signature"})
"""Fields S3 does not require a condition for (besides the ``x-ignore-`` ones)."""
IGNORED_PREFIX = "x-ignore-"
CONTENT_TYPE = "content-type"
_CREDENTIAL = re.compile(r"(?P<access_key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/s3/aws4_request")


class PostRefused(Exception):
    """S3's answer to a form it refuses: the HTTP status, the error code and message, and the extra
    elements S3 puts in its error document (``ProposedSize``, ``MaxSizeAllowed``, ...)."""

    def __init__(self, status: int, code: str, message: str, **details: str | int) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details


@dataclass(frozen=True)
class PostForm:
    """A browser-based upload as S3 sees it: the bucket it was posted to, the form's text fields in
    the order and spelling sent, and the name and size of each file part."""

    bucket: str
    fields: Sequence[tuple[str, str]]
    files: Sequence[tuple[str, int]]


@dataclass(frozen=True)
class FieldCondition:
    """``eq`` or ``starts-with`` on one form field (``name`` lower-cased; ``quoted`` is how S3 quotes
    the condition when it fails)."""

    operator: str
    name: str
    value: str
    quoted: str

    def holds(self, actual: str | None) -> bool:
        if actual is None:
            return False
        if self.operator == "eq":
            return actual == self.value
        if self.name == CONTENT_TYPE:
            return all(item.startswith(self.value) for item in actual.split(","))
        return actual.startswith(self.value)


@dataclass(frozen=True)
class LengthRange:
    minimum: int
    maximum: int


@dataclass(frozen=True)
class Policy:
    expiration: datetime
    fields: tuple[FieldCondition, ...]
    lengths: tuple[LengthRange, ...]


def check_post(form: PostForm, secrets: Mapping[str, str], region: str, now: datetime) -> None:
    """Raises :class:`PostRefused` with S3's answer unless S3 would store this upload.

    ``secrets`` maps each access key the emulator knows to its secret key.
    """
    fields = _fields_by_name(form.fields)
    file_size = _file_size(form.files)
    if "key" not in fields:
        raise _missing_field("key")
    if "policy" not in fields:
        raise PostRefused(403, "AccessDenied", "Access Denied")
    _verify_signature(fields, secrets, region)
    policy = parse_policy(fields["policy"])
    if now >= policy.expiration:
        raise _policy_violation("Policy expired.")
    values = {**fields, "bucket": form.bucket}
    for condition in policy.fields:
        if not condition.holds(values.get(condition.name)):
            raise _policy_violation(f"Policy Condition failed: {condition.quoted}")
    _refuse_extra_fields(form.fields, {condition.name for condition in policy.fields})
    for length in policy.lengths:
        _check_size(file_size, length)


def parse_policy(encoded: str) -> Policy:
    """The policy document a form carries, or S3's 400 InvalidPolicyDocument."""
    try:
        document = json.loads(base64.b64decode(encoded, validate=True))
    except (binascii.Error, ValueError):
        raise _invalid_policy("Invalid JSON.") from None
    if not isinstance(document, dict):
        raise _invalid_policy("Invalid JSON.")
    if "expiration" not in document:
        raise _invalid_policy("Policy missing expiration.")
    if not isinstance(document.get("conditions"), list):
        raise _invalid_policy("Policy missing conditions.")
    parsed = [_condition(condition) for condition in document["conditions"]]
    return Policy(
        expiration=_expiration(document["expiration"]),
        fields=tuple(c for c in parsed if isinstance(c, FieldCondition)),
        lengths=tuple(c for c in parsed if isinstance(c, LengthRange)),
    )


def policy_signature(secret: str, date: str, region: str, encoded_policy: str) -> str:
    """SigV4 over a POST policy: the base64 policy is the string to sign, with the S3 signing key."""
    key = f"AWS4{secret}".encode()
    for part in (date, region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, encoded_policy.encode(), hashlib.sha256).hexdigest()


def _fields_by_name(fields: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Lower-cased names to values; a name sent twice is refused, so that what is checked here is
    what the emulator stores."""
    by_name: dict[str, str] = {}
    for name, value in fields:
        if name.lower() in by_name:
            raise PostRefused(
                400, "InvalidArgument", f"POST form field {name!r} appears more than once.", ArgumentName=name
            )
        by_name[name.lower()] = value
    return by_name


def _file_size(files: Sequence[tuple[str, int]]) -> int:
    if len(files) != 1 or files[0][0].lower() != "file":
        raise PostRefused(
            400, "InvalidArgument", "POST requires exactly one file upload per request.", ArgumentName="file"
        )
    return files[0][1]


def _verify_signature(fields: Mapping[str, str], secrets: Mapping[str, str], region: str) -> None:
    algorithm = fields.get("x-amz-algorithm")
    if algorithm is None and "x-amz-signature" not in fields and "signature" in fields:
        algorithm = "AWS"  # SigV2: AWSAccessKeyId + signature
    if algorithm is None:
        raise _missing_field("x-amz-algorithm")
    if algorithm != ALGORITHM:
        raise PostRefused(
            400,
            "InvalidRequest",
            f"The authorization mechanism you have provided is not supported. Please use {ALGORITHM}.",
        )
    for name in ("x-amz-credential", "x-amz-date", "x-amz-signature"):
        if name not in fields:
            raise _missing_field(name)
    credential = _CREDENTIAL.fullmatch(fields["x-amz-credential"])
    if credential is None:
        raise PostRefused(
            400,
            "InvalidArgument",
            'X-Amz-Credential is malformed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/s3/aws4_request".',
            ArgumentName="x-amz-credential",
        )
    access_key = credential["access_key"]
    if access_key not in secrets:
        raise PostRefused(
            403,
            "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records.",
            AWSAccessKeyId=access_key,
        )
    if credential["region"] != region:
        raise PostRefused(
            400,
            "AuthorizationHeaderMalformed",
            f"The authorization header is malformed; the region '{credential['region']}' is wrong; "
            f"expecting '{region}'",
            Region=region,
        )
    expected = policy_signature(secrets[access_key], credential["date"], region, fields["policy"])
    if not hmac.compare_digest(expected, fields["x-amz-signature"].lower()):
        raise PostRefused(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. "
            "Check your key and signing method.",
            AWSAccessKeyId=access_key,
            StringToSign=fields["policy"],
            SignatureProvided=fields["x-amz-signature"],
        )


def _condition(raw: Any) -> FieldCondition | LengthRange:
    if isinstance(raw, dict):
        if len(raw) != 1:
            raise _invalid_policy(
                "Invalid Simple-Condition: Simple-Conditions must have exactly one property specified."
            )
        ((name, value),) = raw.items()
        return _field_condition("eq", f"${name}", value, raw)
    if not isinstance(raw, list) or len(raw) != 3 or not isinstance(raw[0], str):
        raise _invalid_policy(f"Invalid Condition: {json.dumps(raw)}")
    operator = raw[0].lower()
    if operator == "content-length-range":
        minimum, maximum = (_length(bound, raw) for bound in raw[1:])
        return LengthRange(minimum, maximum)
    if operator in ("eq", "starts-with"):
        return _field_condition(operator, raw[1], raw[2], raw)
    raise _invalid_policy(f"Invalid Condition: unknown operator {raw[0]!r}")


def _field_condition(operator: str, field: Any, value: Any, raw: Any) -> FieldCondition:
    if not isinstance(field, str) or not field.startswith("$") or not isinstance(value, str):
        raise _invalid_policy(f"Invalid Condition: {json.dumps(raw)}")
    return FieldCondition(operator, field[1:].lower(), value, json.dumps([operator, field, value]))


def _length(bound: Any, raw: Any) -> int:
    if isinstance(bound, str) and bound.isdigit():
        return int(bound)
    if isinstance(bound, int) and not isinstance(bound, bool) and bound >= 0:
        return bound
    raise _invalid_policy(f"Invalid Condition: {json.dumps(raw)}")


def _expiration(value: Any) -> datetime:
    try:
        expiration = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise _invalid_policy(f"Invalid 'expiration' value: {json.dumps(value)}") from None
    return expiration if expiration.tzinfo else expiration.replace(tzinfo=UTC)


def _refuse_extra_fields(fields: Sequence[tuple[str, str]], named: set[str]) -> None:
    extra = [
        name
        for name, _value in fields
        if name.lower() not in named
        and name.lower() not in UNCHECKED_FIELDS
        and not name.lower().startswith(IGNORED_PREFIX)
    ]
    if extra:
        raise _policy_violation(f"Extra input fields: {', '.join(extra)}")


def _check_size(size: int, length: LengthRange) -> None:
    if size < length.minimum:
        raise PostRefused(
            400,
            "EntityTooSmall",
            "Your proposed upload is smaller than the minimum allowed size",
            ProposedSize=size,
            MinSizeAllowed=length.minimum,
        )
    if size > length.maximum:
        raise PostRefused(
            400,
            "EntityTooLarge",
            "Your proposed upload exceeds the maximum allowed size",
            ProposedSize=size,
            MaxSizeAllowed=length.maximum,
        )


def _policy_violation(reason: str) -> PostRefused:
    return PostRefused(403, "AccessDenied", f"Invalid according to Policy: {reason}")


def _invalid_policy(reason: str) -> PostRefused:
    return PostRefused(400, "InvalidPolicyDocument", f"Invalid Policy: {reason}")


def _missing_field(name: str) -> PostRefused:
    return PostRefused(
        400,
        "InvalidArgument",
        f"Bucket POST must contain a field named '{name}'.  If it is specified, please check the "
        "order of the fields.",
        ArgumentName=name,
    )
