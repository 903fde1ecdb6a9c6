"""Authorize.Net through its own SDK (``authorizenet``; payments_security §1.2): the calls purchases make,
with the processor's answers turned into what the purchase flow needs.

A decline or a card error is :class:`PaymentDeclined` with the processor's message (the purchase answers
400 with it, §1.8); anything else that goes wrong — refused credentials, an answer that is no answer —
is :class:`ProcessorError`. The endpoint is the production or the sandbox API, or a stand-in's.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, NoReturn

from purchases.fees import LineItem

PRODUCTION_URL = "https://api2.authorize.net/xml/v1/request.api"
SANDBOX_URL = "https://apitest.authorize.net/xml/v1/request.api"
APPROVED = "1"
CARD_ERROR_CODES = frozenset({"2", "5", "6", "7", "8", "11", "17", "65", "E00114"})
"""Declines, invalid or expired cards, duplicates (11), CVV mismatches (65) and the fraud filter (E00114):
the practitioner's to fix, so a 400 with the processor's message (payments_security §1.8)."""
SECURITY_FILTER = "E00114"
DUPLICATE_WINDOW_SECONDS = 35
"""The processor refuses the same charge (card, amount, order) again within this many seconds (code 11):
the guard against double charges for requests without an ``Idempotency-Key``."""
CVV_MISMATCH = "65"
ALREADY_VOIDED = "310"
AUTHENTICATION_FAILED = "E00007"


class _SdkRecoveredParse(logging.Filter):
    """The SDK logs an ERROR whenever an answer does not bind to its schema classes (every error answer:
    they omit elements the schema requires) and then reads it another way. Our own errors say what went
    wrong; these would only trip the log-level alarms."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Create Document Exception")


logging.getLogger("authorizenet.sdk").addFilter(_SdkRecoveredParse())
logging.getLogger("pyxb.binding.content").setLevel(logging.ERROR)


class ProcessorError(RuntimeError):
    """The processor refused the call itself (credentials, a malformed request) or could not be asked;
    ``code`` is the processor's error code when it gave one."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class PaymentDeclined(Exception):
    """The card was declined or is in error; the message is the processor's, for the practitioner."""


@dataclass(frozen=True)
class Credentials:
    api_login_id: str
    transaction_key: str


@dataclass(frozen=True)
class Charge:
    transaction_id: str


@dataclass(frozen=True)
class SettledBatch:
    batch_id: str
    settlement_time_utc: str
    settlement_time_local: str
    settlement_state: str


@dataclass(frozen=True)
class TransactionDetails:
    """A transaction as the processor reports it; every value the string it sent."""

    transaction_id: str
    submit_time_utc: str
    transaction_type: str
    transaction_status: str
    response_code: str
    settle_amount: str
    order_description: str
    line_items: list[dict[str, str]]


TRANSACTION_PAGE = 1000
"""The most transactions ``getTransactionList`` answers per page."""


