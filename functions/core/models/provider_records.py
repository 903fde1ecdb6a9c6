"""Everything stored in one provider's partition, sorted into typed records (spec §4.2).

Pure data: the repository (``core.repositories.providers``) fills it from one query, and handlers ask it
questions (which license is this, where does the provider hold anything) instead of filtering item dicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from core.models.adverse_action import AdverseAction, Investigation
from core.models.base import Record
from core.models.history import LicenseUpdate, PrivilegeUpdate, ProviderUpdate
from core.models.license import License
from core.models.military import MilitaryAffiliation
from core.models.privilege import Privilege
from core.models.provider import Provider
from core.status import find_best_license

R = TypeVar("R", bound=Record)

_HELD_IN: dict[type[Record], str] = {
    License: "licenses",
    Privilege: "privileges",
    LicenseUpdate: "license_updates",
    PrivilegeUpdate: "privilege_updates",
    ProviderUpdate: "provider_updates",
    AdverseAction: "adverse_actions",
    Investigation: "investigations",
    MilitaryAffiliation: "military_affiliations",
}
"""The list of :class:`ProviderRecords` each record type is kept in (the provider is kept on its own)."""


@dataclass(frozen=True)
class UnreadableRecord:
    """A stored item of a known type that its model refuses. Only its keys and what is wrong (field paths
    and error kinds) are kept: never its values, which may be personal data."""

    pk: str
    sk: str
    record_type: str
    problems: tuple[str, ...]

    @classmethod
    def of(cls, item: Mapping[str, Any], error: ValueError) -> UnreadableRecord:
        from pydantic import ValidationError

        if isinstance(error, ValidationError):
            problems = tuple(
                f"{'.'.join(str(part) for part in detail['loc']) or 'record'}: {detail['type']}"
                for detail in error.errors(include_url=False, include_input=False)
            )
        else:
            problems = (type(error).__name__,)
        return cls(str(item.get("pk")), str(item.get("sk")), str(item.get("type")), problems)


def read_record(model: type[R], item: Mapping[str, Any]) -> R | UnreadableRecord:
    """The item as its model, or what is wrong with it."""
    try:
        return model.from_item(item)
    except ValueError as error:  # pydantic's ValidationError is one
        return UnreadableRecord.of(item, error)


RECORD_MODELS: dict[str, type[Record]] = {
    model.record_type: model
    for model in (
        Provider,
        License,
        Privilege,
        LicenseUpdate,
        PrivilegeUpdate,
        ProviderUpdate,
        AdverseAction,
        Investigation,
        MilitaryAffiliation,
    )
}
"""Stored ``type`` -> model, for every record type that lives in a provider partition."""


@dataclass
class ProviderRecords:
    """One provider's records. ``provider`` is None when the partition holds no provider record yet (a first
    license upload creates it)."""

    provider: Provider | None = None
    licenses: list[License] = field(default_factory=list)
    privileges: list[Privilege] = field(default_factory=list)
    license_updates: list[LicenseUpdate] = field(default_factory=list)
    privilege_updates: list[PrivilegeUpdate] = field(default_factory=list)
    provider_updates: list[ProviderUpdate] = field(default_factory=list)
    adverse_actions: list[AdverseAction] = field(default_factory=list)
    investigations: list[Investigation] = field(default_factory=list)
    military_affiliations: list[MilitaryAffiliation] = field(default_factory=list)
    unknown_types: set[str] = field(default_factory=set)
    unreadable: list[UnreadableRecord] = field(default_factory=list)

    @classmethod
    def from_items(cls, items: Iterable[Mapping[str, Any]]) -> ProviderRecords:
        """Sort raw items by their ``type``.

        Items of a type this code does not know (written by a newer version, or a stray item) are skipped
        and their types noted in ``unknown_types``, so an old reader keeps working during a rollout. An
        item of a known type that its model still refuses is left out and noted in ``unreadable``: one
        bad record must not make the rest of the provider unreadable.
        """
        records = cls()
        for item in items:
            record_type = str(item.get("type"))
            model = RECORD_MODELS.get(record_type)
            if model is None:
                records.unknown_types.add(record_type)
                continue
            record = read_record(model, item)
            if isinstance(record, UnreadableRecord):
                records.unreadable.append(record)
            elif isinstance(record, Provider):
                records = replace(records, provider=record)
            else:
                getattr(records, _HELD_IN[model]).append(record)
        return records

    def with_written(self, written: Iterable[Record]) -> ProviderRecords:
        """These records as they will be once ``written`` is: for planning a second change on top of a
        first one that lands in the same transaction (an investigation closed with an encumbrance)."""
        copies: dict[str, Any] = {name: list(getattr(self, name)) for name in _HELD_IN.values()}
        after = replace(self, **copies)
        for record in written:
            if isinstance(record, Provider):
                after = replace(after, provider=record)
                continue
            held: list[Any] = getattr(after, _HELD_IN[type(record)])
            held[:] = [*(other for other in held if other.sk != record.sk), record]
        return after

    @property
    def is_empty(self) -> bool:
        """No provider and no license: nothing is known about this person yet."""
        return self.provider is None and not self.licenses

    def license_for(self, jurisdiction: str, license_type_abbreviation: str) -> License | None:
        """The license of one (jurisdiction, license type): there is at most one."""
        return next(
            (
                lic
                for lic in self.licenses
                if lic.jurisdiction == jurisdiction
                and lic.license_type_abbreviation == license_type_abbreviation
            ),
            None,
        )

    def privilege_for(self, jurisdiction: str, license_type_abbreviation: str) -> Privilege | None:
        """The privilege of one (privilege jurisdiction, license type): there is at most one."""
        return next(
            (
                priv
                for priv in self.privileges
                if priv.jurisdiction == jurisdiction
                and priv.license_type_abbreviation == license_type_abbreviation
            ),
            None,
        )

    def privileges_on_license(
        self, license_jurisdiction: str, license_type_abbreviation: str
    ) -> list[Privilege]:
        """Privileges bought on the strength of one home license (deactivation and encumbrance cascades)."""
        return [
            priv
            for priv in self.privileges
            if priv.license_jurisdiction == license_jurisdiction
            and priv.license_type_abbreviation == license_type_abbreviation
        ]

    def updates_of_license(self, jurisdiction: str, license_type_abbreviation: str) -> list[LicenseUpdate]:
        """History of one license, oldest first."""
        own = [
            update
            for update in self.license_updates
            if update.jurisdiction == jurisdiction
            and update.license_type_abbreviation == license_type_abbreviation
        ]
        return sorted(own, key=lambda update: update.create_date)

    def license_jurisdictions(self) -> set[str]:
        return {lic.jurisdiction for lic in self.licenses}

    def privilege_jurisdictions(self) -> set[str]:
        """Where the provider holds privileges: the provider record's ``privilegeJurisdictions``."""
        return {priv.jurisdiction for priv in self.privileges}

    def provider_jurisdictions(self) -> set[str]:
        """Every jurisdiction where the provider holds a license or a privilege: a jurisdiction-scoped staff
        user may see private fields (or the SSN) only of providers in these."""
        return self.license_jurisdictions() | self.privilege_jurisdictions()

    def best_license(self, today: date | None = None) -> License | None:
        """The license the provider record should mirror (§6.3), honouring the current home jurisdiction."""
        home = self.provider.current_home_jurisdiction if self.provider else None
        return find_best_license(self.licenses, home, today)
