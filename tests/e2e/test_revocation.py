"""Revocation over HTTP in the sandbox: a token issued before a permission was revoked, or before its
user was deleted, no longer writes or reads SSNs (issue #10, item 4).

One staff user is made for this module, a writer and SSN reader in ``oh``; they sign in once and keep
that access token throughout, as a browser tab left open would. The compact admin persona then
revokes their SSN permission and finally deletes them, through the API.
"""

from __future__ import annotations

import pytest

from ops import ssn_endpoint
from tests.e2e.providers import SandboxRecords
from tests.e2e.staff import StaffSession, can_sign_in, new_staff_user, persona

pytestmark = pytest.mark.e2e

PASSWORD = "revoked-passw0rd"
BULK_UPLOAD = "/v1/compacts/aslp/jurisdictions/oh/licenses/bulk-upload"


@pytest.fixture(scope="module")
def staff_member(sandbox) -> tuple[str, StaffSession]:
    """(user id, signed-in session) of a new oh writer and SSN reader."""
    made = new_staff_user(
        sandbox.manifest_path, PASSWORD, ("jurisdiction-writer", "oh"), ("read-ssn", "oh"), prefix="revoked"
    )
    session = StaffSession(sandbox.manifest, made["email"], PASSWORD)
    assert session.call("GET", "/v1/staff-users/me").status_code == 200  # signs in, holds the token
    return made["userId"], session


@pytest.fixture(scope="module")
def ssn_path(sandbox) -> str:
    argv = ["enable", "--sandbox", "--reason", "e2e: revocation starts the system-wide count afresh"]
    assert ssn_endpoint.main(argv, manifest_path=sandbox.manifest_path) == 0
    provider = SandboxRecords(sandbox.manifest).provider("333-44-5599", "oh")
    return f"/v1/compacts/aslp/providers/{provider.provider_id}/ssn"


def test_revoked_and_deleted_users_lose_access_with_the_token_they_hold(sandbox, staff_member, ssn_path):
    user_id, member = staff_member
    admin = persona(sandbox.manifest, "compact-admin")
    assert member.call("GET", BULK_UPLOAD).status_code == 200
    assert member.call("GET", ssn_path).status_code == 200

    revoke_ssn = {"permissions": {"aslp": {"jurisdictions": {"oh": {"actions": {"readSSN": False}}}}}}
    assert admin.call("PATCH", f"/v1/compacts/aslp/staff-users/{user_id}", revoke_ssn).status_code == 200

    assert member.call("GET", ssn_path).status_code == 403
    assert member.call("GET", BULK_UPLOAD).status_code == 200  # what was not revoked still works

    assert admin.call("DELETE", f"/v1/compacts/aslp/staff-users/{user_id}").status_code == 200

    assert member.call("GET", BULK_UPLOAD).status_code == 401
    assert member.call("GET", ssn_path).status_code == 401
    assert not can_sign_in(member)
