"""What the reference system stored, read as our models (issue #11).

Compacts bring years of records written by the reference, in its leaner and older shapes. Each record model
lists the adapters its stored items go through (``Record.reference_shapes``), so those items read as if
we had written them:

- ``licenseTypeAbbreviation`` is stored only in the reference's sort keys (and on adverse actions):
  it is taken from the key the item is stored under, or, for the oldest keys that lack it, from the
  license type's name in the environment's compact catalog;
- privileges stored with date-only issue and renewal dates (before December 2024) mean the end of that
  day in UTC, a missing ``dateOfRenewal`` is the issue date, and ``persistedStatus`` is the old name of
  ``administratorSetStatus``;
- adverse actions (and encumbrance details) of May to October 2025 hold one
  ``clinicalPrivilegeActionCategory`` instead of the list.

Our writers keep writing the full shape; nothing here changes what is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from core.operational_keys import ssn_read_request_of

_ABBREVIATION_IN_KEY = re.compile(r"(?:license|privilege)/[a-z]{2}/([a-z]+)[#/]")


def with_license_type_abbreviation(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The item, with ``licenseTypeAbbreviation`` filled in where the reference left it out."""
    if data.get("licenseTypeAbbreviation"):
        return data
    found = _ABBREVIATION_IN_KEY.search(str(data.get("sk", "")))
    abbreviation = found.group(1) if found else _abbreviation_of(data.get("compact"), data.get("licenseType"))
    return {**data, "licenseTypeAbbreviation": abbreviation} if abbreviation else data


def _abbreviation_of(compact: Any, license_type: Any) -> str | None:
    from core.lookups import license_type_named

    found = license_type_named(str(compact), str(license_type)) if compact and license_type else None
    return found.abbreviation if found else None


_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _end_of_day(value: Any) -> Any:
    return f"{value}T23:59:59+00:00" if isinstance(value, str) and _DATE_ONLY.match(value) else value


def with_privilege_dates_and_status(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """Date-only privilege dates as the end of that day (UTC); renewal defaulting to issuance;
    ``persistedStatus`` read as ``administratorSetStatus``."""
    fixed = dict(data)
    if "dateOfIssuance" in fixed:
        fixed["dateOfIssuance"] = _end_of_day(fixed["dateOfIssuance"])
        fixed["dateOfRenewal"] = _end_of_day(fixed.get("dateOfRenewal") or fixed["dateOfIssuance"])
    if "administratorSetStatus" not in fixed and "persistedStatus" in fixed:
        fixed["administratorSetStatus"] = fixed.pop("persistedStatus")
    return fixed


def with_category_list(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """One ``clinicalPrivilegeActionCategory`` read as the one-item list that replaced it."""
    if "clinicalPrivilegeActionCategory" in data and not data.get("clinicalPrivilegeActionCategories"):
        fixed = {key: value for key, value in data.items() if key != "clinicalPrivilegeActionCategory"}
        return {**fixed, "clinicalPrivilegeActionCategories": [data["clinicalPrivilegeActionCategory"]]}
    return data


def with_encumbrance_category_list(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The same, inside a privilege update's ``encumbranceDetails``."""
    details = data.get("encumbranceDetails")
    if isinstance(details, Mapping):
        return {**data, "encumbranceDetails": with_category_list(details)}
    return data


# ---- items without a type: the reference put in their keys what we also keep as attributes ----------


def _key_parts(value: Any, pattern: str) -> dict[str, str]:
    found = re.fullmatch(pattern, str(value or ""))
    return found.groupdict() if found else {}


def with_compact_from_member_key(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The active-member list's compact, named by its key ``COMPACT#{c}#ACTIVE_MEMBER_JURISDICTIONS``."""
    if "compact" in data:
        return data
    return {**_key_parts(data.get("pk"), r"COMPACT#(?P<compact>[^#]+)#ACTIVE_MEMBER_JURISDICTIONS"), **data}


def with_ssn_read_from_key(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """An SSN read's request id and time, from ``TIME#{epoch seconds, a float}#REQUEST#{id}``."""
    parsed = None if "requestId" in data else ssn_read_request_of(str(data.get("sk", "")))
    if parsed is None:
        return data
    requested_at, request_id = parsed
    return {**data, "requestId": request_id, "requestedAt": requested_at.isoformat()}


def with_notification_from_keys(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """A notification's compact and message id (``COMPACT#{c}#SQS_MESSAGE#{id}``), recipient and
    jurisdiction (``NOTIFICATION#{provider|state}#{jurisdiction or ''}``)."""
    if "sqsMessageId" in data:
        return data
    message = _key_parts(data.get("pk"), r"COMPACT#(?P<compact>[^#]+)#SQS_MESSAGE#(?P<sqsMessageId>.+)")
    recipient = _key_parts(data.get("sk"), r"NOTIFICATION#(?P<recipientType>[^#]+)#(?P<jurisdiction>.*)")
    if not recipient.get("jurisdiction"):
        recipient.pop("jurisdiction", None)
    return {**message, **recipient, **data}


def with_reminder_from_key(lifetime: timedelta) -> Callable[[Mapping[str, Any]], Mapping[str, Any]]:
    """A reminder's kind, from ``{kind}#{expiration date}``; the reference keeps no event time, so it is
    when the reminder was recorded: its ``ttl`` less the lifetime."""

    def adapt(data: Mapping[str, Any]) -> Mapping[str, Any]:
        fixed = dict(data)
        if "reminder" not in fixed:
            fixed.update(_key_parts(data.get("sk"), r"(?P<reminder>[^#]+)#\d{4}-\d{2}-\d{2}"))
        if "eventTime" not in fixed and "ttl" in fixed:
            recorded = int(fixed["ttl"]) - int(lifetime.total_seconds())
            fixed["eventTime"] = datetime.fromtimestamp(recorded, UTC).isoformat()
        return fixed

    return adapt
