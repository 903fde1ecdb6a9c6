"""The Authorize.Net XML API's documents, as the stand-in (:mod:`sandbox.payment_processor`) reads and
writes them: the namespace, the response documents (messages, merchant details, transaction results
and errors, settled batches) and the few request fields it parses. Element order follows the API's schema,
so the SDK binds most answers to its own classes, as it does Authorize.Net's."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

NAMESPACE = "AnetApi/xml/v1/schema/AnetApiSchema.xsd"
N = f"{{{NAMESPACE}}}"
"""The namespace as ElementTree prefixes tag names with it."""
PACIFIC = timezone(timedelta(hours=-8), "PST")
"""Settlement is reported in the merchant's local time too: Authorize.Net's is Pacific."""
DEFAULT_DUPLICATE_WINDOW = 120.0
"""Seconds within which the processor refuses the same charge again, unless the request sets its own."""


@dataclass(frozen=True)
class Batch:
    batch_id: str
    merchant: str
    settled_at: datetime
    state: str = "settledSuccessfully"


def utc(moment: datetime) -> str:
    """A timestamp as the processor writes it (``2026-12-07T01:02:03Z``)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def batch(element: ET.Element, batch: Batch, *, with_payment_method: bool) -> None:
    """A settled batch's fields, in the schema's order; settlement is local to Pacific time."""
    child(element, "batchId", batch.batch_id)
    child(element, "settlementTimeUTC", utc(batch.settled_at))
    local = batch.settled_at.astimezone(PACIFIC).strftime("%Y-%m-%dT%H:%M:%S")
    child(element, "settlementTimeLocal", local)
    child(element, "settlementState", batch.state)
    if with_payment_method:
        child(element, "paymentMethod", "creditCard")
    child(element, "marketType", "eCommerce")
    child(element, "product", "Card Not Present")


def duplicate_window(request: ET.Element) -> float:
    for setting in request.findall(f"{N}transactionSettings/{N}setting"):
        if setting.findtext(f"{N}settingName") == "duplicateWindow":
            return float(setting.findtext(f"{N}settingValue") or 0)
    return DEFAULT_DUPLICATE_WINDOW


def line_item(item: ET.Element) -> dict[str, str]:
    """A line item as the processor keeps it: quantity a whole number, the price to the cent."""
    fields = {child.tag.removeprefix(N): child.text or "" for child in item}
    fields["quantity"] = str(int(Decimal(fields.get("quantity", "0"))))
    fields["unitPrice"] = f"{Decimal(fields.get('unitPrice', '0')):.2f}"
    return fields


def child(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    made = ET.SubElement(parent, tag)
    if text is not None:
        made.text = text
    return made


def document(kind: str, result: str, code: str, text: str) -> ET.Element:
    root = ET.Element(f"{kind}Response", xmlns=NAMESPACE)
    messages = child(root, "messages")
    child(messages, "resultCode", result)
    message = child(messages, "message")
    child(message, "code", code)
    child(message, "text", text)
    return root


def encoded(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(
        root, encoding="utf-8", xml_declaration=False
    )


def failure(kind: str, code: str, text: str) -> bytes:
    return encoded(document(kind, "Error", code, text))


def merchant_details(public_key: str) -> bytes:
    root = document("getMerchantDetails", "Ok", "I00001", "Successful.")
    child(root, "isTestMode", "false")
    processor = child(child(root, "processors"), "processor")
    child(processor, "name", "Stand-in")
    child(processor, "id", "1")
    child(root, "merchantName", "CompactConnect sandbox")
    child(root, "gatewayId", "100000")
    child(child(root, "marketTypes"), "marketType", "eCommerce")
    child(child(root, "productCodes"), "productCode", "CNP")
    child(child(root, "paymentMethods"), "paymentMethod", "Visa")
    child(child(root, "currencies"), "currency", "USD")
    child(root, "publicClientKey", public_key)
    return encoded(root)


def transaction_error(code: str, text: str) -> bytes:
    return encoded(document("createTransaction", "Error", code, text))


def transaction_result(
    trans_id: str,
    response_code: str,
    card_number: str | None,
    messages: list[tuple[str, str]] | None = None,
    errors: list[tuple[str, str]] | None = None,
) -> bytes:
    ok = response_code == "1"
    root = document(
        "createTransaction",
        "Ok" if ok else "Error",
        "I00001" if ok else "E00027",
        "Successful." if ok else "The transaction was unsuccessful.",
    )
    result = child(root, "transactionResponse")
    child(result, "responseCode", response_code)
    child(result, "authCode", "STANDIN" if ok else "")
    child(result, "transId", trans_id)
    if card_number is not None:
        child(result, "accountNumber", "XXXX" + card_number[-4:])
        child(result, "accountType", "Visa")
    if messages:
        listed(result, "messages", "message", ("code", "description"), messages)
    if errors:
        listed(result, "errors", "error", ("errorCode", "errorText"), errors)
    return encoded(root)


def listed(
    parent: ET.Element, container: str, entry: str, fields: tuple[str, str], rows: list[tuple[str, str]]
) -> None:
    """``<container><entry><field>…</field>…</entry>…</container>``: the answer's message and error lists."""
    listing = child(parent, container)
    for row in rows:
        item = child(listing, entry)
        for name, value in zip(fields, row, strict=True):
            child(item, name, value)
