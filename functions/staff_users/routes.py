"""Catalog entries of staff-user administration (spec §2.2, §8.2).

One function per privilege set, so a read cannot write, only the invitation functions can create
Cognito users, and only the delete function can disable them. Every ``/compacts/{compact}/...`` route
admits any admin of the compact at the gateway (``{compact}/admin`` or ``{jur}/{compact}.admin``);
the handlers narrow that per user (see :mod:`staff_users.permissions`). ``/me`` admits any staff user.
"""

from __future__ import annotations

from functools import partial

from core.api_catalog import ADMIN, PROFILE, ApiName, Auth, AuthKind, QueryParam, Route
from core.catalog import Access, FunctionSpec, TableGrant
from core.user_pools import UserPoolGrant, UserPoolName
from staff_users.models import (
    LastKey,
    Message,
    NewStaffUser,
    PageSize,
    StaffUserList,
    StaffUserMePatch,
    StaffUserPermissionsPatch,
    StaffUserResponse,
)

_READ_USERS = TableGrant("users", Access.READ)
_WRITE_USERS = TableGrant("users", Access.READ_WRITE)
# Resending an invitation may first need a throwaway temporary password (see staff_users.cognito).
_REINVITE_ACTIONS = (
    "cognito-idp:AdminGetUser",
    "cognito-idp:AdminSetUserPassword",
    "cognito-idp:AdminCreateUser",
)

# Revoking a permission or removing a user ends every session the user has (see staff_users.cognito).
_SIGN_OUT = "cognito-idp:AdminUserGlobalSignOut"

STAFF_USERS_READ = FunctionSpec(
    name="StaffUsersReadApi",
    handler="staff_users.read_api.lambda_handler",
    description="Lists and reads staff users, and the caller's own profile.",
    grants=(_READ_USERS,),
)

STAFF_USERS_UPDATE = FunctionSpec(
    name="StaffUsersUpdateApi",
    handler="staff_users.update_api.lambda_handler",
    description="Changes staff users' permissions, and the caller's own names.",
    grants=(_WRITE_USERS,),
    pool_grants=(UserPoolGrant(UserPoolName.STAFF, (_SIGN_OUT,)),),
)

STAFF_USERS_CREATE = FunctionSpec(
    name="StaffUsersCreateApi",
    handler="staff_users.create_api.lambda_handler",
    description="Invites staff users (or grants existing ones permissions in another compact).",
    grants=(_WRITE_USERS,),
    pool_grants=(UserPoolGrant(UserPoolName.STAFF, (*_REINVITE_ACTIONS, "cognito-idp:AdminEnableUser")),),
)

STAFF_USERS_DELETE = FunctionSpec(
    name="StaffUsersDeleteApi",
    handler="staff_users.delete_api.lambda_handler",
    description="Removes a staff user from a compact, disabling their sign-in once in no compact.",
    grants=(_WRITE_USERS,),
    pool_grants=(UserPoolGrant(UserPoolName.STAFF, ("cognito-idp:AdminDisableUser", _SIGN_OUT)),),
)

STAFF_USERS_REINVITE = FunctionSpec(
    name="StaffUsersReinviteApi",
    handler="staff_users.reinvite_api.lambda_handler",
    description="Sends a staff user's invitation again.",
    grants=(_READ_USERS,),
    pool_grants=(UserPoolGrant(UserPoolName.STAFF, _REINVITE_ACTIONS),),
)

_USERS = "/v1/compacts/{compact}/staff-users"
_USER = "/v1/compacts/{compact}/staff-users/{userId}"
_ME = "/v1/staff-users/me"
_ADMINS = Auth(AuthKind.STAFF, ADMIN)
_ANY_STAFF = Auth(AuthKind.STAFF, PROFILE)


_route = partial(Route, api=ApiName.LICENSE, tags=("staff-users",))

ROUTES: tuple[Route, ...] = (
    _route(
        method="GET",
        path=_USERS,
        function=STAFF_USERS_READ,
        operation="list_staff_users",
        auth=_ADMINS,
        summary="Staff users of a compact visible to the caller, by family name",
        response_model=StaffUserList,
        query_params=(
            QueryParam("pageSize", PageSize, "Users per page (default 100)"),
            QueryParam("lastKey", LastKey, "pagination.lastKey of the previous page"),
        ),
    ),
    _route(
        method="POST",
        path=_USERS,
        function=STAFF_USERS_CREATE,
        operation="create_staff_user",
        auth=_ADMINS,
        summary="Invite a staff user with permissions in the compact",
        request_model=NewStaffUser,
        response_model=StaffUserResponse,
        errors=(409,),
    ),
    _route(
        method="GET",
        path=_USER,
        function=STAFF_USERS_READ,
        operation="get_staff_user",
        auth=_ADMINS,
        summary="One staff user of the compact",
        response_model=StaffUserResponse,
        errors=(404,),
    ),
    _route(
        method="PATCH",
        path=_USER,
        function=STAFF_USERS_UPDATE,
        operation="patch_staff_user",
        auth=_ADMINS,
        summary="Grant or revoke a staff user's permissions in the compact",
        request_model=StaffUserPermissionsPatch,
        response_model=StaffUserResponse,
        errors=(404, 409),
    ),
    _route(
        method="DELETE",
        path=_USER,
        function=STAFF_USERS_DELETE,
        operation="delete_staff_user",
        auth=_ADMINS,
        summary="Remove a staff user from the compact",
        response_model=Message,
        errors=(404, 409),
    ),
    _route(
        method="POST",
        path=f"{_USER}/reinvite",
        function=STAFF_USERS_REINVITE,
        operation="reinvite_staff_user",
        auth=_ADMINS,
        summary="Send a staff user's invitation again",
        response_model=Message,
        errors=(404,),
    ),
    _route(
        method="GET",
        path=_ME,
        function=STAFF_USERS_READ,
        operation="get_me",
        auth=_ANY_STAFF,
        summary="The caller's profile across all their compacts",
        response_model=StaffUserResponse,
        errors=(404,),
    ),
    _route(
        method="PATCH",
        path=_ME,
        function=STAFF_USERS_UPDATE,
        operation="patch_me",
        auth=_ANY_STAFF,
        summary="Change the caller's own given and family names",
        request_model=StaffUserMePatch,
        response_model=StaffUserResponse,
        errors=(404, 409),
    ),
)
