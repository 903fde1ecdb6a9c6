"""The simplified privilege history (§6.4): deduced issuance and expirations, what each audience sees, and
that the stored snapshots and keys of update records never leak into it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from core.clock import frozen_time
from core.models.enums import ClinicalPrivilegeActionCategory, UpdateCategory
from core.models.history import PrivilegeUpdate
from core.models.privilege import Privilege
from providers.history import PrivilegeHistoryEvent, privilege_history
from tests.records import PROVIDER_ID, fixed_privilege, fixed_privilege_update

OTHER_PROVIDER_ID = "5d2c9c55-1f0e-4e8a-9a57-3a1f63f1d2aa"
ADVERSE_ACTION_ID = "7a4b2c1d-3e5f-4a6b-8c7d-9e0f1a2b3c4d"
INVESTIGATION_ID = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
TODAY = date(2026, 3, 1)

EVENT_KEYS = {"type", "updateType", "dateOfUpdate", "effectiveDate", "createDate", "note", "npdbCategories"}
HISTORY_KEYS = {"providerId", "compact", "jurisdiction", "licenseType", "privilegeId", "events"}


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 16, 0, tzinfo=UTC)


def body(privilege: Privilege, updates: list[PrivilegeUpdate], *, staff: bool = True) -> dict[str, Any]:
    return privilege_history(privilege, updates, include_npdb_categories=staff, today=TODAY).to_body()


def types(history: dict[str, Any]) -> list[str]:
    return [event["updateType"] for event in history["events"]]


def test_a_new_privilege_has_only_its_issuance() -> None:
    history = body(fixed_privilege(), [])
    assert history == {
        "providerId": PROVIDER_ID,
        "compact": "aslp",
        "jurisdiction": "ne",
        "licenseType": "speech-language pathologist",
        "privilegeId": "SLP-NE-12",
        "events": [
            {
                "type": "privilegeUpdate",
                "updateType": "issuance",
                "dateOfUpdate": "2024-02-01T15:00:00+00:00",
                "effectiveDate": "2024-02-01T15:00:00+00:00",
                "createDate": "2024-02-01T15:00:00+00:00",
            }
        ],
    }


def test_a_renewal_on_the_expiration_date_adds_no_expiration() -> None:
    renewal = fixed_privilege_update(
        previous={"dateOfExpiration": "2025-01-15"},
        # 23:59:59 on Jan 15 at UTC-04:00 (already Jan 16 in UTC): still the expiration date itself.
        updated_values={"dateOfRenewal": "2025-01-16T03:59:59+00:00"},
        create_date=datetime(2025, 1, 16, 3, 59, 59, tzinfo=UTC),
        effective_date=datetime(2025, 1, 16, 3, 59, 59, tzinfo=UTC),
        date_of_update=datetime(2025, 1, 16, 3, 59, 59, tzinfo=UTC),
    )
    history = body(fixed_privilege(), [renewal])
    assert types(history) == ["issuance", "renewal"]
    assert history["events"][1] == {
        "type": "privilegeUpdate",
        "updateType": "renewal",
        "dateOfUpdate": "2025-01-16T03:59:59+00:00",
        "effectiveDate": "2025-01-16T03:59:59+00:00",
        "createDate": "2025-01-16T03:59:59+00:00",
    }


def test_a_renewal_after_a_lapse_shows_the_expiration_first() -> None:
    renewal = fixed_privilege_update(
        previous={"dateOfExpiration": "2025-01-15"},
        updated_values={"dateOfRenewal": "2025-01-16T04:00:00+00:00"},  # 00:00 on Jan 16 at UTC-04:00
        create_date=datetime(2025, 1, 16, 4, tzinfo=UTC),
        effective_date=datetime(2025, 1, 16, 4, tzinfo=UTC),
    )
    history = body(fixed_privilege(), [renewal])
    assert types(history) == ["issuance", "expiration", "renewal"]
    assert history["events"][1] == {
        "type": "privilegeUpdate",
        "updateType": "expiration",
        "effectiveDate": "2025-01-16T03:59:59+00:00",  # 23:59:59 on the expiration date at UTC-04:00
        "createDate": "2025-01-16T04:00:00+00:00",  # 00:00 the next day at UTC-04:00
        "dateOfUpdate": "2025-01-16T04:00:00+00:00",
    }


def test_each_lapsed_renewal_gets_its_own_expiration() -> None:
    renewals = [
        fixed_privilege_update(
            previous={"dateOfExpiration": "2024-06-30"},
            updated_values={"dateOfRenewal": "2024-08-01T16:00:00+00:00"},
            create_date=_at(2024, 8, 1),
            effective_date=_at(2024, 8, 1),
        ),
        fixed_privilege_update(
            previous={"dateOfExpiration": "2025-06-30"},
            updated_values={"dateOfRenewal": "2025-06-20T16:00:00+00:00"},  # in time
            create_date=_at(2025, 6, 20),
            effective_date=_at(2025, 6, 20),
        ),
        fixed_privilege_update(
            previous={"dateOfExpiration": "2025-12-31"},
            updated_values={"dateOfRenewal": "2026-01-05T16:00:00+00:00"},
            create_date=_at(2026, 1, 5),
            effective_date=_at(2026, 1, 5),
        ),
    ]
    history = body(fixed_privilege(), renewals)
    assert types(history) == ["issuance", "expiration", "renewal", "renewal", "expiration", "renewal"]
    expirations = [
        event["effectiveDate"] for event in history["events"] if event["updateType"] == "expiration"
    ]
    assert expirations == ["2024-07-01T03:59:59+00:00", "2026-01-01T03:59:59+00:00"]


def test_a_currently_expired_privilege_ends_with_its_expiration() -> None:
    history = body(fixed_privilege(date_of_expiration=date(2026, 2, 27)), [])
    assert types(history) == ["issuance", "expiration"]
    assert history["events"][-1]["effectiveDate"] == "2026-02-28T03:59:59+00:00"
    assert history["events"][-1]["createDate"] == "2026-02-28T04:00:00+00:00"


@pytest.mark.parametrize(
    ("now", "expired"),
    [
        (datetime(2026, 2, 28, 3, 59, 59, tzinfo=UTC), False),  # Feb 27, 23:59:59 at UTC-04:00
        (datetime(2026, 2, 28, 4, 0, 0, tzinfo=UTC), True),  # Feb 28, 00:00 at UTC-04:00
    ],
)
def test_today_defaults_to_the_date_at_utc_minus_4(now: datetime, expired: bool) -> None:
    privilege = fixed_privilege(date_of_expiration=date(2026, 2, 27))
    with frozen_time(now):
        history = privilege_history(privilege, [], include_npdb_categories=True).to_body()
    assert types(history) == (["issuance", "expiration"] if expired else ["issuance"])


def test_a_privilege_expiring_today_is_not_yet_expired() -> None:
    assert types(body(fixed_privilege(date_of_expiration=TODAY), [])) == ["issuance"]


def test_deactivations_carry_their_note() -> None:
    deactivation = fixed_privilege_update(
        update_type="deactivation",
        updated_values={"administratorSetStatus": "inactive"},
        effective_date=_at(2025, 3, 1),
        create_date=_at(2025, 3, 1),
        deactivation_details={
            "note": "Practised outside scope",
            "deactivatedByStaffUserId": "staff-1",
            "deactivatedByStaffUserName": "Grace Hopper",
        },
    )
    for staff in (True, False):
        event = body(fixed_privilege(), [deactivation], staff=staff)["events"][1]
        assert event["updateType"] == "deactivation"
        assert event["note"] == "Practised outside scope"
        assert "npdbCategories" not in event
        assert "deactivatedByStaffUserName" not in str(event)


def _encumbrance(**overrides: Any) -> PrivilegeUpdate:
    fields: dict[str, Any] = {
        "update_type": "encumbrance",
        "updated_values": {"encumberedStatus": "encumbered"},
        "effective_date": _at(2025, 3, 1),
        "create_date": _at(2025, 3, 2),
        "encumbrance_details": {
            "clinicalPrivilegeActionCategories": [
                ClinicalPrivilegeActionCategory("Fraud, Deception, or Misrepresentation"),
                ClinicalPrivilegeActionCategory("Other"),
            ],
            "adverseActionId": ADVERSE_ACTION_ID,
        },
    }
    fields.update(overrides)
    return fixed_privilege_update(**fields)


def test_staff_see_the_npdb_categories_of_an_encumbrance() -> None:
    event = body(fixed_privilege(), [_encumbrance()], staff=True)["events"][1]
    assert event["updateType"] == "encumbrance"
    assert event["npdbCategories"] == ["Fraud, Deception, or Misrepresentation", "Other"]
    assert "note" not in event


def test_the_public_does_not_see_npdb_categories() -> None:
    event = body(fixed_privilege(), [_encumbrance()], staff=False)["events"][1]
    assert event["updateType"] == "encumbrance"
    assert "npdbCategories" not in event
    assert ADVERSE_ACTION_ID not in str(event)


def test_an_encumbrance_without_details_has_no_categories() -> None:
    event = body(fixed_privilege(), [_encumbrance(encumbrance_details=None)])["events"][1]
    assert "npdbCategories" not in event


def test_investigations_are_never_shown() -> None:
    details = {"investigationId": INVESTIGATION_ID}
    updates = [
        fixed_privilege_update(
            update_type="investigation",
            updated_values={"investigationStatus": "underInvestigation"},
            investigation_details=details,
            effective_date=_at(2025, 3, 1),
        ),
        fixed_privilege_update(
            update_type="closingInvestigation",
            removed_values=["investigationStatus"],
            investigation_details=details,
            effective_date=_at(2025, 4, 1),
        ),
    ]
    for staff in (True, False):
        assert types(body(fixed_privilege(), updates, staff=staff)) == ["issuance"]


def test_the_event_model_refuses_investigations() -> None:
    with pytest.raises(ValidationError):
        PrivilegeHistoryEvent(
            type="privilegeUpdate",
            update_type=UpdateCategory.INVESTIGATION,
            date_of_update="2025-01-01T00:00:00+00:00",
            effective_date="2025-01-01T00:00:00+00:00",
            create_date="2025-01-01T00:00:00+00:00",
        )


def test_events_are_ordered_by_effective_date_not_creation() -> None:
    # Staff record an encumbrance that took effect before a renewal made earlier.
    renewal = fixed_privilege_update(
        previous={"dateOfExpiration": "2027-01-15"},
        updated_values={"dateOfRenewal": "2025-05-01T16:00:00+00:00"},
        create_date=_at(2025, 5, 1),
        effective_date=_at(2025, 5, 1),
    )
    lift = fixed_privilege_update(
        update_type="lifting_encumbrance", create_date=_at(2025, 7, 1), effective_date=_at(2025, 6, 1)
    )
    encumbrance = _encumbrance(create_date=_at(2025, 6, 10), effective_date=_at(2025, 4, 1))
    history = body(fixed_privilege(date_of_expiration=date(2026, 1, 31)), [lift, renewal, encumbrance])
    assert types(history) == ["issuance", "encumbrance", "renewal", "lifting_encumbrance", "expiration"]
    effective = [event["effectiveDate"] for event in history["events"]]
    assert effective == sorted(effective)


def test_updates_of_other_privileges_are_ignored() -> None:
    others = [
        fixed_privilege_update(update_type="deactivation", jurisdiction="ky", effective_date=_at(2025, 5, 1)),
        fixed_privilege_update(
            update_type="deactivation",
            license_type="audiologist",
            license_type_abbreviation="aud",
            effective_date=_at(2025, 5, 1),
        ),
        fixed_privilege_update(
            update_type="deactivation", provider_id=OTHER_PROVIDER_ID, effective_date=_at(2025, 5, 1)
        ),
        fixed_privilege_update(update_type="deactivation", compact="octp", effective_date=_at(2025, 5, 1)),
    ]
    assert types(body(fixed_privilege(), others)) == ["issuance"]


# ---- property: nothing outside the model is ever served -------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
# Snapshot keys include the ones an update's sort key and GSI keys are made of.
_snapshot_keys = st.sampled_from(
    ["pk", "sk", "previous", "updatedValues", "removedValues", "compactTransactionIdGSIPK", "ssnLastFour"]
) | st.text(max_size=12)
_snapshots = st.dictionaries(_snapshot_keys, _json, max_size=6)
_instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))
_stored_types = st.sampled_from(
    [category for category in UpdateCategory if category not in {"issuance", "expiration"}]
)
_details = st.fixed_dictionaries(
    {
        "deactivation_details": st.none()
        | st.builds(
            dict,
            note=st.text(max_size=20),
            deactivatedByStaffUserId=st.just("staff-1"),
            deactivatedByStaffUserName=st.just("Grace Hopper"),
        ),
        "encumbrance_details": st.none()
        | st.builds(
            dict,
            clinicalPrivilegeActionCategories=st.lists(
                st.sampled_from(list(ClinicalPrivilegeActionCategory))
            ),
            adverseActionId=st.just(ADVERSE_ACTION_ID),
        ),
        "investigation_details": st.none() | st.just({"investigationId": INVESTIGATION_ID}),
    }
)


@st.composite
def _updates(draw: st.DrawFn) -> PrivilegeUpdate:
    previous = {key: value for key, value in draw(_snapshots).items() if key != "dateOfExpiration"}
    updated = {key: value for key, value in draw(_snapshots).items() if key != "dateOfRenewal"}
    if draw(st.booleans()):
        previous["dateOfExpiration"] = draw(st.dates(date(2020, 1, 1), date(2030, 12, 31))).isoformat()
    if draw(st.booleans()):
        updated["dateOfRenewal"] = draw(_instants).isoformat()
    return fixed_privilege_update(
        update_type=draw(_stored_types),
        jurisdiction=draw(st.sampled_from(["ne", "ky"])),
        previous=previous,
        updated_values=updated,
        removed_values=draw(st.none() | st.lists(st.text(max_size=8), max_size=2)),
        create_date=draw(_instants),
        effective_date=draw(_instants),
        date_of_update=draw(st.none() | _instants),
        **draw(_details),
    )


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    updates=st.lists(_updates(), max_size=6),
    expires=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    staff=st.booleans(),
)
def test_no_event_ever_holds_more_than_the_model(
    updates: list[PrivilegeUpdate], expires: date, staff: bool
) -> None:
    privilege = fixed_privilege(date_of_expiration=expires)
    history = body(privilege, updates, staff=staff)

    assert set(history) == HISTORY_KEYS
    events = history["events"]
    for event in events:
        assert set(event) <= EVENT_KEYS
        assert {"type", "updateType", "dateOfUpdate", "effectiveDate", "createDate"} <= set(event)
        assert event["type"] == "privilegeUpdate"
        assert event["updateType"] not in {"investigation", "closingInvestigation"}
        assert staff or "npdbCategories" not in event
    assert [event["updateType"] for event in events].count("issuance") == 1
    instants = [datetime.fromisoformat(event["effectiveDate"]) for event in events]
    assert instants == sorted(instants)
    shown = {"ne": 0, "ky": 0}
    for update in updates:
        if update.update_type not in {"investigation", "closingInvestigation"}:
            shown[update.jurisdiction] += 1
    synthetic = {"issuance", "expiration"}
    assert sum(event["updateType"] not in synthetic for event in events) == shown["ne"]
    expirations = {event["effectiveDate"] for event in events if event["updateType"] == "expiration"}
    if expires < TODAY:  # 23:59:59 at UTC-04:00 on the expiration date is 03:59:59 UTC the next day
        last_second = datetime.combine(expires + timedelta(days=1), time(3, 59, 59), tzinfo=UTC)
        assert last_second.isoformat() in expirations
