"""One stored record no model can read is left out, reported, and never a 500 (issue #11, item 2)."""

from __future__ import annotations

import json

import pytest

from core.models.provider_records import ProviderRecords
from core.unreadable_records import UNREADABLE_RECORD_METRIC
from tests.functions.providers.conftest import get, query
from tests.records import make_license, make_privilege, make_provider, put

SECRET_LOOKING_VALUE = "not-a-date-1234"


@pytest.fixture
def provider_with_a_corrupt_privilege(aws):
    provider = make_provider(privilege_jurisdictions={"ne", "ky"})
    good, bad = make_privilege(provider, "ne"), make_privilege(provider, "ky", number=2)
    put(aws["provider"], provider, make_license(provider), good)
    corrupt = {**bad.to_item(), "dateOfExpiration": SECRET_LOOKING_VALUE}
    aws["provider"].put_item(Item=corrupt)
    return provider.provider_id, corrupt


def _metric_points(output: str, name: str) -> list[dict]:
    points = []
    for line in output.splitlines():
        if line.startswith("{") and '"_aws"' in line:
            document = json.loads(line)
            if name in document:
                points.append(document)
    return points


def test_the_provider_is_served_without_the_record(call, provider_with_a_corrupt_privilege):
    provider_id, _ = provider_with_a_corrupt_privilege

    response = get(call, provider_id)

    assert response["status"] == 200
    assert [p["jurisdiction"] for p in response["body"]["privileges"]] == ["ne"]


def test_it_is_logged_with_its_keys_and_counted_but_its_values_never_leave(
    call, provider_with_a_corrupt_privilege, capsys, caplog
):
    provider_id, corrupt = provider_with_a_corrupt_privilege

    get(call, provider_id)

    output = capsys.readouterr().out
    (point,) = _metric_points(output, UNREADABLE_RECORD_METRIC)
    assert point["service"] == "StaffProviderApi" and point[UNREADABLE_RECORD_METRIC] == [1.0]
    (log,) = [record for record in caplog.records if record.getMessage().startswith("stored record left out")]
    assert (log.pk, log.sk, log.type) == (corrupt["pk"], corrupt["sk"], "privilege")
    assert log.problems == ("dateOfExpiration: date_from_datetime_parsing",)
    assert SECRET_LOOKING_VALUE not in output + caplog.text + repr(vars(log))


def test_records_that_read_are_kept_and_the_others_listed():
    provider = make_provider()
    good = make_privilege(provider, "ne").to_item()
    bad = {**make_privilege(provider, "ky").to_item(), "privilegeId": None}

    records = ProviderRecords.from_items([provider.to_item(), good, bad])

    assert records.provider == provider.model_copy(update={"date_of_update": records.provider.date_of_update})
    assert [p.jurisdiction for p in records.privileges] == ["ne"]
    (unreadable,) = records.unreadable
    assert (unreadable.sk, unreadable.record_type) == (bad["sk"], "privilege")


def test_a_query_page_serves_the_providers_that_read(call, aws):
    readable_provider = make_provider(family_name="Able")
    corrupt_provider = make_provider(family_name="Baker")
    put(aws["provider"], readable_provider)
    aws["provider"].put_item(Item={**corrupt_provider.to_item(), "dateOfExpiration": SECRET_LOOKING_VALUE})

    response = query(call, {"query": {"jurisdiction": "oh"}})

    assert response["status"] == 200
    assert [p["providerId"] for p in response["body"]["providers"]] == [readable_provider.provider_id]
