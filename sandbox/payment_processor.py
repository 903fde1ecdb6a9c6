"""A local stand-in of Authorize.Net, so the real ``authorizenet`` SDK runs in tests and the sandbox
(issue #15).

It speaks the XML API the SDK speaks — request documents posted to ``/xml/v1/request.api``, answered with
the API's response documents (after the UTF-8 byte-order mark the SDK strips) — for the calls purchases
make: ``getMerchantDetails`` (credentials check), and ``createTransaction`` charging a payment nonce
(``authCaptureTransaction``) or voiding a charge (``voidTransaction``). It follows the processor's
documented sandbox behaviour: a nonce works once; billing ZIP 46282 declines; the same card, amount and
order within the request's ``duplicateWindow`` (two minutes by default) is refused as a duplicate (code
11); a card number that fails the Luhn check cannot be tokenized. Beside the API, as JSON:

- ``POST /tokenize`` ``{cardNumber, expirationDate, cardCode, zip}`` gives the ``opaqueData`` that the
  browser's Accept.js would produce;
- ``GET /ledger`` lists every transaction (``transId``, ``type``, ``amount``, ``status``, ``lineItems``);
- ``POST /settle`` settles every charge captured and not voided, in one batch per merchant (a JSON body
  ``{"failing": [transId, ...]}`` makes those end in ``settlementError``), so the settled-batch calls
  (``getSettledBatchList``, ``getTransactionList``, ``getTransactionDetails``) have something to list.
"""

from __future__ import annotations

import itertools
import json
import secrets
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from werkzeug.wrappers import Request, Response

from sandbox import anet_xml as anet
from sandbox.anet_xml import DEFAULT_DUPLICATE_WINDOW, Batch
from sandbox.serving import LocalService

API_PATH = "/xml/v1/request.api"
BYTE_ORDER_MARK = b"\xef\xbb\xbf"
DECLINING_ZIP = "46282"
NONCE_DESCRIPTOR = "COMMON.ACCEPT.INAPP.PAYMENT"
MAX_REPORT_WINDOW = timedelta(days=31)


@dataclass
class LedgerEntry:
    transId: str
    type: str
    amount: str
    status: str
    lineItems: list[dict[str, str]] = field(default_factory=list)
    refTransId: str | None = None
    merchant: str = ""
    description: str = ""
    submitTimeUTC: str = ""
    batchId: str | None = None


@dataclass(frozen=True)
class Card:
    number: str
    zip: str


def luhn_valid(number: str) -> bool:
    digits = [int(d) for d in number if d.isdigit()]
    if len(digits) != len(number) or not 13 <= len(digits) <= 19:
        return False
    checksum = sum(digits[-1::-2]) + sum(sum(divmod(2 * d, 10)) for d in digits[-2::-2])
    return checksum % 10 == 0


