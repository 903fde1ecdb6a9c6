"""Catalog entries of the practitioners' public account routes (spec §2.2): no authorizer, so each
answers in the same way and time whether or not the licensee it names exists."""

from __future__ import annotations

from core.api_catalog import PUBLIC, ApiName, Route
from core.fields import MessageResponse
from provider_users.functions import (
    PROVIDER_RECOVERY_INITIATE,
    PROVIDER_RECOVERY_VERIFY,
    PROVIDER_REGISTRATION,
)
from provider_users.recovery_models import InitiateRecoveryRequest, VerifyRecoveryRequest
from provider_users.registration_models import RegistrationRequest

_TAGS = ("provider-users",)

ROUTES = (
    Route(
        api=ApiName.LICENSE,
        method="POST",
        path="/v1/provider-users/registration",
        function=PROVIDER_REGISTRATION,
        operation="register_provider",
        auth=PUBLIC,
        summary=(
            "A licensee registers their account: the temporary password is emailed; the answer is the same "
            "whether or not the license exists or is registered"
        ),
        request_model=RegistrationRequest,
        response_model=MessageResponse,
        tags=_TAGS,
        errors=(403, 429, 503),
    ),
    Route(
        api=ApiName.LICENSE,
        method="POST",
        path="/v1/provider-users/initiateRecovery",
        function=PROVIDER_RECOVERY_INITIATE,
        operation="initiate_account_recovery",
        auth=PUBLIC,
        summary=(
            "A practitioner who lost their authenticator proves who they are (license, login, password) and "
            "is emailed a recovery link; the answer is the same whatever the outcome"
        ),
        request_model=InitiateRecoveryRequest,
        response_model=MessageResponse,
        tags=_TAGS,
        errors=(503,),
    ),
    Route(
        api=ApiName.LICENSE,
        method="POST",
        path="/v1/provider-users/verifyRecovery",
        function=PROVIDER_RECOVERY_VERIFY,
        operation="verify_account_recovery",
        auth=PUBLIC,
        summary=(
            "Redeems a recovery link (once, within 15 minutes): the account is replaced, a new temporary "
            "password is emailed and the first sign-in sets up a new authenticator"
        ),
        request_model=VerifyRecoveryRequest,
        response_model=MessageResponse,
        tags=_TAGS,
        errors=(403, 429, 503),
    ),
)
