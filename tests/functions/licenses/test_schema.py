"""The upload row rules (spec §2.4, §5.1), each accepted and refused, and the contracts built on them."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest

from core.compacts import CompactDefinition, LicenseType
from licenses.fields import DATE_PATTERN, FIELDS
from licenses.schema import (
    INACTIVE_ELIGIBLE,
    INVALID_JSON_OBJECT,
    MISSING,
    NOT_A_STRING,
    SSN_CORRECTIONS_DISABLED,
    UNKNOWN,
    UNSUPPORTED,
    RowValidator,
    message_body,
    report_safe,
    to_preprocessing_message,
    validate_batch,
)
from tests.functions.licenses.conftest import valid_row

ASLP = CompactDefinition(
    licenseTypes=(
        LicenseType(name="audiologist", abbreviation="aud"),
        LicenseType(name="speech-language pathologist", abbreviation="slp"),
    ),
    activeJurisdictions=("oh",),
)
VALIDATOR = RowValidator(["audiologist", "speech-language pathologist"])


def errors_of(**changes) -> dict[str, list[str]]:
    row, errors = VALIDATOR.validate(valid_row(**changes))
    assert row is None
    return errors


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"licenseType": "speech-language pathologist"},
        {"licenseStatus": "inactive", "compactEligibility": "ineligible"},
        {"licenseStatus": "active", "compactEligibility": "ineligible"},
        {"givenName": "A", "familyName": "B" * 100, "middleName": None, "suffix": "Jr."},
        {"dateOfRenewal": "2024-02-29", "dateOfBirth": "2000-02-29"},
        {
            "homeAddressStreet1": "1A",
            "homeAddressStreet2": "#",
            "homeAddressCity": "Ai",
            "homeAddressState": "OH",
        },
        {"homeAddressPostalCode": "A1B 2C3"},
        {"npi": None, "licenseNumber": None, "licenseStatusName": "x" * 100, "emailAddress": None},
        {"emailAddress": "first.last+tag@mail.example.co.uk", "phoneNumber": "+12345678"},
        {"phoneNumber": "+123456789012345"},
    ],
)
def test_valid_rows_are_accepted(changes):
    row, errors = VALIDATOR.validate(valid_row(**changes))

    assert errors is None
    assert row == valid_row(**changes)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ssn", "123456789", "Must be in the format NNN-NN-NNNN."),
        ("ssn", "123-45-678a", "Must be in the format NNN-NN-NNNN."),
        ("ssn", "١٢٣-٤٥-٦٧٨٩", "Must be in the format NNN-NN-NNNN."),  # Unicode digits are not digits here
        (
            "licenseType",
            "occupational therapist",
            "Must be one of: audiologist, speech-language pathologist.",
        ),
        ("licenseType", "Audiologist", "Must be one of: audiologist, speech-language pathologist."),
        ("licenseStatus", "expired", "Must be one of: active, inactive."),
        ("compactEligibility", "yes", "Must be one of: eligible, ineligible."),
        ("givenName", "", "Length must be between 1 and 100."),
        ("familyName", "x" * 101, "Length must be between 1 and 100."),
        ("suffix", "x" * 101, "Length must be between 1 and 100."),
        ("dateOfIssuance", "2021-02-29", "Must be a real date in the format YYYY-MM-DD."),
        ("dateOfExpiration", "2030-04-31", "Must be a real date in the format YYYY-MM-DD."),
        ("dateOfBirth", "12/10/1985", "Must be a real date in the format YYYY-MM-DD."),
        ("dateOfRenewal", "2024-1-01", "Must be a real date in the format YYYY-MM-DD."),
        ("dateOfBirth", "1985-12-10T00:00:00", "Must be a real date in the format YYYY-MM-DD."),
        ("homeAddressStreet1", "1", "Length must be between 2 and 100."),
        ("homeAddressCity", "x" * 101, "Length must be between 2 and 100."),
        ("homeAddressState", "O", "Length must be between 2 and 100."),
        ("homeAddressStreet2", "x" * 101, "Length must be between 1 and 100."),
        ("homeAddressStreet2", "Building 2\nFloor 3", "Must be text without control characters."),
        ("familyName", "Null\x00Byte", "Must be text without control characters."),
        ("licenseNumber", "A\x851", "Must be text without control characters."),  # C1 control (NEL)
        ("homeAddressPostalCode", "1234", "Length must be between 5 and 7."),
        ("homeAddressPostalCode", "12345678", "Length must be between 5 and 7."),
        ("npi", "123456789", "Must be 10 digits."),
        ("licenseNumber", "x" * 101, "Length must be between 1 and 100."),
        ("emailAddress", "not-an-email", "Must be a valid email address."),
        ("emailAddress", "a" * 90 + "@example.org", "Length must be between 5 and 100."),
        ("phoneNumber", "5555550100", "Must be E.164: '+' followed by 8 to 15 digits."),
        ("phoneNumber", "+1234567", "Must be E.164: '+' followed by 8 to 15 digits."),
        ("phoneNumber", "+1234567890123456", "Must be E.164: '+' followed by 8 to 15 digits."),
        ("givenName", None, MISSING),
        ("ssn", None, MISSING),
        ("npi", 1234567890, NOT_A_STRING),
        ("givenName", ["Ada"], NOT_A_STRING),
    ],
)
def test_each_rule_refuses_with_a_message_naming_the_field(field, value, message):
    assert errors_of(**{field: value}) == {field: [message]}


@pytest.mark.parametrize("field", [name for name, rule in FIELDS.items() if rule.required])
def test_every_required_field_is_required(field):
    assert errors_of(**{field: None}) == {field: [MISSING]}


def test_values_are_trimmed_and_whitespace_only_is_empty():
    row, _ = VALIDATOR.validate(valid_row(givenName="  Ada \t", licenseStatus=" active "))
    assert row["givenName"] == "Ada" and row["licenseStatus"] == "active"

    assert errors_of(familyName="   ") == {"familyName": ["Length must be between 1 and 100."]}


def test_unknown_keys_are_named_and_compact_and_jurisdiction_are_unsupported():
    errors = errors_of(compact="aslp", jurisdiction="oh", favouriteColour="blue")

    assert errors == {"compact": [UNSUPPORTED], "jurisdiction": [UNSUPPORTED], "favouriteColour": [UNKNOWN]}


def test_an_inactive_license_cannot_be_eligible():
    assert errors_of(licenseStatus="inactive") == {"compactEligibility": [INACTIVE_ELIGIBLE]}


def test_every_problem_of_a_row_is_reported_together():
    errors = errors_of(licenseStatus="inactive", ssn="bad", givenName=None)

    assert set(errors) == {"ssn", "givenName", "compactEligibility"}


def test_previous_ssn_is_refused_while_corrections_are_disabled():
    assert errors_of(previousSSN="987-65-4321") == {"previousSSN": [SSN_CORRECTIONS_DISABLED]}


def test_previous_ssn_has_the_ssn_format_when_corrections_are_enabled():
    enabled = RowValidator(["audiologist"], ssn_corrections=True)

    row, errors = enabled.validate(valid_row(previousSSN="987-65-4321"))
    assert errors is None and row["previousSSN"] == "987-65-4321"
    _, errors = enabled.validate(valid_row(previousSSN="987654321"))
    assert errors == {"previousSSN": ["Must be in the format NNN-NN-NNNN."]}


def test_error_messages_never_repeat_the_values():
    secret = "999-88-7777"
    _, errors = VALIDATOR.validate(valid_row(ssn=secret + "0", previousSSN=secret, dateOfBirth="1985-13-01"))

    assert secret not in json.dumps(errors) and "1985" not in json.dumps(errors)


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def test_the_date_pattern_is_the_calendar():
    years = (1000, 1600, 1899, 1900, 2000, 2023, 2024, 2100, 2999)
    candidates = {
        f"{year}-{month:02d}-{day:02d}" for year in years for month in range(14) for day in range(33)
    }
    candidates |= {f"{year}-02-29" for year in range(1000, 3000)}
    pattern = re.compile(DATE_PATTERN)

    assert [text for text in sorted(candidates) if bool(pattern.match(text)) != _is_date(text)] == []
    assert not pattern.match("0999-12-31") and not pattern.match("3000-01-01")


def test_pydantic_reads_the_date_pattern_the_same_way():
    """The validator runs the pattern in pydantic's Rust engine, not Python's."""
    for text in ("2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "2025-06-31", "2025-12-31"):
        row, _ = VALIDATOR.validate(valid_row(dateOfBirth=text))
        assert (row is not None) is _is_date(text), text


def test_batches_report_each_bad_row_by_index():
    rows = [valid_row(), "not an object", valid_row(ssn="111-22-3333", givenName=None), None]

    valid, errors = validate_batch(rows, ASLP)

    assert valid == [valid_row()]
    assert errors == {
        1: {"row": [INVALID_JSON_OBJECT]},
        2: {"givenName": [MISSING]},
        3: {"row": [INVALID_JSON_OBJECT]},
    }


def test_a_repeated_ssn_and_license_type_is_an_error_on_the_later_row():
    rows = [
        valid_row(),
        valid_row(licenseType="speech-language pathologist"),  # another license of the same person
        valid_row(ssn="111-22-3333"),
        valid_row(givenName="Ada Changed"),
    ]

    valid, errors = validate_batch(rows, ASLP)

    assert len(valid) == 3
    assert errors == {3: {"ssn": ["Duplicate license: index 0 has the same ssn and licenseType."]}}


def test_report_safe_data_keeps_no_ssn_birth_date_address_or_contact():
    row = valid_row(previousSSN="987-65-4321", homeAddressStreet2="Apt 1", suffix=" Jr. ")

    safe = report_safe(row)

    assert safe["suffix"] == "Jr."
    assert set(safe) == {
        "givenName", "middleName", "familyName", "suffix", "licenseType", "licenseStatus",
        "compactEligibility", "dateOfIssuance", "dateOfExpiration", "npi", "licenseNumber",
    }  # fmt: skip
    assert report_safe(row, {"givenName": ["bad"]}).keys() == safe.keys() - {"givenName"}


def test_the_preprocessing_message_is_the_row_with_where_and_when():
    row, _ = VALIDATOR.validate(valid_row())

    message = to_preprocessing_message(row, "aslp", "oh", datetime(2025, 3, 1, 12, 30, tzinfo=UTC))

    assert message == {
        **valid_row(),
        "compact": "aslp",
        "jurisdiction": "oh",
        "eventTime": "2025-03-01T12:30:00+00:00",
    }
    assert "previousSSN" not in message
    assert json.loads(message_body(message)) == message


def test_message_bodies_escape_what_sqs_refuses():
    message = {"givenName": "A\ufffeB", "familyName": "Ünal"}

    body = message_body(message)

    assert "\ufffe" not in body and json.loads(body) == message
    assert message_body({"familyName": "Ünal"}) == '{"familyName":"Ünal"}'
