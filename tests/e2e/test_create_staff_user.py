"""`scripts/create_staff_user --sandbox`: the new user can sign in and holds the persona's rights."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.e2e.staff import StaffSession
from toolkit.sandbox_process import ROOT


def test_a_user_created_by_the_script_signs_in_with_its_persona(sandbox):
    email = "script-made.ky.coun@staff.sandbox.example"
    password = "script-passw0rd-2026"
    result = subprocess.run(
        [
            sys.executable, "-m", "ops.create_staff_user", "--sandbox", "--email", email,
            "--given-name", "Script", "--family-name", "Made", "--compact", "coun",
            "--persona", "jurisdiction-admin", "--jurisdiction", "ky", "--password", password,
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "SANDBOX_MANIFEST": str(sandbox.manifest_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr

    session = StaffSession(sandbox.manifest, email, password)
    assert session.call("GET", "/v1/compacts/coun/jurisdictions/ky").status_code == 200
    assert session.call("GET", "/v1/compacts/coun/jurisdictions/oh").status_code == 403
