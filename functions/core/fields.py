"""Field types and the model bases of the staff configuration API.

The rendered JSON schemas are the RestApi body, so API Gateway validates requests with them (JSON
Schema draft 4 inside an OpenAPI 3.0 document). Two consequences shape this module:

- OpenAPI 3.0 has no ``"type": "null"``: a nullable value is rendered ``anyOf: [<schema>, {enum: [null]}]``,
  which both OpenAPI 3.0 validators and API Gateway's draft-4 validator accept;
- fee amounts are rendered as plain numbers (pydantic renders a Decimal as number-or-string), and the
  runtime refuses strings too, as the reference API does.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    WithJsonSchema,
    model_serializer,
)
from pydantic.alias_generators import to_camel

from core.jurisdictions import JURISDICTION_NAMES

# Practical address syntax: dot-atom local part, dotted host names, alphabetic top-level domain.
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
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

LicenseTypeAbbreviation = Annotated[str, Field(pattern=r"^[a-z]{2,6}$")]
"""The compact's license types are stack configuration, so the exact set is checked at run time
(:func:`configuration.rules.check_privilege_fees`), not in the schema."""


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


class RequestModel(BaseModel):
    """A strict request body: camelCase keys only, unknown keys refused, strings trimmed."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra=_openapi_30,
        defer_build=True,
    )


class ResponseModel(BaseModel):
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
    omitted_when_absent: ClassVar[frozenset[str]] = frozenset()

    @model_serializer(mode="wrap")
    def _leave_out_absent(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        for name in self.omitted_when_absent:
            if getattr(self, name) is None:
                field = type(self).model_fields[name]
                data.pop(field.alias if info.by_alias and field.alias else name, None)
        return data

    def to_body(self) -> dict[str, Any]:
        """The JSON-ready response body, returned as a dict so that nulls survive the shared encoding
        (which drops ``None`` from models)."""
        return self.model_dump(mode="json", by_alias=True)


# ---- field types and shapes shared by every API's responses -------------------------------------------

Date = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]
"""A date as served (``YYYY-MM-DD``)."""
Timestamp = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
"""A timestamp as served (ISO-8601 with its offset)."""


def one_value(value: str) -> WithJsonSchema:
    """The schema of a fixed value (a record's ``type``): a one-value enum, as OpenAPI 3.0 has no
    ``const``. Used as ``Annotated[Literal["provider"], one_value("provider")]``."""
    return WithJsonSchema({"type": "string", "enum": [value]})


class ResultPagination(ResponseModel):
    """Where a page of results sits: pass ``lastKey`` back for the next page."""

    page_size: int
    last_key: str | None = Field(None, description="Pass back as pagination.lastKey; null on the last page")
    prev_last_key: str | None = Field(None, description="The lastKey this page was requested with")
