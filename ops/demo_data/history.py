"""One demo provider's records, kept as the real flows keep them: each change versioned and logged.

Every change goes through the project's record models: the new version replaces the old one, and the
change is kept as the update ("history") record the real flow writes (with ``previous``,
``updatedValues``, ``removedValues``). The provider record is re-mirrored from the best license after
every change (§6.3). What *causes* each change (uploads, purchases, staff actions) lives in the modules
that call this one, so this stays the single place where records change.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from core.models.adverse_action import AdverseAction, Investigation
from core.models.base import Record
from core.models.enums import AdverseActionAgainst, UpdateCategory
from core.models.history import LicenseUpdate, PrivilegeUpdate, ProviderUpdate
from core.models.license import License
from core.models.military import MilitaryAffiliation
from core.models.privilege import Privilege
from core.models.provider import Provider
from core.models.provider_records import ProviderRecords
from core.provider_mirror import mirror_best_license
from core.status import find_best_license
from ingest.license_changes import NOT_COMPARED, SYSTEM_SET_LICENSE_FIELDS, categorise
from ops.demo_data.compacts import Compact
from ops.demo_data.timeline import Timeline, day_of

RecordKey = tuple[str, str]
"""A license's or a privilege's place among a provider's records: (jurisdiction, license type
abbreviation)."""

R = TypeVar("R", bound=BaseModel)


def changed(record: R, **changes: Any) -> R:
    """A new version of a record; a change to None removes the field."""
    return type(record).model_validate({**record.model_dump(), **changes})


def subject_fields(record: License | Privilege) -> dict[str, Any]:
    """The fields that say which of a provider's licenses or privileges a related record (an update, an
    adverse action, an investigation) is about."""
    return {
        "jurisdiction": record.jurisdiction,
        "license_type": record.license_type,
        "license_type_abbreviation": record.license_type_abbreviation,
    }


def _diff(old: Record, new: Record) -> tuple[dict[str, Any], list[str] | None]:
    """``updatedValues`` and ``removedValues`` of a change, in stored form (bookkeeping fields ignored)."""
    before = {name: value for name, value in old.stored_fields().items() if name not in NOT_COMPARED}
    after = {name: value for name, value in new.stored_fields().items() if name not in NOT_COMPARED}
    updated = {name: value for name, value in after.items() if before.get(name) != value}
    removed = sorted(name for name in before if name not in after)
    return updated, removed or None


class History:
    """One provider's records, built by replaying what happened to them, oldest first."""

    def __init__(self, compact: Compact, provider_id: str, ssn: str, rng: random.Random, today: date) -> None:
        self.compact = compact
        self.provider_id = provider_id
        self.ssn = ssn
        self.rng = rng
        self.today = today
        self.timeline = Timeline(rng, today)
        self.provider: Provider | None = None
        self.licenses: dict[RecordKey, License] = {}
        self.privileges: dict[RecordKey, Privilege] = {}
        self.updates: list[LicenseUpdate | PrivilegeUpdate | ProviderUpdate] = []
        self.adverse_actions: dict[str, AdverseAction] = {}
        self.investigations: dict[str, Investigation] = {}
        self.military: list[MilitaryAffiliation] = []
        self.documents: dict[str, bytes] = {}

    # -- reading

    @property
    def home_license(self) -> License:
        """The first license uploaded: privileges are bought on it."""
        return next(iter(self.licenses.values()))

    def target(self, against: AdverseActionAgainst, key: RecordKey) -> License | Privilege:
        """The license or privilege a staff action is against."""
        return self.licenses[key] if against == AdverseActionAgainst.LICENSE else self.privileges[key]

    def privileges_on(self, license_key: RecordKey) -> list[Privilege]:
        """The privileges bought on a license (a snapshot: changing them does not disturb it)."""
        return [
            privilege
            for privilege in self.privileges.values()
            if (privilege.license_jurisdiction, privilege.license_type_abbreviation) == license_key
        ]

    def under_investigation(self) -> bool:
        """Whether any license or privilege is under investigation (a purchase must attest to it)."""
        records: Iterable[License | Privilege] = [*self.licenses.values(), *self.privileges.values()]
        return any(record.investigation_status is not None for record in records)

    def records(self) -> list[Record]:
        """Everything to write to the provider table."""
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

    # -- changing

    def upload_license(self, at: datetime, record: License) -> None:
        """A state's upload: a new license, or a licenseUpdate categorised as ingest does."""
        key = (record.jurisdiction, record.license_type_abbreviation)
        old = self.licenses.get(key)
        if old is None:
            self.licenses[key] = changed(record, first_upload_date=at, date_of_update=at)
        else:
            kept = {name: getattr(old, name) for name in SYSTEM_SET_LICENSE_FIELDS}
            new = changed(record, first_upload_date=old.first_upload_date, date_of_update=at, **kept)
            self._replace_license(at, at, old, new, categorise(old, new))
        self.refresh_provider(at)

    def reupload(self, at: datetime, key: RecordKey, **changes: Any) -> None:
        """The state uploads the license again with ``changes``."""
        self.upload_license(at, changed(self.licenses[key], **changes))

    def change_license(
        self,
        at: datetime,
        key: RecordKey,
        category: UpdateCategory,
        effective: datetime,
        **changes: Any,
    ) -> None:
        """A staff action on a license (encumbrance, investigation)."""
        old = self.licenses[key]
        self._replace_license(at, effective, old, changed(old, date_of_update=at, **changes), category)

    def _replace_license(
        self, at: datetime, effective: datetime, old: License, new: License, category: UpdateCategory
    ) -> None:
        self._log(LicenseUpdate, at, effective, old, new, category, **subject_fields(old))
        self.licenses[(old.jurisdiction, old.license_type_abbreviation)] = new

    def change_privilege(
        self,
        at: datetime,
        key: RecordKey,
        category: UpdateCategory,
        effective: datetime | None = None,
        details: Mapping[str, Any] | None = None,
        **changes: Any,
    ) -> None:
        """A change to a privilege, logged with the update's ``details`` (who deactivated, which action)."""
        old = self.privileges[key]
        new = changed(old, date_of_update=at, **changes)
        self._log(
            PrivilegeUpdate, at, effective or at, old, new, category, **subject_fields(old), **(details or {})
        )
        self.privileges[key] = new

    def refresh_provider(self, at: datetime, category: UpdateCategory | None = None, **changes: Any) -> None:
        """Apply ``changes`` to the provider and re-mirror its best license (§6.3); with ``category``, the
        change is recorded as a providerUpdate."""
        records = self._records_of(
            changed(self.provider, **changes) if self.provider and changes else self.provider
        )
        home = records.provider.current_home_jurisdiction if records.provider else None
        best = find_best_license(records.licenses, home, day_of(at))
        assert best is not None  # a provider is only created by a license upload
        rebuilt = changed(mirror_best_license(records, best), date_of_update=at)
        old = self.provider
        if old is not None and category is not None:
            self._log(ProviderUpdate, at, at, old, rebuilt, category)
        if old is None or _diff(old, rebuilt) != ({}, None):
            self.provider = rebuilt

    def mirror_best_license_today(self) -> None:
        """Mirror the license that is best as of today, not as of the provider's last change."""
        assert self.provider is not None
        records = self._records_of(self.provider)
        best = records.best_license(self.today)
        assert best is not None
        self.provider = changed(
            mirror_best_license(records, best), date_of_update=self.provider.date_of_update
        )

    def _records_of(self, provider: Provider | None) -> ProviderRecords:
        return ProviderRecords(
            provider=provider,
            licenses=list(self.licenses.values()),
            privileges=list(self.privileges.values()),
        )

    def _log(
        self,
        update: type[LicenseUpdate | PrivilegeUpdate | ProviderUpdate],
        at: datetime,
        effective: datetime,
        old: License | Privilege | Provider,
        new: License | Privilege | Provider,
        category: UpdateCategory,
        **fields: Any,
    ) -> None:
        """Keep the update record of a change from ``old`` to ``new`` (``fields``: the update type's own)."""
        updated, removed = _diff(old, new)
        self.updates.append(
            update(
                provider_id=self.provider_id,
                compact=old.compact,
                update_type=category,
                previous=old.stored_fields(),
                updated_values=updated,
                removed_values=removed,
                create_date=at,
                effective_date=effective,
                date_of_update=at,
                **fields,
            )
        )
