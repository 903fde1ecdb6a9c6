"""The functions of practitioners' accounts (spec/infra.md §2.3, function table)."""

from __future__ import annotations

from core.catalog import Access, FunctionSpec, TableGrant
from core.tables import PROVIDER

CUSTOM_MESSAGE = FunctionSpec(
    name="ProviderUsersCustomMessage",
    handler="provider_users.custom_message.lambda_handler",
    description="Words the provider pool's invitation (temporary password) and verification emails.",
)

PROVIDER_USERS_API = FunctionSpec(
    name="ProviderUsersApi",
    handler="provider_users.api.lambda_handler",
    description="A signed-in practitioner's own record.",
    grants=(TableGrant(PROVIDER.key, Access.READ),),
)
