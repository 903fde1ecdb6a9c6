"""`scripts/seed_demo_data`: fill a running sandbox with a few hundred realistic providers.

Every provider has a life story replayed oldest first, through the project's own record models, so
each record and each history ("update") record is what the real flows would have written: license
uploads (with renewal, deactivation and correction updates), registration, privilege purchases and
renewals (one after a lapse), administrator deactivations, encumbrances on privileges and licenses
(some lifted), open and closed investigations, military affiliations with their documents, and moves
out of the compact. Provider ids come from the SSN table, as ingest makes them, and the provider record
mirrors its best license. Most privileges are in the compacts' live jurisdictions, so the public routes
show them.

The same ``--seed`` on the same day gives the same people, records and dates (dates are relative to
"today"). Only the provider ids differ from one emulator to the next (the SSN table draws them), and the
privilege numbers when the compact's counter had already been used (they are claimed from it).
A seed already in the sandbox is refused; another seed adds more providers.

    scripts/seed_demo_data                       # the sandbox of .sandbox/manifest.json
    scripts/seed_demo_data --providers 1000 --seed 7
    scripts/sandbox --demo                       # start a sandbox and seed it

It refuses any target but a local sandbox's emulator: this is made-up data.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

import boto3
from boto3.dynamodb.conditions import Key
from botocore.config import Config as BotocoreConfig
from pydantic import BaseModel

from components.config import NAMESPACE, ConfigError, Environment, StackConfig, parse_stack_config
from core import keys
from core.buckets import PROVIDER_USERS
from core.clock import EXPIRATION_TIMEZONE, today_for_expiration
from core.compacts import LicenseType
from core.jurisdictions import OTHER_JURISDICTION, UNKNOWN_JURISDICTION
from core.models.adverse_action import AdverseAction, Investigation
from core.models.base import Record
from core.models.configuration import Attestation
from core.models.enums import (
    ActiveInactiveStatus,
    AdverseActionAgainst,
    ClinicalPrivilegeActionCategory,
    CompactEligibilityStatus,
    EncumbranceType,
    HomeJurisdictionChangeStatus,
    InvestigationStatus,
    LicenseDeactivatedStatus,
    LicenseEncumberedStatus,
    MilitaryAffiliationStatus,
    MilitaryAffiliationType,
    MilitaryStatus,
    PrivilegeEncumberedStatus,
    UpdateCategory,
)
from core.models.history import LicenseUpdate, PrivilegeUpdate, ProviderUpdate
from core.models.license import License
from core.models.military import MilitaryAffiliation
from core.models.privilege import AttestationReference, Privilege, format_privilege_id
from core.models.provider import Provider
from core.models.provider_records import ProviderRecords
from core.repositories.configuration import ConfigurationRepository
from core.repositories.ssn import SsnRepository
from core.status import (
    find_best_license,
    license_compact_eligibility,
    license_status,
    privilege_status,
    provider_compact_eligibility,
    staff_date_as_effective_datetime,
)
from core.tables import COMPACT_CONFIGURATION, PROVIDER, SSN
from ingest.license_changes import NOT_COMPARED, SYSTEM_SET_LICENSE_FIELDS, categorise, mirror_best_license
from offline.stack_file import load_stack_config, namespace_values
from ops.generate_mock_licenses import (
    CITIES,
    FAMILY_NAMES,
    GIVEN_NAMES,
    STREET_TYPES,
    STREETS,
    SUFFIXES,
    SsnSequence,
)
from ops.manage_signature_keys import CommandError, sandbox_session
from sandbox.manifest import MANIFEST, write_manifest

DEFAULT_PROVIDERS = 300
DEFAULT_SEED = 2025
CYCLE = timedelta(days=730)
"""A license (and so a privilege) runs for two years between renewals."""

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
SEEDABLE_ENVIRONMENTS = frozenset({Environment.LOCAL, Environment.SANDBOX})

ALWAYS_ATTESTED = (
    "jurisprudence-confirmation",
    "scope-of-practice-attestation",
    "personal-information-address-attestation",
    "discipline-no-current-encumbrance-attestation",
    "discipline-no-prior-encumbrance-attestation",
    "provision-of-true-information-attestation",
)
MILITARY_ATTESTED = (
    "military-affiliation-confirmation-attestation",
    "military-personal-information-state-license-attestation",
)
CIVILIAN_ATTESTED = ("personal-information-home-state-attestation",)

SHOWCASE = (
    "activePrivileges",
    "unregistered",
    "ineligibleLicense",
    "expiredLicense",
    "deactivatedLicense",
    "deactivatedPrivilege",
    "encumberedPrivilege",
    "liftedEncumbrance",
    "encumberedLicense",
    "renewedPrivilege",
    "renewedAfterLapse",
    "expiredPrivilege",
    "openInvestigation",
    "closedInvestigation",
    "militaryAffiliation",
    "movedAway",
    "multipleLicenses",
    "licenseCorrection",
)
"""The first providers of each compact play these in turn, so every case exists even in a small seed;
their ids are the summary's samples. The rest draw a case by ``MIX`` weight."""

MIX = {
    "unregistered": 30,
    "activePrivileges": 30,
    "ineligibleLicense": 5,
    "expiredLicense": 6,
    "deactivatedLicense": 2,
    "deactivatedPrivilege": 3,
    "encumberedPrivilege": 2,
    "liftedEncumbrance": 2,
    "encumberedLicense": 1,
    "renewedPrivilege": 6,
    "renewedAfterLapse": 2,
    "expiredPrivilege": 4,
    "openInvestigation": 2,
    "closedInvestigation": 2,
    "militaryAffiliation": 3,
    "movedAway": 1,
    "multipleLicenses": 4,
    "licenseCorrection": 4,
}

DEACTIVATION_NOTES = (
    "Deactivated at the practitioner's request.",
    "Privilege purchased in error; fee refunded.",
    "Duplicate purchase.",
    "Practitioner no longer practises in this state.",
)
AUDIT_NOTES = {
    MilitaryStatus.APPROVED: "Orders verified.",
    MilitaryStatus.DECLINED: "Document is illegible; please upload your DD-214 again.",
}
LICENSE_STATUS_NAMES = {
    "active": ("ACTIVE", "ACTIVE IN GOOD STANDING", "CLEAR"),
    "expired": ("EXPIRED", "LAPSED"),
    "deactivated": ("SUSPENDED", "INACTIVE", "RETIRED", "REVOKED"),
}
ENCUMBRANCE_TYPES = (
    EncumbranceType.SUSPENSION,
    EncumbranceType.PROBATION,
    EncumbranceType.REPRIMAND,
    EncumbranceType.PUBLIC_REPRIMAND,
    EncumbranceType.FINE,
    EncumbranceType.REQUIRED_SUPERVISION,
    EncumbranceType.COMPLETION_OF_CONTINUING_EDUCATION,
    EncumbranceType.REVOCATION,
)

R = TypeVar("R", bound=BaseModel)


