"""`scripts/seed_demo_data` against moto: what it writes is what the real flows would have written."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import boto3
import pytest
from moto import mock_aws

from catalog import ALL_TABLES
from components.config import Environment
from core import keys
from core.buckets import PROVIDER_USERS
from core.clock import frozen_time
from core.models.base import Record
from core.models.enums import (
    ActiveInactiveStatus,
    CompactEligibilityStatus,
    InvestigationStatus,
    LicenseEncumberedStatus,
    MilitaryAffiliationStatus,
    PrivilegeEncumberedStatus,
    UpdateCategory,
)
from core.models.privilege import PrivilegeCounter
from core.models.provider_records import RECORD_MODELS, ProviderRecords
from core.repositories.ssn import SsnRepository
from core.status import (
    find_best_license,
    license_compact_eligibility,
    license_status,
    privilege_active_since,
    privilege_status,
    provider_compact_eligibility,
)
from ops import seed_demo_data as seeding
from ops.demo_data import DemoDataError, DemoSummary, seed_demo_data
from ops.demo_data.compacts import ALWAYS_ATTESTED
from ops.demo_data.profiles import SHOWCASE
from sandbox.provision import table_definition
from sandbox.seed import seed_demo_configuration

NOW = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)
TODAY = NOW.date()
PROVIDERS = 3 * len(SHOWCASE)  # every showcase case in every compact, and nothing more: keeps it fast
MIRRORED = (
    "licenseJurisdiction",
    "jurisdictionUploadedLicenseStatus",
    "jurisdictionUploadedCompactEligibility",
    "ssnLastFour",
    "npi",
    "givenName",
    "middleName",
    "familyName",
    "suffix",
    "dateOfExpiration",
    "dateOfBirth",
)


@dataclass
class Demo:
    """What a seeding left in the emulator, read back before the emulator closed."""

    summary: DemoSummary
    items: dict[str, list[dict[str, Any]]]  # provider table, by partition key
    records: dict[str, ProviderRecords]  # the provider partitions, loaded
    ssn_of: dict[str, str | None]  # provider id -> SSN, read through ssnIndex
    id_of: dict[tuple[str, str], str]  # (compact, SSN) -> provider id, as ingest would resolve it
    live: dict[str, set[str]]  # compact -> its live jurisdictions
    documents: dict[str, bytes]  # provider-users bucket


def create_tables(prefix: str) -> dict[str, Any]:
    """Every catalog table, each named after ``prefix`` (even the fixed-name SSN table, so that a test can
    have two sets)."""
    client = boto3.client("dynamodb")
    tables = {}
    for spec in ALL_TABLES:
        name = f"{prefix}-{spec.resource_name}"
        client.create_table(**table_definition(spec, name))
        tables[spec.key] = boto3.resource("dynamodb").Table(name)
    return tables


@pytest.fixture(scope="module")
def demo(local_config) -> Iterator[Demo]:
    """One seeded emulator for the tests that only read (seeding takes a second); set up as the ``aws``
    fixture does."""
    with pytest.MonkeyPatch.context() as patch:
        for variable in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
            patch.delenv(variable, raising=False)
        for variable, value in (("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_ACCESS_KEY_ID", "testing"),
                                ("AWS_SECRET_ACCESS_KEY", "testing")):  # fmt: skip
            patch.setenv(variable, value)
        with mock_aws():
            tables = create_tables("cc-demo")
            bucket = boto3.resource("s3").create_bucket(Bucket="cc-demo-provider-users")
            seed_demo_configuration(local_config, tables["compact_configuration"].name)
            with frozen_time(NOW):
                summary = seed_demo_data(
                    tables, {PROVIDER_USERS.key: bucket}, local_config, providers=PROVIDERS
                )
            items = partitions(tables["provider"])
            records = provider_partitions(items)
            ssns = SsnRepository(tables["ssn"])
            providers = [r.provider for r in records.values() if r.provider is not None]
            ssn_of = {p.provider_id: ssns.ssn_of_provider(p.compact, p.provider_id) for p in providers}
            id_of = {
                (p.compact, ssn): ssns.get_or_create_provider_id(p.compact, ssn)
                for p in providers
                if (ssn := ssn_of[p.provider_id])
            }
            live = {
                item["compactAbbr"]: {
                    s["postalAbbreviation"] for s in item["configuredStates"] if s["isLive"]
                }
                for item in tables["compact_configuration"].scan()["Items"]
                if item.get("type") == "compact"
            }
            documents = {o.key: o.get()["Body"].read() for o in bucket.objects.all()}
    yield Demo(summary, items, records, ssn_of, id_of, live, documents)


@pytest.fixture
def bucket(aws):
    return boto3.resource("s3").create_bucket(Bucket="cc-test-provider-users")


def partitions(table: Any) -> dict[str, list[dict[str, Any]]]:
    by_pk: dict[str, list[dict[str, Any]]] = defaultdict(list)
    scan: dict[str, Any] = {}
    while True:
        page = table.scan(**scan)
        for item in page["Items"]:
            by_pk[item["pk"]].append(item)
        if "LastEvaluatedKey" not in page:
            return dict(by_pk)
        scan["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def provider_partitions(table_or_items: Any) -> dict[str, ProviderRecords]:
    """Every provider's partition, loaded (the emulator scans slowly: pass items already scanned)."""
    by_pk = table_or_items if isinstance(table_or_items, dict) else partitions(table_or_items)
    return {
        pk: ProviderRecords.from_items(items)
        for pk, items in by_pk.items()
        if not pk.endswith(keys.privilege_count_key(""))
    }


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


def canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: canonical(item) for key, item in value.items()}
    if isinstance(value, set | list):
        items = [canonical(item) for item in value]
        return sorted(items) if isinstance(value, set) else items
    return str(value) if isinstance(value, Decimal) else value


def anonymised(tables: dict[str, Any]) -> list[str]:
    """The provider table's items, each provider id replaced by the person's SSN (and so the history sort
    keys' hashes, which hash the provider id, blanked)."""
    ssns = SsnRepository(tables["ssn"])
    items = [item for items in partitions(tables["provider"]).values() for item in items]
    owners = {item["providerId"]: item["compact"] for item in items if "providerId" in item}
    people = {
        provider_id: ssns.ssn_of_provider(compact, provider_id) or "?"
        for provider_id, compact in owners.items()
    }
    lines = []
    for item in items:
        line = json.dumps(canonical(item), sort_keys=True)
        for provider_id, ssn in people.items():
            line = line.replace(provider_id, ssn)
        lines.append(re.sub(r"/[0-9a-f]{32}", "/<hash>", line))
    return sorted(lines)


def test_the_same_seed_on_the_same_day_gives_the_same_data(aws, bucket, local_config):
    other = create_tables("cc-other")
    for tables in (aws, other):
        seed_demo_configuration(local_config, tables["compact_configuration"].name)
        with frozen_time(NOW):
            seed_demo_data(tables, {PROVIDER_USERS.key: bucket}, local_config, providers=12, seed=99)

    assert anonymised(aws) == anonymised(other)
    ids = {
        item["providerId"]
        for items in partitions(aws["provider"]).values()
        for item in items
        if "providerId" in item
    }
    assert len(ids) == 12  # provider ids themselves come from each SSN table


def test_a_seed_already_there_is_refused_and_another_adds_providers(aws, bucket, local_config):
    buckets = {PROVIDER_USERS.key: bucket}
    with frozen_time(NOW):
        first = seed_demo_data(aws, buckets, local_config, providers=6, seed=1)
        with pytest.raises(DemoDataError, match="already there"):
            seed_demo_data(aws, buckets, local_config, providers=6, seed=1)
        seed_demo_data(aws, buckets, local_config, providers=6, seed=2)

    seeded = provider_partitions(aws["provider"])
    assert len(seeded) == 12
    privilege_ids = [p.privilege_id for r in seeded.values() for p in r.privileges]
    assert len(privilege_ids) == len(set(privilege_ids)) > first.counts["privilege"]


def test_demo_data_is_refused_for_shared_environments(aws, bucket, local_config):
    prod = local_config.model_copy(update={"environment_name": Environment.PROD})

    with pytest.raises(DemoDataError, match="not the prod environment"):
        seed_demo_data(aws, {PROVIDER_USERS.key: bucket}, prod, providers=3)
    assert aws["provider"].scan()["Items"] == [] and aws["ssn"].scan()["Items"] == []


@pytest.mark.parametrize("endpoint", ["https://dynamodb.us-east-1.amazonaws.com", "http://10.0.0.5:5050"])
def test_the_command_refuses_anything_but_a_local_sandbox(tmp_path, capsys, endpoint):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"region": "us-east-1", "awsEndpoint": endpoint, "environment": "local",
                                    "tables": {}, "buckets": {}}))  # fmt: skip

    assert seeding.main(["--manifest", str(manifest)]) == 1
    assert "only a local sandbox" in capsys.readouterr().err


def test_the_command_needs_a_running_sandbox(tmp_path, capsys):
    assert seeding.main(["--manifest", str(tmp_path / "absent.json")]) == 1
    assert "start scripts/sandbox first" in capsys.readouterr().err


def test_records_are_written_unstamped_so_dates_are_relative_to_today(demo):
    """Nothing was stamped with the wall clock: every record changed before the frozen now."""
    for records in demo.records.values():
        every: list[Record] = [
            records.provider, *records.licenses, *records.privileges, *records.license_updates,
            *records.privilege_updates, *records.provider_updates, *records.adverse_actions,
            *records.investigations, *records.military_affiliations,
        ]  # fmt: skip
        assert all(record.date_of_update < NOW for record in every)
