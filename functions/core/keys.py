"""DynamoDB key builders for the domain tables (spec §1.4, §4); the operational tables' keys (rate
limiting, event state, data events) are in :mod:`core.operational_keys`.

Pure string functions and nothing else: repositories, models, the sandbox and tests all build keys
here, so a format exists in exactly one place. Compacts, jurisdictions and license-type
abbreviations are lower-case codes; they are written as given.

Most provider-table sort keys begin with ``{compact}#PROVIDER`` so that one query on the provider's
partition returns the provider with its licenses, privileges and their children, while the history
records sort after them under ``{compact}#UPDATE#{tier}`` (see :func:`update_tier_floor`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from urllib.parse import quote


def iso_utc(moment: datetime) -> str:
    """ISO-8601 in UTC (``+00:00``), a naive value taken as UTC: the one rendering of timestamps in keys,
    so keys sort chronologically and a value re-read from the table rebuilds the identical key."""
    return (moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment).astimezone(UTC).isoformat()


def epoch_seconds(moment: datetime) -> int:
    """Whole seconds since the Unix epoch; a naive value is taken to be UTC."""
    return int((moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment).timestamp())


# ---- provider table: main records -----------------------------------------------------------------


def provider_pk(compact: str, provider_id: str) -> str:
    """Partition of one practitioner in one compact: every record about them shares it."""
    return f"{compact}#PROVIDER#{provider_id}"


def provider_sk(compact: str) -> str:
    """The provider record; also the partition key of the name and date-of-update GSIs (pk=``sk``)."""
    return f"{compact}#PROVIDER"


def license_sk(compact: str, jurisdiction: str, license_type_abbreviation: str) -> str:
    """One license per (jurisdiction, license type); the trailing ``#`` ends the prefix its children share."""
    return f"{compact}#PROVIDER#license/{jurisdiction}/{license_type_abbreviation}#"


def privilege_sk(compact: str, jurisdiction: str, license_type_abbreviation: str) -> str:
    """One privilege per (privilege jurisdiction, license type); renewals overwrite it in place."""
    return f"{compact}#PROVIDER#privilege/{jurisdiction}/{license_type_abbreviation}#"


def adverse_action_sk(
    compact: str, against: str, jurisdiction: str, license_type_abbreviation: str, adverse_action_id: str
) -> str:
    """Nested under its license or privilege sort key: ``begins_with`` on that key finds its encumbrances."""
    owner = f"{compact}#PROVIDER#{against}/{jurisdiction}/{license_type_abbreviation}"
    return f"{owner}#ADVERSE_ACTION#{adverse_action_id}"


def investigation_sk(
    compact: str, against: str, jurisdiction: str, license_type_abbreviation: str, investigation_id: str
) -> str:
    """Nested under its license or privilege sort key, like adverse actions."""
    owner = f"{compact}#PROVIDER#{against}/{jurisdiction}/{license_type_abbreviation}"
    return f"{owner}#INVESTIGATION#{investigation_id}"


def military_affiliation_sk(compact: str, date_of_upload: datetime) -> str:
    """Sorted by upload time, so the latest affiliation is the last one in the partition."""
    return f"{compact}#PROVIDER#military-affiliation#{iso_utc(date_of_upload)}"


def privilege_count_key(compact: str) -> str:
    """pk and sk of the per-compact counter that numbers privilege ids (incremented atomically)."""
    return f"{compact}#PRIVILEGE_COUNT"


# ---- provider table: history records --------------------------------------------------------------

PRIVILEGE_UPDATE_TIER = 1
PROVIDER_UPDATE_TIER = 2
LICENSE_UPDATE_TIER = 3


def update_tier_floor(compact: str, tier: int) -> str:
    """Lowest sort key of a history tier.

    Tier digits sort history after the main records (``UPDATE`` > ``PROVIDER``) and among themselves:
    ``sk < update_tier_floor(c, 2)`` reads the main records plus privilege history only, and
    ``sk < update_tier_floor(c, 3)`` adds provider history, skipping the (largest) license history.
    """
    return f"{compact}#UPDATE#{tier}"