class PaymentProcessorStandIn(LocalService):
    """The processor: merchants by API login id, the nonces it issued, and its ledger."""

    thread_name = "payment-processor"

    def __init__(self) -> None:
        self.merchants: dict[
            str, tuple[str, str]
        ] = {}  # api login id -> (transaction key, public client key)
        self.ledger: list[LedgerEntry] = []
        self.batches: list[Batch] = []
        self._nonces: dict[str, Card] = {}
        self._ids = itertools.count(60_000_000_001)
        self._lock = threading.Lock()
        self._recent: list[tuple[float, tuple[str, Decimal, str]]] = []  # approved charges, for duplicates

    def add_merchant(self, api_login_id: str, transaction_key: str) -> str:
        """A merchant account; returns its public client key (what Accept.js is configured with)."""
        public_key = secrets.token_hex(16)
        self.merchants[api_login_id] = (transaction_key, public_key)
        return public_key

    # ---- the JSON side ------------------------------------------------------------------------------

    def tokenize(self, card: dict[str, Any]) -> dict[str, str] | None:
        number = str(card.get("cardNumber", ""))
        if not luhn_valid(number) or not card.get("expirationDate") or not card.get("cardCode"):
            return None
        nonce = secrets.token_urlsafe(24)
        with self._lock:
            self._nonces[nonce] = Card(number=number, zip=str(card.get("zip", "")))
        return {"dataDescriptor": NONCE_DESCRIPTOR, "dataValue": nonce}

    def settle(self, failing: frozenset[str] = frozenset(), status: str = "settlementError") -> int:
        """Settle every captured charge, in one batch per merchant (as each merchant's daily cut-off does);
        the transactions named in ``failing`` end in ``status`` (``settlementError`` or ``generalError``).
        Returns how many settled."""
        now = datetime.now(tz=UTC).replace(microsecond=0)
        with self._lock:
            pending = [e for e in self.ledger if e.status == "capturedPendingSettlement"]
            declined = [e for e in self.ledger if e.status == "declined" and e.batchId is None]
            for merchant in sorted({e.merchant for e in pending + declined}):
                batch = Batch(batch_id=str(next(self._ids)), merchant=merchant, settled_at=now)
                self.batches.append(batch)
                for entry in pending + declined:
                    if entry.merchant != merchant:
                        continue
                    if entry.status != "declined":
                        entry.status = status if entry.transId in failing else "settledSuccessfully"
                    entry.batchId = batch.batch_id
        return len(pending)

    # ---- transaction reporting -------------------------------------------------------------------------

    def _settled_batches(self, merchant: str, request: ET.Element) -> bytes:
        first = anet.parse_utc(request.findtext(f"{anet.N}firstSettlementDate"))
        last = anet.parse_utc(request.findtext(f"{anet.N}lastSettlementDate"))
        if first is None or last is None or last < first or last - first > MAX_REPORT_WINDOW:
            return anet.failure("getSettledBatchList", "E00059", "The date range must be 31 days or less.")
        with self._lock:
            found = [b for b in self.batches if b.merchant == merchant and first <= b.settled_at <= last]
        root = anet.document("getSettledBatchList", "Ok", "I00001", "Successful.")
        if found:
            listing = anet.child(root, "batchList")
            for batch in found:
                anet.batch(anet.child(listing, "batch"), batch, with_payment_method=True)
        return anet.encoded(root)

    def _transaction_list(self, merchant: str, request: ET.Element) -> bytes:
        batch_id = request.findtext(f"{anet.N}batchId") or ""
        limit = int(request.findtext(f"{anet.N}paging/{anet.N}limit") or 1000)
        page = int(request.findtext(f"{anet.N}paging/{anet.N}offset") or 1)
        descending = request.findtext(f"{anet.N}sorting/{anet.N}orderDescending") == "true"
        with self._lock:
            entries = [e for e in self.ledger if e.batchId == batch_id and e.merchant == merchant]
        entries.sort(key=lambda e: (e.submitTimeUTC, int(e.transId)), reverse=descending)
        root = anet.document("getTransactionList", "Ok", "I00001", "Successful.")
        shown = entries[(page - 1) * limit : page * limit]
        if shown:
            listing = anet.child(root, "transactions")
            for entry in shown:
                item = anet.child(listing, "transaction")
                anet.child(item, "transId", entry.transId)
                anet.child(item, "submitTimeUTC", entry.submitTimeUTC)
                anet.child(item, "submitTimeLocal", entry.submitTimeUTC.removesuffix("Z"))
                anet.child(item, "transactionStatus", entry.status)
                anet.child(item, "accountType", "Visa")
                anet.child(item, "accountNumber", "XXXX1111")
                anet.child(item, "settleAmount", entry.amount)
        anet.child(root, "totalNumInResultSet", str(len(entries)))
        return anet.encoded(root)

    def _transaction_details(self, merchant: str, trans_id: str) -> bytes:
        with self._lock:
            entry = next((e for e in self.ledger if e.transId == trans_id and e.merchant == merchant), None)
            batch = next((b for b in self.batches if entry is not None and b.batch_id == entry.batchId), None)
        if entry is None:
            return anet.failure("getTransactionDetails", "E00040", "The record cannot be found.")
        root = anet.document("getTransactionDetails", "Ok", "I00001", "Successful.")
        details = anet.child(root, "transaction")
        anet.child(details, "transId", entry.transId)
        if entry.refTransId:
            anet.child(details, "refTransId", entry.refTransId)
        anet.child(details, "submitTimeUTC", entry.submitTimeUTC)
        anet.child(details, "submitTimeLocal", entry.submitTimeUTC.removesuffix("Z"))
        anet.child(details, "transactionType", entry.type)
        anet.child(details, "transactionStatus", entry.status)
        approved = entry.status != "declined"
        anet.child(details, "responseCode", "1" if approved else "2")
        anet.child(details, "responseReasonCode", "1" if approved else "2")
        anet.child(
            details,
            "responseReasonDescription",
            "Approval" if approved else "This transaction has been declined.",
        )
        if batch is not None:
            anet.batch(anet.child(details, "batch"), batch, with_payment_method=False)
        if entry.description:
            anet.child(anet.child(details, "order"), "description", entry.description)
        anet.child(details, "authAmount", entry.amount)
        anet.child(details, "settleAmount", entry.amount if approved else "0.00")
        if entry.lineItems:
            items = anet.child(details, "lineItems")
            for line in entry.lineItems:
                item = anet.child(items, "lineItem")
                for name in ("itemId", "name", "description", "quantity", "unitPrice", "taxable"):
                    if name in line:
                        anet.child(item, name, line[name])
        anet.child(details, "taxExempt", "true")
        card = anet.child(anet.child(details, "payment"), "creditCard")
        anet.child(card, "cardNumber", "XXXX1111")
        anet.child(card, "expirationDate", "XXXX")
        return anet.encoded(root)

    # ---- the XML API ----------------------------------------------------------------------------------

    def answer(self, document: bytes) -> bytes:
        try:
            root = ET.fromstring(document)
        except ET.ParseError as error:  # Authorize.Net answers a document it cannot read, too
            return anet.failure("Error", "E00003", f"The request could not be parsed: {error}.")
        kind = root.tag.removeprefix(anet.N).removesuffix("Request")
        login = root.findtext(f"{anet.N}merchantAuthentication/{anet.N}name") or ""
        key = root.findtext(f"{anet.N}merchantAuthentication/{anet.N}transactionKey") or ""
        merchant = self.merchants.get(login)
        if merchant is None or not secrets.compare_digest(merchant[0], key):
            return anet.failure(
                kind, "E00007", "User authentication failed due to invalid authentication values."
            )
        if kind == "getMerchantDetails":
            return anet.merchant_details(merchant[1])
        if kind == "createTransaction":
            return self._transaction(login, root.find(f"{anet.N}transactionRequest"))
        if kind == "getSettledBatchList":
            return self._settled_batches(login, root)
        if kind == "getTransactionList":
            return self._transaction_list(login, root)
        if kind == "getTransactionDetails":
            return self._transaction_details(login, root.findtext(f"{anet.N}transId") or "")
        return anet.failure(kind, "E00003", f"The element '{kind}Request' is not supported here.")

    def _transaction(self, merchant: str, request: ET.Element | None) -> bytes:
        if request is None:
            return anet.failure("createTransaction", "E00003", "transactionRequest is required.")
        kind = request.findtext(f"{anet.N}transactionType")
        if kind == "authCaptureTransaction":
            return self._charge(merchant, request)
        if kind == "voidTransaction":
            return self._void(merchant, request.findtext(f"{anet.N}refTransId") or "")
        return anet.failure("createTransaction", "E00003", f"Transaction type {kind} is not supported here.")

    def _charge(self, merchant: str, request: ET.Element) -> bytes:
        nonce = request.findtext(f"{anet.N}payment/{anet.N}opaqueData/{anet.N}dataValue") or ""
        with self._lock:
            card = self._nonces.pop(nonce, None)
        if card is None:
            return anet.transaction_error("E00114", "Invalid OTS Token.")
        amount = Decimal(request.findtext(f"{anet.N}amount") or "0")
        items = [anet.line_item(item) for item in request.findall(f"{anet.N}lineItems/{anet.N}lineItem")]
        description = request.findtext(f"{anet.N}order/{anet.N}description") or ""
        charge = (card.number, amount, description)
        if self._duplicate(charge, anet.duplicate_window(request)):
            return anet.transaction_result(
                "0", "3", card.number, errors=[("11", "A duplicate transaction has been submitted.")]
            )
        trans_id = str(next(self._ids))
        declined = card.zip == DECLINING_ZIP
        entry = LedgerEntry(
            transId=trans_id,
            type="authCaptureTransaction",
            amount=f"{amount:.2f}",
            status="declined" if declined else "capturedPendingSettlement",
            lineItems=items,
            merchant=merchant,
            description=description,
            submitTimeUTC=anet.utc(datetime.now(tz=UTC)),
        )
        with self._lock:
            self.ledger.append(entry)
        if not declined:
            with self._lock:
                self._recent.append((time.monotonic(), charge))
        if declined:
            return anet.transaction_result(
                trans_id, "2", card.number, errors=[("2", "This transaction has been declined.")]
            )
        return anet.transaction_result(
            trans_id, "1", card.number, messages=[("1", "This transaction has been approved.")]
        )

    def _duplicate(self, charge: tuple[str, Decimal, str], window: float) -> bool:
        """The same card, amount and order charged within the window (what the processor calls a
        duplicate: code 11)."""
        now = time.monotonic()
        with self._lock:
            self._recent = [(at, seen) for at, seen in self._recent if now - at < DEFAULT_DUPLICATE_WINDOW]
            return any(seen == charge and now - at < window for at, seen in self._recent)

    def _void(self, merchant: str, ref_trans_id: str) -> bytes:
        with self._lock:
            charged = next(
                (e for e in self.ledger if e.transId == ref_trans_id and e.merchant == merchant), None
            )
            if charged is not None and charged.status == "voided":
                return anet.transaction_result(
                    "0", "3", None, errors=[("310", "This transaction has already been voided.")]
                )
            if charged is None or charged.status != "capturedPendingSettlement":
                return anet.transaction_error("E00027", "The transaction cannot be found or voided.")
            charged.status = "voided"
            trans_id = str(next(self._ids))
            self.ledger.append(
                LedgerEntry(
                    transId=trans_id,
                    type="voidTransaction",
                    amount=charged.amount,
                    status="voided",
                    refTransId=ref_trans_id,
                    merchant=merchant,
                    submitTimeUTC=anet.utc(datetime.now(tz=UTC)),
                )
            )
        return anet.transaction_result(
            trans_id, "1", None, messages=[("1", "This transaction has been approved.")]
        )

    def __call__(self, environ: Any, start_response: Any) -> Any:
        request = Request(environ)
        if request.method == "POST" and request.path == API_PATH:
            body = BYTE_ORDER_MARK + self.answer(request.get_data())
            response = Response(body, content_type="application/xml; charset=utf-8")
        elif request.method == "POST" and request.path == "/tokenize":
            opaque = self.tokenize(request.get_json(silent=True) or {})
            response = _json(opaque, 200) if opaque else _json({"message": "card refused"}, 400)
        elif request.method == "GET" and request.path == "/ledger":
            with self._lock:
                response = _json(
                    [{k: v for k, v in asdict(e).items() if v is not None} for e in self.ledger], 200
                )
        elif request.method == "POST" and request.path == "/settle":
            failing = (request.get_json(silent=True) or {}).get("failing") or []
            response = _json({"settled": self.settle(frozenset(map(str, failing)))}, 200)
        else:
            response = _json({"message": "not found"}, 404)
        return response(environ, start_response)


def _json(body: Any, status: int) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")
