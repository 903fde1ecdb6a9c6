"""The pure rules of staff-user administration, each both ways."""

from __future__ import annotations

import pytest

from core.auth import Principal
from core.errors import AccessDenied, InvalidRequest
from core.models.staff_user import StaffUserPermissions
from staff_users.models import CompactPermissions
from staff_users.permissions import (
    PermissionChanges,
    administered_jurisdictions,
    can_delete,
    can_see,
    collect_and_authorize_changes,
    require_only_path_compact,
)
from tests.functions.staff_users.conftest import make_user

ACTIVE = ("oh", "ky", "ne")


def principal(*scopes: str) -> Principal:
    return Principal(user_id="caller", scopes=frozenset(scopes), claims={})


COMPACT_ADMIN = principal("aslp/readGeneral", "aslp/admin")
OH_ADMIN = principal("aslp/readGeneral", "oh/aslp.admin")


def request(body: dict) -> CompactPermissions:
    return CompactPermissions.model_validate(body)


def test_compact_admins_are_unrestricted_and_jurisdiction_admins_are_not():
    assert administered_jurisdictions(COMPACT_ADMIN, "aslp") is None
    assert administered_jurisdictions(OH_ADMIN, "aslp") == {"oh"}
    assert administered_jurisdictions(principal("oh/octp.admin", "ky/aslp.write"), "aslp") == frozenset()


def test_compact_admin_may_grant_and_revoke_anything():
    changes = collect_and_authorize_changes(
        COMPACT_ADMIN,
        "aslp",
        request(
            {
                "actions": {"admin": True, "readSSN": False, "readPrivate": True},
                "jurisdictions": {"oh": {"actions": {"write": True, "admin": False}}, "ky": {"actions": {}}},
            }
        ),
        ACTIVE,
    )

    assert changes == PermissionChanges(
        grant_compact=frozenset({"admin", "readPrivate"}),
        revoke_compact=frozenset({"readSSN"}),
        grant_jurisdiction={"oh": frozenset({"write"})},
        revoke_jurisdiction={"oh": frozenset({"admin"})},
    )


@pytest.mark.parametrize("action", ["admin", "readPrivate", "readSSN"])
@pytest.mark.parametrize("value", [True, False])
def test_only_compact_admins_change_compact_level_actions(action, value):
    with pytest.raises(AccessDenied):
        collect_and_authorize_changes(OH_ADMIN, "aslp", request({"actions": {action: value}}), ACTIVE)


def test_the_legacy_read_action_is_ignored_not_refused():
    changes = collect_and_authorize_changes(OH_ADMIN, "aslp", request({"actions": {"read": True}}), ACTIVE)

    assert changes.is_empty


def test_jurisdiction_admin_changes_their_own_jurisdiction():
    body = {"jurisdictions": {"oh": {"actions": {"write": True, "readSSN": True, "readPrivate": False}}}}

    changes = collect_and_authorize_changes(OH_ADMIN, "aslp", request(body), ACTIVE)

    assert changes.grant_jurisdiction == {"oh": {"write", "readSSN"}}
    assert changes.revoke_jurisdiction == {"oh": {"readPrivate"}}


@pytest.mark.parametrize("value", [True, False])
def test_jurisdiction_admin_cannot_touch_another_jurisdiction(value):
    body = {"jurisdictions": {"oh": {"actions": {"write": True}}, "ky": {"actions": {"write": value}}}}

    with pytest.raises(AccessDenied):
        collect_and_authorize_changes(OH_ADMIN, "aslp", request(body), ACTIVE)


def test_admin_of_the_jurisdiction_in_another_compact_does_not_count():
    body = {"jurisdictions": {"oh": {"actions": {"write": True}}}}

    with pytest.raises(AccessDenied):
        collect_and_authorize_changes(principal("oh/octp.admin"), "aslp", request(body), ACTIVE)


@pytest.mark.parametrize("caller", [COMPACT_ADMIN, principal("aslp/readGeneral", "wa/aslp.admin")])
def test_jurisdiction_must_be_an_active_member(caller):
    body = {"jurisdictions": {"wa": {"actions": {"write": True}}}}

    with pytest.raises(InvalidRequest, match=r"permissions\.aslp\.jurisdictions\.wa"):
        collect_and_authorize_changes(caller, "aslp", request(body), ACTIVE)


def test_apply_grants_revokes_and_drops_emptied_jurisdictions():
    current = StaffUserPermissions(actions={"readSSN"}, jurisdictions={"oh": {"write"}, "ky": {"admin"}})
    changes = PermissionChanges(
        grant_compact=frozenset({"admin"}),
        revoke_compact=frozenset({"readSSN"}),
        grant_jurisdiction={"ne": frozenset({"write"}), "ky": frozenset({"readPrivate"})},
        revoke_jurisdiction={"oh": frozenset({"write"}), "al": frozenset({"write"})},
    )

    updated = changes.apply(current)

    assert updated == StaffUserPermissions(
        actions={"admin"}, jurisdictions={"ky": {"admin", "readPrivate"}, "ne": {"write"}}
    )
    assert current.jurisdictions["oh"] == {"write"}, "the input is not modified"


def test_apply_grants_only_never_revokes():
    current = StaffUserPermissions(actions={"readSSN"}, jurisdictions={"oh": {"write"}})
    changes = PermissionChanges(
        grant_jurisdiction={"oh": frozenset({"admin"})},
        revoke_compact=frozenset({"readSSN"}),
        revoke_jurisdiction={"oh": frozenset({"write"})},
    )

    assert changes.apply(current, grants_only=True) == StaffUserPermissions(
        actions={"readSSN"}, jurisdictions={"oh": {"write", "admin"}}
    )


def test_body_may_name_only_the_path_compact():
    require_only_path_compact("aslp", {"aslp": {}}, required=True)
    require_only_path_compact("aslp", {}, required=False)
    with pytest.raises(InvalidRequest, match="octp"):
        require_only_path_compact("aslp", {"aslp": {}, "octp": {}}, required=False)
    with pytest.raises(InvalidRequest, match="required"):
        require_only_path_compact("aslp", {}, required=True)


def test_visibility_needs_a_shared_jurisdiction():
    user = make_user("u", jurisdictions={"oh": {"write"}, "ky": {"write"}})

    assert can_see(None, user)
    assert can_see(frozenset({"ky"}), user)
    assert not can_see(frozenset({"ne"}), user)
    assert not can_see(frozenset({"ne"}), make_user("u", actions={"admin"}))
    assert not can_see(frozenset(), user)


def test_deletion_needs_every_permission_within_the_admins_reach():
    oh_only = make_user("u", jurisdictions={"oh": {"write", "admin"}})
    oh_and_ky = make_user("u", jurisdictions={"oh": {"write"}, "ky": {"write"}})
    compact_level = make_user("u", jurisdictions={"oh": {"write"}}, actions={"readPrivate"})
    legacy_read = make_user("u", jurisdictions={"oh": {"write"}}, actions={"read"})

    assert can_delete(frozenset({"oh"}), oh_only)
    assert can_delete(frozenset({"oh"}), legacy_read)
    assert can_delete(frozenset({"oh", "ky"}), oh_and_ky)
    assert not can_delete(frozenset({"oh"}), oh_and_ky)
    assert not can_delete(frozenset({"oh"}), compact_level)
    assert all(can_delete(None, user) for user in (oh_only, oh_and_ky, compact_level))
