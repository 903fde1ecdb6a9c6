"""A demo provider's privileges: where they buy them, the purchase or renewal (spec §9.6), and an
administrator's deactivation of one.

Purchases number new privileges from the compact's counter, as the real purchase flow does, so privilege
ids in demo data look (and sort) like real ones.
"""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from core.models.enums import ActiveInactiveStatus, UpdateCategory
from core.models.license import License
from core.models.privilege import Privilege
from ops.demo_data.compacts import Compact
from ops.demo_data.history import History, RecordKey

DEACTIVATION_NOTES = (
    "Deactivated at the practitioner's request.",
    "Privilege purchased in error; fee refunded.",
    "Duplicate purchase.",
    "Practitioner no longer practises in this state.",
)


def privilege_jurisdictions(rng: random.Random, compact: Compact, count: int, exclude: set[str]) -> list[str]:
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


def buy(history: History, at: datetime, jurisdictions: list[str]) -> None:
    """One purchase of privileges on the home license (spec §9.6): new ones numbered from the compact's
    counter, existing ones renewed in place."""
    home = history.home_license
    terms = _purchase_terms(history, at, home)
    for jurisdiction in jurisdictions:
        key = (jurisdiction, home.license_type_abbreviation)
        if key in history.privileges:  # a renewal also clears whatever had made the privilege inactive
            history.change_privilege(
                at,
                key,
                UpdateCategory.RENEWAL,
                **terms,
                administrator_set_status=ActiveInactiveStatus.ACTIVE,
                home_jurisdiction_change_status=None,
                license_deactivated_status=None,
            )
        else:
            history.privileges[key] = _issue(history, at, jurisdiction, home, terms)
    history.refresh_provider(at)


def _purchase_terms(history: History, at: datetime, home: License) -> dict[str, Any]:
    """What every privilege of one purchase gets: the purchase's date and transaction, the license's
    expiration, and the attestations the practitioner accepted."""
    assert history.provider is not None
    return {
        "date_of_renewal": at,
        "date_of_expiration": home.date_of_expiration,
        "compact_transaction_id": str(history.rng.randrange(10**11, 10**12)),
        "attestations": history.compact.attestations(
            history.provider.is_active_military, history.under_investigation()
        ),
    }


def _issue(
    history: History, at: datetime, jurisdiction: str, home: License, terms: dict[str, Any]
) -> Privilege:
    """A new privilege in ``jurisdiction`` on the home license."""
    return Privilege(
        provider_id=history.provider_id,
        compact=home.compact,
        jurisdiction=jurisdiction,
        license_jurisdiction=home.jurisdiction,
        license_type=home.license_type,
        license_type_abbreviation=home.license_type_abbreviation,
        privilege_id=history.compact.next_privilege_id(home.license_type_abbreviation, jurisdiction),
        date_of_issuance=at,
        date_of_update=at,
        **terms,
    )


def deactivate_privilege(history: History, at: datetime, key: RecordKey) -> None:
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
