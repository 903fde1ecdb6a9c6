"""Repository of the compact configuration table (spec §4.4)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from core import keys
from core.aws import client_error
from core.clock import now_utc
from core.errors import CCError
from core.models.base import Record, to_dynamo
from core.models.configuration import (
    ActiveMemberJurisdictions,
    Attestation,
    CompactConfiguration,
    ConfiguredState,
    JurisdictionConfiguration,
)

if TYPE_CHECKING:
    from botocore.exceptions import ClientError


class ConcurrentUpdate(CCError):
    """The record changed between our read and our write; the caller should reload and retry."""

    status_code = 409
    default_message = "The configuration was changed by another request; reload it and try again"


def unchanged_since(previous: Record | None, attributes: Sequence[str], tag: str = "g") -> dict[str, Any]:
    """Condition arguments for an optimistic write: the item is still absent (``previous`` is None), or
    the named attributes still hold what was read.

    ``dateOfUpdate`` has whole-second resolution, so guards that protect an invariant also compare the
    attribute the invariant is about (e.g. ``configuredStates``). An empty list also matches an absent
    attribute, which loads as the same empty default.
    """
    if previous is None:
        return {"ConditionExpression": "attribute_not_exists(pk)"}
    stored = previous.stored_fields()
    clauses = ["attribute_exists(pk)"]
    names: dict[str, str] = {}
    values: dict[str, Any] = {}
    for index, attribute in enumerate(attributes):
        name, value = f"#{tag}{index}", f":{tag}{index}"
        names[name] = attribute
        if attribute not in stored:
            clauses.append(f"attribute_not_exists({name})")
            continue
        values[value] = stored[attribute]
        equal = f"{name} = {value}"
        clauses.append(f"(attribute_not_exists({name}) OR {equal})" if stored[attribute] == [] else equal)
    condition: dict[str, Any] = {
        "ConditionExpression": " AND ".join(clauses),
        "ExpressionAttributeNames": names,
    }
    if values:
        condition["ExpressionAttributeValues"] = values
    return condition


def _error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _condition_failed(error: ClientError) -> bool:
    code = _error_code(error)
    if code == "ConditionalCheckFailedException":
        return True
    reasons = error.response.get("CancellationReasons") or []
    return code == "TransactionCanceledException" and any(
        reason.get("Code") == "ConditionalCheckFailed" for reason in reasons
    )


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

    def put_compact_configuration(
        self, record: CompactConfiguration, previous: CompactConfiguration | None
    ) -> None:
        """Write the compact record read as ``previous`` (None: not there yet), unless it changed since.

        The guard covers ``configuredStates``, which jurisdictions join concurrently, so an admin's PUT
        can never drop a state that joined after the admin's read (409 instead).
        """
        guard = unchanged_since(
            previous, ("configuredStates", "dateOfUpdate", "paymentProcessorPublicFields")
        )
        try:
            self.table.put_item(Item=record.to_item(), **guard)
        except client_error() as error:
            if _condition_failed(error):
                raise ConcurrentUpdate() from error
            raise

    def compact_with_jurisdictions(
        self, compact: str
    ) -> tuple[CompactConfiguration | None, dict[str, JurisdictionConfiguration]]:
        """The compact record and every jurisdiction record of the compact, with one query of their
        partition (what a purchase prices from)."""
        from boto3.dynamodb.conditions import Key

        query: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(keys.compact_configuration_pk(compact))
        }
        compact_record: CompactConfiguration | None = None
        jurisdictions: dict[str, JurisdictionConfiguration] = {}
        jurisdiction_prefix = keys.jurisdiction_configuration_sk(compact, "")
        while True:
            page = self.table.query(**query)
            for item in page.get("Items", []):
                if item["sk"] == keys.compact_configuration_sk(compact):
                    compact_record = CompactConfiguration.from_item(item)
                elif str(item["sk"]).startswith(jurisdiction_prefix):
                    record = JurisdictionConfiguration.from_item(item)
                    jurisdictions[record.postal_abbreviation] = record
            if "LastEvaluatedKey" not in page:
                return compact_record, jurisdictions
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    # ---- jurisdiction configuration ----------------------------------------------------------

    def jurisdiction_configuration(self, compact: str, jurisdiction: str) -> JurisdictionConfiguration | None:
        key = {
            "pk": keys.compact_configuration_pk(compact),
            "sk": keys.jurisdiction_configuration_sk(compact, jurisdiction),
        }
        item = self.table.get_item(Key=key).get("Item")
        return JurisdictionConfiguration.from_item(item) if item else None

    def put_jurisdiction_configuration(
        self,
        record: JurisdictionConfiguration,
        previous: JurisdictionConfiguration | None,
        *,
        compact: CompactConfiguration | None = None,
        configured_states: Sequence[ConfiguredState] | None = None,
    ) -> None:
        """Write a jurisdiction record read as ``previous``, unless it changed since (409).

        With ``configured_states``, the compact record read as ``compact`` gets that list in the same
        transaction, guarded on its ``configuredStates`` being unchanged: either the jurisdiction is
        saved *and* has joined the compact, or nothing is written.
        """
        guard = unchanged_since(previous, ("licenseeRegistrationEnabled", "dateOfUpdate"))
        put = {"TableName": self.table.name, "Item": record.to_item(), **guard}
        try:
            if configured_states is None or compact is None:
                self.table.put_item(Item=put["Item"], **guard)
                return
            update = {
                "TableName": self.table.name,
                "Key": {"pk": compact.pk, "sk": compact.sk},
                "UpdateExpression": "SET #states = :states, #updated = :updated",
                **unchanged_since(compact, ("configuredStates",), tag="c"),
            }
            update["ExpressionAttributeNames"] |= {"#states": "configuredStates", "#updated": "dateOfUpdate"}
            update["ExpressionAttributeValues"] = {
                **update.get("ExpressionAttributeValues", {}),
                ":states": [to_dynamo(state.model_dump(by_alias=True)) for state in configured_states],
                ":updated": keys.iso_utc(now_utc()),
            }
            self.table.meta.client.transact_write_items(TransactItems=[{"Put": put}, {"Update": update}])
        except client_error() as error:
            if _condition_failed(error):
                raise ConcurrentUpdate() from error
            raise

    # ---- attestations ------------------------------------------------------------------------

    def attestation_versions(
        self, compact: str, attestation_id: str, locale: str = "en"
    ) -> list[Attestation]:
        """Every stored version of one attestation, oldest first (by number, not by key order)."""
        from boto3.dynamodb.conditions import Key

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

    def latest_attestation_versions(self, compact: str, locale: str = "en") -> dict[str, str]:
        """The latest version of every attestation of the compact in ``locale``, by id (one query)."""
        from boto3.dynamodb.conditions import Key

        prefix = keys.attestation_sk_prefix(compact, locale, "")
        query: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(keys.attestations_pk(compact))
            & Key("sk").begins_with(prefix.removesuffix("#VERSION#"))
        }
        latest: dict[str, Attestation] = {}
        while True:
            page = self.table.query(**query)
            for item in page.get("Items", []):
                attestation = Attestation.from_item(item)
                held = latest.get(attestation.attestation_id)
                if held is None or attestation.version_number > held.version_number:
                    latest[attestation.attestation_id] = attestation
            if "LastEvaluatedKey" not in page:
                return {key: value.version for key, value in latest.items()}
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def latest_attestation(self, compact: str, attestation_id: str, locale: str = "en") -> Attestation | None:
        versions = self.attestation_versions(compact, attestation_id, locale)
        return versions[-1] if versions else None

    def put_attestation(self, attestation: Attestation) -> None:
        """Versions are immutable: writing an existing version is refused by the condition."""
        self.table.put_item(Item=attestation.to_item(), ConditionExpression="attribute_not_exists(pk)")
