"""Seeding: tell every demo provider's story, then write the records and documents in one pass.

Provider ids come from the SSN table, as ingest makes them, and privilege numbers from each compact's
counter, as purchases claim them; everything else is decided by the seed. A seed already in the sandbox
is refused, so running the command twice does not duplicate people.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from datetime import date
from typing import Any

from components.config import StackConfig
from core import keys
from core.buckets import PROVIDER_USERS
from core.clock import today_for_expiration
from core.repositories.ssn import SsnRepository
from core.tables import COMPACT_CONFIGURATION, PROVIDER, SSN
from ops.demo_data.compacts import Compact, load_compacts
from ops.demo_data.history import History
from ops.demo_data.profiles import Slot, profile_for, slots
from ops.demo_data.story import simulate
from ops.demo_data.summary import DemoSummary, summarise
from ops.demo_data.target import DemoDataError, check_environment
from ops.generate_mock_licenses import SsnSequence

DEFAULT_PROVIDERS = 300
DEFAULT_SEED = 2025


def seed_demo_data(
    tables: Mapping[str, Any],
    buckets: Mapping[str, Any],
    config: StackConfig,
    *,
    providers: int = DEFAULT_PROVIDERS,
    seed: int = DEFAULT_SEED,
) -> DemoSummary:
    """Write ``providers`` demo providers, spread over the config's compacts.

    ``tables`` maps catalog table keys (``provider``, ``ssn``, ``compact_configuration``) to boto3
    ``Table`` resources and ``buckets`` bucket keys (``provider_users``) to boto3 ``Bucket`` resources.
    Privileges go mostly to the jurisdictions the compact configuration marks live (all active
    jurisdictions when the compact is not configured). Refuses the stacks of shared environments, and a
    seed whose providers are already there.
    """
    check_environment(config)
    if providers < 1:
        raise DemoDataError("--providers must be at least 1")
    started = time.perf_counter()
    today = today_for_expiration()
    provider_table, ssn_table = tables[PROVIDER.key], tables[SSN.key]
    compacts = load_compacts(config, tables[COMPACT_CONFIGURATION.key], seed)
    cast = slots(compacts, providers, seed)
    sequence = SsnSequence(random.Random(seed))
    ssns = [sequence[slot.index] for slot in cast]
    _refuse_seeded(provider_table, ssn_table, cast[0], ssns[0], seed)
    provider_ids = _provider_ids(ssn_table, cast, ssns)

    histories = _build(cast, ssns, provider_ids, seed, today)
    if _claim_privilege_numbers(provider_table, compacts):  # numbers taken before us: number again
        histories = _build(cast, ssns, provider_ids, seed, today)
    _write(provider_table, buckets[PROVIDER_USERS.key], histories)

    summary = summarise(histories, cast, seed, today)
    summary.seconds = time.perf_counter() - started
    return summary


def _refuse_seeded(provider_table: Any, ssn_table: Any, first: Slot, ssn: str, seed: int) -> None:
    """Refuse a seed whose first provider is already there (its SSN gives the same id again)."""
    compact = first.compact.abbreviation
    provider_id = SsnRepository(ssn_table).get_or_create_provider_id(compact, ssn)
    existing = provider_table.get_item(
        Key={"pk": keys.provider_pk(compact, provider_id), "sk": keys.provider_sk(compact)}
    ).get("Item")
    if existing:
        raise DemoDataError(
            f"the demo providers of seed {seed} are already there (for one, {provider_id}); "
            "pass another --seed to add more"
        )


def _provider_ids(ssn_table: Any, cast: list[Slot], ssns: list[str]) -> list[str]:
    """Each person's id from the SSN table: created on first sight, as ingest does. (One call each; the
    emulator serves them one at a time anyway, so threads would not make this faster.)"""
    repository = SsnRepository(ssn_table)
    return [
        repository.get_or_create_provider_id(slot.compact.abbreviation, ssns[slot.index]) for slot in cast
    ]


def _build(
    cast: list[Slot], ssns: list[str], provider_ids: list[str], seed: int, today: date
) -> list[History]:
    """Every provider's story, each from its own ``Random`` (so one provider's draws never shift
    another's)."""
    histories = []
    for slot in cast:
        rng = random.Random(f"{seed}/{slot.compact.abbreviation}/{slot.number}")
        history = History(slot.compact, provider_ids[slot.index], ssns[slot.index], rng, today)
        simulate(history, profile_for(slot.case, rng, slot.compact, slot.showcase))
        histories.append(history)
    return histories


def _claim_privilege_numbers(provider_table: Any, compacts: list[Compact]) -> bool:
    """Claim from each compact's counter the privilege numbers its stories used, as purchases do, and
    number from there next time; whether any counter had been used before."""
    for compact in compacts:
        compact.privilege_base = _claim(provider_table, compact.abbreviation, compact.privileges_claimed)
        compact.privileges_claimed = 0
    return any(compact.privilege_base for compact in compacts)


def _claim(provider_table: Any, compact: str, count: int) -> int:
    """Claim ``count`` numbers from the compact's counter; returns the number before the first."""
    if count == 0:
        return 0
    key = keys.privilege_count_key(compact)
    response = provider_table.update_item(
        Key={"pk": key, "sk": key},
        UpdateExpression="ADD privilegeCount :count",
        ExpressionAttributeValues={":count": count},
        ReturnValues="UPDATED_NEW",
    )
    return int(response["Attributes"]["privilegeCount"]) - count


def _write(provider_table: Any, documents: Any, histories: list[History]) -> None:
    """Every record in one batch writer, then every document to the provider-users bucket."""
    with provider_table.batch_writer() as batch:
        for history in histories:
            for record in history.records():
                batch.put_item(Item=record.to_item(stamp=False))
    for history in histories:
        for document_key, body in history.documents.items():
            documents.put_object(Key=document_key, Body=body, ContentType="application/pdf")
