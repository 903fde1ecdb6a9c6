"""The staff user record: one per (user, compact) in the users table (spec §4.6)."""

from typing import Any

from pydantic import Field

from core import keys
from core.models.base import CamelModel, Record
from core.models.enums import StaffUserStatus


class StaffUserAttributes(CamelModel):
    email: str = Field(min_length=5, max_length=100)
    given_name: str
    family_name: str


class StaffUserPermissions(CamelModel):
    """Permission sets as stored: compact-level actions, and actions per jurisdiction.

    Sets (DynamoDB string sets) rather than the API's ``{action: true}`` maps, so that granting is a set
    union; empty sets are not stored.
    """

    actions: set[str] = Field(default_factory=set)
    jurisdictions: dict[str, set[str]] = Field(default_factory=dict)

    def union(self, other: "StaffUserPermissions") -> "StaffUserPermissions":
        """Both sets of grants: what an invitation does to a user who already has some."""
        jurisdictions = {code: set(actions) for code, actions in self.jurisdictions.items()}
        for code, actions in other.jurisdictions.items():
            jurisdictions.setdefault(code, set()).update(actions)
        return StaffUserPermissions(actions=self.actions | other.actions, jurisdictions=jurisdictions)


class StaffUser(Record):
    """A staff member's permissions in one compact. ``inactive`` until their first login."""

    record_type = "user"

    user_id: str
    compact: str
    attributes: StaffUserAttributes
    permissions: StaffUserPermissions = Field(default_factory=StaffUserPermissions)
    status: StaffUserStatus = StaffUserStatus.INACTIVE

    @property
    def pk(self) -> str:
        return keys.user_pk(self.user_id)

    @property
    def sk(self) -> str:
        return keys.user_sk(self.compact)

    def derived_attributes(self) -> dict[str, Any]:
        """Sort key of the ``famGiv`` GSI that lists a compact's users by name."""
        return {"famGiv": keys.user_fam_giv(self.attributes.family_name, self.attributes.given_name)}


class StoredStaffUser(StaffUser):
    """A record as read, with the revision that its next permission write or delete must match."""

    revision: int = 0
