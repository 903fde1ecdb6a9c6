"""What every staff change to a provider's records shares (encumbrances, investigations, deactivations,
military audits): the record the path names, the admin the caller must be, dates not in the future, and
the write — the change and its events in one transaction, guarded on the records read and decided again
on a conflict."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from core.api_catalog import ADMIN
from core.auth import Principal, require_compact_level_action, require_jurisdiction_action
from core.clock import now_utc_precise, today_for_expiration
from core.errors import InvalidRequest, NotFound
from core.events import EncodedEvent, EventSpec, encode
from core.lookups import license_type_abbreviated, member_jurisdiction
from core.models.enums import AdverseActionAgainst
from core.models.outbox import PendingEvents
from core.models.provider_records import ProviderRecords
from core.outbox import Outbox, entry_of
from core.repositories.providers import GuardedPut, ProviderRepository, retrying_conflicts
from core.resources import granted
from core.tables import PROVIDER, TRANSACTION_HISTORY

Planned = tuple[list[GuardedPut], list[EncodedEvent]]
"""A change's writes and the events announcing it."""


@dataclass(frozen=True)
class RecordPath:
    """The license or privilege a route's path names."""

    against: AdverseActionAgainst
    compact: str
    provider_id: str
    jurisdiction: str
    license_type: str  # its abbreviation, as in the path


def check_record_path(path: RecordPath) -> None:
    """The path names a member state and a license type of the compact (400 otherwise)."""
    member_jurisdiction(path.compact, path.jurisdiction)
    license_type_abbreviated(path.compact, path.license_type)


def require_state_admin(principal: Principal, path: RecordPath) -> str:
    """The caller's id, once they are exactly ``{jurisdiction}/{compact}.admin`` (compact admins are
    refused, as in the reference: spec §8.1) and the path names a member state and a license type of the
    compact (400 otherwise)."""
    check_record_path(path)
    require_jurisdiction_action(principal, path.compact, path.jurisdiction, ADMIN.action)
    return principal.user_id


def require_compact_admin(principal: Principal, compact: str) -> str:
    """The caller's id, once they are exactly ``{compact}/admin`` (state admins are refused: spec §8.1)."""
    require_compact_level_action(principal, compact, ADMIN.action)
    return principal.user_id


def not_in_future(field: str, day: date) -> None:
    """Staff dates are judged by the date at UTC-04:00 (spec §8.1)."""
    if day > today_for_expiration():
        raise InvalidRequest(f"{field}: cannot be in the future")


def encoded(event: EventSpec, detail: BaseModel) -> EncodedEvent:
    [entry] = encode(event, detail)
    return entry


def one_change(first: list[GuardedPut], second: list[GuardedPut]) -> list[GuardedPut]:
    """Two plans as one transaction's writes, the second planned on the records as the first leaves
    them: a record both write is written once, as the second leaves it, guarded on what the first read."""
    reads = {put.record.sk: put for put in first}
    merged = {put.record.sk: put for put in first}
    for put in second:
        earlier = reads.get(put.record.sk)
        merged[put.record.sk] = (
            put if earlier is None else GuardedPut(put.record, earlier.read, earlier.guard)
        )
    return list(merged.values())


def write_change(compact: str, provider_id: str, plan: Callable[[ProviderRecords], Planned]) -> None:
    """Write the plan and its events in one transaction (re-read and re-planned on a conflict), then
    publish the events; a publishing failure leaves them to the relay, as the change stands. A change
    without events needs no outbox (nor its grant)."""
    resources = granted()
    repository = ProviderRepository(resources.table(PROVIDER))
    written: list[tuple[Outbox, PendingEvents]] = []

    def attempt() -> None:
        records = repository.records(compact, provider_id, consistent=True, history=0)
        if records.provider is None:
            raise NotFound("Provider not found")
        puts, events = plan(records)
        if not events:
            repository.put_guarded(puts)
            written.clear()
            return
        outbox, entry = Outbox(resources.table(TRANSACTION_HISTORY)), entry_of(events, now_utc_precise())
        repository.put_guarded(puts, [outbox.new_item(entry)])
        written[:] = [(outbox, entry)]

    retrying_conflicts(attempt)
    for outbox, entry in written:
        outbox.publish(entry)