class PaymentProcessor:
    def __init__(self, credentials: Credentials, url: str = PRODUCTION_URL) -> None:
        self.credentials = credentials
        self.url = url

    def _authentication(self) -> Any:
        from authorizenet import apicontractsv1

        auth = apicontractsv1.merchantAuthenticationType()
        auth.name = self.credentials.api_login_id
        auth.transactionKey = self.credentials.transaction_key
        return auth

    def _run(self, controller: Any) -> Any:
        controller.setenvironment(self.url)
        try:
            controller.execute()
        except Exception as error:  # the SDK raises whatever its HTTP and XML layers raise
            raise ProcessorError(f"the payment processor could not be asked: {error}") from error
        response = controller.getresponse()
        if response is None:
            raise ProcessorError("the payment processor gave no answer the SDK could read")
        return response

    def public_client_key(self) -> str:
        """The merchant's public client key (``getMerchantDetails``): it proves the credentials work."""
        from authorizenet import apicontractsv1
        from authorizenet.apicontrollers import getMerchantDetailsController

        request = apicontractsv1.getMerchantDetailsRequest()
        request.merchantAuthentication = self._authentication()
        response = self._run(getMerchantDetailsController(request))
        if str(response.messages.resultCode) != "Ok":
            raise ProcessorError(_message(response))
        return str(response.publicClientKey)

    def charge(
        self,
        amount: Decimal,
        data_descriptor: str,
        data_value: str,
        description: str,
        items: Sequence[LineItem],
    ) -> Charge:
        """Charge ``amount`` to the card behind the Accept.js nonce, with the line items (§1.6)."""
        from authorizenet import apicontractsv1

        opaque = apicontractsv1.opaqueDataType()
        opaque.dataDescriptor = data_descriptor
        opaque.dataValue = data_value
        payment = apicontractsv1.paymentType()
        payment.opaqueData = opaque
        order = apicontractsv1.orderType()
        order.description = description
        line_items = apicontractsv1.ArrayOfLineItem()
        for item in items:
            line = apicontractsv1.lineItemType()
            line.itemId = item.item_id
            line.name = item.name
            line.description = item.description
            line.quantity = str(item.quantity)
            line.unitPrice = f"{item.unit_price:.2f}"
            line.taxable = False
            line_items.lineItem.append(line)
        window = apicontractsv1.settingType()
        window.settingName = "duplicateWindow"
        window.settingValue = str(DUPLICATE_WINDOW_SECONDS)
        settings = apicontractsv1.ArrayOfSetting()
        settings.setting.append(window)
        transaction = apicontractsv1.transactionRequestType()
        transaction.transactionType = "authCaptureTransaction"
        transaction.amount = f"{amount:.2f}"
        transaction.currencyCode = "USD"
        transaction.payment = payment
        transaction.order = order
        transaction.lineItems = line_items
        transaction.taxExempt = True
        transaction.transactionSettings = settings
        return self._transaction(transaction)

    def void(self, transaction_id: str) -> None:
        """Void a charge not yet settled (a purchase that could not be completed)."""
        from authorizenet import apicontractsv1

        transaction = apicontractsv1.transactionRequestType()
        transaction.transactionType = "voidTransaction"
        transaction.refTransId = transaction_id
        try:
            self._transaction(transaction)
        except ProcessorError as refused:
            if refused.code == ALREADY_VOIDED:
                return  # voided before (a retried void): what was wanted
            raise ProcessorError(f"the charge {transaction_id} could not be voided: {refused}") from refused
        except PaymentDeclined as refused:
            raise ProcessorError(f"the charge {transaction_id} could not be voided: {refused}") from refused

    def settled_batches(self, first: datetime, last: datetime) -> list[SettledBatch]:
        """The batches settled between the two moments (at most 31 days apart), oldest first."""
        from authorizenet import apicontractsv1
        from authorizenet.apicontrollers import getSettledBatchListController

        request = apicontractsv1.getSettledBatchListRequest()
        request.merchantAuthentication = self._authentication()
        request.includeStatistics = True
        request.firstSettlementDate = first
        request.lastSettlementDate = last
        response = self._checked(self._run(getSettledBatchListController(request)))
        listing = getattr(response, "batchList", None)
        batches = [
            SettledBatch(
                batch_id=str(batch.batchId),
                settlement_time_utc=_text(batch, "settlementTimeUTC"),
                settlement_time_local=_text(batch, "settlementTimeLocal"),
                settlement_state=_text(batch, "settlementState"),
            )
            for batch in (listing.batch if listing is not None else [])
        ]
        return sorted(batches, key=lambda batch: batch.settlement_time_utc)

    def transaction_ids(self, batch_id: str) -> list[str]:
        """Every transaction of a batch, oldest submission first, reading page after page until a page
        comes back short (the reference compared the total, not the page, and could stop early)."""
        from authorizenet import apicontractsv1
        from authorizenet.apicontrollers import getTransactionListController

        found: list[str] = []
        page = 1
        while True:
            request = apicontractsv1.getTransactionListRequest()
            request.merchantAuthentication = self._authentication()
            request.batchId = batch_id
            sorting = apicontractsv1.TransactionListSorting()
            sorting.orderBy = apicontractsv1.TransactionListOrderFieldEnum.submitTimeUTC
            sorting.orderDescending = False
            request.sorting = sorting
            paging = apicontractsv1.Paging()
            paging.limit = TRANSACTION_PAGE
            paging.offset = page
            request.paging = paging
            response = self._checked(self._run(getTransactionListController(request)))
            listing = getattr(response, "transactions", None)
            shown = [str(item.transId) for item in (listing.transaction if listing is not None else [])]
            found += shown
            if len(shown) < TRANSACTION_PAGE:
                return found
            page += 1

    def transaction_details(self, transaction_id: str) -> TransactionDetails:
        from authorizenet import apicontractsv1
        from authorizenet.apicontrollers import getTransactionDetailsController

        request = apicontractsv1.getTransactionDetailsRequest()
        request.merchantAuthentication = self._authentication()
        request.transId = transaction_id
        transaction = self._checked(self._run(getTransactionDetailsController(request))).transaction
        items = getattr(transaction, "lineItems", None)
        order = getattr(transaction, "order", None)
        return TransactionDetails(
            transaction_id=str(transaction.transId),
            submit_time_utc=_text(transaction, "submitTimeUTC"),
            transaction_type=_text(transaction, "transactionType"),
            transaction_status=_text(transaction, "transactionStatus"),
            response_code=_text(transaction, "responseCode"),
            settle_amount=_text(transaction, "settleAmount"),
            order_description=_text(order, "description") if order is not None else "",
            line_items=[
                {
                    name: _text(item, name)
                    for name in ("itemId", "name", "description", "quantity", "unitPrice", "taxable")
                }
                for item in (items.lineItem if items is not None else [])
            ],
        )

    @staticmethod
    def _checked(response: Any) -> Any:
        if str(response.messages.resultCode) != "Ok":
            raise ProcessorError(_message(response))
        return response

    def _transaction(self, transaction: Any) -> Charge:
        from authorizenet import apicontractsv1
        from authorizenet.apicontrollers import createTransactionController

        request = apicontractsv1.createTransactionRequest()
        request.merchantAuthentication = self._authentication()
        request.transactionRequest = transaction
        response = self._run(createTransactionController(request))
        result = getattr(response, "transactionResponse", None)
        errors = getattr(result, "errors", None) if result is not None else None
        if errors is not None:
            error = errors.error[0]
            _refuse(str(error.errorCode), str(error.errorText))
        if str(response.messages.resultCode) != "Ok":
            _refuse(str(response.messages.message[0].code), _message(response))
        if result is None or str(result.responseCode) != APPROVED:
            raise ProcessorError("the payment processor answered without an approved transaction")
        return Charge(transaction_id=str(result.transId))


