"""Validation of uploaded license rows, shared by the JSON POST and the CSV parser (spec §2.4, §5.1).

A row is strict: unknown keys are errors naming the key, ``compact`` and ``jurisdiction`` are refused
(they come from the path or the object key), strings are trimmed, and the license type must be one of
*the compact's* names. Errors are ``{field: [messages]}``; messages never repeat the rejected value,
because errors travel in events and responses and a value may be an SSN.

Rows validate into plain dicts with the camelCase keys the state sent (a ``TypedDict`` checked by a
:class:`~pydantic.TypeAdapter` built once per compact): a valid row is already the body of its
preprocessing message, with nothing to copy or re-serialise field by field.

``previousSSN`` (SSN corrections, spec §5.4) is behind a feature flag that fails closed and does not
exist in this system yet, so a row carrying one is refused with :data:`SSN_CORRECTIONS_DISABLED`.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal, NotRequired, Required

from pydantic import ConfigDict, StringConstraints, TypeAdapter, ValidationError, with_config
from pydantic_core import to_json
from typing_extensions import TypedDict

from core.compacts import CompactDefinition
from core.keys import iso_utc
from core.redaction import redacted
from licenses.fields import FIELDS, REPORT_SAFE_FIELDS, UNSUPPORTED_FIELDS, FieldRule

FieldErrors = dict[str, list[str]]
LicenseRow = dict[str, str]

ROW = "row"
"""The error key of problems with a whole row rather than one field."""

MISSING = "Missing data for required field."
UNKNOWN = "Unknown field."
UNSUPPORTED = "Unsupported field: the compact and jurisdiction are taken from the request path or upload key."
NOT_A_STRING = "Not a valid string."
INACTIVE_ELIGIBLE = "Cannot be 'eligible' when licenseStatus is 'inactive'."
SSN_CORRECTIONS_DISABLED = "previousSSN corrections are not enabled."
INVALID_JSON_OBJECT = "INVALID_JSON_OBJECT: each license must be a JSON object."

SSN_CORRECTIONS_ENABLED = False
"""The ``license-ssn-correction-migration-flag`` of the reference, off until this system has flags."""


def _annotation(rule: FieldRule) -> Any:
    text = Annotated[
        str, StringConstraints(min_length=rule.min_length, max_length=rule.max_length, pattern=rule.pattern)
    ]
    return Required[text] if rule.required else NotRequired[text]


def _row_adapter(rules: Mapping[str, FieldRule], extra: Literal["forbid", "ignore"]) -> Any:
    """The compiled validator of a row: a TypedDict, so a valid row comes out as a plain dict."""
    # Built from the field rules at run time; a type checker cannot follow a computed TypedDict.
    row_type = TypedDict("LicenseRow", {name: _annotation(rule) for name, rule in rules.items()})  # type: ignore[misc]
    return TypeAdapter(with_config(ConfigDict(strict=True, extra=extra))(row_type)).validator


def _length_message(rule: FieldRule) -> str:
    if rule.min_length is None:
        return f"Length must be at most {rule.max_length}."
    return f"Length must be between {rule.min_length} and {rule.max_length}."


def trim(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The row with surrounding whitespace removed from its string values."""
    return {name: value.strip() if isinstance(value, str) else value for name, value in raw.items()}


