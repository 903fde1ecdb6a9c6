"""A practitioner moves their home state (spec §9.4), as a pure plan over their records.

Privileges rest on the home state's license. Moving to a state where the practitioner holds no license
(or one not yet live in the compact, or ``other``: out of the compact) ends every active privilege
(case A). Moving to a state where they are licensed (case B) rebuilds the provider record from the best
license there and, license type by license type, moves the privileges onto the new license — unless the
old license cannot vouch for them (none, expired, encumbered: left as they are), or the new one cannot
(none, or not compact-eligible: ended). A privilege in the new home state itself ends: nobody holds a
privilege to practise at home.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from core.models.enums import (
    CompactEligibilityStatus,
    HomeJurisdictionChangeStatus,
    LicenseEncumberedStatus,
    PrivilegeEncumberedStatus,
    UpdateCategory,
)
from core.models.license import License
from core.models.privilege import Privilege
from core.models.provider import Provider
from core.models.provider_records import ProviderRecords
from core.provider_mirror import mirror_best_license
from core.repositories.providers import GuardedPut
from core.status import find_best_license
from provider_users.provider_changes import privilege_update, provider_update

MOVE = UpdateCategory.HOME_JURISDICTION_CHANGE


@dataclass
class MovePlan:
    previous_home: str
    provider: Provider
    puts: list[GuardedPut] = field(default_factory=list)


def plan_move(
    records: ProviderRecords, new_home: str, live: frozenset[str], today: date, now: datetime
) -> MovePlan | None:
    """The writes of a move to ``new_home`` (``live``: the compact's live states), or None when the
    practitioner already lives there."""
    stored = records.provider
    assert stored is not None
    if stored.current_home_jurisdiction == new_home:
        return None
    licensed_there = [lic for lic in records.licenses if lic.jurisdiction == new_home]
    if licensed_there and new_home in live:
        best = find_best_license(licensed_there, new_home, today)
        assert best is not None
        rebuilt = mirror_best_license(records, best).model_copy(
            update={"current_home_jurisdiction": new_home}
        )
        changed = _moved_privileges(records, stored.current_home_jurisdiction, new_home, today)
    else:
        rebuilt = stored.model_copy(update={"current_home_jurisdiction": new_home})
        changed = [(priv, _ended(priv)) for priv in _active(records.privileges)]
    plan = MovePlan(previous_home=stored.current_home_jurisdiction, provider=rebuilt)
    plan.puts += [
        GuardedPut(rebuilt, read=stored),
        GuardedPut(provider_update(stored, rebuilt, MOVE, now), guard=False),
    ]
    for old, new in changed:
        plan.puts += [
            GuardedPut(new, read=old),
            GuardedPut(privilege_update(old, new, MOVE, now), guard=False),
        ]
    return plan


def _active(privileges: list[Privilege]) -> list[Privilege]:
    """Privileges no earlier move has ended."""
    return [priv for priv in privileges if priv.home_jurisdiction_change_status is None]


def _ended(privilege: Privilege) -> Privilege:
    return privilege.model_copy(
        update={"home_jurisdiction_change_status": HomeJurisdictionChangeStatus.INACTIVE}
    )


def _moved_privileges(
    records: ProviderRecords, old_home: str, new_home: str, today: date
) -> list[tuple[Privilege, Privilege]]:
    by_type: dict[str, list[Privilege]] = defaultdict(list)
    for privilege in _active(records.privileges):
        by_type[privilege.license_type_abbreviation].append(privilege)
    changed = []
    for abbreviation, privileges in by_type.items():
        old_license = records.license_for(old_home, abbreviation)
        if old_license is None or old_license.date_of_expiration < today or _encumbered(old_license):
            continue  # nothing vouches for a move: left as they are
        new_license = records.license_for(new_home, abbreviation)
        if new_license is None or (
            new_license.jurisdiction_uploaded_compact_eligibility == CompactEligibilityStatus.INELIGIBLE
        ):
            changed += [(priv, _ended(priv)) for priv in privileges]
            continue
        for privilege in privileges:
            if privilege.jurisdiction == new_home:
                changed.append((privilege, _ended(privilege)))
            else:
                changed.append((privilege, _onto(privilege, new_license)))
    return changed


def _onto(privilege: Privilege, license: License) -> Privilege:
    """The privilege resting on the new home license: its state and expiration (and its encumbrance)."""
    update: dict[str, object] = {
        "license_jurisdiction": license.jurisdiction,
        "date_of_expiration": license.date_of_expiration,
    }
    if _encumbered(license) and privilege.encumbered_status != PrivilegeEncumberedStatus.ENCUMBERED:
        update["encumbered_status"] = PrivilegeEncumberedStatus.LICENSE_ENCUMBERED
    return privilege.model_copy(update=update)


def _encumbered(license: License) -> bool:
    return license.encumbered_status == LicenseEncumberedStatus.ENCUMBERED
