"""The compact admins' routes through their real handlers on moto: deactivating a privilege (named in
its history with the admin's name and reason) and auditing military documents; only ``{compact}/admin``;
each change and its event one transaction; then the emails, once each, from the events' listeners."""

from __future__ import annotations

import json

import pytest

from adverse_actions import compact_admin_api
from core.models.enums import MilitaryAffiliationStatus
from core.repositories.configuration import ConfigurationRepository
from notifications import deactivations, military_audits
from tests.functions.adverse_actions.board import COMPACT_ADMIN, OHIO_ADMIN, PRIVILEGE, deliver, records
from tests.functions.conftest import api_event
from tests.functions.staff_callers import hold
from tests.records import make_license, make_military_affiliation, make_privilege, make_provider, put

DEACTIVATE = PRIVILEGE.replace("/encumbrance", "/deactivate")
AUDIT = "/v1/compacts/{compact}/providers/{providerId}/militaryAudit"
PRACTITIONER = "ada@example.com"
OHIO_REPORTS = "reports@oh.example.gov"


@pytest.fixture
def holder(aws, bus):
    hold(aws["users"], OHIO_ADMIN, COMPACT_ADMIN)
    provider = make_provider(
        privilege_jurisdictions={"oh"},
        military_status="tentative",
        military_status_note="",
        compact_connect_registered_email_address=PRACTITIONER,
    )
    put(
        aws["provider"],
        provider,
        make_license(provider, jurisdiction="ky"),
        make_privilege(provider, "oh", 7, license_jurisdiction="ky"),
        make_military_affiliation(provider),
    )
    return provider


def deactivate(provider, scopes=COMPACT_ADMIN, note="Practised outside the privilege's scope", state="oh"):
    params = {
        "compact": "aslp",
        "providerId": provider.provider_id,
        "jurisdiction": state,
        "licenseType": "slp",
    }
    event = api_event("POST", DEACTIVATE, params, body={"deactivationNote": note}, scopes=scopes)
    response = compact_admin_api.deactivation_handler(event, None)
    return response["statusCode"], json.loads(response["body"])


def audit(provider, body, scopes=COMPACT_ADMIN):
    params = {"compact": "aslp", "providerId": provider.provider_id}
    event = api_event("PATCH", AUDIT, params, body=body, scopes=scopes)
    response = compact_admin_api.audit_handler(event, None)
    return response["statusCode"], json.loads(response["body"])


def test_a_compact_admin_deactivates_a_privilege_and_its_history_names_them(aws, holder, bus):
    assert deactivate(holder) == (200, {"message": "OK"})

    found = records(aws, holder)
    assert found.privileges[0].administrator_set_status == "inactive"
    [update] = found.privilege_updates
    assert update.update_type == "deactivation"
    assert update.updated_values == {"administratorSetStatus": "inactive"}
    details = update.deactivation_details
    assert (details.note, details.deactivated_by_staff_user_name) == (
        "Practised outside the privilege's scope",
        "Test Caller",
    )
    [(kind, detail)] = bus.events
    assert kind == "privilege.deactivation"
    assert (detail["jurisdiction"], detail["privilegeId"]) == ("oh", "SLP-OH-7")


def test_deactivating_twice_is_a_400_and_a_missing_privilege_a_404(aws, holder, bus):
    assert deactivate(holder)[0] == 200

    assert deactivate(holder) == (400, {"message": "Privilege already deactivated"})
    assert deactivate(holder, state="ky")[0] == 404
    assert len(records(aws, holder).privilege_updates) == 1 and len(bus.events) == 1


@pytest.mark.parametrize(
    ("route", "body"),
    [("deactivate", None), ("audit", {"militaryStatus": "approved"})],
)
def test_only_compact_admins_may_deactivate_or_audit(aws, holder, bus, route, body):
    status = (
        deactivate(holder, OHIO_ADMIN)[0] if route == "deactivate" else audit(holder, body, OHIO_ADMIN)[0]
    )

    assert status == 403 and bus.events == []
    found = records(aws, holder)
    assert found.privileges[0].administrator_set_status == "active"
    assert found.provider.military_status == "tentative"


def test_a_note_longer_than_256_characters_is_a_400_naming_it(holder):
    status, answer = deactivate(holder, note="x" * 257)

    assert status == 400 and "deactivationNote" in answer["message"]


def test_a_declined_audit_is_stored_with_its_note_and_announced(aws, holder, bus):
    assert audit(holder, {"militaryStatus": "declined", "militaryStatusNote": "Illegible"}) == (
        200,
        {"message": "OK"},
    )

    found = records(aws, holder)
    assert (found.provider.military_status, found.provider.military_status_note) == ("declined", "Illegible")
    [update] = found.provider_updates
    assert update.update_type == "militaryAudit"
    [(kind, detail)] = bus.events
    assert (kind, detail["auditResult"], detail["auditNote"]) == (
        "militaryAffiliation.audit",
        "declined",
        "Illegible",
    )
    assert "jurisdiction" not in detail


def test_only_documents_that_arrived_can_be_audited(aws, holder, bus):
    waiting = make_military_affiliation(holder, status=MilitaryAffiliationStatus.INACTIVE)
    put(aws["provider"], waiting)

    status, answer = audit(holder, {"militaryStatus": "approved"})

    assert status == 400 and "inactive" in answer["message"]
    assert records(aws, holder).provider.military_status == "tentative" and bus.events == []


def test_a_provider_who_never_declared_an_affiliation_is_a_404(aws, bus):
    hold(aws["users"], COMPACT_ADMIN)
    civilian = make_provider()
    put(aws["provider"], civilian, make_license(civilian))

    status, answer = audit(civilian, {"militaryStatus": "approved"})

    assert status == 404 and "military affiliation" in answer["message"]


@pytest.mark.parametrize(
    "body", [{"militaryStatus": "tentative"}, {}, {"militaryStatus": "approved", "extra": 1}]
)
def test_a_bad_audit_is_a_400_naming_the_field(holder, body):
    status, answer = audit(holder, body)

    assert status == 400 and ("militaryStatus" in answer["message"] or "extra" in answer["message"])


def test_the_provider_and_the_state_hear_of_a_deactivation_once(aws, holder, bus, mail, lambda_context):
    repository = ConfigurationRepository(aws["compact_configuration"])
    ohio = repository.jurisdiction_configuration("aslp", "oh")
    reports = ohio.model_copy(update={"jurisdiction_summary_report_notification_emails": [OHIO_REPORTS]})
    repository.put_jurisdiction_configuration(reports, ohio)
    assert deactivate(holder)[0] == 200
    [(kind, detail)] = bus.events

    assert deliver(deactivations.lambda_handler, lambda_context, (kind, detail), (kind, detail)) == []

    assert mail.to() == sorted([PRACTITIONER, OHIO_REPORTS])
    subjects = sorted(message["Subject"] for message in mail)
    assert subjects == [
        "A privilege was deactivated in the Audiology and Speech Language Pathology compact",
        "Your privilege SLP-OH-7 has been deactivated",
    ]


@pytest.mark.parametrize(
    ("result", "subject"),
    [("approved", "was approved"), ("declined", "was declined")],
)
def test_the_provider_hears_of_an_audit_once(holder, bus, mail, lambda_context, result, subject):
    assert audit(holder, {"militaryStatus": result, "militaryStatusNote": "Illegible"})[0] == 200
    [(kind, detail)] = bus.events

    assert deliver(military_audits.lambda_handler, lambda_context, (kind, detail), (kind, detail)) == []

    assert mail.to() == [PRACTITIONER]
    assert mail[0]["Subject"].endswith(subject)
