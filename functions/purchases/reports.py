"""The transaction reports' contents (payments_security §1.11), as pure functions of the settled
transactions: the compact's financial summary and transaction detail, each jurisdiction's detail, and
the ZIP they are sent in. Money is summed with ``Decimal`` (the reference summed some columns as floats).

Line items are told apart by their ids: ``…-compact-fee`` (the compact's fee), ``credit-card-transaction-
fee``, ``priv:{compact}-{state}-{type}`` (a privilege: the state is its second part); anything else is
legacy data, counted in the total and reported as an error.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from core.models.transaction import Transaction, TransactionLineItem

SETTLED = "settledSuccessfully"
CARD_FEE_ITEM = "credit-card-transaction-fee"
NO_TRANSACTIONS = "No transactions for this period"
UNKNOWN = "UNKNOWN"

COMPACT_DETAIL_COLUMNS = (
    "Licensee First Name",
    "Licensee Last Name",
    "Licensee Id",
    "Transaction Settlement Date UTC",
    "State",
    "State Fee",
    "Administrative Fee",
    "Collected Transaction Fee",
    "Transaction Id",
    "Privilege Id",
    "Transaction Status",
)
JURISDICTION_DETAIL_COLUMNS = (
    "Licensee First Name",
    "Licensee Last Name",
    "Licensee Id",
    "Transaction Settlement Date UTC",
    "State Fee",
    "State",
    "Transaction Id",
    "Privilege Id",
    "Transaction Status",
)


@dataclass(frozen=True)
class Names:
    """A licensee's names for the detail rows."""

    given: str
    family: str


@dataclass
class Problems:
    """What a report could not place (unknown states or items): reported once every file is sent."""

    messages: list[str] = field(default_factory=list)


def _amount(item: TransactionLineItem) -> Decimal:
    return Decimal(item.unit_price) * _quantity(item)


def _quantity(item: TransactionLineItem) -> int:
    return int(Decimal(item.quantity))  # the processor writes "1" or "1.0"


def _state(item: TransactionLineItem) -> str | None:
    return item.item_id.split("-")[1].lower() if item.item_id.startswith("priv:") else None


def _money(value: Decimal) -> str:
    return f"${value:.2f}"


def _csv(rows: Iterable[Sequence[object]]) -> str:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n", dialect="excel")
    writer.writerows(rows)
    return output.getvalue()


def financial_summary(
    transactions: Sequence[Transaction],
    jurisdictions: Mapping[str, str],
    card_fees_active: bool,
    problems: Problems,
) -> str:
    """Privileges and state fees per configured jurisdiction (``jurisdictions``: code → name, in order),
    unknown states after them, the compact's and card fees, unknown items, and the total."""
    privileges = dict.fromkeys(jurisdictions, 0)
    state_fees = dict.fromkeys(jurisdictions, Decimal(0))
    unknown_privileges: dict[str, int] = {}
    unknown_state_fees: dict[str, Decimal] = {}
    compact_fees = card_fees = unknown_fees = total = Decimal(0)
    for transaction in transactions:
        for item in transaction.line_items:
            fee, state = _amount(item), _state(item)
            total += fee
            if item.item_id.endswith("-compact-fee"):
                compact_fees += fee
            elif item.item_id == CARD_FEE_ITEM:
                card_fees += fee
            elif state in privileges:
                privileges[state] += _quantity(item)
                state_fees[state] += fee
            elif state is not None:
                unknown_privileges[state] = unknown_privileges.get(state, 0) + _quantity(item)
                unknown_state_fees[state] = unknown_state_fees.get(state, Decimal(0)) + fee
            else:
                unknown_fees += fee
                where = f"transaction {transaction.transaction_id}"
                problems.messages.append(f"line item {item.item_id!r} of {where} matches no known kind")
    if unknown_privileges:
        problems.messages.append(
            f"privileges bought in unconfigured jurisdictions: {sorted(unknown_privileges)}"
        )
    rows: list[Sequence[object]] = []
    for code, name in jurisdictions.items():
        rows += [
            [f"Privileges purchased for {name}", privileges[code]],
            [f"State Fees ({name})", _money(state_fees[code])],
        ]
    for code in unknown_privileges:
        rows += [
            [f"Privileges purchased for UNKNOWN ({code})", unknown_privileges[code]],
            [f"State Fees (UNKNOWN ({code}))", _money(unknown_state_fees[code])],
        ]
    rows.append(["Administrative Fees", _money(compact_fees)])
    if card_fees > 0 or card_fees_active:
        rows.append(["Credit Card Transaction Fees Collected From Licensee", _money(card_fees)])
    if unknown_fees > 0:
        rows.append(["Unknown Line Item Fees", _money(unknown_fees)])
    rows += [["", ""], ["Total Processed Amount", _money(total)]]
    return _csv(rows)


def _settled_on(transaction: Transaction) -> str:
    return transaction.batch.settlement_time_utc.strftime("%m-%d-%Y")


def _names(transaction: Transaction, names: Mapping[str, Names]) -> list[str]:
    found = names.get(transaction.licensee_id)
    return [found.given, found.family] if found else [UNKNOWN, UNKNOWN]


def compact_detail(transactions: Sequence[Transaction], names: Mapping[str, Names]) -> str:
    """One row per privilege bought, with the compact's and card fees of its transaction."""
    rows: list[Sequence[object]] = [COMPACT_DETAIL_COLUMNS]
    for transaction in transactions:
        items = transaction.line_items
        compact_fee = next((i.unit_price for i in items if i.item_id.endswith("-compact-fee")), "0")
        card_fee = next((i.unit_price for i in items if i.item_id == CARD_FEE_ITEM), "0")
        for item in items:
            state = _state(item)
            if state is None:
                continue
            rows.append(
                [
                    *_names(transaction, names),
                    transaction.licensee_id,
                    _settled_on(transaction),
                    state.upper(),
                    item.unit_price,
                    compact_fee,
                    card_fee,
                    transaction.transaction_id,
                    item.privilege_id or UNKNOWN,
                    transaction.transaction_status,
                ]
            )
    if len(rows) == 1:
        rows.append([NO_TRANSACTIONS] + [""] * (len(COMPACT_DETAIL_COLUMNS) - 1))
    return _csv(rows)


def jurisdiction_detail(transactions: Sequence[Transaction], names: Mapping[str, Names], code: str) -> str:
    """The privileges bought in one jurisdiction, with their count and the state's total at the end."""
    width = len(JURISDICTION_DETAIL_COLUMNS)
    rows: list[Sequence[object]] = [JURISDICTION_DETAIL_COLUMNS]
    count, amount = 0, Decimal(0)
    for transaction in transactions:
        for item in transaction.line_items:
            if _state(item) != code:
                continue
            rows.append(
                [
                    *_names(transaction, names),
                    transaction.licensee_id,
                    _settled_on(transaction),
                    item.unit_price,
                    code.upper(),
                    transaction.transaction_id,
                    item.privilege_id or UNKNOWN,
                    transaction.transaction_status,
                ]
            )
            count += _quantity(item)
            amount += _amount(item)
    if len(rows) == 1:
        rows.append([NO_TRANSACTIONS] + [""] * (width - 1))
    rows += [
        [""] * width,
        ["Privileges Purchased", "Total State Amount"] + [""] * (width - 2),
        [count, _money(amount)] + [""] * (width - 2),
    ]
    return _csv(rows)


def zipped(files: Mapping[str, str]) -> bytes:
    """A ZIP of CSV files (UTF-8), deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()
