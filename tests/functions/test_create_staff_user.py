"""`scripts/create_staff_user` against a moto pool, as an operator would run it against AWS."""

from __future__ import annotations

import pytest

from core.repositories.users import UsersRepository
from ops import create_staff_user
from tests.functions.moto_clients import moto_client


@pytest.fixture
def pool(aws):
    client = moto_client("cognito-idp")
    pool_id = client.create_user_pool(PoolName="staff", UsernameAttributes=["email"])["UserPool"]["Id"]
    return client, pool_id


def _run(pool_id: str, table: str, *extra: str) -> int:
    return create_staff_user.main(
        [
            "--pool-id", pool_id, "--users-table", table, "--email", "ed@board.example.gov",
            "--given-name", "Ed", "--family-name", "Board", "--compact", "aslp", *extra,
        ]
    )  # fmt: skip


def test_creates_a_compact_admin_with_an_inactive_record(aws, pool, capsys):
    client, pool_id = pool

    assert _run(pool_id, aws["users"].name, "--persona", "compact-admin") == 0

    user = client.admin_get_user(UserPoolId=pool_id, Username="ed@board.example.gov")
    sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
    record = UsersRepository(aws["users"]).get("aslp", sub)
    assert record.permissions.actions == {"admin"} and record.status == "inactive"
    assert sub in capsys.readouterr().out


def test_a_second_persona_adds_to_the_existing_record(aws, pool):
    _, pool_id = pool
    _run(pool_id, aws["users"].name, "--persona", "jurisdiction-admin", "--jurisdiction", "oh")
    _run(pool_id, aws["users"].name, "--persona", "read-ssn", "--jurisdiction", "ky")

    (record,) = aws["users"].scan()["Items"]
    assert record["permissions"]["jurisdictions"] == {"oh": {"admin"}, "ky": {"readSSN"}}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--persona", "jurisdiction-admin"], "--jurisdiction is required"),
        (["--persona", "compact-admin", "--password", "x" * 14], "only for the sandbox"),
    ],
)
def test_bad_invocations_are_refused(aws, pool, capsys, extra, message):
    _, pool_id = pool
    with pytest.raises(SystemExit):
        _run(pool_id, aws["users"].name, *extra)

    assert message in capsys.readouterr().err
    assert aws["users"].scan()["Items"] == []
