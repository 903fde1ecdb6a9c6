"""ProviderRepository: one query reads the whole partition into typed records; guarded writes refuse to
overwrite records that changed since they were read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from core.clock import frozen_time
from core.models.history import LicenseUpdate, ProviderUpdate
from core.models.license import License
from core.models.privilege import Privilege, PrivilegeCounter
from core.models.provider import Provider
from core.repositories.providers import ConcurrentUpdate, GuardedPut, ProviderRecords, ProviderRepository
from tests.records import PROVIDER_ID, make_adverse_action, make_investigation, make_military_affiliation

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SLP = "speech-language pathologist"


def _history(make: type[LicenseUpdate] | type[ProviderUpdate], **fields: Any) -> Any:
    base = {
        "provider_id": PROVIDER_ID,
        "compact": "aslp",
        "update_type": "other",
        "previous": {"givenName": "Ada"},
        "updated_values": {"givenName": "Ava"},
        "effective_date": NOW,
        "create_date": NOW,
    }
    return make(**{**base, **fields})


@pytest.fixture
def partition(
    aws: dict[str, Any],
    make_provider: Callable[..., Provider],
    make_license: Callable[..., License],
    make_privilege: Callable[..., Privilege],
) -> dict[str, Any]:
    """A provider with two licenses, a privilege, history, an encumbrance, an investigation, a military
    affiliation, plus items of other partitions and an unknown type that must be ignored."""
    table = aws["provider"]
    provider, oh, privilege = make_provider(privilege_jurisdictions={"ne"}), make_license(), make_privilege()
    written = {
        "provider": provider,
        "oh": oh,
        "ky": make_license(jurisdiction="ky", license_type="audiologist", license_type_abbreviation="aud"),
        "privilege": privilege,
        "license_update": _history(
            LicenseUpdate, jurisdiction="oh", license_type=SLP, license_type_abbreviation="slp"
        ),
        "provider_update": _history(ProviderUpdate, update_type="emailChange"),
        "adverse_action": make_adverse_action(
            privilege,
            adverse_action_id="9d7c1f52-0f43-4c4e-9a43-5c1b0c6b3a01",
            encumbrance_type="fine",
            clinical_privilege_action_categories=["Other"],
            effective_start_date=date(2026, 2, 1),
        ),
        "investigation": make_investigation(oh, investigation_id="1f0a7e7c-2b4d-4b8e-9a51-7d2c3e4f5a60"),
        "military": make_military_affiliation(provider, date_of_upload=NOW),
    }
    with frozen_time(NOW):
        for record in written.values():
            table.put_item(Item=record.to_item())
    table.put_item(Item=PrivilegeCounter(compact="aslp", privilege_count=12).to_item())
    table.put_item(
        Item={"pk": f"aslp#PROVIDER#{PROVIDER_ID}", "sk": "aslp#PROVIDER#future", "type": "future"}
    )
    other = make_license(provider_id="5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c")
    table.put_item(Item=other.to_item())
    return written


def test_records_sorts_the_whole_partition_into_typed_models(partition: dict[str, Any], aws) -> None:
    records = ProviderRepository(aws["provider"]).records("aslp", PROVIDER_ID, consistent=True)

    assert records.provider is not None and records.provider.privilege_jurisdictions == {"ne"}
    assert sorted(lic.jurisdiction for lic in records.licenses) == ["ky", "oh"]
    assert [priv.privilege_id for priv in records.privileges] == ["SLP-NE-12"]
    assert [type(u) for u in records.license_updates] == [LicenseUpdate]
    assert [u.update_type for u in records.provider_updates] == ["emailChange"]
    assert records.privilege_updates == []
    assert (
        len(records.adverse_actions) == len(records.investigations) == len(records.military_affiliations) == 1
    )
    assert records.unknown_types == {"future"}
    assert all(lic.provider_id == PROVIDER_ID for lic in records.licenses)


def test_records_follows_pagination(aws, make_license: Callable[..., License]) -> None:
    """Large partitions (long histories) span several pages: every page is read."""
    table = aws["provider"]
    history = [
        _history(
            LicenseUpdate,
            jurisdiction="oh",
            license_type=SLP,
            license_type_abbreviation="slp",
            updated_values={"licenseNumber": f"{index:04d}-" + "x" * 20_000},
        )
        for index in range(70)
    ]
    for record in [make_license(), *history]:
        table.put_item(Item=record.to_item())

    pages: list[int] = []
    original_query = table.query

    def counting_query(**kwargs: Any) -> dict[str, Any]:
        page = original_query(**kwargs)
        pages.append(len(page["Items"]))
        return page

    table.query = counting_query
    records = ProviderRepository(table).records("aslp", PROVIDER_ID)

    assert len(records.licenses) == 1 and len(records.license_updates) == 70
    assert len(pages) > 1  # DynamoDB (and moto) return at most 1 MB per page


def test_helpers_answer_per_license_and_jurisdiction_questions(partition: dict[str, Any], aws) -> None:
    records = ProviderRepository(aws["provider"]).records("aslp", PROVIDER_ID)

    assert records.license_for("ky", "aud") == partition["ky"].model_copy(update={"date_of_update": NOW})
    assert records.license_for("ky", "slp") is None
    assert records.privilege_for("ne", "slp") is not None
    assert [p.jurisdiction for p in records.privileges_on_license("oh", "slp")] == ["ne"]
    assert len(records.updates_of_license("oh", "slp")) == 1
    assert records.privilege_jurisdictions() == {"ne"}
    assert records.provider_jurisdictions() == {"oh", "ky", "ne"}
    with frozen_time(NOW):
        assert records.best_license() is not None and records.best_license().jurisdiction == "oh"


def test_an_unknown_provider_has_empty_records(aws) -> None:
    records = ProviderRepository(aws["provider"]).records("aslp", PROVIDER_ID)

    assert records == ProviderRecords() and records.is_empty
    assert records.provider_jurisdictions() == set() and records.best_license() is None


def test_guarded_puts_are_all_or_nothing_and_refuse_stale_reads(aws, make_license, make_provider) -> None:
    repository = ProviderRepository(aws["provider"])
    with frozen_time(NOW):
        repository.put_guarded([GuardedPut(make_license()), GuardedPut(make_provider())])
    stored = repository.records("aslp", PROVIDER_ID, consistent=True)
    assert stored.provider is not None and len(stored.licenses) == 1

    # Creating again (read=None) conflicts: someone else created them meanwhile.
    with pytest.raises(ConcurrentUpdate):
        repository.put_guarded([GuardedPut(make_license())])

    # Updating from the version read succeeds once; a second writer holding the same read conflicts.
    later = datetime(2026, 3, 2, tzinfo=UTC)
    renamed = stored.licenses[0].model_copy(update={"given_name": "Ava"})
    with frozen_time(later):
        repository.put_guarded([GuardedPut(renamed, read=stored.licenses[0])])
    with frozen_time(later), pytest.raises(ConcurrentUpdate):
        repository.put_guarded(
            [
                GuardedPut(stored.provider.model_copy(update={"given_name": "Eve"}), read=stored.provider),
                GuardedPut(renamed, read=stored.licenses[0]),
            ]
        )
    after = repository.records("aslp", PROVIDER_ID, consistent=True)
    assert after.licenses[0].given_name == "Ava"
    assert after.provider is not None and after.provider.given_name == "Ada"  # rolled back with the conflict
