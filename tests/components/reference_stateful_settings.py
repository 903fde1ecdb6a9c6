"""The reference deployment's settings of its stateful resources, as spec/infra.md records them (§1.4,
§1.5 tables, §2 Cognito, BackupInfrastructure): what an adopted resource must be declared with, so that
``pulumi up`` adopts it without replacing it (and without rebuilding an index or losing a stream).

Written out here from the spec, not derived from the program's own declarations: the adoption test
compares the two, so a declaration that drifts from the deployed reference fails it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReferenceIndex:
    name: str
    hash_key: str
    range_key: str | None
    projection: str
    non_key_attributes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ReferenceTable:
    indexes: tuple[ReferenceIndex, ...] = ()
    stream: str | None = None
    ttl: str | None = None
    hash_key: str = "pk"
    range_key: str = "sk"
    billing_mode: str = "PAY_PER_REQUEST"


TABLES: dict[str, ReferenceTable] = {
    "provider": ReferenceTable(
        indexes=(
            ReferenceIndex("providerFamGivMid", "sk", "providerFamGivMid", "ALL"),
            ReferenceIndex("providerDateOfUpdate", "sk", "providerDateOfUpdate", "ALL"),
            ReferenceIndex("licenseGSI", "licenseGSIPK", "licenseGSISK", "ALL"),
            ReferenceIndex(
                "compactTransactionIdGSI",
                "compactTransactionIdGSIPK",
                None,
                "INCLUDE",
                frozenset(
                    {
                        "privilegeId",
                        "updatedValues",
                        "previous",
                        "jurisdiction",
                        "type",
                        "compactTransactionId",
                        "providerId",
                    }
                ),
            ),
            ReferenceIndex(
                "licenseUploadDateGSI",
                "licenseUploadDateGSIPK",
                "licenseUploadDateGSISK",
                "INCLUDE",
                frozenset({"providerId"}),
            ),
        ),
        stream="NEW_AND_OLD_IMAGES",
    ),
    "ssn": ReferenceTable(indexes=(ReferenceIndex("ssnIndex", "providerIdGSIpk", "sk", "ALL"),)),
    "data_event": ReferenceTable(),
    "compact_configuration": ReferenceTable(),
    "transaction_history": ReferenceTable(),
    "users": ReferenceTable(indexes=(ReferenceIndex("famGiv", "sk", "famGiv", "ALL"),)),
    "rate_limiting": ReferenceTable(ttl="ttl"),
    "event_state": ReferenceTable(
        indexes=(ReferenceIndex("providerId-eventTime-index", "providerId", "eventTime", "ALL"),), ttl="ttl"
    ),
}

ADDED_INDEXES: dict[str, frozenset[str]] = {"data_event": frozenset({"reportIndex"})}
"""Indexes this program adds to a reference table (docs/api-compatibility.md): DynamoDB builds a new
global secondary index online on the adopted table, without replacing it or touching its items."""

ADDED_TTL: dict[str, str] = {"data_event": "eventExpiry", "transaction_history": "ttl"}
"""Expiry this program turns on for reference tables: data events (the reference writes ``eventExpiry``
but never turned TTL on; the adopted log's items already past it go within two days, docs/migration.md)
and the transaction history's purchase claims (items the reference wrote carry no ``ttl``). Turning TTL
on is an in-place update."""

PROVIDER_POOL_OPTIONAL_STANDARD_ATTRIBUTES = frozenset(
    # §2.3, in Cognito's names (CDK's fullname, last_update_time, profile_page, profile_picture and
    # timezone are Cognito's name, updated_at, profile, picture and zoneinfo).
    {
        "given_name",
        "family_name",
        "address",
        "birthdate",
        "name",
        "gender",
        "updated_at",
        "locale",
        "middle_name",
        "nickname",
        "phone_number",
        "preferred_username",
        "profile",
        "picture",
        "zoneinfo",
        "website",
    }
)
PROVIDER_POOL_CUSTOM_ATTRIBUTES = frozenset({"providerId", "compact"})  # strings, immutable
USERNAME_ATTRIBUTES = ["email"]  # sign in by email, case-insensitive (§2.1)


def pool_domain(pool: str, zone: str | None, environment: str) -> str:
    """§2.1/§2.4: a custom domain under the zone, else a Cognito prefix (suffixed outside prod)."""
    if pool == "state":
        return "compact-connect-state-auth" + ("" if environment == "prod" else f"-{environment}")
    if zone:
        return f"{'staff' if pool == 'staff' else 'licensee'}-auth.{zone}"
    return f"compact-connect-{'staff' if pool == 'staff' else 'provider'}-{environment}"


def event_bus(environment: str) -> str:
    return f"{environment}-dataEventBus"


def backup_vault(environment: str, kind: str) -> str:
    return f"CompactConnect-{environment}-{'SSNBackupVault' if kind == 'ssn' else 'BackupVault'}"
