"""Demo data is what the real flows would have written: every record loads, every partition is one
consistent provider, and the history replays to the current records."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from typing import Any

from core.models.base import Record
from core.models.enums import (
    InvestigationStatus,
    LicenseEncumberedStatus,
    MilitaryAffiliationStatus,
    PrivilegeEncumberedStatus,
)
from core.models.privilege import PrivilegeCounter
from core.models.provider_records import RECORD_MODELS
from core.status import (
    find_best_license,
)
from ops.demo_data.compacts import ALWAYS_ATTESTED
from tests.functions.demo_data.conftest import (
    MIRRORED,
    NOW,
    PROVIDERS,
    TODAY,
)


def test_every_item_loads_back_through_its_model(demo):
    seeded = demo.summary
    items = [item for items in demo.items.values() for item in items]
    types = Counter(item.get("type", "privilegeCounter") for item in items)

    for item in items:
        if "type" not in item:
            assert PrivilegeCounter.from_item(item).privilege_count > 0
            continue
        record = RECORD_MODELS[item["type"]].from_item(item)
        assert record.to_item(stamp=False) == item  # nothing lost or invented on the way
    assert set(types) == set(RECORD_MODELS) | {"privilegeCounter"}
    assert {kind: count for kind, count in types.items() if kind in seeded.counts} == {
        kind: count for kind, count in seeded.counts.items() if kind in types
    }
    assert seeded.providers == PROVIDERS and types["provider"] == PROVIDERS


def test_each_partition_is_one_consistent_provider(demo):
    for pk, records in demo.records.items():
        provider = records.provider
        assert provider is not None and not records.unknown_types, pk
        assert records.licenses
        assert provider.privilege_jurisdictions == records.privilege_jurisdictions()
        best = find_best_license(records.licenses, provider.current_home_jurisdiction, TODAY)
        mirrored = provider.stored_fields()
        assert best is not None
        expected = {**best.stored_fields(), "licenseJurisdiction": best.jurisdiction}
        assert {name: mirrored.get(name) for name in MIRRORED} == {
            name: expected.get(name) for name in MIRRORED
        }
        ssn = demo.ssn_of[provider.provider_id]
        assert ssn is not None and ssn.endswith(provider.ssn_last_four)
        assert demo.id_of[(provider.compact, ssn)] == provider.provider_id
        if provider.compact_connect_registered_email_address is None:
            assert provider.current_home_jurisdiction == "unknown" and not records.privileges
        for privilege in records.privileges:
            home_license = records.license_for(
                privilege.license_jurisdiction, privilege.license_type_abbreviation
            )
            assert home_license is not None and privilege.jurisdiction != privilege.license_jurisdiction
            prefix = f"{privilege.license_type_abbreviation}-{privilege.jurisdiction}-".upper()
            assert re.fullmatch(rf"{prefix}\d+", privilege.privilege_id)
            attested = {attestation.attestation_id for attestation in privilege.attestations}
            assert attested >= set(ALWAYS_ATTESTED) and len(attested) == len(privilege.attestations) in (8, 9)


def test_history_replays_to_the_current_records(demo):
    """Each license's and privilege's updates chain: previous + updatedValues - removedValues is the next
    previous, and the last one gives the stored record."""
    ignored = {"dateOfUpdate"}

    def applied(update: Any) -> dict[str, Any]:
        state = {**update.previous, **update.updated_values}
        return {k: v for k, v in state.items() if k not in set(update.removed_values or ()) | ignored}

    def comparable(fields: dict[str, Any]) -> dict[str, Any]:
        return json.loads(json.dumps({k: v for k, v in fields.items() if k not in ignored}, default=str))

    for records in demo.records.values():
        owners = [(lic, records.updates_of_license(lic.jurisdiction, lic.license_type_abbreviation))
                  for lic in records.licenses]  # fmt: skip
        owners += [
            (priv, sorted((u for u in records.privilege_updates if u.jurisdiction == priv.jurisdiction
                           and u.license_type_abbreviation == priv.license_type_abbreviation),
                          key=lambda u: u.create_date))
            for priv in records.privileges
        ]  # fmt: skip
        for record, updates in owners:
            for earlier, later in itertools.pairwise(updates):
                assert comparable(applied(earlier)) == comparable(later.previous)
            if updates:
                assert comparable(applied(updates[-1])) == comparable(record.stored_fields())
                assert all(u.create_date < NOW and (u.updated_values or u.removed_values) for u in updates)


def test_encumbrances_investigations_and_military_are_consistent(demo):
    documents = set(demo.documents)
    seen_documents = set()
    for records in demo.records.values():
        provider = records.provider
        own = [*records.licenses, *records.privileges]
        encumbered = any(r.encumbered_status == LicenseEncumberedStatus.ENCUMBERED for r in own)
        assert (provider.encumbered_status == LicenseEncumberedStatus.ENCUMBERED) == encumbered
        for action in records.adverse_actions:
            target = (records.privilege_for if action.action_against == "privilege" else records.license_for)(
                action.jurisdiction, action.license_type_abbreviation
            )
            assert target is not None
            if not action.is_lifted:
                assert target.encumbered_status == LicenseEncumberedStatus.ENCUMBERED
        for privilege in records.privileges:
            if privilege.encumbered_status == PrivilegeEncumberedStatus.LICENSE_ENCUMBERED:
                home = records.license_for(
                    privilege.license_jurisdiction, privilege.license_type_abbreviation
                )
                assert home.encumbered_status == LicenseEncumberedStatus.ENCUMBERED
        for investigation in records.investigations:
            find = (
                records.privilege_for
                if investigation.investigation_against == "privilege"
                else records.license_for
            )
            target = find(investigation.jurisdiction, investigation.license_type_abbreviation)
            expected = InvestigationStatus.UNDER_INVESTIGATION if investigation.is_open else None
            assert target.investigation_status == expected
        active_military = [
            m for m in records.military_affiliations if m.status == MilitaryAffiliationStatus.ACTIVE
        ]
        assert (provider.military_status is not None) == bool(active_military)
        for affiliation in records.military_affiliations:
            prefix = f"compact/{provider.compact}/provider/{provider.provider_id}/document-type/"
            prefix += "military-affiliations/"
            assert affiliation.document_keys and all(
                key.startswith(prefix) for key in affiliation.document_keys
            )
            seen_documents.update(affiliation.document_keys)
    assert seen_documents == documents
    body = next(iter(demo.documents.values()))
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")


def test_records_are_written_unstamped_so_dates_are_relative_to_today(demo):
    """Nothing was stamped with the wall clock: every record changed before the frozen now."""
    for records in demo.records.values():
        every: list[Record] = [
            records.provider, *records.licenses, *records.privileges, *records.license_updates,
            *records.privilege_updates, *records.provider_updates, *records.adverse_actions,
            *records.investigations, *records.military_affiliations,
        ]  # fmt: skip
        assert all(record.date_of_update < NOW for record in every)