def _refuse(code: str, text: str) -> NoReturn:
    """A card the practitioner can fix (declined, expired, wrong CVV, a duplicate, the fraud filter) is
    :class:`PaymentDeclined` with the processor's words; any other refusal is ours to fix."""
    if code == SECURITY_FILTER:
        raise PaymentDeclined(
            "The transaction was declined by the payment processor's security filters. "
            "Please wait a moment and try your transaction again."
        )
    if code in CARD_ERROR_CODES:
        hint = " Please check the card's security code (CVV)." if code == CVV_MISMATCH else ""
        raise PaymentDeclined(
            f"Failed to process transaction. Error code: {code}, Error message: {text}{hint}"
        )
    raise ProcessorError(f"the payment processor refused the transaction: {code} {text}", code)


NAMESPACE = "AnetApi/xml/v1/schema/AnetApiSchema.xsd"


def _text(element: Any, name: str) -> str:
    """A child's text ("" when absent), from the SDK's bindings or its ``objectify`` fallback alike."""
    value = getattr(element, name, None)
    return "" if value is None else str(value)


def _message(response: Any) -> str:
    """The first message's text. The SDK hands over an lxml ``objectify`` tree when the answer is an error,
    where ``.text`` is the element's own text, not its ``text`` child: that child is looked up by name."""
    message = response.messages.message[0]
    child = message.find(f"{{{NAMESPACE}}}text") if hasattr(message, "find") else None
    return str(child if child is not None else message.text)
