"""Catalog entries of the practitioner routes (spec §2.2, provider-users rows): the provider pool's
Cognito authorizer (ID tokens, no scopes) stands in front of each."""

from __future__ import annotations

from core.api_catalog import ApiName, Auth, AuthKind, Route
from core.fields import MessageResponse
from provider_users.functions import PROVIDER_ACCOUNT_API, PROVIDER_USERS_API
from provider_users.models import (
    DeclaredMilitaryAffiliation,
    EmailChangeRequest,
    EmailVerificationRequest,
    HomeJurisdictionRequest,
    MilitaryAffiliationEnd,
    MilitaryAffiliationRequest,
    OwnProviderDetail,
)
from providers.history import PrivilegeHistory

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
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path="/v1/provider-users/me/jurisdiction/{jurisdiction}/licenseType/{licenseType}/history",
        function=PROVIDER_USERS_API,
        operation="get_own_privilege_history",
        auth=_PRACTITIONER,
        summary="The history of one of the practitioner's own privileges, with the NPDB categories",
        response_model=PrivilegeHistory,
        tags=_TAGS,
        errors=(404,),
    ),
    Route(
        api=ApiName.LICENSE,
        method="PATCH",
        path="/v1/provider-users/me/email",
        function=PROVIDER_ACCOUNT_API,
        operation="request_email_change",
        auth=_PRACTITIONER,
        summary="Starts a change of the login email: a 4-digit code is sent to the new address (15 minutes)",
        request_model=EmailChangeRequest,
        response_model=MessageResponse,
        tags=_TAGS,
        errors=(404, 409),
    ),
    Route(
        api=ApiName.LICENSE,
        method="POST",
        path="/v1/provider-users/me/email/verify",
        function=PROVIDER_ACCOUNT_API,
        operation="verify_email_change",
        auth=_PRACTITIONER,
        summary="Completes the change with the emailed code; the old address is told (3 wrong codes end it)",
        request_model=EmailVerificationRequest,
        response_model=MessageResponse,
        tags=_TAGS,
        errors=(404, 409),
    ),
    Route(
        api=ApiName.LICENSE,
        method="PUT",
        path="/v1/provider-users/me/home-jurisdiction",
        function=PROVIDER_ACCOUNT_API,
        operation="change_home_jurisdiction",
        auth=_PRACTITIONER,
        summary=(
            "Moves the practitioner's home state: privileges move onto the license there, or end where "
            "there is none; both states are told"
        ),
        request_model=HomeJurisdictionRequest,
        response_model=MessageResponse,
        tags=_TAGS,
        errors=(404, 409),
    ),
    Route(
        api=ApiName.LICENSE,
        method="POST",
        path="/v1/provider-users/me/military-affiliation",
        function=PROVIDER_ACCOUNT_API,
        operation="declare_military_affiliation",
        auth=_PRACTITIONER,
        summary=(
            "Declares a military affiliation: earlier ones end, and each document is uploaded with its "
            "presigned POST (10 MB, 10 minutes); the first to arrive makes the affiliation active"
        ),
        request_model=MilitaryAffiliationRequest,
        response_model=DeclaredMilitaryAffiliation,
        tags=_TAGS,
        errors=(404, 409),
    ),
    Route(
        api=ApiName.LICENSE,
        method="PATCH",
        path="/v1/provider-users/me/military-affiliation",
        function=PROVIDER_ACCOUNT_API,
        operation="end_military_affiliation",
        auth=_PRACTITIONER,
        summary="Ends the military affiliation (status inactive): military rates no longer apply",
        request_model=MilitaryAffiliationEnd,
        response_model=MessageResponse,
        tags=_TAGS,
        errors=(404, 409),
    ),
)
