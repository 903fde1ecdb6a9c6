"""Catalog entries of the purchase routes (spec §2.2 purchases and credentials rows)."""

from __future__ import annotations

from core.api_catalog import ADMIN, ApiName, Auth, AuthKind, HeaderParam, Route
from core.fields import MessageResponse
from purchases.functions import PAYMENT_CREDENTIALS_API, PURCHASE_API, PURCHASE_OPTIONS_API
from purchases.models import (
    PaymentProcessorCredentialsRequest,
    PrivilegePurchaseRequest,
    PrivilegePurchaseResponse,
    PurchaseOptions,
)

IDEMPOTENCY_KEY = HeaderParam(
    name="Idempotency-Key",
    schema={"type": "string", "pattern": r"^[A-Za-z0-9._:\-]{1,255}$"},
    description=(
        "Optional. A retry with the same key and body returns the first answer and charges nothing more; "
        "the same key with another body is refused (409). Keys are kept a day."
    ),
)

ROUTES = (
    Route(
        api=ApiName.LICENSE,
        method="POST",
        path="/v1/compacts/{compact}/credentials/payment-processor",
        function=PAYMENT_CREDENTIALS_API,
        operation="post_payment_processor_credentials",
        auth=Auth(AuthKind.STAFF, ADMIN),
        summary="Upload the compact's Authorize.Net credentials (compact admins only); checked before stored",
        request_model=PaymentProcessorCredentialsRequest,
        response_model=MessageResponse,
        tags=("purchases",),
        errors=(409, 503),
    ),
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path="/v1/purchases/privileges/options",
        function=PURCHASE_OPTIONS_API,
        operation="get_purchase_privilege_options",
        auth=Auth(AuthKind.PROVIDER),
        summary="The compact's fees and payment form keys, and every live jurisdiction's fees",
        response_model=PurchaseOptions,
        tags=("purchases",),
        errors=(503,),
    ),
    Route(
        api=ApiName.LICENSE,
        method="POST",
        path="/v1/purchases/privileges",
        function=PURCHASE_API,
        operation="post_purchase_privileges",
        auth=Auth(AuthKind.PROVIDER),
        summary="Buy privileges in live jurisdictions: charged once, or not at all",
        request_model=PrivilegePurchaseRequest,
        response_model=PrivilegePurchaseResponse,
        header_params=(IDEMPOTENCY_KEY,),
        tags=("purchases",),
        errors=(409, 503),
    ),
)