class DemoDataError(CommandError):
    """A refusal: not a sandbox, or that seed is already there."""


# ---- summary ---------------------------------------------------------------------------------------


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


# ---- what the seed needs to know about each compact ------------------------------------------------


@dataclass(frozen=True)
class _Staff:
    user_id: str
    name: str


@dataclass
class _Compact:
    """One compact as the sandbox runs it: where privileges can be bought and which attestations exist."""

    abbreviation: str
    license_types: tuple[LicenseType, ...]
    active: tuple[str, ...]
    live: tuple[str, ...]
    configured: tuple[str, ...]
    attestation_versions: dict[str, str]
    seed: int
    privilege_base: int = 0
    privileges_claimed: int = 0

    def next_privilege_id(self, license_type_abbreviation: str, jurisdiction: str) -> str:
        self.privileges_claimed += 1
        number = self.privilege_base + self.privileges_claimed
        return format_privilege_id(license_type_abbreviation, jurisdiction, number)

    def staff(self, jurisdiction: str, rng: random.Random) -> _Staff:
        """One of the two board staff members of a jurisdiction (the same people throughout a seed)."""
        roster = random.Random(f"{self.seed}/staff/{self.abbreviation}/{jurisdiction}")
        members = [
            _Staff(str(_uuid(roster)), f"{roster.choice(GIVEN_NAMES)} {roster.choice(FAMILY_NAMES)}")
            for _ in range(2)
        ]
        return rng.choice(members)

    def attestations(self, military: bool, under_investigation: bool) -> list[AttestationReference]:
        """The exact set a purchase requires (spec §9.6), at the latest versions."""
        ids = [
            *ALWAYS_ATTESTED,
            "under-investigation-attestation"
            if under_investigation
            else "not-under-investigation-attestation",
            *(MILITARY_ATTESTED if military else CIVILIAN_ATTESTED),
        ]
        return [
            AttestationReference(attestation_id=name, version=self.attestation_versions.get(name, "1"))
            for name in ids
        ]


def _compacts(config: StackConfig, configuration_table: Any, seed: int) -> list[_Compact]:
    repository = ConfigurationRepository(configuration_table)
    compacts = []
    for abbreviation, definition in config.compacts.compacts.items():
        configuration = repository.compact_configuration(abbreviation)
        configured = (
            tuple(state.postal_abbreviation for state in configuration.configured_states)
            if configuration
            else ()
        )
        live = tuple(configuration.live_jurisdictions) if configuration else ()
        compacts.append(
            _Compact(
                abbreviation=abbreviation,
                license_types=definition.license_types,
                active=definition.active_jurisdictions,
                live=live,
                configured=tuple(code for code in configured if code not in live),
                attestation_versions=_latest_attestation_versions(configuration_table, abbreviation),
                seed=seed,
            )
        )
    return compacts


def _latest_attestation_versions(table: Any, compact: str) -> dict[str, str]:
    """Attestation id -> its latest version, in one query of the compact's attestations."""
    latest: dict[str, Attestation] = {}
    query: dict[str, Any] = {"KeyConditionExpression": Key("pk").eq(keys.attestations_pk(compact))}
    while True:
        page = table.query(**query)
        for item in page.get("Items", []):
            attestation = Attestation.from_item(item)
            known = latest.get(attestation.attestation_id)
            if known is None or attestation.version_number > known.version_number:
                latest[attestation.attestation_id] = attestation
        if "LastEvaluatedKey" not in page:
            return {name: attestation.version for name, attestation in latest.items()}
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


# ---- small helpers ---------------------------------------------------------------------------------


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(char for char in folded.lower() if char.isalnum())


def _changed(record: R, **changes: Any) -> R:
    """A new version of a record; a change to None removes the field."""
    return type(record).model_validate({**record.model_dump(), **changes})


def _diff(old: Record, new: Record) -> tuple[dict[str, Any], list[str] | None]:
    """``updatedValues`` and ``removedValues`` of a change, in stored form (bookkeeping fields ignored)."""
    before = {name: value for name, value in old.stored_fields().items() if name not in NOT_COMPARED}
    after = {name: value for name, value in new.stored_fields().items() if name not in NOT_COMPARED}
    updated = {name: value for name, value in after.items() if before.get(name) != value}
    removed = sorted(name for name in before if name not in after)
    return updated, removed or None


def _day_of(moment: datetime) -> date:
    return moment.astimezone(EXPIRATION_TIMEZONE).date()


def placeholder_pdf(text: str) -> bytes:
    """A one-page PDF saying ``text`` (ASCII), so document download links open something."""
    escaped = (
        text.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    )
    content = b"BT /F1 14 Tf 72 720 Td (" + escaped + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


# ---- one provider's story --------------------------------------------------------------------------


@dataclass
class _Profile:
    """What happens to one provider."""

    registered: bool = True
    license_kind: str = "active"  # active | ineligible | expired | deactivated
    plans: list[str] = field(default_factory=list)  # one per privilege, see _History.simulate
    license_encumbered: bool = False
    investigation: str | None = None  # openPrivilege | openLicense | closed | closedWithEncumbrance
    military: MilitaryStatus | str | None = None  # tentative | approved | declined | "ended"
    moved_away: bool = False
    second_license: str | None = None  # otherType | formerState
    correction: str | None = None  # address | name | contact
    email_change: bool = False


def _profile(case: str, rng: random.Random, compact: _Compact, showcase: bool) -> _Profile:
    def some(*plans: str) -> list[str]:
        return list(plans) if showcase else list(plans[: rng.choice((1, 1, 2))])

    profiles: dict[str, Callable[[], _Profile]] = {
        "activePrivileges": lambda: _Profile(
            plans=["active"] * (2 if showcase else rng.choice((0, 1, 1, 2, 2, 3)))
        ),
        "unregistered": lambda: _Profile(registered=False),
        "ineligibleLicense": lambda: _Profile(registered=rng.random() < 0.4, license_kind="ineligible"),
        "expiredLicense": lambda: _Profile(license_kind="expired", plans=some("active", "active")),
        "deactivatedLicense": lambda: _Profile(license_kind="deactivated", plans=some("active", "active")),
        "deactivatedPrivilege": lambda: _Profile(plans=some("deactivated", "active")),
        "encumberedPrivilege": lambda: _Profile(plans=some("encumbered", "active")),
        "liftedEncumbrance": lambda: _Profile(plans=some("lifted", "active")),
        "encumberedLicense": lambda: _Profile(plans=some("active", "active"), license_encumbered=True),
        "renewedPrivilege": lambda: _Profile(plans=some("renewed", "active")),
        "renewedAfterLapse": lambda: _Profile(plans=["renewedAfterLapse"]),
        "expiredPrivilege": lambda: _Profile(plans=["expired", "active"]),
        "openInvestigation": lambda: _Profile(
            plans=["active"],
            investigation="openPrivilege" if showcase or rng.random() < 0.6 else "openLicense",
        ),
        "closedInvestigation": lambda: _Profile(
            plans=["active"],
            investigation="closed" if showcase or rng.random() < 0.6 else "closedWithEncumbrance",
        ),
        "militaryAffiliation": lambda: _Profile(
            plans=["active"],
            military=MilitaryStatus.APPROVED
            if showcase
            else rng.choice(
                (MilitaryStatus.TENTATIVE, MilitaryStatus.APPROVED, MilitaryStatus.DECLINED, "ended")
            ),
        ),
        "movedAway": lambda: _Profile(plans=some("active", "active"), moved_away=True),
        "multipleLicenses": lambda: _Profile(
            plans=["active"],
            second_license="otherType"
            if len(compact.license_types) > 1 and rng.random() < 0.6
            else "formerState",
        ),
        "licenseCorrection": lambda: _Profile(
            registered=rng.random() < 0.5, correction=rng.choice(("address", "name", "contact"))
        ),
    }
    profile = profiles[case]()
    if not showcase:  # extras that make the crowd less uniform
        if profile.correction is None and rng.random() < 0.1:
            profile.correction = rng.choice(("address", "name", "contact"))
        if profile.registered and rng.random() < 0.08:
            profile.email_change = True
        if profile.second_license is None and rng.random() < 0.05:
            profile.second_license = "formerState"
        if (
            profile.registered
            and profile.military is None
            and profile.license_kind == "active"
            and rng.random() < 0.03
        ):
            profile.military = rng.choice((MilitaryStatus.TENTATIVE, MilitaryStatus.APPROVED))
    return profile