class RowValidator:
    """Validates rows for one compact (its license types); build it once with :func:`validator_for`.

    Values are trimmed with Python's ``str.strip`` before validation (the CSV reader trims as it splits
    a line) rather than by pydantic, whose ``strip_whitespace`` nearly doubles the time of a row. Two
    validators are compiled: one refusing unknown keys, and one for rows whose keys are known to be
    fields already (a CSV header checked once), which skips that check for every row.
    """

    def __init__(self, license_types: Sequence[str], ssn_corrections: bool = SSN_CORRECTIONS_ENABLED) -> None:
        self.rules = {**FIELDS, "licenseType": FIELDS["licenseType"].with_choices(tuple(license_types))}
        self._strict = _row_adapter(self.rules, "forbid")
        self._known_keys = _row_adapter(self.rules, "ignore")
        self.ssn_corrections = ssn_corrections

    def validate(
        self, raw: Mapping[str, Any], trimmed: bool = False, known_keys: bool = False
    ) -> tuple[LicenseRow | None, FieldErrors | None]:
        """``(row, None)`` for a valid row (trimmed values, only the keys sent), else ``(None, errors)``.

        ``trimmed``: the string values are stripped already. ``known_keys``: every key is a field.
        """
        if not trimmed:
            raw = trim(raw)
        try:
            row: LicenseRow = (self._known_keys if known_keys else self._strict).validate_python(raw)
        except ValidationError as error:
            return None, self._field_errors(error, raw)
        if (
            row["compactEligibility"] == "eligible" and row["licenseStatus"] == "inactive"
        ) or "previousSSN" in row:
            errors = self._row_rules(row)
            if errors:
                return None, errors
        return row, None

    def _row_rules(self, row: Mapping[str, str]) -> FieldErrors | None:
        """Rules spanning fields, and the SSN-correction gate."""
        errors: FieldErrors = {}
        if row.get("licenseStatus") == "inactive" and row.get("compactEligibility") == "eligible":
            errors["compactEligibility"] = [INACTIVE_ELIGIBLE]
        if "previousSSN" in row and not self.ssn_corrections:
            errors["previousSSN"] = [SSN_CORRECTIONS_DISABLED]
        return errors or None

    def _field_errors(self, error: ValidationError, raw: Mapping[str, Any]) -> FieldErrors:
        errors: FieldErrors = {}
        for problem in error.errors(include_url=False, include_input=False):
            field = str(problem["loc"][0]) if problem["loc"] else ROW
            errors.setdefault(field, []).append(self._message(field, problem))
        # The rules spanning fields are checked on the fields that are valid by themselves, so one
        # response names every problem of the row.
        valid_fields = {
            name: value
            for name, value in raw.items()
            if name in self.rules and name not in errors and isinstance(value, str)
        }
        for field, messages in (self._row_rules(valid_fields) or {}).items():
            errors.setdefault(field, []).extend(messages)
        return errors

    def _message(self, field: str, problem: Mapping[str, Any]) -> str:
        kind = problem["type"]
        rule = self.rules.get(field)
        if kind == "missing":
            return MISSING
        if kind == "extra_forbidden":
            return UNSUPPORTED if field in UNSUPPORTED_FIELDS else UNKNOWN
        if kind in ("string_type", "string_unicode"):
            return NOT_A_STRING
        if rule and kind in ("string_too_short", "string_too_long"):
            return _length_message(rule)
        if rule and rule.problem and kind == "string_pattern_mismatch":
            return rule.problem
        return str(problem["msg"])


@cache
def _validator(license_types: tuple[str, ...]) -> RowValidator:
    return RowValidator(license_types)


def validator_for(compact: CompactDefinition) -> RowValidator:
    """The validator of a compact's rows, built once per container (building one compiles the schema)."""
    return _validator(tuple(license_type.name for license_type in compact.license_types))


