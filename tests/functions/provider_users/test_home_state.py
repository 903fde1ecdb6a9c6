"""The home-state move planner (spec §9.4), case by case, on plain records."""

from __future__ import annotations

from datetime import UTC, date, datetime

from core.models.history import PrivilegeUpdate, ProviderUpdate
from core.models.privilege import Privilege
from core.models.provider import Provider
from core.models.provider_records import ProviderRecords
from provider_users.home_state import plan_move
from tests.records import make_license, make_privilege, make_provider

TODAY = date(2026, 12, 6)
NOW = datetime(2026, 12, 6, 15, 0, tzinfo=UTC)
LIVE = frozenset({"oh", "ky", "ne", "al"})


def records_of(provider: Provider, *others) -> ProviderRecords:
    return ProviderRecords.from_items([provider.to_item(), *(record.to_item() for record in others)])


def written(plan) -> dict[str, object]:
    """What the plan writes, by record: privileges by jurisdiction, updates by kind."""
    return {
        "privileges": {p.record.jurisdiction: p.record for p in plan.puts if isinstance(p.record, Privilege)},
        "provider": next(p.record for p in plan.puts if isinstance(p.record, Provider)),
        "provider updates": [p.record for p in plan.puts if isinstance(p.record, ProviderUpdate)],
        "privilege updates": [p.record for p in plan.puts if isinstance(p.record, PrivilegeUpdate)],
    }


def ohio_practitioner(**license_changes):
    provider = make_provider(privilege_jurisdictions={"ne", "al"})
    ohio = make_license(provider, **license_changes)
    return provider, ohio, make_privilege(provider, "ne", 1), make_privilege(provider, "al", 2)


def test_moving_home_again_is_nothing():
    provider, ohio, ne, al = ohio_practitioner()

    assert plan_move(records_of(provider, ohio, ne, al), "oh", LIVE, TODAY, NOW) is None


def test_case_a_a_state_without_a_license_ends_every_active_privilege():
    provider, ohio, ne, al = ohio_practitioner()
    ended_before = make_privilege(provider, "ky", 3, home_jurisdiction_change_status="inactive")

    plan = plan_move(records_of(provider, ohio, ne, al, ended_before), "ne", LIVE, TODAY, NOW)

    out = written(plan)
    assert out["provider"].current_home_jurisdiction == "ne"
    assert out["provider"].license_jurisdiction == "oh"  # still mirrors the Ohio license
    assert {j: p.home_jurisdiction_change_status for j, p in out["privileges"].items()} == {
        "ne": "inactive",
        "al": "inactive",
    }  # the one an earlier move ended is not touched again
    assert [u.update_type for u in out["privilege updates"]] == ["homeJurisdictionChange"] * 2
    assert out["provider updates"][0].updated_values == {"currentHomeJurisdiction": "ne"}
    assert plan.previous_home == "oh"


def test_case_a_also_for_other_and_for_a_licensed_state_not_yet_live():
    provider, ohio, ne, al = ohio_practitioner()
    indiana = make_license(provider, jurisdiction="in")

    for new_home in ("other", "in"):
        plan = plan_move(records_of(provider, ohio, indiana, ne, al), new_home, LIVE, TODAY, NOW)
        assert {p.home_jurisdiction_change_status for p in written(plan)["privileges"].values()} == {
            "inactive"
        }


def test_case_b_privileges_move_onto_the_new_home_license():
    provider, ohio, ne, al = ohio_practitioner()
    kentucky = make_license(
        provider, jurisdiction="ky", date_of_expiration=date(2031, 3, 1), encumbered_status="encumbered"
    )

    plan = plan_move(records_of(provider, ohio, kentucky, ne, al), "ky", LIVE, TODAY, NOW)

    out = written(plan)
    assert (out["provider"].current_home_jurisdiction, out["provider"].license_jurisdiction) == ("ky", "ky")
    for privilege in out["privileges"].values():
        assert privilege.license_jurisdiction == "ky"
        assert privilege.date_of_expiration == date(2031, 3, 1)
        assert privilege.encumbered_status == "licenseEncumbered"  # the new license is encumbered
        assert privilege.home_jurisdiction_change_status is None


def test_case_b_a_privilege_in_the_new_home_state_ends():
    provider, ohio, ne, al = ohio_practitioner()
    nebraska = make_license(provider, jurisdiction="ne")

    out = written(plan_move(records_of(provider, ohio, nebraska, ne, al), "ne", LIVE, TODAY, NOW))

    assert out["privileges"]["ne"].home_jurisdiction_change_status == "inactive"
    assert out["privileges"]["al"].license_jurisdiction == "ne"


def test_case_b_no_license_of_the_type_or_an_ineligible_one_ends_those_privileges():
    provider, ohio, ne, al = ohio_practitioner()
    audiology = make_license(provider, jurisdiction="ky", license_type_abbreviation="aud")
    ineligible = make_license(
        provider, jurisdiction="ky", jurisdiction_uploaded_compact_eligibility="ineligible"
    )

    for kentucky in (audiology, ineligible):
        out = written(plan_move(records_of(provider, ohio, kentucky, ne, al), "ky", LIVE, TODAY, NOW))
        assert {p.home_jurisdiction_change_status for p in out["privileges"].values()} == {"inactive"}


def test_case_b_privileges_stay_as_they_are_when_the_old_license_cannot_vouch():
    for old_license in ({"date_of_expiration": date(2026, 1, 1)}, {"encumbered_status": "encumbered"}):
        provider, ohio, ne, al = ohio_practitioner(**old_license)
        kentucky = make_license(provider, jurisdiction="ky")

        out = written(plan_move(records_of(provider, ohio, kentucky, ne, al), "ky", LIVE, TODAY, NOW))

        assert out["privileges"] == {}
        assert out["provider"].current_home_jurisdiction == "ky"