class _History:
    """One provider's records, built by replaying what happened to them, oldest first.

    Each change goes through the record models: the new version replaces the old one, and the change is
    kept as the update record the real flow writes (with ``previous``, ``updatedValues``,
    ``removedValues``). The provider record is re-mirrored from the best license after every change.
    """

    def __init__(
        self, compact: _Compact, provider_id: str, ssn: str, rng: random.Random, today: date
    ) -> None:
        self.compact = compact
        self.provider_id = provider_id
        self.ssn = ssn
        self.rng = rng
        self.today = today
        self.provider: Provider | None = None
        self.licenses: dict[tuple[str, str], License] = {}
        self.privileges: dict[tuple[str, str], Privilege] = {}
        self.updates: list[LicenseUpdate | PrivilegeUpdate | ProviderUpdate] = []
        self.adverse_actions: dict[str, AdverseAction] = {}
        self.investigations: dict[str, Investigation] = {}
        self.military: list[MilitaryAffiliation] = []
        self.documents: dict[str, bytes] = {}

    # -- time

    def moment(self, day: date) -> datetime:
        """A moment of a working day (09:00-17:59 at UTC-04:00) in UTC, whole seconds."""
        seconds = self.rng.randrange(9 * 3600, 18 * 3600)
        local = datetime.combine(day, datetime.min.time(), tzinfo=EXPIRATION_TIMEZONE) + timedelta(
            seconds=seconds
        )
        return local.astimezone(UTC)

    def after(self, previous: datetime, day: date) -> datetime:
        """A moment on ``day`` strictly after ``previous`` (later the same day if need be)."""
        candidate = self.moment(day)
        if candidate > previous:
            return candidate
        return previous + timedelta(minutes=self.rng.randrange(5, 90))

    def days_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, max((last - first).days, 0)))

    def moments_between(self, start: datetime, count: int) -> list[datetime]:
        """``count`` increasing moments after ``start``, before today began (at UTC-04:00)."""
        today_began = datetime.combine(self.today, datetime.min.time(), tzinfo=EXPIRATION_TIMEZONE)
        end = max(self.moment(self.today - timedelta(days=1)), start + timedelta(hours=count + 1))
        span = int((min(end, today_began.astimezone(UTC) - timedelta(minutes=1)) - start).total_seconds())
        offsets = sorted(self.rng.sample(range(1, max(span, count + 1)), count))
        return [start + timedelta(seconds=offset) for offset in offsets]

    # -- records

    @property
    def home_license(self) -> License:
        return next(iter(self.licenses.values()))

    def upload_license(self, at: datetime, record: License) -> None:
        """A state's upload: a new license, or a licenseUpdate categorised as ingest does."""
        key = (record.jurisdiction, record.license_type_abbreviation)
        old = self.licenses.get(key)
        if old is None:
            self.licenses[key] = _changed(record, first_upload_date=at, date_of_update=at)
        else:
            kept = {name: getattr(old, name) for name in SYSTEM_SET_LICENSE_FIELDS}
            new = _changed(record, first_upload_date=old.first_upload_date, date_of_update=at, **kept)
            self._license_update(at, at, old, new, categorise(old, new))
        self.refresh_provider(at)

    def reupload(self, at: datetime, key: tuple[str, str], **changes: Any) -> None:
        self.upload_license(at, _changed(self.licenses[key], **changes))

    def change_license(
        self,
        at: datetime,
        key: tuple[str, str],
        category: UpdateCategory,
        effective: datetime,
        **changes: Any,
    ) -> None:
        """A staff action on a license (encumbrance, investigation)."""
        old = self.licenses[key]
        self._license_update(at, effective, old, _changed(old, date_of_update=at, **changes), category)

    def _license_update(
        self, at: datetime, effective: datetime, old: License, new: License, category: UpdateCategory
    ) -> None:
        updated, removed = _diff(old, new)
        self.updates.append(
            LicenseUpdate(
                provider_id=self.provider_id,
                compact=old.compact,
                jurisdiction=old.jurisdiction,
                license_type=old.license_type,
                license_type_abbreviation=old.license_type_abbreviation,
                update_type=category,
                previous=old.stored_fields(),
                updated_values=updated,
                removed_values=removed,
                create_date=at,
                effective_date=effective,
                date_of_update=at,
            )
        )
        self.licenses[(old.jurisdiction, old.license_type_abbreviation)] = new

    def change_privilege(
        self,
        at: datetime,
        key: tuple[str, str],
        category: UpdateCategory,
        effective: datetime | None = None,
        details: Mapping[str, Any] | None = None,
        **changes: Any,
    ) -> None:
        old = self.privileges[key]
        new = _changed(old, date_of_update=at, **changes)
        updated, removed = _diff(old, new)
        self.updates.append(
            PrivilegeUpdate(
                provider_id=self.provider_id,
                compact=old.compact,
                jurisdiction=old.jurisdiction,
                license_type=old.license_type,
                license_type_abbreviation=old.license_type_abbreviation,
                update_type=category,
                previous=old.stored_fields(),
                updated_values=updated,
                removed_values=removed,
                create_date=at,
                effective_date=effective or at,
                date_of_update=at,
                **(details or {}),
            )
        )
        self.privileges[key] = new

    def refresh_provider(self, at: datetime, category: UpdateCategory | None = None, **changes: Any) -> None:
        """Apply ``changes`` to the provider and re-mirror its best license (§6.3); with ``category``, the
        change is recorded as a providerUpdate."""
        records = ProviderRecords(
            provider=_changed(self.provider, **changes) if self.provider and changes else self.provider,
            licenses=list(self.licenses.values()),
            privileges=list(self.privileges.values()),
        )
        home = records.provider.current_home_jurisdiction if records.provider else None
        best = find_best_license(records.licenses, home, _day_of(at))
        assert best is not None  # a provider is only created by a license upload
        rebuilt = _changed(mirror_best_license(records, best), date_of_update=at)
        old = self.provider
        if old is not None and category is not None:
            updated, removed = _diff(old, rebuilt)
            self.updates.append(
                ProviderUpdate(
                    provider_id=self.provider_id,
                    compact=old.compact,
                    update_type=category,
                    previous=old.stored_fields(),
                    updated_values=updated,
                    removed_values=removed,
                    create_date=at,
                    effective_date=at,
                    date_of_update=at,
                )
            )
        if old is None or _diff(old, rebuilt) != ({}, None):
            self.provider = rebuilt

    def under_investigation(self) -> bool:
        records: Iterable[License | Privilege] = [*self.licenses.values(), *self.privileges.values()]
        return any(record.investigation_status is not None for record in records)

    def buy(self, at: datetime, jurisdictions: list[str]) -> None:
        """One purchase of privileges on the home license (spec §9.6): new ones numbered from the compact's
        counter, existing ones renewed in place."""
        assert self.provider is not None
        home = self.home_license
        transaction = str(self.rng.randrange(10**11, 10**12))
        attestations = self.compact.attestations(self.provider.is_active_military, self.under_investigation())
        for jurisdiction in jurisdictions:
            key = (jurisdiction, home.license_type_abbreviation)
            if key in self.privileges:
                self.change_privilege(
                    at,
                    key,
                    UpdateCategory.RENEWAL,
                    date_of_renewal=at,
                    date_of_expiration=home.date_of_expiration,
                    compact_transaction_id=transaction,
                    attestations=attestations,
                    administrator_set_status=ActiveInactiveStatus.ACTIVE,
                    home_jurisdiction_change_status=None,
                    license_deactivated_status=None,
                )
                continue
            self.privileges[key] = Privilege(
                provider_id=self.provider_id,
                compact=home.compact,
                jurisdiction=jurisdiction,
                license_jurisdiction=home.jurisdiction,
                license_type=home.license_type,
                license_type_abbreviation=home.license_type_abbreviation,
                privilege_id=self.compact.next_privilege_id(home.license_type_abbreviation, jurisdiction),
                date_of_issuance=at,
                date_of_renewal=at,
                date_of_expiration=home.date_of_expiration,
                compact_transaction_id=transaction,
                attestations=attestations,
                date_of_update=at,
            )
        self.refresh_provider(at)

    def encumber(self, at: datetime, against: AdverseActionAgainst, key: tuple[str, str]) -> AdverseAction:
        """An adverse action (spec §7.3): the record and the provider become encumbered, and privileges on an
        encumbered license become licenseEncumbered."""
        rng = self.rng
        target: License | Privilege = (
            self.licenses[key] if against == AdverseActionAgainst.LICENSE else self.privileges[key]
        )
        jurisdiction = target.jurisdiction
        issued = target.date_of_issuance
        issued_day = (
            issued if isinstance(issued, date) and not isinstance(issued, datetime) else _day_of(issued)
        )
        start = max(issued_day, _day_of(at) - timedelta(days=rng.randint(0, 20)))
        categories = rng.sample(list(ClinicalPrivilegeActionCategory), rng.choice((1, 1, 2)))
        staff = self.compact.staff(jurisdiction, rng)
        action = AdverseAction(
            adverse_action_id=str(_uuid(rng)),
            compact=target.compact,
            provider_id=self.provider_id,
            jurisdiction=jurisdiction,
            license_type=target.license_type,
            license_type_abbreviation=target.license_type_abbreviation,
            action_against=against,
            encumbrance_type=rng.choice(ENCUMBRANCE_TYPES),
            clinical_privilege_action_categories=categories,
            effective_start_date=start,
            submitting_user=staff.user_id,
            creation_date=at,
            date_of_update=at,
        )
        self.adverse_actions[action.adverse_action_id] = action
        effective = staff_date_as_effective_datetime(start)
        details = {
            "clinical_privilege_action_categories": categories,
            "adverse_action_id": action.adverse_action_id,
        }
        if against == AdverseActionAgainst.LICENSE:
            self.change_license(
                at,
                key,
                UpdateCategory.ENCUMBRANCE,
                effective,
                encumbered_status=LicenseEncumberedStatus.ENCUMBERED,
            )
            for privilege in list(self.privileges.values()):
                if (
                    privilege.license_jurisdiction == jurisdiction
                    and privilege.license_type_abbreviation == target.license_type_abbreviation
                    and privilege.encumbered_status != PrivilegeEncumberedStatus.ENCUMBERED
                ):
                    self.change_privilege(
                        at,
                        (privilege.jurisdiction, privilege.license_type_abbreviation),
                        UpdateCategory.ENCUMBRANCE,
                        effective,
                        {"encumbrance_details": {**details, "license_jurisdiction": jurisdiction}},
                        encumbered_status=PrivilegeEncumberedStatus.LICENSE_ENCUMBERED,
                    )
        else:
            self.change_privilege(
                at,
                key,
                UpdateCategory.ENCUMBRANCE,
                effective,
                {"encumbrance_details": details},
                encumbered_status=PrivilegeEncumberedStatus.ENCUMBERED,
            )
        self.refresh_provider(at, encumbered_status=LicenseEncumberedStatus.ENCUMBERED)
        return action

    def lift(self, at: datetime, action: AdverseAction) -> None:
        """Lifting the only adverse action on a privilege: it and (nothing else being encumbered) the
        provider become unencumbered."""
        lifted_on = max(action.effective_start_date, _day_of(at) - timedelta(days=self.rng.randint(0, 3)))
        staff = self.compact.staff(action.jurisdiction, self.rng)
        self.adverse_actions[action.adverse_action_id] = _changed(
            action, effective_lift_date=lifted_on, lifting_user=staff.user_id, date_of_update=at
        )
        key = (action.jurisdiction, action.license_type_abbreviation)
        self.change_privilege(
            at,
            key,
            UpdateCategory.LIFTING_ENCUMBRANCE,
            staff_date_as_effective_datetime(lifted_on),
            encumbered_status=PrivilegeEncumberedStatus.UNENCUMBERED,
        )
        still_encumbered = any(
            record.encumbered_status == LicenseEncumberedStatus.ENCUMBERED
            for record in [*self.licenses.values(), *self.privileges.values()]
        )
        if not still_encumbered:
            self.refresh_provider(at, encumbered_status=LicenseEncumberedStatus.UNENCUMBERED)

    def open_investigation(
        self, at: datetime, against: AdverseActionAgainst, key: tuple[str, str]
    ) -> Investigation:
        target: License | Privilege = (
            self.licenses[key] if against == AdverseActionAgainst.LICENSE else self.privileges[key]
        )
        staff = self.compact.staff(target.jurisdiction, self.rng)
        investigation = Investigation(
            investigation_id=str(_uuid(self.rng)),
            compact=target.compact,
            provider_id=self.provider_id,
            jurisdiction=target.jurisdiction,
            license_type=target.license_type,
            license_type_abbreviation=target.license_type_abbreviation,
            investigation_against=against,
            submitting_user=staff.user_id,
            creation_date=at,
            date_of_update=at,
        )
        self.investigations[investigation.investigation_id] = investigation
        status = {"investigation_status": InvestigationStatus.UNDER_INVESTIGATION}
        if against == AdverseActionAgainst.LICENSE:
            self.change_license(at, key, UpdateCategory.INVESTIGATION, at, **status)
        else:
            details = {"investigation_details": {"investigation_id": investigation.investigation_id}}
            self.change_privilege(at, key, UpdateCategory.INVESTIGATION, at, details, **status)
        return investigation

    def close_investigation(self, at: datetime, investigation: Investigation, encumber: bool) -> None:
        """Closing (spec §7.4), with the encumbrance it resulted in first when ``encumber``."""
        key = (investigation.jurisdiction, investigation.license_type_abbreviation)
        against = investigation.investigation_against
        resulting = self.encumber(at, against, key).adverse_action_id if encumber else None
        staff = self.compact.staff(investigation.jurisdiction, self.rng)
        self.investigations[investigation.investigation_id] = _changed(
            investigation,
            close_date=at,
            closing_user=staff.user_id,
            resulting_encumbrance_id=resulting,
            date_of_update=at,
        )
        if against == AdverseActionAgainst.LICENSE:
            self.change_license(at, key, UpdateCategory.CLOSING_INVESTIGATION, at, investigation_status=None)
        else:
            details = {"investigation_details": {"investigation_id": investigation.investigation_id}}
            self.change_privilege(
                at, key, UpdateCategory.CLOSING_INVESTIGATION, at, details, investigation_status=None
            )

    def declare_military(self, at: datetime, affiliation_type: MilitaryAffiliationType) -> None:
        """A military affiliation whose document upload completed (spec §9.5)."""
        names = (
            ("dd214.pdf", "military-orders.pdf")
            if affiliation_type == MilitaryAffiliationType.MILITARY_MEMBER
            else ("spouse-military-orders.pdf", "marriage-certificate.pdf")
        )
        file_names = list(names[: self.rng.choice((1, 2))])
        document_keys = []
        for file_name in file_names:
            document_key = (
                f"compact/{self.compact.abbreviation}/provider/{self.provider_id}/document-type/"
                f"military-affiliations/{at.date().isoformat()}/{_uuid(self.rng)}#{file_name}"
            )
            document_keys.append(document_key)
            self.documents[document_key] = placeholder_pdf(
                f"CompactConnect sandbox demo document ({affiliation_type}): {file_name}"
            )
        self.military.append(
            MilitaryAffiliation(
                provider_id=self.provider_id,
                compact=self.compact.abbreviation,
                affiliation_type=affiliation_type,
                file_names=file_names,
                document_keys=document_keys,
                date_of_upload=at,
                status=MilitaryAffiliationStatus.ACTIVE,
                date_of_update=at,
            )
        )
        self.refresh_provider(
            at,
            UpdateCategory.MILITARY_FILE_UPLOAD,
            military_status=MilitaryStatus.TENTATIVE,
            military_status_note="",
        )

    def end_military(self, at: datetime) -> None:
        self.military = [
            _changed(record, status=MilitaryAffiliationStatus.INACTIVE, date_of_update=at)
            for record in self.military
        ]
        self.refresh_provider(
            at, UpdateCategory.MILITARY_AFFILIATION_ENDED, military_status=None, military_status_note=None
        )

    def records(self) -> list[Record]:
        assert self.provider is not None
        return [
            self.provider,
            *self.licenses.values(),
            *self.privileges.values(),
            *self.updates,
            *self.adverse_actions.values(),
            *self.investigations.values(),
            *self.military,
        ]


