"""The rollback's rules on plain records: which providers a revert of Ohio's uploads of 10 March may touch
and why not, and what a revert writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.keys import license_upload_date_gsi_window
from core.models.base import Record
from core.models.enums import (
    ActiveInactiveStatus,
    LicenseDeactivatedStatus,
    LicenseEncumberedStatus,
    UpdateCategory,
)
from core.models.history import ProviderUpdate
from core.models.provider_records import ProviderRecords
from core.repositories.providers import GuardedDelete, GuardedPut
from disaster_recovery.models import SkippedProvider
from disaster_recovery.revert_plan import NO_LICENSE_LEFT, NOTHING_LEFT, TOO_LARGE, RevertPlan, plan_revert
from disaster_recovery.revert_review import Window, review
from tests.records import (
    make_adverse_action,
    make_license,
    make_license_update,
    make_privilege,
    make_privilege_update,
    make_provider,
)

START = datetime(2026, 3, 10, tzinfo=UTC)
UPLOADED = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
END = datetime(2026, 3, 10, 23, 59, 59, tzinfo=UTC)
LATER = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
BEFORE = datetime(2025, 6, 1, tzinfo=UTC)
WINDOW = Window("aslp", "oh", START, END)


def records(*items: Record) -> ProviderRecords:
    return ProviderRecords.from_items(item.to_item(stamp=False) for item in items)


def changed_by_upload(**changes: Any):
    """A provider whose Ohio license (from 2025) the upload changed: the license as it is now, its history
    record, and the license as it was."""
    provider = make_provider()
    before = make_license(provider, date_of_update=BEFORE)
    after = before.model_copy(update={**changes, "date_of_update": UPLOADED})
    update = make_license_update(before, UpdateCategory.OTHER, UPLOADED, updated_values={"x": 1})
    return provider, before, after, update


def deactivated_with_privileges():
    """A provider whose Ohio license the upload deactivated, and whose two privileges the cascade marked."""
    provider = make_provider(privilege_jurisdictions={"ky", "ne"})
    before = make_license(provider, date_of_update=BEFORE)
    after = before.model_copy(
        update={
            "jurisdiction_uploaded_license_status": ActiveInactiveStatus.INACTIVE,
            "date_of_update": UPLOADED,
        }
    )
    deactivation = make_license_update(before, UpdateCategory.DEACTIVATION, UPLOADED)
    cascade = UPLOADED + timedelta(seconds=5)
    privileges, history = [], []
    for number, state in enumerate(("ky", "ne"), start=1):
        active = make_privilege(provider, state, number)
        history.append(make_privilege_update(active, UpdateCategory.LICENSE_DEACTIVATION, cascade))
        privileges.append(
            active.model_copy(
                update={
                    "license_deactivated_status": LicenseDeactivatedStatus.LICENSE_DEACTIVATED,
                    "date_of_update": cascade,
                }
            )
        )
    return provider, before, after, deactivation, privileges, history


def reasons(outcome: object) -> list[tuple[str, str]]:
    assert isinstance(outcome, SkippedProvider), outcome
    return [(change.record_type, change.type_of_update) for change in outcome.ineligible_updates]


def plan_of(*items: Record) -> RevertPlan:
    provider_id = next(item for item in items).provider_id  # type: ignore[attr-defined]
    plan = plan_revert(records(*items), WINDOW, provider_id)
    assert isinstance(plan, RevertPlan), plan
    return plan


# ---- what a revert writes ------------------------------------------------------------------------------


def test_a_changed_license_is_put_back_as_it_was_and_its_history_deleted():
    provider, before, after, update = changed_by_upload(home_address_city="Dayton", given_name="Adele")
    provider_now = provider.model_copy(update={"given_name": "Adele", "date_of_update": UPLOADED})

    plan = plan_of(provider_now, after, update)

    [restore] = plan.early
    assert isinstance(restore, GuardedPut) and not restore.stamp and restore.read == after
    assert restore.record.to_item(stamp=False) == before.to_item(stamp=False)  # dateOfUpdate too
    deletes = [w for w in plan.final if isinstance(w, GuardedDelete)]
    assert [(d.record.sk, d.guard) for d in deletes] == [(update.sk, False)]
    [provider_put] = [w for w in plan.final if isinstance(w, GuardedPut)]
    assert provider_put.record.given_name == "Ada" and provider_put.read == provider_now
    assert plan.summary.model_dump(by_alias=True) == {
        "providerId": provider.provider_id,
        "licensesReverted": [
            {"jurisdiction": "oh", "licenseType": "speech-language pathologist", "action": "REVERT"}
        ],
        "privilegesReverted": [],
        "updatesDeleted": [update.sk],
        "providerRecord": "UPDATED",
    }
    assert plan.transactions() == [plan.early + plan.final]


def test_the_earliest_change_in_the_window_is_what_the_license_goes_back_to():
    provider, before, after, first = changed_by_upload(home_address_city="Akron")
    middle = before.model_copy(update={"home_address_city": "Toledo"})
    second = make_license_update(middle, UpdateCategory.OTHER, UPLOADED + timedelta(hours=3))

    plan = plan_of(provider, after, second, first)

    assert plan.early[0].record.home_address_city == "Columbus"
    assert set(plan.summary.updates_deleted) == {first.sk, second.sk}


def test_a_license_the_upload_created_is_deleted_with_the_provider_it_created():
    provider = make_provider(date_of_update=UPLOADED)
    created = make_license(provider, first_upload_date=UPLOADED, date_of_update=UPLOADED)

    plan = plan_of(provider, created)

    assert plan.early == []
    assert [(type(w).__name__, w.record.sk, w.guard) for w in plan.final] == [
        ("GuardedDelete", created.sk, True),
        ("GuardedDelete", provider.sk, True),
    ]
    assert plan.summary.provider_record == "DELETED"
    assert plan.summary.licenses_reverted[0].action == "DELETE"


def test_a_new_license_beside_an_older_one_goes_and_the_provider_follows_the_older():
    provider = make_provider(
        license_jurisdiction="oh", current_home_jurisdiction="ky", date_of_update=UPLOADED
    )
    kentucky = make_license(
        provider, jurisdiction="ky", given_name="Kay", date_of_update=START - timedelta(days=30)
    )
    ohio = make_license(provider, first_upload_date=UPLOADED, date_of_update=UPLOADED)

    plan = plan_of(provider, kentucky, ohio)

    [rebuilt] = [w for w in plan.final if isinstance(w, GuardedPut)]
    assert (rebuilt.record.license_jurisdiction, rebuilt.record.given_name) == ("ky", "Kay")
    assert GuardedDelete(ohio) in plan.final


def test_privileges_the_deactivation_cascade_marked_are_reactivated_as_they_were():
    provider, _, after, deactivation, privileges, history = deactivated_with_privileges()

    plan = plan_of(provider, after, deactivation, *privileges, *history)

    restored = {w.record.jurisdiction: w.record for w in plan.early if w.record.record_type == "privilege"}
    assert set(restored) == {"ky", "ne"}
    for state, number in (("ky", 1), ("ne", 2)):
        assert restored[state].to_item(stamp=False) == make_privilege(provider, state, number).to_item(
            stamp=False
        )
    assert {(r.jurisdiction, r.action) for r in plan.summary.privileges_reverted} == {
        ("ky", "REACTIVATED"),
        ("ne", "REACTIVATED"),
    }
    assert set(plan.summary.updates_deleted) == {deactivation.sk, *(h.sk for h in history)}


def test_a_provider_reverted_already_has_nothing_left():
    provider = make_provider()
    license = make_license(provider, date_of_update=BEFORE)
    outcome = plan_revert(records(provider, license), WINDOW, provider.provider_id)

    assert isinstance(outcome, SkippedProvider) and outcome.reason == NOTHING_LEFT


def test_restores_written_by_a_run_that_stopped_are_not_written_again():
    provider, before, _, update = changed_by_upload(home_address_city="Dayton")

    plan = plan_of(provider, before, update)  # the license is back; its history is still there

    assert plan.early == [] and plan.summary.updates_deleted == [update.sk]


def test_a_revert_too_big_for_one_transaction_restores_first_and_deletes_last():
    provider, _, after, deactivation, _, _ = deactivated_with_privileges()
    cascade = UPLOADED + timedelta(seconds=5)
    privileges, history = [], []
    for number in range(60):
        active = make_privilege(provider, "ky", number, license_type_abbreviation="slp")
        active = active.model_copy(update={"jurisdiction": f"k{number}"})  # sixty states, for the count
        history.append(make_privilege_update(active, UpdateCategory.LICENSE_DEACTIVATION, cascade))
        privileges.append(
            active.model_copy(
                update={"license_deactivated_status": LicenseDeactivatedStatus.LICENSE_DEACTIVATED}
            )
        )

    plan = plan_of(provider, after, deactivation, *privileges, *history)

    transactions = plan.transactions()
    assert [len(t) for t in transactions] == [61, 62]  # restores; then deletions and the provider record
    assert all(isinstance(w, GuardedPut) for w in transactions[0])
    assert transactions[1] == plan.final
    assert [type(w).__name__ for w in plan.final] == ["GuardedDelete"] * 61 + ["GuardedPut"]


def test_a_revert_whose_deletions_outgrow_a_transaction_is_left_to_a_person():
    provider, _, after, deactivation, _, _ = deactivated_with_privileges()
    cascade = UPLOADED + timedelta(seconds=5)
    items: list[Record] = []
    for number in range(99):
        active = make_privilege(provider, "ky", number).model_copy(update={"jurisdiction": f"k{number}"})
        items += [
            active.model_copy(
                update={"license_deactivated_status": LicenseDeactivatedStatus.LICENSE_DEACTIVATED}
            ),
            make_privilege_update(active, UpdateCategory.LICENSE_DEACTIVATION, cascade),
        ]

    outcome = plan_revert(records(provider, after, deactivation, *items), WINDOW, provider.provider_id)

    assert isinstance(outcome, SkippedProvider) and outcome.reason == TOO_LARGE


# ---- who is left alone, and why ---------------------------------------------------------------------------


def test_an_encumbrance_after_the_upload_keeps_the_provider_back():
    provider, _, after, update = changed_by_upload(home_address_city="Dayton")
    encumbered = after.model_copy(
        update={"encumbered_status": LicenseEncumberedStatus.ENCUMBERED, "date_of_update": LATER}
    )
    encumbrance = make_license_update(after, UpdateCategory.ENCUMBRANCE, LATER)
    action = make_adverse_action(after, date_of_update=LATER)

    assert reasons(
        plan_revert(records(provider, encumbered, update, encumbrance, action), WINDOW, provider.provider_id)
    ) == [
        ("licenseUpdate", "encumbrance"),
        ("license", "Written"),
        ("adverseAction", "Written"),
    ]


def test_a_later_upload_and_another_states_upload_keep_the_provider_back():
    provider, _, after, update = changed_by_upload(home_address_city="Dayton")
    again = make_license_update(after, UpdateCategory.RENEWAL, LATER)
    kentucky = make_license(provider, jurisdiction="ky", first_upload_date=LATER, date_of_update=LATER)

    found = review(
        records(provider, after.model_copy(update={"date_of_update": LATER}), update, again, kentucky), WINDOW
    )

    assert [(c.record_type, c.type_of_update, c.license_type) for c in found.left_alone] == [
        ("licenseUpdate", "renewal", "speech-language pathologist"),
        ("license", "Written", "speech-language pathologist"),
        ("license", "Created", "speech-language pathologist"),
    ]
    assert "ky license first uploaded" in found.left_alone[2].reason


def test_purchases_renewals_and_provider_changes_since_the_start_keep_the_provider_back():
    provider, _, after, update = changed_by_upload(home_address_city="Dayton")
    bought = make_privilege(
        provider, "ky", 1, date_of_issuance=LATER, date_of_renewal=LATER, date_of_update=LATER
    )
    renewed = make_privilege(provider, "ne", 2, date_of_renewal=LATER, date_of_update=LATER)
    registration = ProviderUpdate(
        provider_id=provider.provider_id,
        compact="aslp",
        update_type=UpdateCategory.REGISTRATION,
        previous=provider.history_snapshot(),
        create_date=LATER,
    )

    assert set(
        reasons(
            plan_revert(
                records(provider, after, update, bought, renewed, registration), WINDOW, provider.provider_id
            )
        )
    ) == {
        ("providerUpdate", "registration"),
        ("privilege", "issuance"),
        ("privilege", "renewal"),
    }


def test_orphaned_history_keeps_the_provider_back():
    provider, _, after, update = changed_by_upload()
    lost = make_license_update(
        make_license(provider, jurisdiction="ne"), UpdateCategory.OTHER, START - timedelta(days=99)
    )

    assert reasons(plan_revert(records(provider, after, update, lost), WINDOW, provider.provider_id)) == [
        ("licenseUpdate", "Orphaned")
    ]


def test_a_privilege_marked_without_a_deactivation_in_the_window_or_after_it_keeps_the_provider_back():
    provider, before, after, _, privileges, history = deactivated_with_privileges()
    address_only = make_license_update(before, UpdateCategory.OTHER, UPLOADED)

    assert reasons(
        plan_revert(
            records(provider, after, address_only, *privileges, *history), WINDOW, provider.provider_id
        )
    ) == [
        ("privilegeUpdate", "licenseDeactivation"),
        ("privilegeUpdate", "licenseDeactivation"),
    ]

    _, _, _, deactivation, _, _ = deactivated_with_privileges()
    late = [h.model_copy(update={"create_date": END + timedelta(seconds=1)}) for h in history]
    assert (
        len(
            reasons(
                plan_revert(
                    records(provider, after, deactivation, *privileges, *late), WINDOW, provider.provider_id
                )
            )
        )
        == 2
    )


def test_records_that_cannot_be_read_keep_the_provider_back():
    provider, _, after, update = changed_by_upload()
    broken = {**make_privilege(provider, "ky").to_item(stamp=False), "dateOfExpiration": "soon"}
    items = [provider.to_item(stamp=False), after.to_item(stamp=False), update.to_item(stamp=False), broken]

    outcome = plan_revert(ProviderRecords.from_items(items), WINDOW, provider.provider_id)

    assert reasons(outcome) == [("privilege", "Unreadable")]


def test_a_revert_that_would_leave_records_without_a_license_is_left_to_a_person():
    provider = make_provider(date_of_update=UPLOADED)
    created = make_license(provider, first_upload_date=UPLOADED, date_of_update=UPLOADED)
    older = make_privilege(provider, "ky", 1)

    outcome = plan_revert(records(provider, created, older), WINDOW, provider.provider_id)

    assert isinstance(outcome, SkippedProvider) and outcome.reason == NO_LICENSE_LEFT


@pytest.mark.parametrize(
    "moment, holds",
    [(START, True), (END, True), (START - timedelta(seconds=1), False), (END + timedelta(seconds=1), False)],
)
def test_the_window_holds_both_its_ends(moment, holds):
    assert WINDOW.holds(moment) is holds


def test_the_upload_index_is_read_month_by_month_even_when_the_window_starts_later_in_the_day():
    start, end = datetime(2025, 12, 31, 21, 9, 55, tzinfo=UTC), datetime(2026, 1, 2, 12, 0, tzinfo=UTC)

    assert license_upload_date_gsi_window("aslp", "oh", start, end) == [
        ("C#aslp#J#oh#D#2025-12", f"TIME#{int(start.timestamp())}#", f"TIME#{int(end.timestamp())}#~"),
        ("C#aslp#J#oh#D#2026-01", f"TIME#{int(start.timestamp())}#", f"TIME#{int(end.timestamp())}#~"),
    ]
