"""Encumbrances over HTTP in the sandbox (issue #16): Ohio's admin encumbers an Ohio license whose holder
has privileges in Alabama and Kentucky; the privileges follow within seconds, the provider and the three
states are told once each, the public see the restriction without its type or categories, and the
privileges are freed only with the license's last encumbrance."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests

from core.models.provider import Provider
from tests.e2e.providers import SandboxRecords
from tests.e2e.staff import StaffSession, persona
from tests.e2e.state import eventually
from tests.e2e.test_staff_authorization_matrix import jurisdiction_body

PRACTITIONER = "odette.encumbered@example.org"
LICENSE = "/v1/compacts/aslp/providers/{id}/licenses/jurisdiction/oh/licenseType/slp/encumbrance"
BODY = {
    "encumbranceEffectiveDate": "2026-01-05",
    "encumbranceType": "suspension",
    "clinicalPrivilegeActionCategories": ["Unsafe Practice or Substandard Care"],
}
STATES = ("oh", "al", "ky")
OHIO = "licensing@oh.state.example"


@pytest.fixture(scope="module")
def holder(sandbox) -> Provider:
    return SandboxRecords(sandbox.manifest).provider(
        "111-22-3601",
        "oh",
        privileges=("al", "ky"),
        given_name="Odette",
        family_name="Vireo",
        compact_connect_registered_email_address=PRACTITIONER,
    )


def mail_to(sandbox, address: str, subject: str) -> list[dict[str, Any]]:
    messages = requests.get(
        f"{sandbox.manifest['mailbox']}/messages", params={"to": address}, timeout=10
    ).json()
    return [m for m in messages if m["subject"].startswith(subject)]


def privileges(admin: StaffSession, holder: Provider) -> dict[str, str]:
    detail = admin.call("GET", f"/v1/compacts/aslp/providers/{holder.provider_id}").json()
    return {p["jurisdiction"]: p.get("encumberedStatus") for p in detail["privileges"]}


def license_actions(staff: StaffSession, holder: Provider) -> set[str]:
    detail = staff.call("GET", f"/v1/compacts/aslp/providers/{holder.provider_id}").json()
    [ohio_license] = [lic for lic in detail["licenses"] if lic["jurisdiction"] == "oh"]
    return {action["adverseActionId"] for action in ohio_license["adverseActions"]}


def encumber(ohio: StaffSession, holder: Provider) -> str:
    before = license_actions(ohio, holder)
    assert ohio.call("POST", LICENSE.format(id=holder.provider_id), BODY).status_code == 200
    [placed] = license_actions(ohio, holder) - before
    return placed


def test_an_encumbered_license_holds_its_privileges_tells_everyone_once_and_is_lifted_last(sandbox, holder):
    ohio, kentucky = (
        persona(sandbox.manifest, "jurisdiction-admin", "oh"),
        persona(sandbox.manifest, "jurisdiction-admin", "ky"),
    )
    admin = persona(sandbox.manifest, "compact-admin")
    path = LICENSE.format(id=holder.provider_id)

    assert kentucky.call("POST", path, BODY).status_code == 403
    ohio_lists = {**jurisdiction_body(["aud", "slp"]), "jurisdictionAdverseActionsNotificationEmails": [OHIO]}
    assert ohio.call("PUT", "/v1/compacts/aslp/jurisdictions/oh", ohio_lists).status_code == 200  # as seeded

    first = encumber(ohio, holder)
    held = eventually(
        lambda: privileges(admin, holder) == {"al": "licenseEncumbered", "ky": "licenseEncumbered"},
        timeout=30,
    )
    assert held

    addresses = [PRACTITIONER, *(f"licensing@{state}.state.example" for state in STATES)]
    subjects = {PRACTITIONER: "Your speech-language pathologist license in Ohio is encumbered"}

    def everyone_told() -> bool:
        return all(
            mail_to(sandbox, address, subjects.get(address, "License encumbered: Odette Vireo"))
            for address in addresses
        )

    assert eventually(everyone_told, timeout=30)
    time.sleep(2)  # time enough for the privileges' events to reach the listener: they send nothing
    for address in addresses:
        told = mail_to(sandbox, address, subjects.get(address, "License encumbered: Odette Vireo"))
        assert len(told) == 1, (address, [m["subject"] for m in told])

    public = requests.get(
        sandbox.url("license", f"/v1/public/compacts/aslp/providers/{holder.provider_id}"), timeout=10
    )
    assert public.status_code == 200
    assert {p["jurisdiction"]: p["status"] for p in public.json()["privileges"]} == {
        "al": "inactive",
        "ky": "inactive",
    }
    history = requests.get(
        sandbox.url(
            "license",
            f"/v1/public/compacts/aslp/providers/{holder.provider_id}/jurisdiction/al/licenseType/slp/history",
        ),
        timeout=10,
    )
    assert [e["updateType"] for e in history.json()["events"]][-1] == "encumbrance"
    assert "npdbCategories" not in history.text and "Unsafe Practice" not in history.text
    for hidden in ("encumbranceType", "clinicalPrivilegeActionCategories", "submittingUser", "suspension"):
        assert hidden not in public.text

    second = encumber(ohio, holder)
    lift = {"effectiveLiftDate": "2026-02-01"}
    assert ohio.call("PATCH", f"{path}/{second}", lift).status_code == 200
    time.sleep(3)  # what a lift's event would have done by now: it has none, the first still holds
    assert privileges(admin, holder) == {"al": "licenseEncumbered", "ky": "licenseEncumbered"}

    assert ohio.call("PATCH", f"{path}/{first}", lift).status_code == 200
    assert ohio.call("PATCH", f"{path}/{first}", lift).status_code == 400  # lifted already
    freed = eventually(
        lambda: privileges(admin, holder) == {"al": "unencumbered", "ky": "unencumbered"}, timeout=30
    )
    assert freed
    assert eventually(
        lambda: mail_to(
            sandbox, PRACTITIONER, "Your speech-language pathologist license in Ohio is no longer"
        ),
        timeout=30,
    )

    # Two encumbrances, one lift that freed the license: two emails of the one, one of the other.
    lifted = {PRACTITIONER: "Your speech-language pathologist license in Ohio is no longer"}
    for address in addresses:
        assert len(mail_to(sandbox, address, subjects.get(address, "License encumbered: Odette Vireo"))) == 2
        assert len(mail_to(sandbox, address, lifted.get(address, "License encumbrance lifted: Odette"))) == 1
