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
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from werkzeug.wrappers import Request, Response

from sandbox.serving import LocalService

NAMESPACE = "AnetApi/xml/v1/schema/AnetApiSchema.xsd"
API_PATH = "/xml/v1/request.api"
BYTE_ORDER_MARK = b"\xef\xbb\xbf"
DECLINING_ZIP = "46282"
NONCE_DESCRIPTOR = "COMMON.ACCEPT.INAPP.PAYMENT"
MAX_REPORT_WINDOW = timedelta(days=31)
PACIFIC = timezone(timedelta(hours=-8), "PST")
DEFAULT_DUPLICATE_WINDOW = 120.0
"""Seconds within which the processor refuses the same charge again, unless the request sets its own."""
_N = f"{{{NAMESPACE}}}"


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
class Batch:
    batch_id: str
    merchant: str
    settled_at: datetime
    state: str = "settledSuccessfully"


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
        first = _parse_utc(request.findtext(f"{_N}firstSettlementDate"))
        last = _parse_utc(request.findtext(f"{_N}lastSettlementDate"))
        if first is None or last is None or last < first or last - first > MAX_REPORT_WINDOW:
            return _failure("getSettledBatchList", "E00059", "The date range must be 31 days or less.")
        with self._lock:
            found = [b for b in self.batches if b.merchant == merchant and first <= b.settled_at <= last]
        root = _document("getSettledBatchList", "Ok", "I00001", "Successful.")
        if found:
            listing = _element(root, "batchList")
            for batch in found:
                _batch(_element(listing, "batch"), batch, with_payment_method=True)
        return _encoded(root)

    def _transaction_list(self, merchant: str, request: ET.Element) -> bytes:
        batch_id = request.findtext(f"{_N}batchId") or ""
        limit = int(request.findtext(f"{_N}paging/{_N}limit") or 1000)
        page = int(request.findtext(f"{_N}paging/{_N}offset") or 1)
        descending = request.findtext(f"{_N}sorting/{_N}orderDescending") == "true"
        with self._lock:
            entries = [e for e in self.ledger if e.batchId == batch_id and e.merchant == merchant]
        entries.sort(key=lambda e: (e.submitTimeUTC, int(e.transId)), reverse=descending)
        root = _document("getTransactionList", "Ok", "I00001", "Successful.")
        shown = entries[(page - 1) * limit : page * limit]
        if shown:
            listing = _element(root, "transactions")
            for entry in shown:
                item = _element(listing, "transaction")
                _element(item, "transId", entry.transId)
                _element(item, "submitTimeUTC", entry.submitTimeUTC)
                _element(item, "submitTimeLocal", entry.submitTimeUTC.removesuffix("Z"))
                _element(item, "transactionStatus", entry.status)
                _element(item, "accountType", "Visa")
                _element(item, "accountNumber", "XXXX1111")
                _element(item, "settleAmount", entry.amount)
        _element(root, "totalNumInResultSet", str(len(entries)))
        return _encoded(root)

    def _transaction_details(self, merchant: str, trans_id: str) -> bytes:
        with self._lock:
            entry = next((e for e in self.ledger if e.transId == trans_id and e.merchant == merchant), None)
            batch = next((b for b in self.batches if entry is not None and b.batch_id == entry.batchId), None)
        if entry is None:
            return _failure("getTransactionDetails", "E00040", "The record cannot be found.")
        root = _document("getTransactionDetails", "Ok", "I00001", "Successful.")
        details = _element(root, "transaction")
        _element(details, "transId", entry.transId)
        if entry.refTransId:
            _element(details, "refTransId", entry.refTransId)
        _element(details, "submitTimeUTC", entry.submitTimeUTC)
        _element(details, "submitTimeLocal", entry.submitTimeUTC.removesuffix("Z"))
        _element(details, "transactionType", entry.type)
        _element(details, "transactionStatus", entry.status)
        approved = entry.status != "declined"
        _element(details, "responseCode", "1" if approved else "2")
        _element(details, "responseReasonCode", "1" if approved else "2")
        _element(
            details,
            "responseReasonDescription",
            "Approval" if approved else "This transaction has been declined.",
        )
        if batch is not None:
            _batch(_element(details, "batch"), batch, with_payment_method=False)
        if entry.description:
            _element(_element(details, "order"), "description", entry.description)
        _element(details, "authAmount", entry.amount)
        _element(details, "settleAmount", entry.amount if approved else "0.00")
        if entry.lineItems:
            items = _element(details, "lineItems")
            for line in entry.lineItems:
                item = _element(items, "lineItem")
                for name in ("itemId", "name", "description", "quantity", "unitPrice", "taxable"):
                    if name in line:
                        _element(item, name, line[name])
        _element(details, "taxExempt", "true")
        card = _element(_element(details, "payment"), "creditCard")
        _element(card, "cardNumber", "XXXX1111")
        _element(card, "expirationDate", "XXXX")
        return _encoded(root)

    # ---- the XML API ----------------------------------------------------------------------------------

    def answer(self, document: bytes) -> bytes:
        root = ET.fromstring(document)
        kind = root.tag.removeprefix(_N).removesuffix("Request")
        login = root.findtext(f"{_N}merchantAuthentication/{_N}name") or ""
        key = root.findtext(f"{_N}merchantAuthentication/{_N}transactionKey") or ""
        merchant = self.merchants.get(login)
        if merchant is None or not secrets.compare_digest(merchant[0], key):
            return _failure(
                kind, "E00007", "User authentication failed due to invalid authentication values."
            )
        if kind == "getMerchantDetails":
            return _merchant_details(merchant[1])
        if kind == "createTransaction":
            return self._transaction(login, root.find(f"{_N}transactionRequest"))
        if kind == "getSettledBatchList":
            return self._settled_batches(login, root)
        if kind == "getTransactionList":
            return self._transaction_list(login, root)
        if kind == "getTransactionDetails":
            return self._transaction_details(login, root.findtext(f"{_N}transId") or "")
        return _failure(kind, "E00003", f"The element '{kind}Request' is not supported here.")

    def _transaction(self, merchant: str, request: ET.Element | None) -> bytes:
        if request is None:
            return _failure("createTransaction", "E00003", "transactionRequest is required.")
        kind = request.findtext(f"{_N}transactionType")
        if kind == "authCaptureTransaction":
            return self._charge(merchant, request)
        if kind == "voidTransaction":
            return self._void(merchant, request.findtext(f"{_N}refTransId") or "")
        return _failure("createTransaction", "E00003", f"Transaction type {kind} is not supported here.")

    def _charge(self, merchant: str, request: ET.Element) -> bytes:
        nonce = request.findtext(f"{_N}payment/{_N}opaqueData/{_N}dataValue") or ""
        with self._lock:
            card = self._nonces.pop(nonce, None)
        if card is None:
            return _transaction_error("E00114", "Invalid OTS Token.")
        amount = Decimal(request.findtext(f"{_N}amount") or "0")
        items = [_line_item(item) for item in request.findall(f"{_N}lineItems/{_N}lineItem")]
        description = request.findtext(f"{_N}order/{_N}description") or ""
        charge = (card.number, amount, description)
        if self._duplicate(charge, _duplicate_window(request)):
            return _transaction_result(
                "0", "3", card, errors=[("11", "A duplicate transaction has been submitted.")]
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
            submitTimeUTC=_utc(datetime.now(tz=UTC)),
        )
        with self._lock:
            self.ledger.append(entry)
        if not declined:
            with self._lock:
                self._recent.append((time.monotonic(), charge))
        if declined:
            return _transaction_result(
                trans_id, "2", card, errors=[("2", "This transaction has been declined.")]
            )
        return _transaction_result(
            trans_id, "1", card, messages=[("1", "This transaction has been approved.")]
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
                return _transaction_result(
                    "0", "3", None, errors=[("310", "This transaction has already been voided.")]
                )
            if charged is None or charged.status != "capturedPendingSettlement":
                return _transaction_error("E00027", "The transaction cannot be found or voided.")
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
                    submitTimeUTC=_utc(datetime.now(tz=UTC)),
                )
            )
        return _transaction_result(
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


def _utc(moment: datetime) -> str:
    """A timestamp as the processor writes it (``2026-12-07T01:02:03Z``)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_utc(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _batch(element: ET.Element, batch: Batch, *, with_payment_method: bool) -> None:
    """A settled batch's fields, in the schema's order; settlement is local to Pacific time."""
    _element(element, "batchId", batch.batch_id)
    _element(element, "settlementTimeUTC", _utc(batch.settled_at))
    local = batch.settled_at.astimezone(PACIFIC).strftime("%Y-%m-%dT%H:%M:%S")
    _element(element, "settlementTimeLocal", local)
    _element(element, "settlementState", batch.state)
    if with_payment_method:
        _element(element, "paymentMethod", "creditCard")
    _element(element, "marketType", "eCommerce")
    _element(element, "product", "Card Not Present")


def _duplicate_window(request: ET.Element) -> float:
    for setting in request.findall(f"{_N}transactionSettings/{_N}setting"):
        if setting.findtext(f"{_N}settingName") == "duplicateWindow":
            return float(setting.findtext(f"{_N}settingValue") or 0)
    return DEFAULT_DUPLICATE_WINDOW


def _line_item(item: ET.Element) -> dict[str, str]:
    """A line item as the processor keeps it: quantity a whole number, the price to the cent."""
    fields = {child.tag.removeprefix(_N): child.text or "" for child in item}
    fields["quantity"] = str(int(Decimal(fields.get("quantity", "0"))))
    fields["unitPrice"] = f"{Decimal(fields.get('unitPrice', '0')):.2f}"
    return fields


def _json(body: Any, status: int) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


def _element(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    child = ET.SubElement(parent, tag)
    if text is not None:
        child.text = text
    return child


def _document(kind: str, result: str, code: str, text: str) -> ET.Element:
    root = ET.Element(f"{kind}Response", xmlns=NAMESPACE)
    messages = _element(root, "messages")
    _element(messages, "resultCode", result)
    message = _element(messages, "message")
    _element(message, "code", code)
    _element(message, "text", text)
    return root


def _encoded(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(
        root, encoding="utf-8", xml_declaration=False
    )


def _failure(kind: str, code: str, text: str) -> bytes:
    return _encoded(_document(kind, "Error", code, text))


def _merchant_details(public_key: str) -> bytes:
    root = _document("getMerchantDetails", "Ok", "I00001", "Successful.")
    _element(root, "isTestMode", "false")
    processor = _element(_element(root, "processors"), "processor")
    _element(processor, "name", "Stand-in")
    _element(processor, "id", "1")
    _element(root, "merchantName", "CompactConnect sandbox")
    _element(root, "gatewayId", "100000")
    _element(_element(root, "marketTypes"), "marketType", "eCommerce")
    _element(_element(root, "productCodes"), "productCode", "CNP")
    _element(_element(root, "paymentMethods"), "paymentMethod", "Visa")
    _element(_element(root, "currencies"), "currency", "USD")
    _element(root, "publicClientKey", public_key)
    return _encoded(root)


def _transaction_error(code: str, text: str) -> bytes:
    return _encoded(_document("createTransaction", "Error", code, text))


def _transaction_result(
    trans_id: str,
    response_code: str,
    card: Card | None,
    messages: list[tuple[str, str]] | None = None,
    errors: list[tuple[str, str]] | None = None,
) -> bytes:
    ok = response_code == "1"
    root = _document(
        "createTransaction",
        "Ok" if ok else "Error",
        "I00001" if ok else "E00027",
        "Successful." if ok else "The transaction was unsuccessful.",
    )
    result = _element(root, "transactionResponse")
    _element(result, "responseCode", response_code)
    _element(result, "authCode", "STANDIN" if ok else "")
    _element(result, "transId", trans_id)
    if card is not None:
        _element(result, "accountNumber", "XXXX" + card.number[-4:])
        _element(result, "accountType", "Visa")
    if messages:
        _listed(result, "messages", "message", ("code", "description"), messages)
    if errors:
        _listed(result, "errors", "error", ("errorCode", "errorText"), errors)
    return _encoded(root)


def _listed(
    parent: ET.Element, container: str, entry: str, fields: tuple[str, str], rows: list[tuple[str, str]]
) -> None:
    """``<container><entry><field>…</field>…</entry>…</container>``: the answer's message and error lists."""
    listing = _element(parent, container)
    for row in rows:
        item = _element(listing, entry)
        for name, value in zip(fields, row, strict=True):
            _element(item, name, value)
