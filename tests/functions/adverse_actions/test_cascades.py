"""The privilege cascades on moto (spec §7.1): Ohio encumbers a license whose holder has privileges in
Kentucky and Nebraska; the events that change publishes, delivered to the cascade listeners as their
queues would, hold and free the privileges — once, however often they arrive, and in either order."""

from __future__ import annotations

import pytest

from adverse_actions import cascade_listeners
from core.lookups import known_compact
from core.models.enums import PrivilegeEncumberedStatus
from tests.functions.adverse_actions.board import (
    KENTUCKY_ADMIN,
    LICENSE,
    OHIO_ADMIN,
    PRIVILEGE,
    call,
    deliver,
    lift,
    put_holder,
    records,
)
from tests.functions.staff_callers import hold
from tests.records import make_license, make_privilege, make_provider, put

HELD = PrivilegeEncumberedStatus.LICENSE_ENCUMBERED
LIFTED = cascade_listeners.on_license_encumbrance_lifted
DEACTIVATED = cascade_listeners.on_license_deactivation


@pytest.fixture
def holder(aws, bus):
    hold(aws["users"], OHIO_ADMIN, KENTUCKY_ADMIN)
    provider = put_holder(aws["provider"])
    return provider


def statuses(aws, provider) -> dict[str, str | None]:
    return {p.jurisdiction: p.encumbered_status for p in records(aws, provider).privileges}


def history_count(aws, provider) -> int:
    return len(records(aws, provider).privilege_updates)


def encumber_ohio_license(aws, bus, provider, lambda_context) -> str:
    assert call(LICENSE, provider, "oh", OHIO_ADMIN)[0] == 200
    detail = bus.of("license.encumbrance")[-1]
    delivered = ("license.encumbrance", detail)
    assert deliver(cascade_listeners.on_license_encumbrance, lambda_context, delivered) == []
    return detail["adverseActionId"]


def test_an_encumbered_license_holds_its_privileges_once_however_often_delivered(
    aws, bus, holder, lambda_context
):
    action_id = encumber_ohio_license(aws, bus, holder, lambda_context)

    assert statuses(aws, holder) == {"ky": HELD, "ne": HELD}
    announced = bus.of("privilege.encumbrance")
    assert sorted(e["jurisdiction"] for e in announced) == ["ky", "ne"]
    assert {(e["licenseJurisdiction"], e["adverseActionId"], e["effectiveDate"]) for e in announced} == {
        ("oh", action_id, "2026-01-05")
    }
    [ky_history] = [u for u in records(aws, holder).privilege_updates if u.jurisdiction == "ky"]
    assert ky_history.update_type == "encumbrance"
    assert ky_history.encumbrance_details.license_jurisdiction == "oh"

    written, published = history_count(aws, holder), len(bus.events)
    [detail] = bus.of("license.encumbrance")
    for _ in range(2):  # EventBridge and SQS may deliver it again
        deliver(cascade_listeners.on_license_encumbrance, lambda_context, ("license.encumbrance", detail))
    assert (history_count(aws, holder), len(bus.events)) == (written, published)


def test_a_privilege_encumbered_in_its_own_right_stays_encumbered(aws, bus, holder, lambda_context):
    assert call(PRIVILEGE, holder, "ky", KENTUCKY_ADMIN)[0] == 200

    encumber_ohio_license(aws, bus, holder, lambda_context)

    assert statuses(aws, holder) == {"ky": "encumbered", "ne": HELD}
    assert [e["jurisdiction"] for e in bus.of("privilege.encumbrance") if "licenseJurisdiction" in e] == [
        "ne"
    ]