# ---- the story of one provider ---------------------------------------------------------------------


def _identity(rng: random.Random) -> dict[str, Any]:
    given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
    identity: dict[str, Any] = {"given_name": given, "family_name": family}
    if rng.random() < 0.5:
        identity["middle_name"] = rng.choice(GIVEN_NAMES)
    if rng.random() < 0.04:
        identity["suffix"] = rng.choice(SUFFIXES)
    if rng.random() < 0.6:
        identity["npi"] = f"1{rng.randrange(10**9):09d}"
    if rng.random() < 0.7:
        identity["email_address"] = f"{_ascii(given)}.{_ascii(family)}.{rng.randrange(10**4)}@example.com"
    if rng.random() < 0.6:
        identity["phone_number"] = f"+1{rng.randrange(2, 10)}{rng.randrange(10**9):09d}"
    return identity


def _address(rng: random.Random, jurisdiction: str) -> dict[str, Any]:
    address = {
        "home_address_street1": f"{rng.randrange(1, 9999)} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}",
        "home_address_city": rng.choice(CITIES),
        "home_address_state": jurisdiction.upper(),
        "home_address_postal_code": f"{rng.randrange(501, 99951):05d}",
        "home_address_street2": None,
    }
    if rng.random() < 0.15:
        address["home_address_street2"] = f"Apt {rng.randrange(1, 400)}"
    return address