def _canonical(value: Any) -> Any:
    """A JSON-ready form in which equal data always renders identically."""
    if isinstance(value, Mapping):
        # Empty sets cannot be stored, so they are absent from a re-read record: ignore them here too.
        return {
            str(key): _canonical(item)
            for key, item in value.items()
            if not (isinstance(item, set | frozenset) and not item)
        }
    if isinstance(value, set | frozenset):
        return sorted(_canonical(item) for item in value)
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, Enum):
        return _canonical(value.value)
    if isinstance(value, Decimal):
        # DynamoDB hands back Decimal('50') for a stored 50.00; both must hash alike.
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def change_hash(
    previous: Mapping[str, Any],
    updated_values: Mapping[str, Any],
    removed_values: Iterable[str] | None = None,
) -> str:
    """md5 (hex) of a history record's change, made part of its sort key.

    Two different changes written in the same second get distinct keys instead of overwriting each
    other, while writing the same change twice is idempotent. It is the reference system's hash, to the
    byte, so that a change both systems record (an upload replayed across a migration) lands on one key:
    ``json.dumps`` with its defaults (sorted keys, ``", "`` and ``": "`` separators, non-ASCII escaped)
    of the stored forms of ``previous`` and ``updatedValues``, plus the sorted ``removedValues`` whenever
    the record has that attribute, even empty. Values are first put in their stored form (sets sorted,
    numbers as DynamoDB returns them, timestamps as ISO strings), so the hash does not depend on whether
    they were read back from DynamoDB. Not a security hash: it only needs to be stable and spread.
    """
    payload: dict[str, Any] = {
        "previous": _canonical(previous),
        "updatedValues": _canonical(updated_values),
    }
    if removed_values is not None:
        payload["removedValues"] = sorted(removed_values)
    encoded = json.dumps(payload, sort_keys=True)
    return hashlib.md5(encoded.encode("utf-8"), usedforsecurity=False).hexdigest()


def privilege_update_sk(
    compact: str, jurisdiction: str, license_type_abbreviation: str, create_date: datetime, change: str
) -> str:
    """Tier 1 history of one privilege, in creation order."""
    return (
        f"{update_tier_floor(compact, PRIVILEGE_UPDATE_TIER)}#privilege/{jurisdiction}/"
        f"{license_type_abbreviation}/{iso_utc(create_date)}/{change}"
    )


def provider_update_sk(compact: str, create_date: datetime, change: str) -> str:
    """Tier 2 history of the provider record, in creation order."""
    return f"{update_tier_floor(compact, PROVIDER_UPDATE_TIER)}#provider/{iso_utc(create_date)}/{change}"


def license_update_sk(
    compact: str, jurisdiction: str, license_type_abbreviation: str, create_date: datetime, change: str
) -> str:
    """Tier 3 history of one license, in creation order."""
    return (
        f"{update_tier_floor(compact, LICENSE_UPDATE_TIER)}#license/{jurisdiction}/"
        f"{license_type_abbreviation}/{iso_utc(create_date)}/{change}"
    )


# ---- provider table: GSI attributes ---------------------------------------------------------------


def _name_part(name: str) -> str:
    """Lower-cased and URL-quoted, so matching is case-insensitive and a ``#`` in a name cannot split keys."""
    return quote(name.lower())


def provider_fam_giv_mid(family_name: str, given_name: str, middle_name: str | None) -> str:
    """Sort key of the name GSI: ``begins_with`` on ``family#`` or ``family#given#`` finds people by name."""
    return f"{_name_part(family_name)}#{_name_part(given_name)}#{_name_part(middle_name or '')}"


def license_gsi_pk(compact: str, jurisdiction: str) -> str:
    """Licenses of one jurisdiction, for matching a registering or recovering practitioner by name."""
    return f"C#{compact}#J#{jurisdiction}"


def license_gsi_sk(family_name: str, given_name: str) -> str:
    """Exact, case-insensitive name match within :func:`license_gsi_pk`."""
    return f"FN#{_name_part(family_name)}#GN#{_name_part(given_name)}"


def license_upload_date_gsi_pk(compact: str, jurisdiction: str, uploaded: datetime) -> str:
    """Uploads of one jurisdiction bucketed by UTC month, so reports read a month with one query."""
    return f"C#{compact}#J#{jurisdiction}#D#{uploaded.astimezone(UTC):%Y-%m}"


def license_upload_date_gsi_sk(uploaded: datetime, license_type_abbreviation: str, provider_id: str) -> str:
    """Epoch first, so a time window within the month is a ``between`` on this key."""
    return f"TIME#{epoch_seconds(uploaded)}#LT#{license_type_abbreviation}#PID#{provider_id}"


def license_upload_date_gsi_window(
    compact: str, jurisdiction: str, start: datetime, end: datetime
) -> list[tuple[str, str, str]]:
    """The uploads of one jurisdiction from ``start`` to ``end`` (inclusive, to the second) as index
    queries: ``(partition, lowest sort key, highest sort key)`` for each month the window touches."""
    first, last = start.astimezone(UTC), end.astimezone(UTC)
    month, months = first.replace(day=1, hour=0, minute=0, second=0, microsecond=0), []
    while month <= last:
        months.append(month)
        month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
    low, high = f"TIME#{epoch_seconds(first)}#", f"TIME#{epoch_seconds(last)}#~"  # "~" sorts after the rest
    return [(license_upload_date_gsi_pk(compact, jurisdiction, month), low, high) for month in months]


def compact_transaction_id_gsi_pk(compact: str, transaction_id: str) -> str:
    """Finds the privileges (and their updates) bought in one card transaction, for settlement reports."""
    return f"COMPACT#{compact}#TX#{transaction_id}#"


# ---- SSN table ------------------------------------------------------------------------------------


def ssn_key(compact: str, ssn: str) -> str:
    """pk and sk of an SSN mapping: a conditional put on it gives one providerId per (compact, SSN)."""
    return f"{compact}#SSN#{ssn}"


