"""The fields of an uploaded license row and their rules (spec §2.4), declared once as data.

The validator (:mod:`licenses.schema`), its error messages and the request documentation are all
derived from :data:`FIELDS`, so a rule cannot be enforced one way and described another.

Every rule is a length range or a regular expression, on purpose: pydantic checks both in its Rust
core, so validating a row calls no Python code (a 30 MB file holds about 200,000 rows). That is why
dates are matched by a pattern that knows month lengths and leap years instead of being parsed, and
why enumerations are patterns (a ``Literal`` would not see the trimmed value). Patterns use
``[0-9]``, not ``\\d``, which the Rust engine reads as any Unicode digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import WithJsonSchema

from core.api_catalog import Vocabulary, stack_enum
from core.fields import EMAIL_PATTERN, NO_CONTROL_CHARACTERS

SSN_PATTERN = r"^[0-9]{3}-[0-9]{2}-[0-9]{4}$"

_ANY_YEAR = r"[12][0-9]{3}"
_MONTH_DAY = (
    r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"  # the 1st to the 28th exist in every month
    r"|(?:0[13-9]|1[0-2])-(?:29|30)"  # the 29th and 30th in every month but February
    r"|(?:0[13578]|1[02])-31)"  # the 31st in the long months
)
_LEAP_YEAR = r"(?:[12][0-9](?:0[48]|[2468][048]|[13579][26])|(?:12|16|20|24|28)00)"
DATE_PATTERN = rf"^(?:{_ANY_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)$"
"""A real calendar date ``YYYY-MM-DD`` in the years 1000-2999 (the reference API's year range)."""


def choice_pattern(values: tuple[str, ...]) -> str:
    return "^(?:" + "|".join(re.escape(value) for value in values) + ")$"


@dataclass(frozen=True)
class FieldRule:
    """One column of a row: required or not, a length range and/or a pattern.

    ``expected`` says in words what the pattern accepts; it makes both the error message and the
    documentation. ``choices`` (enumerations) become the pattern; license types are the compact's, so
    their choices are filled per compact.
    """

    required: bool
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    expected: str | None = None
    choices: tuple[str, ...] = ()
    format: str | None = None  # the OpenAPI format that says the same as the pattern, for readers
    vocabulary: Vocabulary | None = None  # choices that are stack configuration (license type names)

    def with_choices(self, choices: tuple[str, ...]) -> FieldRule:
        return FieldRule(
            self.required,
            pattern=choice_pattern(choices),
            expected=f"one of: {', '.join(choices)}",
            choices=choices,
        )

    def json_schema(self) -> dict[str, Any]:
        """The rule as the document states it: choices as an ``enum`` (the validator's pattern says the
        same), otherwise the length range and the pattern themselves."""
        description = self.expected[0].upper() + self.expected[1:] if self.expected else None
        if self.vocabulary is not None:
            return stack_enum(self.vocabulary, description)
        schema: dict[str, Any] = {"type": "string"}
        if self.choices:
            schema["enum"] = list(self.choices)
            return schema
        if description:
            schema["description"] = description
        if self.min_length is not None:
            schema["minLength"] = self.min_length
        if self.max_length is not None:
            schema["maxLength"] = self.max_length
        if self.pattern is not None:
            schema["pattern"] = self.pattern
        if self.format is not None:
            schema["format"] = self.format
        return schema

    @property
    def problem(self) -> str | None:
        """The message when the pattern does not match."""
        return f"Must be {self.expected}." if self.expected else None

    @property
    def summary(self) -> str:
        """The rule in words, for the request documentation."""
        parts = ["required" if self.required else "optional"]
        if self.expected:
            parts.append(self.expected)
        if self.max_length is not None:
            parts.append(
                f"{self.min_length}-{self.max_length} characters"
                if self.min_length is not None
                else f"at most {self.max_length} characters"
            )
        return ", ".join(parts)


def _text(required: bool, min_length: int = 1, max_length: int = 100) -> FieldRule:
    return FieldRule(
        required,
        min_length=min_length,
        max_length=max_length,
        pattern=NO_CONTROL_CHARACTERS,
        expected="text without control characters",
    )


def _date(required: bool) -> FieldRule:
    return FieldRule(
        required, pattern=DATE_PATTERN, expected="a real date in the format YYYY-MM-DD", format="date"
    )


def _ssn(required: bool) -> FieldRule:
    return FieldRule(required, pattern=SSN_PATTERN, expected="in the format NNN-NN-NNNN")


def _choice(*choices: str) -> FieldRule:
    return FieldRule(True).with_choices(choices)


LICENSE_STATUSES = ("active", "inactive")
COMPACT_ELIGIBILITIES = ("eligible", "ineligible")

FIELDS: dict[str, FieldRule] = {
    "ssn": _ssn(True),
    "previousSSN": _ssn(False),
    "licenseType": FieldRule(
        True, expected="one of the compact's license type names", vocabulary=Vocabulary.LICENSE_TYPE_NAME
    ),
    "licenseStatus": _choice(*LICENSE_STATUSES),
    "licenseStatusName": _text(False),
    "compactEligibility": _choice(*COMPACT_ELIGIBILITIES),
    "licenseNumber": _text(False),
    "npi": FieldRule(False, pattern=r"^[0-9]{10}$", expected="10 digits"),
    "givenName": _text(True),
    "middleName": _text(False),
    "familyName": _text(True),
    "suffix": _text(False),
    "dateOfIssuance": _date(True),
    "dateOfRenewal": _date(False),
    "dateOfExpiration": _date(True),
    "dateOfBirth": _date(True),
    "homeAddressStreet1": _text(True, min_length=2),
    "homeAddressStreet2": _text(False),
    "homeAddressCity": _text(True, min_length=2),
    "homeAddressState": _text(True, min_length=2),
    "homeAddressPostalCode": _text(True, min_length=5, max_length=7),
    "emailAddress": FieldRule(
        False,
        min_length=5,
        max_length=100,
        pattern=EMAIL_PATTERN,
        expected="a valid email address",
        format="email",
    ),
    "phoneNumber": FieldRule(
        False, pattern=r"^\+[0-9]{8,15}$", expected="E.164: '+' followed by 8 to 15 digits"
    ),
}

UNSUPPORTED_FIELDS = frozenset({"compact", "jurisdiction"})
"""Taken from the request path or the upload's object key; a row naming them is refused."""

REPORT_SAFE_FIELDS = frozenset(
    {
        "givenName",
        "middleName",
        "familyName",
        "suffix",
        "licenseType",
        "licenseStatus",
        "licenseStatusName",
        "compactEligibility",
        "licenseNumber",
        "npi",
        "dateOfIssuance",
        "dateOfRenewal",
        "dateOfExpiration",
    }
)
"""What a validation-error report may repeat to identify a row: never the SSNs, the birth date, the
address or the contact details (email, phone), which are private (spec §2.1, DESIGN §4 PII)."""


def served_license_field(name: str) -> Any:
    """A license field as responses serve it, documented with its upload rule (stored values were checked
    with it), except the control-character pattern, which is newer than some stored records."""
    schema = FIELDS[name].json_schema()
    if schema.get("pattern") == NO_CONTROL_CHARACTERS:
        del schema["pattern"], schema["description"]
    return Annotated[str, WithJsonSchema(schema)]


# Every license field a response may carry, as served (see :func:`served_license_field`).
GivenName = served_license_field("givenName")
MiddleName = served_license_field("middleName")
FamilyName = served_license_field("familyName")
Suffix = served_license_field("suffix")
Npi = served_license_field("npi")
LicenseNumber = served_license_field("licenseNumber")
LicenseStatusName = served_license_field("licenseStatusName")
HomeAddressStreet1 = served_license_field("homeAddressStreet1")
HomeAddressStreet2 = served_license_field("homeAddressStreet2")
HomeAddressCity = served_license_field("homeAddressCity")
HomeAddressState = served_license_field("homeAddressState")
HomeAddressPostalCode = served_license_field("homeAddressPostalCode")
EmailAddress = served_license_field("emailAddress")
PhoneNumber = served_license_field("phoneNumber")