def _privilege_jurisdictions(
    rng: random.Random, compact: _Compact, count: int, exclude: set[str]
) -> list[str]:
    """Mostly live jurisdictions (the public routes show those), some configured, a few others."""
    chosen: list[str] = []
    for _ in range(count):
        pools = (
            [code for code in compact.live if code not in exclude],
            [code for code in compact.configured if code not in exclude],
            [code for code in compact.active if code not in exclude],
        )
        roll = rng.random()
        preferred = 0 if roll < 0.82 else 1 if roll < 0.94 else 2
        pool = next((p for p in pools[preferred:] + pools[:preferred] if p), None)
        if pool is None:
            break
        code = rng.choice(pool)
        chosen.append(code)
        exclude = exclude | {code}
    return chosen


def _license(
    history: _History,
    identity: dict[str, Any],
    jurisdiction: str,
    license_type: LicenseType,
    *,
    issued: date,
    renewed: date | None,
    expires: date,
    birth: date,
    status: str,
    eligible: bool,
) -> License:
    rng = history.rng
    status_kind = "active" if status == "active" else "expired"
    return License(
        provider_id=history.provider_id,
        compact=history.compact.abbreviation,
        jurisdiction=jurisdiction,
        license_type=license_type.name,
        license_type_abbreviation=license_type.abbreviation,
        ssn_last_four=history.ssn[-4:],
        license_number=f"{license_type.abbreviation.upper()}-{rng.randrange(10**7):07d}",
        license_status_name=rng.choice(LICENSE_STATUS_NAMES[status_kind]),
        jurisdiction_uploaded_license_status=status,
        jurisdiction_uploaded_compact_eligibility="eligible" if eligible else "ineligible",
        date_of_issuance=issued,
        date_of_renewal=renewed,
        date_of_expiration=expires,
        date_of_birth=birth,
        first_upload_date=datetime(2000, 1, 1, tzinfo=UTC),  # the upload sets it
        **identity,
        **_address(rng, jurisdiction),
    )