def ssn_provider_gsi_pk(compact: str, provider_id: str) -> str:
    """``providerIdGSIpk``: the reverse (provider -> SSN) lookup, the only read the table policy allows."""
    return provider_pk(compact, provider_id)


# ---- users table ----------------------------------------------------------------------------------


def user_pk(user_id: str) -> str:
    """One partition per staff user (Cognito sub), holding one record per compact."""
    return f"USER#{user_id}"


def user_sk(compact: str) -> str:
    """The user's record in one compact; also the pk of the ``famGiv`` GSI that lists a compact's users."""
    return f"COMPACT#{compact}"


def user_fam_giv(family_name: str, given_name: str) -> str:
    """Sort key of the ``famGiv`` GSI: users are listed by family name, then given name."""
    return f"{family_name}#{given_name}"


# ---- compact configuration table ------------------------------------------------------------------


def compact_configuration_pk(compact: str) -> str:
    """Partition of a compact's configuration and all its jurisdictions' configurations."""
    return f"{compact}#CONFIGURATION"


def compact_configuration_sk(compact: str) -> str:
    """The compact record sits at pk = sk, apart from its jurisdictions."""
    return f"{compact}#CONFIGURATION"


def jurisdiction_configuration_sk(compact: str, jurisdiction: str) -> str:
    """One jurisdiction's configuration; ``begins_with {c}#JURISDICTION#`` lists them all."""
    return f"{compact}#JURISDICTION#{jurisdiction}"


def attestations_pk(compact: str) -> str:
    """Every attestation version of a compact."""
    return f"COMPACT#{compact}#ATTESTATIONS"


def attestation_sk_prefix(compact: str, locale: str, attestation_id: str) -> str:
    """Every version of one attestation in one locale (query with ``begins_with``)."""
    return f"COMPACT#{compact}#LOCALE#{locale}#ATTESTATION#{attestation_id}#VERSION#"


def attestation_sk(compact: str, locale: str, attestation_id: str, version: str) -> str:
    """One attestation version. Versions are unpadded digit strings, so the string order of these keys
    is numeric only up to version 9: pick the latest by comparing ``int(version)``, not by key order."""
    return f"{attestation_sk_prefix(compact, locale, attestation_id)}{version}"


def active_member_jurisdictions_key(compact: str) -> str:
    """pk and sk of the compact's active-member list written on each deploy."""
    return f"COMPACT#{compact}#ACTIVE_MEMBER_JURISDICTIONS"


def signing_keys_pk(compact: str, jurisdiction: str) -> str:
    """All public keys one state may sign State API requests with (several during rotation)."""
    return f"{compact}#SIGNATURE_KEYS#{jurisdiction}"


def signing_key_sk(compact: str, jurisdiction: str, key_id: str) -> str:
    """One public key, named by the ``X-Key-Id`` request header."""
    return f"{compact}#JURISDICTION#{jurisdiction}#{key_id}"


# ---- transaction history table --------------------------------------------------------------------


def transactions_pk_prefix(compact: str) -> str:
    return f"COMPACT#{compact}#TRANSACTIONS#MONTH#"


def transactions_pk(compact: str, settlement_time_utc: datetime) -> str:
    """Settled transactions bucketed by settlement month (UTC), the unit of the monthly report."""
    return f"{transactions_pk_prefix(compact)}{settlement_time_utc.astimezone(UTC):%Y-%m}"


def transaction_sk(compact: str, settlement_time_utc: datetime, batch_id: str, transaction_id: str) -> str:
    """Settlement epoch first, so report windows are ``between`` queries within a month."""
    return f"COMPACT#{compact}#TIME#{epoch_seconds(settlement_time_utc)}#BATCH#{batch_id}#TX#{transaction_id}"


def unsettled_transactions_pk(compact: str) -> str:
    """Card transactions not yet seen settled; reconciled (and deleted) by the settlement job."""
    return f"COMPACT#{compact}#UNSETTLED_TRANSACTIONS"


def unsettled_transaction_sk(compact: str, transaction_date: datetime, transaction_id: str) -> str:
    """Purchase epoch first, so transactions unsettled for over 48 hours are a range read."""
    return f"COMPACT#{compact}#TIME#{epoch_seconds(transaction_date)}#TX#{transaction_id}"


def purchase_request_pk(compact: str, provider_id: str) -> str:
    """A practitioner's purchase requests that carried an ``Idempotency-Key``: a retry finds its first
    answer here."""
    return f"COMPACT#{compact}#PURCHASE_REQUESTS#PROVIDER#{provider_id}"


def purchase_request_sk(idempotency_key: str) -> str:
    return f"KEY#{idempotency_key}"


PENDING_EVENTS_PK = "PENDING_EVENTS"
"""The outbox: bus events written in the same transaction as the records they announce, until published."""


def pending_events_sk(created: datetime, change_id: str) -> str:
    """Oldest first, so the relay reads what it missed in order."""
    return f"TIME#{iso_utc(created)}#CHANGE#{change_id}"
