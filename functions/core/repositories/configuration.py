"""Repository of the compact configuration table (spec §4.4)."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key

from core import keys
from core.models.configuration import ActiveMemberJurisdictions, Attestation, CompactConfiguration


class ConfigurationRepository:
    """Reads and writes configuration records; takes a boto3 ``Table`` so tests and the sandbox can
    point it anywhere."""

    def __init__(self, table: Any) -> None:
        self.table = table

    # ---- active member jurisdictions ----------------------------------------------------------

    def active_members(self, compact: str) -> ActiveMemberJurisdictions | None:
        key = keys.active_member_jurisdictions_key(compact)
        item = self.table.get_item(Key={"pk": key, "sk": key}).get("Item")
        return ActiveMemberJurisdictions.from_item(item) if item else None

    def put_active_members(self, record: ActiveMemberJurisdictions) -> None:
        self.table.put_item(Item=record.to_item())

    # ---- compact configuration ---------------------------------------------------------------

    def compact_configuration(self, compact: str) -> CompactConfiguration | None:
        key = {"pk": keys.compact_configuration_pk(compact), "sk": keys.compact_configuration_sk(compact)}
        item = self.table.get_item(Key=key).get("Item")
        return CompactConfiguration.from_item(item) if item else None

    # ---- attestations ------------------------------------------------------------------------

    def attestation_versions(
        self, compact: str, attestation_id: str, locale: str = "en"
    ) -> list[Attestation]:
        """Every stored version of one attestation, oldest first (by number, not by key order)."""
        condition = Key("pk").eq(keys.attestations_pk(compact)) & Key("sk").begins_with(
            keys.attestation_sk_prefix(compact, locale, attestation_id)
        )
        items: list[dict[str, Any]] = []
        query: dict[str, Any] = {"KeyConditionExpression": condition}
        while True:
            page = self.table.query(**query)
            items.extend(page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                break
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        versions = [Attestation.from_item(item) for item in items]
        return sorted(versions, key=lambda attestation: attestation.version_number)

    def latest_attestation(self, compact: str, attestation_id: str, locale: str = "en") -> Attestation | None:
        versions = self.attestation_versions(compact, attestation_id, locale)
        return versions[-1] if versions else None

    def put_attestation(self, attestation: Attestation) -> None:
        """Versions are immutable: writing an existing version is refused by the condition."""
        self.table.put_item(Item=attestation.to_item(), ConditionExpression="attribute_not_exists(pk)")
