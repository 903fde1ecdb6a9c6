"""Repository of the provider table (spec §4.2): reads of a provider's partition, and the guarded writes
that change it.

A provider's records all share one partition, so one query returns everything a business rule needs
(best license, jurisdictions, history). Writes that derive from such a read are made conditional on the
``dateOfUpdate`` values that were read (optimistic locking): when another writer got there first, the
transaction is cancelled with :class:`ConcurrentUpdate` and the caller re-reads and decides again,
instead of overwriting a newer record with a decision based on stale data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from core import keys
from core.aws import client_error
from core.errors import CCError
from core.models.base import Record
from core.models.provider_records import ProviderRecords
from core.repositories import reading_client
from core.tables import TRANSACTION_INDEX
from core.unreadable_records import report

if TYPE_CHECKING:
    from boto3.dynamodb.conditions import ConditionBase
    from botocore.exceptions import ClientError


__all__ = [
    "ALL_HISTORY",
    "PRIVILEGE_HISTORY",
    "ConcurrentUpdate",
    "GuardedDelete",
    "GuardedPut",
    "ProviderRecords",
    "ProviderRepository",
    "retrying_conflicts",
]

_CONFLICT_REASONS = {"ConditionalCheckFailed", "TransactionConflict"}

PRIVILEGE_HISTORY = keys.PRIVILEGE_UPDATE_TIER
"""Read the main records and the privilege updates (statuses, activeSince, privilege history)."""
ALL_HISTORY = keys.LICENSE_UPDATE_TIER
"""Read every record of the partition."""
BATCH_GET_LIMIT = 100
"""Keys per BatchGetItem call, DynamoDB's limit."""


class ConcurrentUpdate(CCError):
    """A guarded write found a record changed since it was read: re-read and apply the change again. A
    flow that does not (or has run out of attempts) answers 409: the caller may simply retry."""

    status_code = 409
    default_message = "The record changed while the request was handled; retrying is safe"


WRITE_ATTEMPTS = 3
"""How often a read-decide-write is tried before a persistent conflict is an error."""

T = TypeVar("T")


def retrying_conflicts(attempt: Callable[[], T], attempts: int = WRITE_ATTEMPTS) -> T:
    """``attempt()`` (which reads, decides and writes guarded) again while another writer gets there first,
    at most ``attempts`` times; then the conflict is raised."""
    for tried in range(1, attempts + 1):
        try:
            return attempt()
        except ConcurrentUpdate:
            if tried == attempts:
                raise
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class GuardedPut:
    """A record to put, guarded by what was read.

    ``read`` is the stored version the new one was derived from, or None when the record did not exist
    (the put then only succeeds if it still does not). ``guard=False`` writes unconditionally: for
    immutable history records, whose key embeds a hash of their content, so a rewrite is identical.
    """

    record: Record
    read: Record | None = None
    guard: bool = True
    stamp: bool = True  # False writes the record's own ``dateOfUpdate``: a restore of an earlier version


@dataclass(frozen=True)
class GuardedDelete:
    """A record to delete, guarded like a put: it must still be the version that was read.
    ``guard=False`` deletes unconditionally (immutable history records)."""

    record: Record
    guard: bool = True


Write = GuardedPut | GuardedDelete


def _condition(read: Record | None, guard: bool) -> dict[str, Any]:
    """The ConditionExpression (with its names and values) that checks ``read`` is still current."""
    if not guard:
        return {}
    if read is None:
        return {"ConditionExpression": "attribute_not_exists(pk)"}
    if read.date_of_update is None:
        return {
            "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(#updated)",
            "ExpressionAttributeNames": {"#updated": "dateOfUpdate"},
        }
    return {
        "ConditionExpression": "#updated = :updated",
        "ExpressionAttributeNames": {"#updated": "dateOfUpdate"},
        "ExpressionAttributeValues": {":updated": keys.iso_utc(read.date_of_update)},
    }


def _transact_item(table_name: str, write: Write) -> dict[str, Any]:
    if isinstance(write, GuardedDelete):
        key = {"pk": write.record.pk, "sk": write.record.sk}
        return {"Delete": {"TableName": table_name, "Key": key, **_condition(write.record, write.guard)}}
    item = write.record.to_item(stamp=write.stamp)
    return {"Put": {"TableName": table_name, "Item": item, **_condition(write.read, write.guard)}}


def _is_conflict(error: ClientError) -> bool:
    """A guard failed or DynamoDB saw a competing transaction; any other cancellation is a bug."""
    code = error.response.get("Error", {}).get("Code")
    if code == "TransactionCanceledException":
        reasons = {reason.get("Code") for reason in error.response.get("CancellationReasons", [])}
        return bool(reasons & _CONFLICT_REASONS)
    return code == "ConditionalCheckFailedException"


