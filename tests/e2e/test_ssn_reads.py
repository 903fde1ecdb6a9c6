"""Full-SSN reads over HTTP in the sandbox: per-user limits with the account disable, the system-wide kill
switch, and the operator's command that turns the endpoint back on (payments_security §4.6).

Readers are created for this module (so the shared personas stay usable by other tests), and the module
starts by switching the endpoint on, which also starts the system-wide count afresh.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from ops import create_staff_user, ssn_endpoint
from tests.e2e.providers import SandboxRecords
from tests.e2e.staff import StaffSession, can_sign_in

FULL_SSN = "333-44-5501"
PASSWORD = "ssn-reader-passw0rd"


@pytest.fixture(scope="module")
def switch(sandbox) -> Callable[..., int]:
    def run(action: str, reason: str = "e2e") -> int:
        argv = [action, "--sandbox"] + (["--reason", reason] if action != "status" else [])
        return ssn_endpoint.main(argv, manifest_path=sandbox.manifest_path)

    return run


@pytest.fixture(scope="module")
def provider_id(sandbox, switch) -> str:
    assert switch("enable", "e2e: start the system-wide count afresh") == 0
    return SandboxRecords(sandbox.manifest).provider(FULL_SSN, "oh", privileges=("al",)).provider_id


def new_reader(sandbox, jurisdiction: str = "oh") -> StaffSession:
    """A fresh staff user with readSSN in one aslp jurisdiction, made by the operator's command."""
    email = f"ssn-reader-{uuid.uuid4().hex[:8]}@staff.sandbox.example"
    argv = [
        "--sandbox", "--email", email, "--given-name", "Ssn", "--family-name", "Reader", "--compact", "aslp",
        "--persona", "read-ssn", "--jurisdiction", jurisdiction, "--password", PASSWORD,
    ]  # fmt: skip
    assert create_staff_user.main(argv, manifest_path=sandbox.manifest_path) == 0
    return StaffSession(sandbox.manifest, email, PASSWORD)


def read(session: StaffSession, provider_id: str) -> int:
    return session.call("GET", f"/v1/compacts/aslp/providers/{provider_id}/ssn").status_code


def test_limits_disable_and_kill_switch(sandbox, provider_id, switch):
    """One scenario, in order, because the system-wide count is shared by everyone."""
    first = new_reader(sandbox)
    response = first.call("GET", f"/v1/compacts/aslp/providers/{provider_id}/ssn")
    assert response.json() == {"ssn": FULL_SSN}

    # Per user: 5 reads a day, the 6th is refused, the 7th also disables the account.
    assert [read(first, provider_id) for _ in range(5)] == [200, 200, 200, 200, 429]
    assert can_sign_in(first)
    assert read(first, provider_id) == 429
    assert not can_sign_in(first)

    # A reader in another jurisdiction may not read this provider; the attempt still counts.
    assert read(new_reader(sandbox, "ky"), provider_id) == 403  # 8 attempts so far

    # System-wide: more than 15 attempts switch the endpoint off for everyone.
    second, third = new_reader(sandbox), new_reader(sandbox)
    assert [read(second, provider_id) for _ in range(5)] == [200] * 5  # 13
    assert [read(third, provider_id) for _ in range(2)] == [200] * 2  # 15
    tripped = third.call("GET", f"/v1/compacts/aslp/providers/{provider_id}/ssn")  # 16
    assert tripped.status_code == 429 and "switched off" in tripped.json()["message"]
    fresh = new_reader(sandbox)
    off = fresh.call("GET", f"/v1/compacts/aslp/providers/{provider_id}/ssn")
    assert off.status_code == 503 and "operator" in off.json()["message"]

    # Until an operator switches it back on.
    assert switch("enable", "e2e: reviewed the audit trail") == 0
    assert read(fresh, provider_id) == 200
    assert read(third, provider_id) == 200  # its 4th attempt of the day
