"""Records of the transaction history table (spec §4.5).

Money values stay the strings the payment processor reported: these records are an audit copy of the
processor's data, and reports sum them with Decimal.
"""

from typing import Literal

from pydantic import Field

from core import keys
from core.models.base import CamelModel, DynamoItem, Record, UtcDatetime


class SettlementBatch(CamelModel):
    batch_id: str
    settlement_state: str
    settlement_time_local: str
    settlement_time_utc: UtcDatetime = Field(alias="settlementTimeUTC")


class TransactionLineItem(CamelModel):
    """One charged item; settlement fills ``privilegeId`` in on ``priv:`` items from the privilege bought."""

    item_id: str
    name: str
    description: str
    quantity: str
    taxable: bool
    unit_price: str
    privilege_id: str | None = None


class Transaction(Record):
    """A settled card transaction, filed under its settlement month."""

    record_type = "transaction"

    transaction_processor: Literal["authorize.net"] = "authorize.net"
    transaction_id: str
    batch: SettlementBatch
    line_items: list[TransactionLineItem]
    compact: str
    licensee_id: str
    response_code: str
    settle_amount: str
    submit_time_utc: UtcDatetime = Field(alias="submitTimeUTC")
    transaction_status: str
    transaction_type: str

    @property
    def pk(self) -> str:
        return keys.transactions_pk(self.compact, self.batch.settlement_time_utc)

    @property
    def sk(self) -> str:
        return keys.transaction_sk(
            self.compact, self.batch.settlement_time_utc, self.batch.batch_id, self.transaction_id
        )


class UnsettledTransaction(Record):
    """A charge made at purchase time and not yet seen in a settled batch; alarms fire after 48 hours."""

    record_type = "unsettled_transaction"

    compact: str
    transaction_id: str
    transaction_date: UtcDatetime

    @property
    def pk(self) -> str:
        return keys.unsettled_transactions_pk(self.compact)

    @property
    def sk(self) -> str:
        return keys.unsettled_transaction_sk(self.compact, self.transaction_date, self.transaction_id)


class PurchaseRequest(DynamoItem):
    """A purchase that carried an ``Idempotency-Key``: claimed before the charge, completed (with the
    answer a retry gets) in the same transaction that writes the privileges.

    ``requestHash`` tells a retry from another request reusing the key; ``chargedTransactionId`` is set
    as soon as the card is charged, so a claim abandoned mid-purchase (the function timed out) names the
    charge to void before the key is used again. Kept a day (``ttl``).
    """

    compact: str
    provider_id: str
    idempotency_key: str
    request_hash: str
    status: Literal["pending", "complete"] = "pending"
    claimed_at: UtcDatetime
    charged_transaction_id: str | None = None
    response: str | None = None  # the JSON body answered, once complete
    ttl: int

    @property
    def pk(self) -> str:
        return keys.purchase_request_pk(self.compact, self.provider_id)

    @property
    def sk(self) -> str:
        return keys.purchase_request_sk(self.idempotency_key)
