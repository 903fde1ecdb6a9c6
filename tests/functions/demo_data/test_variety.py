"""Demo data shows every case worth showing: a mix of statuses as of today, privileges where the
compact is live, and a sample provider per case."""

from __future__ import annotations

import json
from collections import Counter

from core import keys
from core.models.enums import (
    ActiveInactiveStatus,
    CompactEligibilityStatus,
    LicenseEncumberedStatus,
    UpdateCategory,
)
from core.status import (
    license_compact_eligibility,
    license_status,
    privilege_active_since,
    privilege_status,
    provider_compact_eligibility,
)
from ops.demo_data.profiles import SHOWCASE, STAFF_CASES, STAFF_HOME
from tests.functions.demo_data.conftest import (
    TODAY,
)


def test_there_is_a_mix_of_statuses_as_of_today(demo):
    found: Counter[str] = Counter()
    updates: Counter[str] = Counter()
    for records in demo.records.values():
        provider = records.provider
        found[f"provider {provider_compact_eligibility(provider, TODAY)}"] += 1
        found["registered" if provider.compact_connect_registered_email_address else "unregistered"] += 1
        found[f"home {'unknown' if provider.current_home_jurisdiction == 'unknown' else 'set'}"] += 1
        for lic in records.licenses:
            found[f"license {license_status(lic, TODAY)} {license_compact_eligibility(lic, TODAY)}"] += 1
            found["license expired" if lic.date_of_expiration < TODAY else "license unexpired"] += 1
        for privilege in records.privileges:
            found[f"privilege {privilege_status(privilege, TODAY)}"] += 1
            found["privilege expired" if privilege.date_of_expiration < TODAY else "privilege unexpired"] += 1
            found[f"privilege {privilege.administrator_set_status}"] += 1
            found[f"privilege {privilege.encumbered_status}"] += 1
            since = privilege_active_since(privilege, records.privilege_updates, TODAY)
            if since is not None and since > privilege.date_of_issuance:
                found["privilege active since a renewal after a lapse"] += 1
        found.update(f"lifted {action.is_lifted}" for action in records.adverse_actions)
        found.update(f"investigation open {i.is_open}" for i in records.investigations)
        found.update(f"military {m.status}" for m in records.military_affiliations)
        updates.update(str(u.update_type) for u in [*records.license_updates, *records.privilege_updates,
                                                     *records.provider_updates])  # fmt: skip

    assert {
        f"provider {CompactEligibilityStatus.ELIGIBLE}", f"provider {CompactEligibilityStatus.INELIGIBLE}",
        "registered", "unregistered", "home unknown", "home set",
        "license active eligible", "license active ineligible", "license inactive ineligible",
        "license expired", "license unexpired",
        f"privilege {ActiveInactiveStatus.ACTIVE}", f"privilege {ActiveInactiveStatus.INACTIVE}",
        "privilege expired", "privilege inactive",
        "privilege encumbered", "privilege licenseEncumbered", "privilege unencumbered",
        "privilege active since a renewal after a lapse",
        "lifted True", "lifted False", "investigation open True", "investigation open False",
        "military active",
    } <= set(found), found  # fmt: skip
    assert {
        UpdateCategory.RENEWAL, UpdateCategory.DEACTIVATION, UpdateCategory.OTHER,
        UpdateCategory.ENCUMBRANCE, UpdateCategory.LIFTING_ENCUMBRANCE,
        UpdateCategory.INVESTIGATION, UpdateCategory.CLOSING_INVESTIGATION,
        UpdateCategory.REGISTRATION, UpdateCategory.MILITARY_FILE_UPLOAD, UpdateCategory.MILITARY_AUDIT,
        UpdateCategory.HOME_JURISDICTION_CHANGE, UpdateCategory.LICENSE_DEACTIVATION,
    } <= set(updates), updates  # fmt: skip


def test_privileges_are_mostly_in_live_jurisdictions_and_numbered_by_the_counter(demo):
    configuration = demo.live
    privileges = [p for r in demo.records.values() for p in r.privileges]
    in_live = sum(p.jurisdiction in configuration[p.compact] for p in privileges)
    assert in_live >= 0.7 * len(privileges)
    for compact in configuration:
        numbers = sorted(int(p.privilege_id.rsplit("-", 1)[1]) for p in privileges if p.compact == compact)
        [counter] = demo.items[keys.privilege_count_key(compact)]
        assert numbers == list(range(1, len(numbers) + 1)) and counter["privilegeCount"] == len(numbers)


def test_samples_name_a_provider_of_each_case_per_compact(demo):
    seeded = demo.summary
    providers = {r.provider.provider_id: r for r in demo.records.values()}
    for compact, samples in seeded.samples.items():
        assert set(samples) == set(SHOWCASE)
        assert all(providers[provider_id].provider.compact == compact for provider_id in samples.values())
    encumbered = providers[seeded.samples["aslp"]["encumberedPrivilege"]]
    assert encumbered.provider.encumbered_status == LicenseEncumberedStatus.ENCUMBERED
    assert providers[seeded.samples["octp"]["militaryAffiliation"]].military_affiliations
    assert providers[seeded.samples["coun"]["unregistered"]].provider.current_home_jurisdiction == "unknown"
    assert "providers" in seeded.line() and json.dumps(seeded.as_manifest())


def test_the_staff_cases_are_homed_where_the_sandbox_personas_administer(demo):
    """Ohio's admin persona can act on the showcase's encumbered license (its privileges following it)
    and on licenses under investigation or holding privileges; the compact admin on their privileges."""
    for compact, samples in demo.summary.samples.items():
        for case in STAFF_CASES:
            records = demo.records[keys.provider_pk(compact, samples[case])]
            assert records.provider.license_jurisdiction == STAFF_HOME, (compact, case)
        encumbered = demo.records[keys.provider_pk(compact, samples["encumberedLicense"])]
        [home] = [lic for lic in encumbered.licenses if lic.jurisdiction == STAFF_HOME]
        assert home.encumbered_status == "encumbered"
        following = encumbered.privileges_on_license(STAFF_HOME, home.license_type_abbreviation)
        assert following and all(p.encumbered_status == "licenseEncumbered" for p in following)