class DuplicateTracker:
    """Finds a repeated (ssn, licenseType) pair among the valid rows of one request or file.

    It keeps one 64-bit hash and one position per row (never the rows) in an open-addressing table
    allocated once for ``capacity_rows``: the bulk parser sizes it for the largest file an upload
    URL accepts, so its memory is the same (a few MB) whatever the file's size. Python's 64-bit hash
    makes a false duplicate among 300,000 rows about a one-in-a-hundred-million event.
    """

    def __init__(self, capacity_rows: int = 128) -> None:
        self._allocate(capacity_rows)

    def _allocate(self, capacity_rows: int) -> None:
        size = 1 << max(7, (2 * capacity_rows - 1).bit_length())  # load factor at most one half
        self._mask = size - 1
        self._hashes = array("q", bytes(8 * size))  # 0 marks an empty slot
        self._positions = array("q", bytes(8 * size))
        self._used = 0

    def earlier(self, row: Mapping[str, str], position: int) -> int | None:
        """The position of an earlier row with the same pair, or None (and ``position`` is remembered)."""
        key = hash((row["ssn"], row["licenseType"])) or 1
        hashes, slot = self._hashes, key & self._mask
        while True:
            found = hashes[slot]
            if found == key:
                return self._positions[slot]
            if found == 0:
                hashes[slot], self._positions[slot] = key, position
                self._used += 1
                if 2 * self._used > len(hashes):
                    self._grow()
                return None
            slot = (slot + 1) & self._mask

    def _grow(self) -> None:
        """Only reached past the declared capacity (a JSON batch is capped at 100 rows, a file at
        the upload size): stay correct by doubling, rather than fail."""
        entries = [(h, p) for h, p in zip(self._hashes, self._positions, strict=True) if h]
        self._allocate(len(self._hashes))
        for key, position in entries:
            slot = key & self._mask
            while self._hashes[slot]:
                slot = (slot + 1) & self._mask
            self._hashes[slot], self._positions[slot] = key, position
            self._used += 1


def duplicate_error(earlier: str) -> FieldErrors:
    return {"ssn": [f"Duplicate license: {earlier} has the same ssn and licenseType."]}


def validate_batch(
    rows: Sequence[Any], compact: CompactDefinition
) -> tuple[list[LicenseRow], dict[int, FieldErrors]]:
    """Validate the rows of a JSON POST: the valid rows, and the errors of the others by 0-based index.

    A repeated (ssn, licenseType) pair is an error on the later row, naming the earlier index.
    """
    validator = validator_for(compact)
    duplicates = DuplicateTracker()
    valid: list[LicenseRow] = []
    errors: dict[int, FieldErrors] = {}
    for index, raw in enumerate(rows):
        if not isinstance(raw, dict):
            errors[index] = {ROW: [INVALID_JSON_OBJECT]}
            continue
        row, problems = validator.validate(raw)
        if row is not None:
            earlier = duplicates.earlier(row, index)
            if earlier is None:
                valid.append(row)
                continue
            problems = duplicate_error(f"index {earlier}")
        errors[index] = problems or {}
    return valid, errors


def report_safe(row: Mapping[str, Any], errors: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The values a validation-error report may repeat (:data:`REPORT_SAFE_FIELDS`), trimmed, without
    the fields that have errors (their values are not known to be what the state meant), and with
    SSN-shaped text masked: a file with an unbalanced quote can pour the next row, SSN and all, into
    a name that is still valid."""
    return {
        name: redacted(value.strip())
        for name, value in row.items()
        if name in REPORT_SAFE_FIELDS and isinstance(value, str) and not (errors and name in errors)
    }


def to_preprocessing_message(
    row: Mapping[str, str], compact: str, jurisdiction: str, event_time: datetime | str
) -> dict[str, str]:
    """The preprocessing-queue message of a valid row: the row as the state sent it (camelCase, trimmed,
    full ``ssn``, ``previousSSN`` only when sent) plus ``compact``, ``jurisdiction`` and ``eventTime``
    (ISO-8601 UTC). The queue is encrypted with the SSN key; nothing else may carry this message."""
    when = event_time if isinstance(event_time, str) else iso_utc(event_time)
    return {**row, "compact": compact, "jurisdiction": jurisdiction, "eventTime": when}


def message_body(message: Mapping[str, str]) -> str:
    """A message as the SQS body: compact JSON, serialised in pydantic's Rust core (the bulk parser's hot
    path), with ASCII escapes instead for U+FFFE and U+FFFF, valid text that SQS refuses in a body.

    The check is on the decoded text: a one-character ``in`` is a memchr, where a search of the bytes
    for their three-byte encodings costs as much as the serialisation itself.
    """
    text = to_json(message).decode()
    if "\ufffe" in text or "\uffff" in text:
        import json

        return json.dumps(message, separators=(",", ":"))
    return text
