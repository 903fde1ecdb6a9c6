"""A privilege export's rows (spec §2.3): one per privilege, the privilege flattened with the license it
was bought on, as the State API flattens privileges, in the columns staff spreadsheets expect.

Which privileges of a matching provider: those the query's ``nested`` privilege clause matched, when it
asks for them (``inner_hits``), else all of the provider's. Where the license a privilege was bought on is
gone from the document, the provider's own fields (which mirror their best license) stand in; the
reference dropped such a privilege from the export without a word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

EXPORT_COLUMNS = (
    "type",
    "providerId",
    "compact",
    "jurisdiction",
    "licenseType",
    "privilegeId",
    "status",
    "compactEligibility",
    "dateOfExpiration",
    "dateOfIssuance",
    "dateOfRenewal",
    "familyName",
    "givenName",
    "middleName",
    "suffix",
    "licenseJurisdiction",
    "licenseStatus",
    "licenseStatusName",
    "licenseNumber",
    "npi",
)
PRIVILEGE_COLUMNS = ("providerId", "compact", "jurisdiction", "licenseType", "privilegeId", "status")
PRIVILEGE_DATES = ("dateOfExpiration", "dateOfIssuance", "dateOfRenewal")
HOLDER_COLUMNS = (
    "familyName",
    "givenName",
    "middleName",
    "suffix",
    "licenseStatusName",
    "licenseNumber",
    "npi",
)


def _license_of(
    privilege: Mapping[str, Any], licenses: Sequence[Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    return next(
        (
            entry
            for entry in licenses
            if entry.get("jurisdiction") == privilege.get("licenseJurisdiction")
            and entry.get("licenseType") == privilege.get("licenseType")
        ),
        None,
    )


def privilege_row(privilege: Mapping[str, Any], provider: Mapping[str, Any]) -> dict[str, Any]:
    holder = _license_of(privilege, provider.get("licenses", [])) or provider
    row: dict[str, Any] = {"type": "statePrivilege"}
    row |= {column: privilege.get(column) for column in PRIVILEGE_COLUMNS + PRIVILEGE_DATES}
    row |= {column: holder.get(column) for column in HOLDER_COLUMNS}
    row["compactEligibility"] = holder.get("compactEligibility")
    row["licenseStatus"] = holder.get("licenseStatus")
    row["licenseJurisdiction"] = privilege.get("licenseJurisdiction")
    return row


def export_rows(
    provider: Mapping[str, Any], matched: Sequence[Mapping[str, Any]] | None
) -> list[dict[str, Any]]:
    """The rows of one matching provider: the matched privileges (``inner_hits``), or all of them."""
    privileges = matched if matched is not None else provider.get("privileges", [])
    return [privilege_row(privilege, provider) for privilege in privileges]
