"""Catalog entries of the practitioners' public account routes (spec §2.2): no authorizer, so each
answers in the same way and time whether or not the licensee it names exists."""

from __future__ import annotations

from core.api_catalog import PUBLIC, ApiName, Route
from core.fields import MessageResponse
from provider_users.functions import PROVIDER_REGISTRATION
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
)