def _simulate(history: _History, profile: _Profile) -> None:
    """Replay one provider's life: uploads, registration, purchases, renewals, then staff actions."""
    rng, compact, today = history.rng, history.compact, history.today

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    home = rng.choice(compact.active)
    license_type = rng.choice(compact.license_types)
    identity = _identity(rng)
    renewing_plans = {"renewed", "renewedAfterLapse", "expired"}
    kind = profile.license_kind
    renewal_in_window = kind in ("active", "ineligible", "deactivated") and (
        any(plan in renewing_plans for plan in profile.plans) or rng.random() < 0.3
    )
    if kind != "active":
        profile.plans = [plan if plan not in renewing_plans else "active" for plan in profile.plans]
    if kind == "ineligible":
        profile.plans = []

    # The home license's dates: the cycle it was in at first upload, and its renewal if one came later.
    previous_expiration: date | None = None
    renewed_on: date | None = None
    if kind == "expired":
        expires = ago(rng.randint(20, 400))
        first_upload = expires - timedelta(days=rng.randint(60, 700))
    elif renewal_in_window:
        previous_expiration = ago(rng.randint(40, 300))
        expires = previous_expiration + CYCLE
        renewed_on = previous_expiration - timedelta(days=rng.randint(0, 40))
        first_upload = renewed_on - timedelta(days=rng.randint(150, 420))
    else:
        expires = ago(-rng.randint(30, 600))
        first_upload = ago(rng.randint(60, min(700, (CYCLE - (expires - today)).days - 1)))
    cycle_start = (previous_expiration or expires) - CYCLE
    cycles = rng.randint(0, 8)
    issued = cycle_start - CYCLE * cycles
    birth = issued - timedelta(days=rng.randint(23 * 365, 45 * 365))
    home_license = _license(
        history,
        identity,
        home,
        license_type,
        issued=issued,
        renewed=cycle_start if cycles else None,
        expires=previous_expiration or expires,
        birth=birth,
        status="active",
        eligible=kind != "ineligible",
    )
    now = history.moment(first_upload)
    history.upload_license(now, home_license)
    home_key = (home, license_type.abbreviation)

    if profile.second_license == "otherType":
        other_type = next(lt for lt in compact.license_types if lt != license_type)
        other_expires = ago(-rng.randint(60, 700))
        now = history.after(now, first_upload)
        history.upload_license(
            now,
            _license(
                history, identity, home, other_type,
                issued=other_expires - CYCLE * rng.randint(1, 5), renewed=other_expires - CYCLE,
                expires=other_expires, birth=birth, status="active", eligible=True,
            ),
        )  # fmt: skip
    elif profile.second_license == "formerState":
        former = rng.choice([code for code in compact.active if code != home] or [home])
        if former != home:
            former_expires = issued - timedelta(days=rng.randint(30, 900))
            now = history.after(now, first_upload)
            history.upload_license(
                now,
                _license(
                    history, identity, former, license_type,
                    issued=former_expires - CYCLE * rng.randint(1, 4), renewed=former_expires - CYCLE,
                    expires=former_expires, birth=birth, status="inactive", eligible=False,
                ),
            )  # fmt: skip

    privilege_keys: list[tuple[str, tuple[str, str]]] = []
    if profile.registered:
        registered_on = first_upload + timedelta(days=rng.randint(2, 30))
        now = history.after(now, registered_on)
        login = identity.get("email_address") or (
            f"{_ascii(identity['given_name'])}.{_ascii(identity['family_name'])}{rng.randrange(100)}@example.org"
        )
        history.refresh_provider(
            now,
            UpdateCategory.REGISTRATION,
            compact_connect_registered_email_address=login,
            current_home_jurisdiction=home,
        )
        if profile.military is not None:
            affiliation = rng.choice(list(MilitaryAffiliationType))
            now = history.after(now, _day_of(now) + timedelta(days=rng.randint(0, 5)))
            history.declare_military(now, affiliation)

        # Privileges bought before the license renewal expire with the old cycle unless renewed.
        jurisdictions = _privilege_jurisdictions(rng, compact, len(profile.plans), {home})
        plans = list(zip(profile.plans, jurisdictions, strict=False))
        privilege_keys = [(plan, (code, license_type.abbreviation)) for plan, code in plans]
        early = [code for plan, code in plans if plan in renewing_plans]
        late = [code for plan, code in plans if plan not in renewing_plans]
        if early and renewed_on is not None:
            now = history.after(
                now, history.days_between(_day_of(now) + timedelta(days=1), renewed_on - timedelta(days=5))
            )
            history.buy(now, early)
        if renewed_on is not None:
            now = history.after(now, max(renewed_on, _day_of(now)))
            history.reupload(
                now, home_key, date_of_renewal=renewed_on, date_of_expiration=expires,
                license_status_name=rng.choice(LICENSE_STATUS_NAMES["active"]),
            )  # fmt: skip
            assert previous_expiration is not None
            for plan, code in plans:
                if plan == "renewed":
                    day = history.days_between(_day_of(now), previous_expiration)
                elif plan == "renewedAfterLapse":
                    first = previous_expiration + timedelta(days=3)
                    day = history.days_between(
                        first, min(today - timedelta(days=10), first + timedelta(days=45))
                    )
                else:
                    continue
                now = history.after(now, max(day, _day_of(now)))
                history.buy(now, [code])
        if late:
            last_day = expires - timedelta(days=5) if kind == "expired" else today - timedelta(days=15)
            first_day = _day_of(now) + timedelta(days=1)
            now = history.after(now, history.days_between(first_day, max(first_day, last_day)))
            history.buy(now, late)
    elif renewed_on is not None:
        now = history.after(now, renewed_on)
        history.reupload(now, home_key, date_of_renewal=renewed_on, date_of_expiration=expires)

    if kind == "expired" and rng.random() < 0.6:  # the state's next upload marks it inactive
        day = history.days_between(expires + timedelta(days=1), min(expires + timedelta(days=30), ago(5)))
        now = history.after(now, max(day, _day_of(now)))
        history.reupload(
            now,
            home_key,
            jurisdiction_uploaded_license_status=ActiveInactiveStatus.INACTIVE,
            jurisdiction_uploaded_compact_eligibility=CompactEligibilityStatus.INELIGIBLE,
            license_status_name=rng.choice(LICENSE_STATUS_NAMES["expired"]),
        )

    # Later events, in this order, at increasing moments up to yesterday.
    events: list[Callable[[datetime], None]] = []
    if profile.correction is not None:
        events.append(lambda at: _correct(history, at, home_key, profile.correction or "address"))
    if profile.email_change and profile.registered:
        events.append(
            lambda at: history.refresh_provider(
                at,
                UpdateCategory.EMAIL_CHANGE,
                compact_connect_registered_email_address=(
                    f"{_ascii(identity['given_name'])}.{_ascii(identity['family_name'])}@mail.example.net"
                ),
            )
        )
    if profile.registered and profile.military in (MilitaryStatus.APPROVED, MilitaryStatus.DECLINED):
        status = MilitaryStatus(profile.military)
        events.append(
            lambda at: history.refresh_provider(
                at,
                UpdateCategory.MILITARY_AUDIT,
                military_status=status,
                military_status_note=AUDIT_NOTES[status],
            )
        )
    elif profile.registered and profile.military == "ended":
        events.append(history.end_military)
    for plan, key in privilege_keys:
        if key not in history.privileges:
            continue
        if plan == "deactivated":
            events.append(lambda at, key=key: _deactivate(history, at, key))
        elif plan in ("encumbered", "lifted"):
            actions: list[AdverseAction] = []
            events.append(
                lambda at, key=key, actions=actions: actions.append(
                    history.encumber(at, AdverseActionAgainst.PRIVILEGE, key)
                )
            )
            if plan == "lifted":
                events.append(lambda at, actions=actions: history.lift(at, actions[0]))
    if profile.license_encumbered:
        events.append(lambda at: _encumber_license(history, at, home_key))
    if profile.investigation is not None:
        active = [key for plan, key in privilege_keys if plan == "active" and key in history.privileges]
        against = (
            AdverseActionAgainst.PRIVILEGE
            if active and profile.investigation != "openLicense"
            else AdverseActionAgainst.LICENSE
        )
        target = active[0] if against == AdverseActionAgainst.PRIVILEGE else home_key
        opened: list[Investigation] = []
        events.append(lambda at: opened.append(history.open_investigation(at, against, target)))
        if profile.investigation.startswith("closed"):
            encumber = profile.investigation == "closedWithEncumbrance"
            events.append(lambda at: history.close_investigation(at, opened[0], encumber))
    if kind == "deactivated":
        events.append(lambda at: _deactivate_license(history, at, home_key))
    if profile.moved_away and profile.registered:
        events.append(lambda at: _move_away(history, at))
    for moment, event in zip(history.moments_between(now, len(events)), events, strict=True):
        event(moment)

    # The provider mirrors its best license as of today, not as of its last change.
    assert history.provider is not None
    records = ProviderRecords(
        provider=history.provider,
        licenses=list(history.licenses.values()),
        privileges=list(history.privileges.values()),
    )
    best = records.best_license(today)
    assert best is not None
    mirrored = _changed(mirror_best_license(records, best), date_of_update=history.provider.date_of_update)
    history.provider = mirrored


