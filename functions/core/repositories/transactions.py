"""Repository of the transaction history table (spec §4.5, §1.9): what a purchase writes there — its
idempotency claim and its unsettled-transaction record — and what settlement stores and reads.

A purchase's own items are handed out as ``TransactWriteItems`` entries, so the purchase writes them in
the same transaction as the privileges: a charge is recorded as unsettled, its events exist and its
idempotency key is completed exactly when the privileges are written.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from core import keys
from core.aws import client_error, error_code
from core.models.transaction import PurchaseRequest, Transaction, UnsettledTransaction
from core.repositories import reading_client

TransactItem = dict[str, Any]

_SAME_CLAIM = {
    "ConditionExpression": "#claimed = :claimed",
    "ExpressionAttributeNames": {"#claimed": "claimedAt"},
}


def _same_claim(claim: PurchaseRequest) -> dict[str, Any]:
    """The condition that the stored claim is still this one (not released, not taken over)."""
    return {
        **_SAME_CLAIM,
        "ExpressionAttributeValues": {":claimed": keys.iso_utc(claim.claimed_at)},
    }


class TransactionRepository:
    def __init__(self, table: Any) -> None:
        self.table = table

    # ---- idempotency claims -------------------------------------------------------------------

    def purchase_request(
        self, compact: str, provider_id: str, idempotency_key: str
    ) -> PurchaseRequest | None:
        key = {
            "pk": keys.purchase_request_pk(compact, provider_id),
            "sk": keys.purchase_request_sk(idempotency_key),
        }
        item = self.table.get_item(Key=key, ConsistentRead=True).get("Item")
        return PurchaseRequest.from_item(item) if item else None

    def claim(self, claim: PurchaseRequest, replacing: PurchaseRequest | None) -> bool:
        """Store ``claim`` if the key is still unclaimed (``replacing`` None) or still holds the claim
        ``replacing`` (an abandoned one being taken over); False when another request got there first."""
        condition = (
            {"ConditionExpression": "attribute_not_exists(pk)"}
            if replacing is None
            else _same_claim(replacing)
        )
        try:
            self.table.put_item(Item=claim.to_item(), **condition)
        except client_error() as error:
            if error_code(error) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def record_charge(self, claim: PurchaseRequest, transaction_id: str) -> None:
        """Note the charge on the claim, so whoever takes an abandoned claim over can void it."""
        condition = _same_claim(claim)
        self.table.update_item(
            Key={"pk": claim.pk, "sk": claim.sk},
            UpdateExpression="SET #charged = :charged",
            ConditionExpression=condition["ConditionExpression"],
            ExpressionAttributeNames={
                **condition["ExpressionAttributeNames"],
                "#charged": "chargedTransactionId",
            },
            ExpressionAttributeValues={**condition["ExpressionAttributeValues"], ":charged": transaction_id},
        )

    def release(self, claim: PurchaseRequest) -> None:
        """Forget a claim whose purchase did not happen, so the key can be used again; a claim taken over
        or completed meanwhile is left alone."""
        condition = _same_claim(claim)
        try:
            self.table.delete_item(
                Key={"pk": claim.pk, "sk": claim.sk},
                ConditionExpression=f"{condition['ConditionExpression']} AND #status = :pending",
                ExpressionAttributeNames={**condition["ExpressionAttributeNames"], "#status": "status"},
                ExpressionAttributeValues={**condition["ExpressionAttributeValues"], ":pending": "pending"},
            )
        except client_error() as error:
            if error_code(error) != "ConditionalCheckFailedException":
                raise

    def completion(self, claim: PurchaseRequest, response: str) -> TransactItem:
        """The transaction entry that completes ``claim`` with the answer a retry will get."""
        condition = _same_claim(claim)
        return {
            "Update": {
                "TableName": self.table.name,
                "Key": {"pk": claim.pk, "sk": claim.sk},
                "UpdateExpression": "SET #status = :complete, #response = :response",
                "ConditionExpression": condition["ConditionExpression"],
                "ExpressionAttributeNames": {
                    **condition["ExpressionAttributeNames"],
                    "#status": "status",
                    "#response": "response",
                },
                "ExpressionAttributeValues": {
                    **condition["ExpressionAttributeValues"],
                    ":complete": "complete",
                    ":response": response,
                },
            }
        }

    # ---- a purchase's records -----------------------------------------------------------------

    def exists(self, record: UnsettledTransaction) -> bool:
        """Whether the record is stored (read consistently): did a write whose answer was lost commit?"""
        return "Item" in self.table.get_item(Key={"pk": record.pk, "sk": record.sk}, ConsistentRead=True)

    def new_item(self, record: UnsettledTransaction) -> TransactItem:
        """A put of a record that must not exist yet (a transaction id is never reused)."""
        return {
            "Put": {
                "TableName": self.table.name,
                "Item": record.to_item(),
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }

    # ---- settlement ---------------------------------------------------------------------------

    def store(self, transactions: list[Transaction]) -> None:
        """Settled transactions, keyed by batch and id: storing one again overwrites it (a re-run after a
        restore, or a retried workflow step, duplicates nothing)."""
        with self.table.batch_writer() as batch:
            for transaction in transactions:
                batch.put_item(Item=transaction.to_item())

    def stored_ids(self, transactions: list[Transaction]) -> set[str]:
        """Which of these transactions are stored already (one keys-only batch read per hundred)."""
        client = reading_client(self.table)
        found: set[str] = set()
        for start in range(0, len(transactions), 100):
            chunk = transactions[start : start + 100]
            keys_ = [{"pk": t.pk, "sk": t.sk} for t in chunk]
            request = {self.table.name: {"Keys": keys_, "ProjectionExpression": "transactionId"}}
            while request:
                answer = client.batch_get_item(RequestItems=request)
                found |= {str(item["transactionId"]) for item in answer["Responses"].get(self.table.name, [])}
                request = answer.get("UnprocessedKeys") or {}
        return found

    def last_settlement(self, compact: str, now: datetime, months: int = 3) -> datetime | None:
        """When the latest stored transaction's batch settled, looking back ``months`` months."""
        from boto3.dynamodb.conditions import Key

        month = now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        for _ in range(months):
            page = self.table.query(
                KeyConditionExpression=Key("pk").eq(keys.transactions_pk(compact, month)),
                ScanIndexForward=False,
                Limit=1,
            )
            if page.get("Items"):
                return Transaction.from_item(page["Items"][0]).batch.settlement_time_utc
            month = (month - timedelta(days=1)).replace(day=1)
        return None

    def settled_between(self, compact: str, start: datetime, end: datetime) -> list[Transaction]:
        """The transactions whose batch settled in [start, end), oldest first: one ``between`` per month
        partition the window touches (the sort key continues after the epoch, so the upper bound is
        exclusive)."""
        from boto3.dynamodb.conditions import Key

        low = f"COMPACT#{compact}#TIME#{keys.epoch_seconds(start)}"
        high = f"COMPACT#{compact}#TIME#{keys.epoch_seconds(end)}"
        found: list[Transaction] = []
        month = start.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        while month < end:
            query: dict[str, Any] = {
                "KeyConditionExpression": Key("pk").eq(keys.transactions_pk(compact, month))
                & Key("sk").between(low, high)
            }
            while True:
                page = self.table.query(**query)
                found += [Transaction.from_item(item) for item in page.get("Items", [])]
                if "LastEvaluatedKey" not in page:
                    break
                query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
            month = (month + timedelta(days=32)).replace(day=1)
        return found

    def unsettled(self, compact: str) -> list[UnsettledTransaction]:
        """Charges not yet seen settled, oldest first."""
        from boto3.dynamodb.conditions import Key

        query: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(keys.unsettled_transactions_pk(compact))
        }
        found: list[UnsettledTransaction] = []
        while True:
            page = self.table.query(**query)
            found += [UnsettledTransaction.from_item(item) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return found
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def forget_unsettled(self, records: list[UnsettledTransaction]) -> None:
        with self.table.batch_writer() as batch:
            for record in records:
                batch.delete_item(Key={"pk": record.pk, "sk": record.sk})
