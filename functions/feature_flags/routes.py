"""Catalog entry of the public flag check (spec payments_security §2.1): no authorizer — a flag's value
is not a secret, and the UI asks before anyone signs in — and the API's WAF rate limits it per address."""

from __future__ import annotations

from core.api_catalog import PUBLIC, ApiName, Route
from feature_flags.functions import FEATURE_FLAG_API
from feature_flags.models import FlagCheckRequest, FlagCheckResponse

ROUTES: tuple[Route, ...] = (
    Route(
        api=ApiName.LICENSE,
        method="POST",
        path="/v1/flags/{flagId}/check",
        function=FEATURE_FLAG_API,
        operation="check_feature_flag",
        auth=PUBLIC,
        summary="Whether a feature flag is on (for an optional user and attributes); unknown flags are off",
        request_model=FlagCheckRequest,
        response_model=FlagCheckResponse,
        tags=("feature-flags",),
        errors=(503,),
    ),
)
