"""Catalog entries of the practitioner routes (spec §2.2, provider-users rows): the provider pool's
Cognito authorizer (ID tokens, no scopes) stands in front of each."""

from __future__ import annotations

from core.api_catalog import ApiName, Auth, AuthKind, Route
from provider_users.functions import PROVIDER_USERS_API
from provider_users.models import OwnProviderDetail

_PRACTITIONER = Auth(AuthKind.PROVIDER)
_TAGS = ("provider-users",)

ROUTES = (
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path="/v1/provider-users/me",
        function=PROVIDER_USERS_API,
        operation="get_own_provider",
        auth=_PRACTITIONER,
        summary="The signed-in practitioner's own record: licenses, privileges, military affiliations",
        response_model=OwnProviderDetail,
        tags=_TAGS,
        errors=(404,),
    ),
)
