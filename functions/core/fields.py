"""Field types and the model bases of the staff configuration API.

The rendered JSON schemas are the RestApi body, so API Gateway validates requests with them (JSON
Schema draft 4 inside an OpenAPI 3.0 document). Two consequences shape this module:

- OpenAPI 3.0 has no ``"type": "null"``: a nullable value is rendered ``anyOf: [<schema>, {enum: [null]}]``,
  which both OpenAPI 3.0 validators and API Gateway's draft-4 validator accept;
- fee amounts are rendered as plain numbers (pydantic renders a Decimal as number-or-string), and the
  runtime refuses strings too, as the reference API does.
"""

import math
import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    StringConstraints,
    WithJsonSchema,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonDict

from core.aliases import to_camel
from core.api_catalog import Vocabulary, stack_enum
from core.jurisdictions import JURISDICTION_NAMES, OTHER_JURISDICTION, UNKNOWN_JURISDICTION

EMAIL_PATTERN = (
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
"""Practical address syntax: dot-atom local part, dotted host names, alphabetic top-level domain."""
_EMAIL = re.compile(EMAIL_PATTERN)
EMAIL_MAX_LENGTH = 254
MAX_EMAILS = 10


def _email(value: str) -> str:
    """``email-validator`` is not a dependency of the bundle; a syntax check is what the API promises."""
    if len(value) > EMAIL_MAX_LENGTH or not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not a valid email address")
    return value


def _unique_emails(values: list[str]) -> list[str]:
    """Addresses differing only in case reach the same mailbox, so they count as duplicates."""
    seen: set[str] = set()
    duplicates: set[str] = set()
    for value in values:
        if value.lower() in seen:
            duplicates.add(value)
        seen.add(value.lower())
    if duplicates:
        raise ValueError(f"duplicate email addresses: {', '.join(sorted(duplicates))}")
    return values


def _number(value: Any) -> Any:
    """Fees are JSON numbers: strings and booleans are refused, as are NaN and infinities."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError("must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


CONTROL_CHARACTERS = r"\x00-\x1f\x7f-\x9f"
"""Unicode category Cc: C0 controls, DEL and C1 controls (a character class body, for patterns)."""
NO_CONTROL_CHARACTERS = f"^[^{CONTROL_CHARACTERS}]*$"
"""Text without control characters. Patterns stay in the ``\\xNN`` escapes that pydantic's Rust engine,
ECMA-262 (the document's readers) and Java (API Gateway's validator) all read the same way."""
_CONTROL_CHARACTER = re.compile(f"[{CONTROL_CHARACTERS}]")


def _no_control_characters(value: Any) -> Any:
    """Checked on the value as sent, before whitespace is trimmed: a name with a trailing line break or
    tab is refused, not silently repaired (the document's pattern says the same)."""
    if isinstance(value, str) and _CONTROL_CHARACTER.search(value):
        raise ValueError("must not contain control characters (line breaks, tabs and the like)")
    return value


def free_text(min_length: int = 1, max_length: int = 100) -> Any:
    """A field people type: names, notes, links. Surrounding spaces are trimmed before the length is
    checked; control characters are refused: no such field needs one, and they corrupt what the text
    ends up in (CSV exports, emails, log lines, the UI)."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        BeforeValidator(_no_control_characters),  # after the constraints: still runs first, on the raw value
        WithJsonSchema(
            {
                "type": "string",
                "minLength": min_length,
                "maxLength": max_length,
                "pattern": NO_CONTROL_CHARACTERS,
            }
        ),
    ]


def _jurisdiction_code(value: str) -> str:
    if value not in JURISDICTION_NAMES:
        raise ValueError(f"{value!r} is not a jurisdiction postal abbreviation")
    return value


Email = Annotated[
    str,
    AfterValidator(_email),
    WithJsonSchema({"type": "string", "format": "email", "maxLength": EMAIL_MAX_LENGTH}),
]

EmailList = Annotated[
    list[Email],
    Field(min_length=1, max_length=MAX_EMAILS, json_schema_extra={"uniqueItems": True}),
    AfterValidator(_unique_emails),
]
"""One to ten distinct addresses: a notification list that may not be empty."""

MoneyInput = Annotated[
    Decimal,
    BeforeValidator(_number),
    Field(ge=0, decimal_places=2),
    WithJsonSchema({"type": "number", "minimum": 0}),
]
"""A fee in a request: a number >= 0 with at most two decimal places, kept exact as a Decimal."""

Amount = Annotated[int | float, WithJsonSchema({"type": "number"})]
"""A fee in a response: integral amounts as integers, others as floats (spec §0 JSON encoding)."""

JurisdictionCode = Annotated[
    str,
    AfterValidator(_jurisdiction_code),
    WithJsonSchema({"type": "string", "enum": sorted(JURISDICTION_NAMES)}),
]

LicenseTypeAbbreviation = Annotated[
    str,
    Field(pattern=r"^[a-z]{2,6}$"),
    WithJsonSchema(stack_enum(Vocabulary.LICENSE_TYPE_ABBREVIATION)),
]
"""A license type abbreviation: the document lists the environment's; the compact's own set is checked
at run time (:func:`configuration.rules.check_privilege_fees`)."""


def _openapi_30(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Render nullable properties the OpenAPI 3.0 way and drop generated property titles.

    A property the model leaves out when unset (``omitted_when_absent``) is documented as its
    non-null schema: the API never sends it as null.
    """
    omitted = {
        field.alias or name
        for name, field in model.model_fields.items()
        if name in getattr(model, "omitted_when_absent", ())
    }
    for name, prop in schema.get("properties", {}).items():
        prop.pop("title", None)
        branches = prop.get("anyOf")
        if not branches or {"type": "null"} not in branches:
            continue
        if name in omitted:
            prop.pop("anyOf")
            prop.pop("default", None)
            prop.update(next(branch for branch in branches if branch != {"type": "null"}))
        else:
            prop["anyOf"] = [
                {"enum": [None]} if branch == {"type": "null"} else branch for branch in branches
            ]


class _OmitsAbsent(BaseModel):
    """Leaves out of its JSON the unset fields named in ``omitted_when_absent``, which the schema
    documents as never null (see :func:`_openapi_30`). Requests need it too: responses echo them."""

    model_config = ConfigDict(defer_build=True)  # a base: never validated itself

    omitted_when_absent: ClassVar[frozenset[str]] = frozenset()

    @model_serializer(mode="wrap")
    def _leave_out_absent(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        for name in self.omitted_when_absent:
            if getattr(self, name) is None:
                field = type(self).model_fields[name]
                data.pop(field.alias if info.by_alias and field.alias else name, None)
        return data


def _refuse_null(value: Any) -> Any:
    if value is None:
        raise ValueError("may be left out, but not null")
    return value


def omittable(annotation: Any) -> Any:
    """An optional request field that may be left out but not sent as null: its schema has no null
    (OpenAPI 3.0 types it as the value alone), and a null would otherwise pass for "left out"."""
    return Annotated[annotation | None, BeforeValidator(_refuse_null)]


class RequestModel(_OmitsAbsent):
    """A strict request body: camelCase keys only, unknown keys refused, strings trimmed, and no null
    where the document has none (``omitted_when_absent``)."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra=_openapi_30,
        defer_build=True,
    )

    @model_validator(mode="before")
    @classmethod
    def _no_null_for_omitted(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name in cls.omitted_when_absent:
                key = cls.model_fields[name].alias or name
                if key in data and data[key] is None:
                    raise ValueError(f"{key}: may be left out, but not null")
        return data


class ResponseModel(_OmitsAbsent):
    """A response shape: loading a record through it drops every attribute it does not list.

    Unset optional fields are sent as null, as the reference API does, except those named in
    ``omitted_when_absent``, which the reference leaves out (an object-typed property is never null).
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="ignore",
        json_schema_extra=_openapi_30,
        defer_build=True,
    )

    def to_body(self) -> dict[str, Any]:
        """The JSON-ready response body, returned as a dict so that nulls survive the shared encoding
        (which drops ``None`` from models)."""
        return self.model_dump(mode="json", by_alias=True)


# ---- field types and shapes shared by every API's responses -------------------------------------------
#
# They describe what is served and check nothing (``WithJsonSchema``): values come from stored records,
# which the write paths validated with the same rules, and a response is never refused over a legacy
# value. The contract test holds every served value to these schemas.


def served(schema: dict[str, Any]) -> Any:
    """A string as served, documented with ``schema`` (pattern, lengths, format, enum)."""
    return Annotated[str, WithJsonSchema({"type": "string", **schema})]


def served_enum(values: type[StrEnum]) -> Any:
    """A stored enumeration, documented with its values."""
    return served({"enum": [member.value for member in values]})


def served_from(vocabulary: Vocabulary) -> Any:
    """A value of a stack vocabulary (compacts, license types), documented with the stack's values."""
    return Annotated[str, WithJsonSchema(stack_enum(vocabulary))]


DATE_SHAPE = r"^[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"

Date = served({"format": "date", "pattern": DATE_SHAPE})
"""A date as served (``YYYY-MM-DD``)."""
Timestamp = served({"format": "date-time"})
"""A timestamp as served (ISO-8601 with its offset)."""
Jurisdiction = served({"enum": sorted(JURISDICTION_NAMES)})
"""A jurisdiction's lower-case postal abbreviation."""
HomeJurisdiction = served({"enum": [*sorted(JURISDICTION_NAMES), OTHER_JURISDICTION, UNKNOWN_JURISDICTION]})
"""Where a provider lives: a jurisdiction, ``other`` (moved outside the compact) or ``unknown``."""
Compact = served_from(Vocabulary.COMPACT)
LicenseTypeName = served_from(Vocabulary.LICENSE_TYPE_NAME)
LicenseTypeCode = served_from(Vocabulary.LICENSE_TYPE_ABBREVIATION)
"""A license type's abbreviation, as in paths and privilege ids."""
RecordId = served({"format": "uuid", "pattern": UUID_PATTERN})
"""A provider id, or the id of an adverse action or investigation (UUID4)."""
SsnLastFour = served({"pattern": "^[0-9]{4}$"})
BirthMonthDay = served({"pattern": "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", "description": "MM-DD"})
AccountEmail = served({"format": "email", "minLength": 5, "maxLength": 100})
"""An address someone signs in with (a staff user, a registered provider)."""


def one_value(value: str) -> WithJsonSchema:
    """The schema of a fixed value (a record's ``type``): a one-value enum, as OpenAPI 3.0 has no
    ``const``. Used as ``Annotated[Literal["provider"], one_value("provider")]``."""
    return WithJsonSchema({"type": "string", "enum": [value]})


PageSize = Annotated[int, WithJsonSchema({"type": "integer", "minimum": 5, "maximum": 100})]
"""Results per page, as served (requests accept 5 to 100)."""
PageKey = served({"minLength": 1, "maxLength": 1024})
"""An opaque token naming where a page ends."""
MAX_PAGE: JsonDict = {"maxItems": 100}
"""``json_schema_extra`` of a page of results."""


class ResultPagination(ResponseModel):
    """Where a page of results sits: pass ``lastKey`` back for the next page."""

    page_size: PageSize
    last_key: PageKey | None = Field(
        None, description="Pass back as pagination.lastKey; null on the last page"
    )
    prev_last_key: PageKey | None = Field(None, description="The lastKey this page was requested with")


class MessageResponse(ResponseModel):
    message: str = Field(description="A message about the request")


def _iso_date(value: Any) -> Any:
    """A date in a request is the string ``YYYY-MM-DD`` and a real calendar date; pydantic alone would also
    take numbers (as Unix times) and other layouts."""
    if not isinstance(value, str) or not re.fullmatch(DATE_SHAPE, value):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value


DateInput = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_SHAPE}),
]
"""A date in a request body (``YYYY-MM-DD``); 2023-02-30 is refused."""

AccountEmailInput = Annotated[
    str,
    StringConstraints(min_length=5, max_length=100),
    AfterValidator(_email),
    WithJsonSchema({"type": "string", "format": "email", "minLength": 5, "maxLength": 100}),
]
"""An address someone will sign in with (the provider pool's usernames are at most 100 characters)."""

CompactInput = Annotated[
    str, StringConstraints(max_length=100), WithJsonSchema(stack_enum(Vocabulary.COMPACT))
]
"""A compact named in a request body; the environment's compacts are checked at run time."""

LicenseTypeNameInput = Annotated[
    str, StringConstraints(max_length=500), WithJsonSchema(stack_enum(Vocabulary.LICENSE_TYPE_NAME))
]
"""A license type's full name in a request body; the compact's own types are checked at run time."""

PartialSocial = Annotated[
    str, StringConstraints(pattern=r"^[0-9]{4}$"), WithJsonSchema({"type": "string", "pattern": "^[0-9]{4}$"})
]
"""The last four digits of a social security number."""
