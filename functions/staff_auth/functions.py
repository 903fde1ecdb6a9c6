"""Catalog entries of the staff user pool's Cognito triggers."""

from __future__ import annotations

from core.catalog import Access, FunctionSpec, TableGrant
from core.tables import USERS

PRE_TOKEN = FunctionSpec(
    name="StaffUsersPreToken",
    handler="staff_auth.pre_token.lambda_handler",
    description="Adds the caller's compact and jurisdiction scopes to staff access tokens.",
    grants=(TableGrant(USERS.key, Access.READ_WRITE),),
)

CUSTOM_MESSAGE = FunctionSpec(
    name="StaffUsersCustomMessage",
    handler="staff_auth.custom_message.lambda_handler",
    description="Words the staff pool's invitation and verification emails.",
)
