"""The users-table repository on moto: conditional writes, revisions, and index paging."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.errors import InvalidRequest
from core.models.staff_user import StaffUserPermissions
from core.repositories.users import UsersRepository
from staff_users.delete_api import lambda_handler as delete
from staff_users.pagination import decode_last_key, encode_last_key
from staff_users.update_api import lambda_handler as update
from staff_users.views import merged_response
from tests.functions.conftest import api_event
from tests.functions.staff_users.conftest import (
    OH_ADMIN,
    TARGET,
    USER,
    call,
    jurisdiction_admin_scopes,
    make_user,
)


@pytest.fixture
def repository(aws) -> UsersRepository:
    return UsersRepository(aws["users"])


def test_create_refuses_to_overwrite(repository):
    assert repository.create(make_user(TARGET, jurisdictions={"oh": {"write"}}))
    assert not repository.create(make_user(TARGET, jurisdictions={"ky": {"admin"}}))
    assert repository.get("aslp", TARGET).permissions.jurisdictions == {"oh": {"write"}}


def test_permission_writes_need_the_revision_that_was_read(repository):
    repository.create(make_user(TARGET, jurisdictions={"oh": {"write"}}))
    stale = repository.get("aslp", TARGET)

    fresh = repository.replace_permissions(stale, StaffUserPermissions(jurisdictions={"oh": {"admin"}}))

    assert fresh.revision == 1
    assert repository.replace_permissions(stale, StaffUserPermissions()) is None
    assert not repository.delete(stale)
    assert repository.get("aslp", TARGET).permissions.jurisdictions == {"oh": {"admin"}}
    assert repository.delete(fresh)
    assert repository.get("aslp", TARGET) is None


def test_a_vanished_record_is_not_recreated(repository):
    repository.create(make_user(TARGET))
    read = repository.get("aslp", TARGET)
    repository.delete(read)

    assert repository.replace_permissions(read, StaffUserPermissions(actions={"admin"})) is None
    assert repository.get("aslp", TARGET) is None


def test_rename_is_all_or_nothing(repository):
    repository.create(make_user(TARGET, compact="aslp"))
    repository.create(make_user(TARGET, compact="octp"))
    records = repository.records_of(TARGET)
    repository.delete(records[1])

    assert not repository.rename(records, "New", "Name")
    assert repository.get("aslp", TARGET).attributes.given_name == "Jane"


def test_paging_resumes_after_the_last_returned_user(repository):
    for index in range(12):
        repository.create(
            make_user(f"user-{index:02d}", family=f"F{index:02d}", jurisdictions={"oh": {"write"}})
        )

    first, key = repository.page_by_family_name("aslp", 5, None, accept=lambda user: True)
    second, _ = repository.page_by_family_name("aslp", 5, key, accept=lambda user: True)

    assert [user.user_id for user in first + second] == [f"user-{index:02d}" for index in range(10)]
    assert key == {"pk": "USER#user-04", "sk": "COMPACT#aslp", "famGiv": "F04#Jane"}


def test_last_key_tokens_round_trip_and_stay_in_their_compact():
    key = {"pk": "USER#u", "sk": "COMPACT#aslp", "famGiv": "Doe#Jane"}

    assert decode_last_key(encode_last_key(key), "aslp") == key
    with pytest.raises(InvalidRequest):
        decode_last_key(encode_last_key(key), "octp")
    with pytest.raises(InvalidRequest):
        decode_last_key(encode_last_key({**key, "pk": "PROVIDER#x"}), "aslp")


def test_merged_view_takes_names_from_the_latest_record():
    old = make_user(TARGET, compact="aslp", given="Old").model_copy(
        update={"date_of_update": datetime(2024, 1, 1, tzinfo=UTC)}
    )
    new = make_user(TARGET, compact="octp", given="New").model_copy(
        update={"date_of_update": datetime(2025, 1, 1, tzinfo=UTC)}
    )

    view = merged_response([new, old])

    assert view.attributes.given_name == "New"
    assert view.date_of_update == datetime(2025, 1, 1, tzinfo=UTC)
    assert set(view.permissions) == {"aslp", "octp"}


# ---- read-check-write under concurrent changes, through the handlers --------------------------


def test_a_delete_racing_a_grant_is_decided_again(admins, seed, aws, monkeypatch):
    """An oh admin deletes an oh-only user while a compact admin grants them ky: the delete must not
    remove a user who now holds permissions outside the oh admin's reach."""
    seed(TARGET, jurisdictions={"oh": {"write"}})
    original = UsersRepository.delete

    def racing_delete(self, user):
        if self.get("aslp", TARGET).revision == user.revision:
            self.replace_permissions(
                user, StaffUserPermissions(jurisdictions={"oh": {"write"}, "ky": {"write"}})
            )
        return original(self, user)

    monkeypatch.setattr(UsersRepository, "delete", racing_delete)
    event = api_event(
        "DELETE",
        USER,
        {"compact": "aslp", "userId": TARGET},
        scopes=jurisdiction_admin_scopes("oh"),
        sub=OH_ADMIN,
    )

    assert call(delete, event)[0] == 403
    assert UsersRepository(aws["users"]).get("aslp", TARGET).permissions.jurisdictions.keys() == {"oh", "ky"}


def test_a_record_that_keeps_changing_is_a_409(admins, seed, monkeypatch):
    seed(TARGET, jurisdictions={"oh": {"write"}})
    monkeypatch.setattr(UsersRepository, "replace_permissions", lambda self, user, permissions: None)
    body = {"permissions": {"aslp": {"jurisdictions": {"oh": {"actions": {"admin": True}}}}}}
    event = api_event(
        "PATCH",
        USER,
        {"compact": "aslp", "userId": TARGET},
        body=body,
        scopes=jurisdiction_admin_scopes("oh"),
        sub=OH_ADMIN,
    )

    status, response = call(update, event)

    assert status == 409
    assert "retry" in response["message"]