class ProviderRepository:
    """Takes a boto3 ``Table`` so tests and the sandbox can point it anywhere."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def records(
        self, compact: str, provider_id: str, consistent: bool = False, *, history: int = ALL_HISTORY
    ) -> ProviderRecords:
        """The records of one provider, read with one (paginated) query of its partition.

        ``history`` is how many history tiers to read along with the main records (spec §4.2): 0 none,
        :data:`PRIVILEGE_HISTORY` the privilege updates, :data:`ALL_HISTORY` everything. Readers that do
        not show license history skip its (largest) snapshots. Pass ``consistent=True`` when the result
        feeds a write (ingest, encumbrance...): an eventually consistent read could miss a record written
        a moment ago and the write would then undo it.
        """
        from boto3.dynamodb.conditions import Key

        condition: ConditionBase = Key("pk").eq(keys.provider_pk(compact, provider_id))
        if history < ALL_HISTORY:
            condition = condition & Key("sk").lt(keys.update_tier_floor(compact, history + 1))
        query: dict[str, Any] = {"KeyConditionExpression": condition, "ConsistentRead": consistent}
        items: list[dict[str, Any]] = []
        while True:
            page = self.table.query(**query)
            items.extend(page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                records = ProviderRecords.from_items(items)
                report(records.unreadable)
                return records
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def without_provider_record(self, compact: str, provider_ids: Iterable[str]) -> set[str]:
        """Those of ``provider_ids`` whose partition holds no provider record, read consistently with one
        batch read per hundred (the record's key only, no attributes).

        Every writer creates the provider record no later than the first other record of its partition
        (ingest writes it with the first license), so such a partition is empty and a caller may plan a
        first write without querying it; the guard of that write (the provider record must still not
        exist) catches a writer that came in between. A key DynamoDB leaves unprocessed is left out:
        the caller queries that provider as usual.
        """
        client = self.table.meta.client  # the resource's client accepts plain Python values
        wanted = {keys.provider_pk(compact, provider_id): provider_id for provider_id in provider_ids}
        pks = list(wanted)
        absent: set[str] = set()
        for start in range(0, len(pks), BATCH_GET_LIMIT):
            chunk = pks[start : start + BATCH_GET_LIMIT]
            request = {
                "Keys": [{"pk": pk, "sk": keys.provider_sk(compact)} for pk in chunk],
                "ConsistentRead": True,
                "ProjectionExpression": "pk",
            }
            response = client.batch_get_item(RequestItems={self.table.name: request})
            found = {item["pk"] for item in response.get("Responses", {}).get(self.table.name, [])}
            unprocessed = response.get("UnprocessedKeys", {}).get(self.table.name, {}).get("Keys", [])
            unknown = {key["pk"] for key in unprocessed}
            absent.update(wanted[pk] for pk in chunk if pk not in found and pk not in unknown)
        return absent

    def provider_items(
        self, compact: str, provider_ids: Iterable[str], attributes: Sequence[str]
    ) -> dict[str, dict[str, Any]]:
        """The named attributes of each provider record found, by provider id (one batch read per
        hundred, retrying what DynamoDB leaves unprocessed)."""
        client = reading_client(self.table)
        wanted = sorted(set(provider_ids))
        names = {f"#a{i}": name for i, name in enumerate(["providerId", *attributes])}
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), BATCH_GET_LIMIT):
            request: dict[str, Any] = {
                self.table.name: {
                    "Keys": [
                        {"pk": keys.provider_pk(compact, i), "sk": keys.provider_sk(compact)}
                        for i in wanted[start : start + BATCH_GET_LIMIT]
                    ],
                    "ProjectionExpression": ", ".join(names),
                    "ExpressionAttributeNames": names,
                }
            }
            while request:
                answer = client.batch_get_item(RequestItems=request)
                for item in answer.get("Responses", {}).get(self.table.name, []):
                    found[str(item["providerId"])] = item
                request = answer.get("UnprocessedKeys") or {}
        return found

    def put_guarded(self, puts: Sequence[Write], also: Sequence[dict[str, Any]] = ()) -> None:
        """Write the records all-or-nothing, each put (or delete) conditioned as its :class:`GuardedPut`
        (:class:`GuardedDelete`) says.

        One transaction (at most 100 items) so a reader never sees, say, a new license without the history
        record that explains it. Every record put is stamped with a fresh ``dateOfUpdate`` unless its put
        says otherwise. ``also`` are further ``TransactWriteItems`` entries (of other tables) that stand
        or fall with these. Raises :class:`ConcurrentUpdate` when a guard fails.
        """
        if not puts:
            return
        client = self.table.meta.client  # the resource's client accepts plain Python values
        items = [_transact_item(self.table.name, put) for put in puts] + list(also)
        try:
            client.transact_write_items(TransactItems=items)
        except client_error() as error:
            if _is_conflict(error):
                raise ConcurrentUpdate() from error
            raise

    def claim_privilege_numbers(self, compact: str, count: int) -> list[int]:
        """``count`` new numbers of the compact's privilege counter, with one atomic ``ADD``: unique
        whatever runs concurrently; never given back, so a failed purchase leaves a gap (as in the
        reference)."""
        if count == 0:
            return []
        key = keys.privilege_count_key(compact)
        answer = self.table.update_item(
            Key={"pk": key, "sk": key},
            UpdateExpression="ADD #count :count",
            ExpressionAttributeNames={"#count": "privilegeCount"},
            ExpressionAttributeValues={":count": count},
            ReturnValues="UPDATED_NEW",
        )
        last = int(answer["Attributes"]["privilegeCount"])
        return list(range(last - count + 1, last + 1))

    def transaction_records(self, compact: str, transaction_id: str) -> list[dict[str, Any]]:
        """The privilege and privilege-update items a card transaction paid for, through the transaction
        index (its projection: ids, jurisdiction, type, ``previous``...)."""
        from boto3.dynamodb.conditions import Key

        query: dict[str, Any] = {
            "IndexName": TRANSACTION_INDEX,
            "KeyConditionExpression": Key("compactTransactionIdGSIPK").eq(
                keys.compact_transaction_id_gsi_pk(compact, transaction_id)
            ),
        }
        items: list[dict[str, Any]] = []
        while True:
            page = self.table.query(**query)
            items += page.get("Items", [])
            if "LastEvaluatedKey" not in page:
                return items
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
