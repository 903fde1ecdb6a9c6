"""What placing and lifting an encumbrance writes (api_domain §7.3), as plans over a provider's records:
each rule both ways."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from adverse_actions.encumbrance import plan_encumbrance, plan_lift
from core.errors import InvalidRequest, NotFound
from core.models.adverse_action import AdverseAction
from core.models.history import LicenseUpdate, PrivilegeUpdate
from core.models.license import License
from core.models.privilege import Privilege
from core.models.provider import Provider
from core.models.provider_records import ProviderRecords
from tests.records import make_adverse_action, make_license, make_privilege, make_provider

AT = datetime(2026, 12, 7, 15, tzinfo=UTC)
START = date(2026, 12, 1)


def records(*extra) -> tuple[ProviderRecords, Provider, License, Privilege]:
    provider = make_provider()
    license_record = make_license(provider)
    privilege = make_privilege(provider, "ky")
    items = [provider, license_record, privilege, *extra]
    return (
        ProviderRecords.from_items([i.to_item(stamp=False) for i in items]),
        provider,
        license_record,
        privilege,
    )


def action(record, **changes) -> AdverseAction:
    return make_adverse_action(
        record, adverse_action_id=str(uuid.uuid4()), effective_start_date=START, **changes
    )


def written(plan, model):
    return [put.record for put in plan if isinstance(put.record, model)]


def test_encumbering_a_license_writes_the_action_its_history_the_license_and_the_provider():
    found, _, license_record, _ = records()
    placed = action(license_record, effective_lift_date=None)

    plan = plan_encumbrance(found, placed, AT)

    assert written(plan, AdverseAction) == [placed]
    [history] = written(plan, LicenseUpdate)
    assert history.update_type == "encumbrance"
    assert history.effective_date == datetime(2026, 12, 1, 16, tzinfo=UTC)  # noon at UTC-04:00
    [encumbered] = written(plan, License)
    assert encumbered.encumbered_status == "encumbered"
    [provider_after] = written(plan, Provider)
    assert provider_after.encumbered_status == "encumbered"
    assert all(put.guard for put in plan if not isinstance(put.record, LicenseUpdate))


def test_a_second_encumbrance_on_an_encumbered_privilege_changes_only_the_history():
    first_found, provider, _, privilege = records()
    held = privilege.model_copy(update={"encumbered_status": "encumbered"})
    encumbered_provider = provider.model_copy(update={"encumbered_status": "encumbered"})
    found = ProviderRecords.from_items(
        [r.to_item(stamp=False) for r in (encumbered_provider, held, *first_found.licenses)]
    )

    plan = plan_encumbrance(found, action(held, effective_lift_date=None), AT)

    [history] = written(plan, PrivilegeUpdate)
    assert history.updated_values == {} and history.encumbrance_details is not None
    assert written(plan, Privilege) == [] and written(plan, Provider) == []


def test_an_encumbrance_on_a_record_that_does_not_exist_is_a_404():
    found, *_ = records()

    with pytest.raises(NotFound, match="No privilege in ne"):
        plan_encumbrance(found, action(make_privilege(found.provider, "ne"), effective_lift_date=None), AT)


def test_lifting_the_last_encumbrance_frees_the_record_and_the_provider():
    provider = make_provider(encumbered_status="encumbered")
    license_record = make_license(provider, encumbered_status="encumbered")
    placed = action(license_record, effective_lift_date=None)
    found = ProviderRecords.from_items([r.to_item(stamp=False) for r in (provider, license_record, placed)])

    plan = plan_lift(
        found, "license", "oh", "slp", placed.adverse_action_id, date(2026, 12, 5), "staff-1", AT
    )

    [lifted] = written(plan, AdverseAction)
    assert (lifted.effective_lift_date, lifted.lifting_user) == (date(2026, 12, 5), "staff-1")
    assert written(plan, License)[0].encumbered_status == "unencumbered"
    assert written(plan, LicenseUpdate)[0].update_type == "lifting_encumbrance"
    assert written(plan, Provider)[0].encumbered_status == "unencumbered"


def test_lifting_one_of_two_encumbrances_only_lifts_the_action():
    provider = make_provider(encumbered_status="encumbered")
    license_record = make_license(provider, encumbered_status="encumbered")
    first, second = (
        action(license_record, effective_lift_date=None),
        action(license_record, effective_lift_date=None),
    )
    found = ProviderRecords.from_items(
        [r.to_item(stamp=False) for r in (provider, license_record, first, second)]
    )

    plan = plan_lift(found, "license", "oh", "slp", first.adverse_action_id, date(2026, 12, 5), "staff-1", AT)

    assert [type(put.record) for put in plan] == [AdverseAction]


def test_a_lifted_privilege_whose_home_license_is_encumbered_becomes_license_encumbered():
    provider = make_provider(encumbered_status="encumbered")
    license_record = make_license(provider, encumbered_status="encumbered")
    privilege = make_privilege(provider, "ky", encumbered_status="encumbered")
    placed = action(privilege, effective_lift_date=None)
    found = ProviderRecords.from_items(
        [r.to_item(stamp=False) for r in (provider, license_record, privilege, placed)]
    )

    plan = plan_lift(
        found, "privilege", "ky", "slp", placed.adverse_action_id, date(2026, 12, 5), "staff-1", AT
    )

    assert written(plan, Privilege)[0].encumbered_status == "licenseEncumbered"
    assert written(plan, Provider) == []  # the license still holds the provider


def test_lifting_twice_or_an_unknown_encumbrance_is_refused():
    provider = make_provider(encumbered_status="encumbered")
    license_record = make_license(provider, encumbered_status="encumbered")
    lifted = action(license_record, effective_lift_date=date(2026, 12, 2), lifting_user="staff-1")
    found = ProviderRecords.from_items([r.to_item(stamp=False) for r in (provider, license_record, lifted)])

    with pytest.raises(InvalidRequest, match="already been lifted"):
        plan_lift(found, "license", "oh", "slp", lifted.adverse_action_id, date(2026, 12, 5), "staff-1", AT)
    with pytest.raises(NotFound, match="Encumbrance not found"):
        plan_lift(found, "license", "oh", "slp", str(uuid.uuid4()), date(2026, 12, 5), "staff-1", AT)
    with pytest.raises(InvalidRequest, match="before the encumbrance's start"):
        unlifted = action(license_record, effective_lift_date=None)
        again = ProviderRecords.from_items(
            [r.to_item(stamp=False) for r in (provider, license_record, unlifted)]
        )
        plan_lift(again, "license", "oh", "slp", unlifted.adverse_action_id, date(2026, 11, 1), "staff-1", AT)