def test_privileges_are_freed_only_after_the_licenses_last_encumbrance_at_its_latest_lift_date(
    aws, bus, holder, lambda_context
):
    first = encumber_ohio_license(aws, bus, holder, lambda_context)
    second = encumber_ohio_license(aws, bus, holder, lambda_context)

    assert lift(LICENSE, holder, "oh", OHIO_ADMIN, second, on="2026-03-01")[0] == 200
    assert bus.of("license.encumbranceLifted") == []  # the first still holds the license
    assert statuses(aws, holder) == {"ky": HELD, "ne": HELD}

    assert lift(LICENSE, holder, "oh", OHIO_ADMIN, first, on="2026-02-01")[0] == 200
    [lifted] = bus.of("license.encumbranceLifted")
    for _ in range(2):
        failed = deliver(
            cascade_listeners.on_license_encumbrance_lifted,
            lambda_context,
            ("license.encumbranceLifted", lifted),
        )
        assert failed == []

    assert statuses(aws, holder) == {"ky": "unencumbered", "ne": "unencumbered"}
    freed = bus.of("privilege.encumbranceLifted")
    assert sorted(e["jurisdiction"] for e in freed) == ["ky", "ne"]  # once each, despite two deliveries
    assert {(e["effectiveDate"], e["adverseActionId"]) for e in freed} == {("2026-03-01", second)}
    lifts = [u for u in records(aws, holder).privilege_updates if u.update_type == "lifting_encumbrance"]
    assert len(lifts) == 2


def test_a_lift_delivered_before_its_encumbrance_leaves_nothing_held(aws, bus, holder, lambda_context):
    assert call(LICENSE, holder, "oh", OHIO_ADMIN)[0] == 200
    [placed] = bus.of("license.encumbrance")
    assert lift(LICENSE, holder, "oh", OHIO_ADMIN, placed["adverseActionId"])[0] == 200
    [lifted] = bus.of("license.encumbranceLifted")

    deliver(
        cascade_listeners.on_license_encumbrance_lifted, lambda_context, ("license.encumbranceLifted", lifted)
    )
    deliver(cascade_listeners.on_license_encumbrance, lambda_context, ("license.encumbrance", placed))

    assert statuses(aws, holder) == {"ky": None, "ne": None}
    assert bus.of("privilege.encumbrance") == []


def test_an_event_naming_an_unknown_encumbrance_fails_its_message_alone(aws, bus, holder, lambda_context):
    assert call(LICENSE, holder, "oh", OHIO_ADMIN)[0] == 200
    [placed] = bus.of("license.encumbrance")
    stray = {**placed, "adverseActionId": "0b6f2b7e-1d1c-4a53-9a67-3d3b3c1f4f11"}

    failed = deliver(
        cascade_listeners.on_license_encumbrance,
        lambda_context,
        ("license.encumbrance", stray),
        ("license.encumbrance", placed),
    )

    assert failed == ["message-0"]
    assert statuses(aws, holder) == {"ky": HELD, "ne": HELD}


def test_a_deactivated_license_marks_its_privileges_once(aws, bus, holder, lambda_context):
    detail = {
        "eventTime": "2026-03-01T12:00:00+00:00",
        "compact": "aslp",
        "jurisdiction": "oh",
        "providerId": holder.provider_id,
        "licenseType": "speech-language pathologist",
        "licenseTypeAbbreviation": "slp",
    }
    for _ in range(2):
        assert deliver(DEACTIVATED, lambda_context, ("license.deactivation", detail)) == []

    found = records(aws, holder)
    assert {p.jurisdiction: p.license_deactivated_status for p in found.privileges} == {
        "ky": "licenseDeactivated",
        "ne": "licenseDeactivated",
    }
    assert sorted(u.update_type for u in found.privilege_updates) == ["licenseDeactivation"] * 2
    assert bus.events == []  # no event, no email (spec §7.1)


def test_a_license_with_more_privileges_than_one_change_takes_is_followed_by_all(
    aws, bus, lambda_context, monkeypatch
):
    """A transaction takes 100 items (40 privileges a change); here 5 a change, for every member state."""
    monkeypatch.setattr(cascade_listeners, "PRIVILEGES_PER_CHANGE", 5)
    hold(aws["users"], OHIO_ADMIN)
    states = sorted(set(known_compact("aslp").active_jurisdictions) - {"oh"})
    provider = make_provider(privilege_jurisdictions=set(states))
    privileges = [make_privilege(provider, state, n) for n, state in enumerate(states, start=1)]
    put(aws["provider"], provider, make_license(provider), *privileges)

    encumber_ohio_license(aws, bus, provider, lambda_context)

    assert set(statuses(aws, provider).values()) == {HELD}
    assert len(bus.of("privilege.encumbrance")) == history_count(aws, provider) == len(states) > 10
