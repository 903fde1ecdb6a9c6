"""What seeding needs to know about each compact, read from the stack config and the running sandbox.

Privileges can only be bought where the compact allows (and the public routes only show live
jurisdictions), a purchase must carry the attestations the compact configuration holds, and privilege
numbers come from the compact's counter: this module gathers those facts once per seeding.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from components.config import StackConfig
from core.compacts import LicenseType
from core.models.privilege import AttestationReference, format_privilege_id
from core.repositories.configuration import ConfigurationRepository
from ops.demo_data.ids import seeded_uuid
from ops.generate_mock_licenses import FAMILY_NAMES, GIVEN_NAMES
from purchases.eligibility import ALWAYS_ATTESTED, CIVILIAN_ATTESTED, MILITARY_ATTESTED


@dataclass(frozen=True)
class Staff:
    """A board staff member, as staff actions record them."""

    user_id: str
    name: str


@dataclass
class Compact:
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
        """The id of the next privilege bought: numbered after ``privilege_base``, the counter's value."""
        self.privileges_claimed += 1
        number = self.privilege_base + self.privileges_claimed
        return format_privilege_id(license_type_abbreviation, jurisdiction, number)

    def staff(self, jurisdiction: str, rng: random.Random) -> Staff:
        """One of the two board staff members of a jurisdiction (the same people throughout a seed)."""
        roster = random.Random(f"{self.seed}/staff/{self.abbreviation}/{jurisdiction}")
        members = [
            Staff(str(seeded_uuid(roster)), f"{roster.choice(GIVEN_NAMES)} {roster.choice(FAMILY_NAMES)}")
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


def load_compacts(config: StackConfig, configuration_table: Any, seed: int) -> list[Compact]:
    """The config's compacts with their live and configured jurisdictions and attestation versions."""
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
            Compact(
                abbreviation=abbreviation,
                license_types=definition.license_types,
                active=definition.active_jurisdictions,
                live=live,
                configured=tuple(code for code in configured if code not in live),
                attestation_versions=repository.latest_attestation_versions(abbreviation),
                seed=seed,
            )
        )
    return compacts
