"""How seeding may be run: the same seed gives the same data, a seed is not written twice, and only a
local sandbox is ever a target."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest

from components.config import Environment
from core.buckets import PROVIDER_USERS
from core.clock import frozen_time
from core.repositories.ssn import SsnRepository
from ops import seed_demo_data as seeding
from ops.demo_data import DemoDataError, seed_demo_data
from sandbox.seed import seed_demo_configuration
from tests.functions.demo_data.conftest import (
    NOW,
    create_tables,
    partitions,
    provider_partitions,
)


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