def _encumber_license(history: _History, at: datetime, key: tuple[str, str]) -> None:
    history.encumber(at, AdverseActionAgainst.LICENSE, key)


def _correct(history: _History, at: datetime, key: tuple[str, str], what: str) -> None:
    """A state upload that corrects the license (an ``other`` update)."""
    rng, old = history.rng, history.licenses[key]
    if what == "name":
        changes: dict[str, Any] = {
            "family_name": rng.choice([n for n in FAMILY_NAMES if n != old.family_name])
        }
    elif what == "contact":
        changes = {
            "phone_number": f"+1{rng.randrange(2, 10)}{rng.randrange(10**9):09d}",
            "email_address": f"{_ascii(old.given_name)}.{rng.randrange(10**4)}@example.com",
        }
    else:
        changes = _address(rng, old.jurisdiction)
    history.reupload(at, key, **changes)


def _deactivate(history: _History, at: datetime, key: tuple[str, str]) -> None:
    """A state administrator deactivates a privilege (with their note)."""
    staff = history.compact.staff(key[0], history.rng)
    details = {
        "deactivation_details": {
            "note": history.rng.choice(DEACTIVATION_NOTES),
            "deactivated_by_staff_user_id": staff.user_id,
            "deactivated_by_staff_user_name": staff.name,
        }
    }
    history.change_privilege(
        at,
        key,
        UpdateCategory.DEACTIVATION,
        at,
        details,
        administrator_set_status=ActiveInactiveStatus.INACTIVE,
    )
    history.refresh_provider(at)


def _deactivate_license(history: _History, at: datetime, key: tuple[str, str]) -> None:
    """The state uploads the license as inactive: the privileges bought on it are license-deactivated."""
    history.reupload(
        at,
        key,
        jurisdiction_uploaded_license_status=ActiveInactiveStatus.INACTIVE,
        jurisdiction_uploaded_compact_eligibility=CompactEligibilityStatus.INELIGIBLE,
        license_status_name=history.rng.choice(LICENSE_STATUS_NAMES["deactivated"]),
    )
    for privilege in list(history.privileges.values()):
        if privilege.license_jurisdiction == key[0] and privilege.license_type_abbreviation == key[1]:
            history.change_privilege(
                at,
                (privilege.jurisdiction, privilege.license_type_abbreviation),
                UpdateCategory.LICENSE_DEACTIVATION,
                license_deactivated_status=LicenseDeactivatedStatus.LICENSE_DEACTIVATED,
            )
    history.refresh_provider(at)


def _move_away(history: _History, at: datetime) -> None:
    """The practitioner moves to a non-member state: their privileges become inactive (spec §9.4 case A)."""
    history.refresh_provider(
        at, UpdateCategory.HOME_JURISDICTION_CHANGE, current_home_jurisdiction=OTHER_JURISDICTION
    )
    for key, privilege in list(history.privileges.items()):
        if privilege.home_jurisdiction_change_status is None:
            history.change_privilege(
                at,
                key,
                UpdateCategory.HOME_JURISDICTION_CHANGE,
                home_jurisdiction_change_status=HomeJurisdictionChangeStatus.INACTIVE,
            )
    history.refresh_provider(at)


# ---- seeding ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    """The n-th provider of the seed: its compact, its number within the compact and its case."""

    index: int
    compact: _Compact
    number: int
    case: str
    showcase: bool


def _slots(compacts: list[_Compact], providers: int, seed: int) -> list[_Slot]:
    cases, weights = list(MIX), list(MIX.values())
    slots = []
    for index in range(providers):
        compact = compacts[index % len(compacts)]
        number = index // len(compacts)
        showcase = number < len(SHOWCASE)
        case = (
            SHOWCASE[number] if showcase else random.Random(f"{seed}/case/{index}").choices(cases, weights)[0]
        )
        slots.append(_Slot(index, compact, number, case, showcase))
    return slots


