"""API shapes of the staff-user routes, compatible with the reference OpenAPI document.

Permissions travel as ``{compact: {actions: {admin: true}, jurisdictions: {oh: {actions: {write: true}}}}}``:
``true`` grants, ``false`` revokes, an absent flag leaves the permission as it is. Stored records keep
sets instead (:class:`core.models.staff_user.StaffUserPermissions`); :mod:`staff_users.views` converts.

Request models are strict (unknown keys are 400s naming the field, surrounding whitespace is trimmed).
Response models are validated by Powertools on the way out, so they carry no input constraints: a
legacy record with, say, a 101-character name must still be readable, not a 500.
"""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
    StringConstraints,
    model_serializer,
)

from core.aliases import to_camel
from core.fields import EMAIL_PATTERN, AccountEmail, PageKey, free_text, omittable, served
from core.fields import PageSize as ServedPageSize
from core.keys import iso_utc
from core.models.enums import StaffUserStatus

Email = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=5, max_length=100, pattern=EMAIL_PATTERN)
]
"""The address Cognito will accept as a username and send the invitation to."""
Name = free_text(max_length=100)
Timestamp = Annotated[datetime, PlainSerializer(iso_utc, return_type=str)]
ServedName = served({"minLength": 1, "maxLength": 100})
PageSize = Annotated[int, Field(ge=5, le=100)]
"""Users per page of a listing (the ``pageSize`` query parameter)."""
LastKey = Annotated[str, Field(min_length=1, max_length=1024)]
"""Where a listing resumes: the previous page's ``pagination.lastKey`` (the ``lastKey`` query parameter)."""


def _never_null(schema: dict[str, Any]) -> None:
    """Render properties the OpenAPI 3.0 way (API Gateway validates requests with these schemas):
    no ``const``, and no null type, which optional properties never need: they are left out when
    unset, never sent as null."""
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)
        if "const" in prop:
            prop["enum"] = [prop.pop("const")]
        branches = prop.get("anyOf", [])
        if {"type": "null"} in branches and len(branches) == 2:
            del prop["anyOf"]
            if prop.get("default", ...) is None:
                del prop["default"]
            prop.update(next(branch for branch in branches if branch != {"type": "null"}))


class ApiModel(BaseModel):
    """camelCase on the wire (accepted only by alias), and flags left unset are omitted from output."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        extra="forbid",
        serialize_by_alias=True,
        json_schema_extra=_never_null,
        defer_build=True,
    )

    @model_serializer(mode="wrap")
    def _omit_none(self, serialize: Any) -> dict[str, Any]:
        # Powertools serializes responses with exclude_none=False; an unset flag must stay absent,
        # not become `"admin": null`.
        return {key: value for key, value in serialize(self).items() if value is not None}


Flag = omittable(StrictBool)
"""A permission flag: a JSON boolean ("yes" or 1 is a 400, never a grant), or left out to leave the
permission as it is (null is refused: the documents type flags as booleans)."""


class CompactActions(ApiModel):
    read: Flag = Field(None, description="Legacy and ignored: every member of a compact reads.")
    admin: Flag = None
    read_private: Flag = None
    read_ssn: Flag = Field(None, alias="readSSN")


class JurisdictionActions(ApiModel):
    write: Flag = None
    admin: Flag = None
    read_private: Flag = None
    read_ssn: Flag = Field(None, alias="readSSN")


class JurisdictionPermissions(ApiModel):
    actions: JurisdictionActions = Field(default_factory=JurisdictionActions)


class CompactPermissions(ApiModel):
    """A user's permissions in one compact (in a request: the changes to make)."""

    actions: omittable(CompactActions) = None
    jurisdictions: omittable(dict[str, JurisdictionPermissions]) = Field(
        None, description="Keyed by lower-case postal abbreviation of an active member jurisdiction."
    )


PermissionsByCompact = dict[str, CompactPermissions]


# ---- requests -------------------------------------------------------------------------------------


class NewUserAttributes(ApiModel):
    email: Email
    given_name: Name
    family_name: Name


class NewStaffUser(ApiModel):
    """POST body: the invitee and the permissions to grant in the path's compact."""

    attributes: NewUserAttributes
    permissions: PermissionsByCompact


class StaffUserPermissionsPatch(ApiModel):
    """PATCH body: permission changes in the path's compact."""

    permissions: PermissionsByCompact = Field(default_factory=dict)


class NamePatch(ApiModel):
    given_name: omittable(Name) = None
    family_name: omittable(Name) = None


class StaffUserMePatch(ApiModel):
    """PATCH /me body: staff users may change their own names, nothing else."""

    attributes: NamePatch = Field(default_factory=NamePatch)


# ---- responses ------------------------------------------------------------------------------------


class UserAttributes(ApiModel):
    email: AccountEmail
    given_name: ServedName
    family_name: ServedName


class StaffUserResponse(ApiModel):
    type: Literal["user"] = "user"
    date_of_update: Timestamp | None = None
    user_id: str
    attributes: UserAttributes
    permissions: PermissionsByCompact
    status: StaffUserStatus


class Pagination(ApiModel):
    page_size: ServedPageSize
    last_key: PageKey | None = Field(
        None, description="Pass as `lastKey` to read the next page; absent on the last."
    )
    prev_last_key: PageKey | None = Field(None, description="The `lastKey` this page was read from.")


class StaffUserList(ApiModel):
    users: list[StaffUserResponse]
    pagination: Pagination


class Message(ApiModel):
    message: str
