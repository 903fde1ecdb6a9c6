"""Investigations, deactivations and military audits over HTTP in the sandbox (issue #16): Ohio's admin
opens an investigation of an Ohio license and closes it with an encumbrance, leaving the right history
and telling the states (never the provider) once each; a compact admin deactivates a privilege and
audits military documents, and the provider and the state are emailed; then every event of the story is
delivered a second time, and nothing is sent or written twice."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from boto3.dynamodb.conditions import Key

from core.models.provider import Provider
from core.operational_keys import data_event_pk
from core.repositories.providers import ProviderRepository
from ingest.events import PROVIDER_DATA_SOURCE
from tests.e2e.providers import SandboxRecords
from tests.e2e.staff import StaffSession, persona
from tests.e2e.state import eventually
from tests.e2e.test_adverse_actions import BODY, mail_to, privileges
from tests.e2e.test_staff_authorization_matrix import jurisdiction_body
from toolkit.state_client import emulator

PRACTITIONER = "otto.investigated@example.org"
NAME = "Otto Quill"
RECORD = "/v1/compacts/aslp/providers/{id}/{kind}/jurisdiction/{state}/licenseType/slp"
STATES = ("oh", "al", "ky")
LISTS = {state: f"licensing@{state}.state.example" for state in STATES}
EVERYONE = (PRACTITIONER, *LISTS.values())


@pytest.fixture(scope="module")
def holder(sandbox) -> Provider:
    return SandboxRecords(sandbox.manifest).provider(
        "111-22-3602",
        "oh",
        privileges=("al", "ky"),
        given_name="Otto",
        family_name="Quill",
        compact_connect_registered_email_address=PRACTITIONER,
    )


def inbox(sandbox, address: str) -> list[str]:
    """The subjects of the mail about this provider (or to them) at ``address``."""
    told = mail_to(sandbox, address, "")
    return sorted(m["subject"] for m in told if address == PRACTITIONER or NAME in m["subject"] + m["text"])


def detail(staff: StaffSession, holder: Provider) -> dict[str, Any]:
    return staff.call("GET", f"/v1/compacts/aslp/providers/{holder.provider_id}").json()


def ohio_license(staff: StaffSession, holder: Provider) -> dict[str, Any]:
    return next(lic for lic in detail(staff, holder)["licenses"] if lic["jurisdiction"] == "oh")


def configure_lists(sandbox) -> None:
    """The seeded lists of Ohio and Kentucky, as their admins keep them (other modules change Ohio's)."""
    for state in ("oh", "ky"):
        body = {**jurisdiction_body(["aud", "slp"])}
        for field in (
            "jurisdictionAdverseActionsNotificationEmails",
            "jurisdictionSummaryReportNotificationEmails",
            "jurisdictionOperationsTeamEmails",
        ):
            body[field] = [LISTS[state]]
        admin = persona(sandbox.manifest, "jurisdiction-admin", state)
        assert admin.call("PUT", f"/v1/compacts/aslp/jurisdictions/{state}", body).status_code == 200


def replay_every_event(sandbox, holder: Provider) -> int:
    """Puts every logged event of the provider on the bus again, as an at-least-once delivery may."""
    manifest = sandbox.manifest
    log = emulator(manifest, "dynamodb", resource=True).Table(manifest["tables"]["data_event"])
    events = []
    for state in (*STATES, "NONE"):
        items = log.query(KeyConditionExpression=Key("pk").eq(data_event_pk("aslp", state)))["Items"]
        for item in items:
            if item.get("providerId") != holder.provider_id:
                continue
            detail_ = {k: v for k, v in item.items() if k not in {"pk", "sk", "eventType", "eventExpiry"}}
            events.append((item["eventType"], detail_))
    bus = emulator(manifest, "events")
    for kind, detail_ in events:
        entry = {
            "Source": PROVIDER_DATA_SOURCE,
            "DetailType": kind,
            "Detail": json.dumps(detail_, default=str),
            "EventBusName": manifest["eventBus"],
        }
        assert bus.put_events(Entries=[entry])["FailedEntryCount"] == 0
    return len(events)


def stored_changes(sandbox, holder: Provider) -> tuple[int, int, int, int]:
    table = emulator(sandbox.manifest, "dynamodb", resource=True).Table(
        sandbox.manifest["tables"]["provider"]
    )
    records = ProviderRepository(table).records("aslp", holder.provider_id)
    return (
        len(records.license_updates),
        len(records.privilege_updates),
        len(records.provider_updates),
        len(records.adverse_actions) + len(records.investigations),
    )


def test_investigations_deactivation_and_audit_tell_the_right_people_once(sandbox, holder):
    configure_lists(sandbox)
    ohio = persona(sandbox.manifest, "jurisdiction-admin", "oh")
    admin = persona(sandbox.manifest, "compact-admin")
    investigation = RECORD.format(id=holder.provider_id, kind="licenses", state="oh") + "/investigation"

    assert ohio.call("POST", investigation).status_code == 200
    opened = ohio_license(ohio, holder)
    assert opened["investigationStatus"] == "underInvestigation"
    [open_one] = opened["investigations"]
    opening = f"Investigation opened: {NAME}, speech-language pathologist license in Ohio"
    assert eventually(lambda: all(inbox(sandbox, a) == [opening] for a in LISTS.values()), timeout=30)

    closing = {"action": "close", "encumbrance": BODY}
    assert ohio.call("PATCH", f"{investigation}/{open_one['investigationId']}", closing).status_code == 200
    closed = ohio_license(ohio, holder)
    assert (closed["encumberedStatus"], closed.get("investigationStatus")) == ("encumbered", None)
    assert closed["investigations"] == [] and len(closed["adverseActions"]) == 1
    assert eventually(
        lambda: privileges(admin, holder) == {"al": "licenseEncumbered", "ky": "licenseEncumbered"},
        timeout=30,
    )
    # every state hears of the opening, the closing and the encumbrance; the provider only of the last
    assert eventually(lambda: all(len(inbox(sandbox, a)) == 3 for a in LISTS.values()), timeout=30)
    assert inbox(sandbox, PRACTITIONER) == ["Your speech-language pathologist license in Ohio is encumbered"]
    table = emulator(sandbox.manifest, "dynamodb", resource=True).Table(
        sandbox.manifest["tables"]["provider"]
    )
    history = ProviderRepository(table).records("aslp", holder.provider_id).license_updates
    assert sorted(update.update_type for update in history) == [
        "closingInvestigation",
        "encumbrance",
        "investigation",
    ]

    deactivate = RECORD.format(id=holder.provider_id, kind="privileges", state="al") + "/deactivate"
    assert admin.call("POST", deactivate, {"deactivationNote": "Practised beyond scope"}).status_code == 200
    assert ohio.call("POST", deactivate, {"deactivationNote": "A state admin may not"}).status_code == 403
    SandboxRecords(sandbox.manifest).military_document(holder, "orders.pdf", b"%PDF-1.4 orders")
    audit = f"/v1/compacts/aslp/providers/{holder.provider_id}/militaryAudit"
    assert admin.call("PATCH", audit, {"militaryStatus": "approved"}).status_code == 200
    assert eventually(lambda: len(inbox(sandbox, PRACTITIONER)) == 3, timeout=30)
    assert inbox(sandbox, PRACTITIONER)[:2] == [
        "Your military status documentation was approved",
        f"Your privilege {privilege_id(admin, holder, 'al')} has been deactivated",
    ]
    deactivation = "A privilege was deactivated in the Audiology and Speech Language Pathology compact"
    assert eventually(lambda: deactivation in inbox(sandbox, LISTS["al"]), timeout=30)
    assert len(inbox(sandbox, LISTS["al"])) == 4

    mail_before = {address: inbox(sandbox, address) for address in EVERYONE}
    stored_before = stored_changes(sandbox, holder)
    assert replay_every_event(sandbox, holder) == 7  # 3 of the license, 2 cascaded, 1 deactivation, 1 audit
    time.sleep(6)  # the listeners have had every replayed event by now (batches wait a second at most)
    assert {address: inbox(sandbox, address) for address in EVERYONE} == mail_before
    assert stored_changes(sandbox, holder) == stored_before


def privilege_id(staff: StaffSession, holder: Provider, state: str) -> str:
    return next(p["privilegeId"] for p in detail(staff, holder)["privileges"] if p["jurisdiction"] == state)