def _build(
    slots: list[_Slot], ssns: list[str], provider_ids: list[str], seed: int, today: date
) -> list[_History]:
    histories = []
    for slot in slots:
        rng = random.Random(f"{seed}/{slot.compact.abbreviation}/{slot.number}")
        history = _History(slot.compact, provider_ids[slot.index], ssns[slot.index], rng, today)
        _simulate(history, _profile(slot.case, rng, slot.compact, slot.showcase))
        histories.append(history)
    return histories


def _provider_ids(ssn_table: Any, slots: list[_Slot], ssns: list[str]) -> list[str]:
    """Each person's id from the SSN table: created on first sight, as ingest does. (One call each; the
    emulator serves them one at a time anyway, so threads would not make this faster.)"""
    repository = SsnRepository(ssn_table)
    return [
        repository.get_or_create_provider_id(slot.compact.abbreviation, ssns[slot.index]) for slot in slots
    ]


def _claim_privilege_numbers(provider_table: Any, compact: str, count: int) -> int:
    """Claim ``count`` privilege numbers from the compact's counter, as purchases do; returns the number
    before the first."""
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


def _summary(histories: list[_History], slots: list[_Slot], seed: int, today: date) -> DemoSummary:
    counts: Counter[str] = Counter()
    statuses: dict[str, Counter[str]] = {name: Counter() for name in ("license", "privilege", "provider")}
    samples: dict[str, dict[str, str]] = {}
    by_compact: Counter[str] = Counter()
    for slot, history in zip(slots, histories, strict=True):
        by_compact[slot.compact.abbreviation] += 1
        for record in history.records():
            counts[record.record_type] += 1
        counts["document"] += len(history.documents)
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
    if config.environment_name not in SEEDABLE_ENVIRONMENTS:
        raise DemoDataError(
            f"demo data is for the local sandbox, not the {config.environment_name} environment"
        )
    if providers < 1:
        raise DemoDataError("--providers must be at least 1")
    started = time.perf_counter()
    today = today_for_expiration()
    provider_table, ssn_table = tables[PROVIDER.key], tables[SSN.key]
    compacts = _compacts(config, tables[COMPACT_CONFIGURATION.key], seed)
    slots = _slots(compacts, providers, seed)
    sequence = SsnSequence(random.Random(seed))
    ssns = [sequence[slot.index] for slot in slots]

    first = SsnRepository(ssn_table).get_or_create_provider_id(slots[0].compact.abbreviation, ssns[0])
    existing = provider_table.get_item(
        Key={
            "pk": keys.provider_pk(slots[0].compact.abbreviation, first),
            "sk": keys.provider_sk(slots[0].compact.abbreviation),
        }
    ).get("Item")
    if existing:
        raise DemoDataError(
            f"the demo providers of seed {seed} are already there (for one, {first}); "
            "pass another --seed to add more"
        )
    provider_ids = _provider_ids(ssn_table, slots, ssns)

    histories = _build(slots, ssns, provider_ids, seed, today)
    claimed = {compact.abbreviation: compact.privileges_claimed for compact in compacts}
    for compact in compacts:
        compact.privilege_base = _claim_privilege_numbers(
            provider_table, compact.abbreviation, claimed[compact.abbreviation]
        )
        compact.privileges_claimed = 0
    if any(compact.privilege_base for compact in compacts):  # numbers taken before us: number again
        histories = _build(slots, ssns, provider_ids, seed, today)

    with provider_table.batch_writer() as batch:
        for history in histories:
            for record in history.records():
                batch.put_item(Item=record.to_item(stamp=False))
    documents = buckets[PROVIDER_USERS.key]
    for history in histories:
        for document_key, body in history.documents.items():
            documents.put_object(Key=document_key, Body=body, ContentType="application/pdf")

    summary = _summary(histories, slots, seed, today)
    summary.seconds = time.perf_counter() - started
    return summary


# ---- command line ----------------------------------------------------------------------------------


def sandbox_resources(
    session: boto3.Session, endpoint: str | None, tables: Mapping[str, str], buckets: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """boto3 ``Table`` and ``Bucket`` resources for the manifest's table and bucket names.

    Request validation is off: every item comes from a model, and the emulator validates anyway.
    """
    quick = BotocoreConfig(parameter_validation=False)
    dynamodb = session.resource("dynamodb", endpoint_url=endpoint, config=quick)
    s3 = session.resource("s3", endpoint_url=endpoint, config=quick)
    return (
        {key: dynamodb.Table(name) for key, name in tables.items()},
        {key: s3.Bucket(name) for key, name in buckets.items()},
    )


def checked_sandbox_endpoint(endpoint: str) -> str:
    """The emulator endpoint of a local sandbox; anything else is refused."""
    parsed = urlparse(endpoint)
    if parsed.scheme != "http" or parsed.hostname not in LOOPBACK_HOSTS:
        raise DemoDataError(
            f"refusing to seed demo data into {endpoint}: only a local sandbox's emulator "
            "(http://127.0.0.1:...) may receive it"
        )
    return endpoint


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(prog="scripts/seed_demo_data", description=__doc__,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    target = command.add_mutually_exclusive_group()
    target.add_argument(
        "--sandbox", action="store_true", help=f"the running local sandbox ({MANIFEST}; default)"
    )
    target.add_argument("--manifest", type=Path, help="the manifest of a sandbox started with --manifest")
    command.add_argument(
        "--providers", type=int, default=DEFAULT_PROVIDERS, help=f"default {DEFAULT_PROVIDERS}"
    )
    command.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    command.add_argument("--stack", default="local", help="the stack the sandbox runs (default: local)")
    command.add_argument("--json", action="store_true", help="print the whole summary as JSON")
    return command


def print_summary(summary: DemoSummary, out: Any = sys.stdout) -> None:
    print(f"Seeded {summary.line()}", file=out)
    for compact, samples in summary.samples.items():
        picks = {
            case: samples[case]
            for case in ("activePrivileges", "encumberedPrivilege", "militaryAffiliation")
            if case in samples
        }
        shown = "  ".join(f"{case}={provider_id}" for case, provider_id in picks.items())
        print(f"  {compact}: {shown}", file=out)


def main(argv: list[str] | None = None, manifest_path: Path = MANIFEST) -> int:
    args = parser().parse_args(argv)
    path = args.manifest or manifest_path
    try:
        session, endpoint, manifest = sandbox_session(path)
        checked_sandbox_endpoint(endpoint)
        try:
            config = parse_stack_config(namespace_values(load_stack_config(args.stack), NAMESPACE))
        except (ConfigError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        if manifest.get("environment") not in (None, str(config.environment_name)):
            raise CommandError(
                f"the sandbox runs the {manifest['environment']} environment: pass its --stack"
            )
        tables, buckets = sandbox_resources(session, endpoint, manifest["tables"], manifest["buckets"])
        summary = seed_demo_data(tables, buckets, config, providers=args.providers, seed=args.seed)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    manifest["demo"] = {**manifest.get("demo", {}), **summary.as_manifest()}
    write_manifest(manifest, path)
    if args.json:
        print(json.dumps(summary.as_manifest(), indent=2))
    else:
        print_summary(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
