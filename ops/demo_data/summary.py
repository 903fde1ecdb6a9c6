"""What a seeding wrote, in numbers: for the command line's one-line report, the sandbox manifest, and
the tests and curl snippets that need a provider of a given case.

Statuses are the effective ones as of today (computed by ``core.status``), so the summary shows what the
API will show, not what was uploaded.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.jurisdictions import UNKNOWN_JURISDICTION
from core.models.enums import LicenseEncumberedStatus, PrivilegeEncumberedStatus
from core.status import (
    license_compact_eligibility,
    license_status,
    privilege_status,
    provider_compact_eligibility,
)
from ops.demo_data.history import History
from ops.demo_data.profiles import Slot


@dataclass
class DemoSummary:
    """What was seeded: item counts by record type, effective statuses as of today, and per compact the
    id of the first provider of each showcase case (for curl snippets and end-to-end tests)."""

    seed: int
    providers: int
    providers_by_compact: dict[str, int]
    counts: dict[str, int]
    statuses: dict[str, dict[str, int]]
    samples: dict[str, dict[str, str]]
    seconds: float = 0.0

    def line(self) -> str:
        counts = self.counts
        history = sum(counts.get(kind, 0) for kind in ("licenseUpdate", "privilegeUpdate", "providerUpdate"))
        compacts = ", ".join(f"{compact} {count}" for compact, count in self.providers_by_compact.items())
        return (
            f"{self.providers} providers ({compacts}): {counts.get('license', 0)} licenses, "
            f"{counts.get('privilege', 0)} privileges, {history} history records, "
            f"{counts.get('adverseAction', 0)} encumbrances, "
            f"{counts.get('investigation', 0)} investigations, "
            f"{counts.get('militaryAffiliation', 0)} military affiliations, "
            f"{counts.get('document', 0)} documents in {self.seconds:.2f}s (seed {self.seed})"
        )

    def as_manifest(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "providers": self.providers,
            "providersByCompact": self.providers_by_compact,
            "counts": self.counts,
            "statuses": self.statuses,
            "samples": self.samples,
            "seconds": round(self.seconds, 3),
        }


def summarise(histories: list[History], slots: list[Slot], seed: int, today: date) -> DemoSummary:
    """Count the records and effective statuses of ``histories`` (one per slot)."""
    counts: Counter[str] = Counter()
    statuses: dict[str, Counter[str]] = {name: Counter() for name in ("license", "privilege", "provider")}
    samples: dict[str, dict[str, str]] = {}
    by_compact: Counter[str] = Counter()
    for slot, history in zip(slots, histories, strict=True):
        by_compact[slot.compact.abbreviation] += 1
        for record in history.records():
            counts[record.record_type] += 1
        counts["document"] += len(history.documents)
        _count_statuses(history, today, statuses)
        if slot.showcase:
            samples.setdefault(slot.compact.abbreviation, {})[slot.case] = history.provider_id
    counts["ssn"] = len(histories)
    return DemoSummary(
        seed=seed,
        providers=len(histories),
        providers_by_compact=dict(by_compact),
        counts=dict(sorted(counts.items())),
        statuses={name: dict(sorted(counter.items())) for name, counter in statuses.items()},
        samples=samples,
    )


def _count_statuses(history: History, today: date, statuses: dict[str, Counter[str]]) -> None:
    """Add one provider's license, privilege and provider statuses to ``statuses``."""
    for lic in history.licenses.values():
        statuses["license"][str(license_status(lic, today))] += 1
        statuses["license"][str(license_compact_eligibility(lic, today))] += 1
    for privilege in history.privileges.values():
        statuses["privilege"][str(privilege_status(privilege, today))] += 1
        if privilege.encumbered_status in (
            PrivilegeEncumberedStatus.ENCUMBERED,
            PrivilegeEncumberedStatus.LICENSE_ENCUMBERED,
        ):
            statuses["privilege"]["encumbered"] += 1
    provider = history.provider
    assert provider is not None
    provider_status = statuses["provider"]
    provider_status[str(provider_compact_eligibility(provider, today))] += 1
    provider_status[
        "registered" if provider.compact_connect_registered_email_address else "unregistered"
    ] += 1
    if provider.encumbered_status == LicenseEncumberedStatus.ENCUMBERED:
        provider_status["encumbered"] += 1
    if provider.current_home_jurisdiction == UNKNOWN_JURISDICTION:
        provider_status["homeUnknown"] += 1
