"""The records a paid purchase writes (payments_security §1.7 step 8), planned as a pure function.

A state where the practitioner holds no privilege of the license type gets a new privilege, numbered
from the compact's counter and issued now. A state where they hold one (expired, deactivated, or set
aside by a move or a deactivated license) renews it: it keeps its id and date of issuance, becomes
active again, loses the statuses that set it aside, and a ``renewal`` history record says what changed.
Every privilege bought runs to the home license's expiration and carries the transaction id and the
attestations. The provider record lists the new states.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.models.enums import ActiveInactiveStatus, UpdateCategory
from core.models.privilege import AttestationReference, Privilege, format_privilege_id
from core.models.provider_records import ProviderRecords
from core.repositories.providers import GuardedPut
from provider_users.provider_changes import privilege_update
from purchases.eligibility import ApprovedPurchase


@dataclass(frozen=True)
class PrivilegesBought:
    puts: list[GuardedPut]
    privileges: list[Privilege]  # in the order the states were asked for
    issued: list[str]  # states of new privileges
    renewed: list[str]  # states of renewed privileges


def new_states(records: ProviderRecords, approved: ApprovedPurchase) -> list[str]:
    """The states bought that need a new privilege (and so a number from the counter)."""
    abbreviation = approved.home_license.license_type_abbreviation
    return [
        configuration.postal_abbreviation
        for configuration in approved.jurisdictions
        if records.privilege_for(configuration.postal_abbreviation, abbreviation) is None
    ]


def plan_privileges(
    records: ProviderRecords,
    approved: ApprovedPurchase,
    numbers: Sequence[int],
    transaction_id: str,
    attestations: Sequence[AttestationReference],
    now: datetime,
) -> PrivilegesBought:
    """``numbers`` are the counter's numbers for :func:`new_states`, in that order."""
    home = approved.home_license
    provider = records.provider
    assert provider is not None, "an approved purchase has a provider"
    unnumbered = iter(numbers)
    puts: list[GuardedPut] = []
    bought: list[Privilege] = []
    issued: list[str] = []
    renewed: list[str] = []
    terms = {
        "license_jurisdiction": home.jurisdiction,
        "date_of_renewal": now,
        "date_of_expiration": home.date_of_expiration,
        "compact_transaction_id": transaction_id,
        "attestations": list(attestations),
        "administrator_set_status": ActiveInactiveStatus.ACTIVE,
    }
    for configuration in approved.jurisdictions:
        state = configuration.postal_abbreviation
        existing = records.privilege_for(state, home.license_type_abbreviation)
        if existing is None:
            privilege = Privilege(
                provider_id=provider.provider_id,
                compact=provider.compact,
                jurisdiction=state,
                license_type=home.license_type,
                license_type_abbreviation=home.license_type_abbreviation,
                privilege_id=format_privilege_id(home.license_type_abbreviation, state, next(unnumbered)),
                date_of_issuance=now,
                **terms,
            )
            issued.append(state)
        else:
            privilege = existing.model_copy(
                update={**terms, "home_jurisdiction_change_status": None, "license_deactivated_status": None}
            )
            puts.append(
                GuardedPut(privilege_update(existing, privilege, UpdateCategory.RENEWAL, now), guard=False)
            )
            renewed.append(state)
        puts.append(GuardedPut(privilege, read=existing))
        bought.append(privilege)
    held = provider.privilege_jurisdictions | {p.jurisdiction for p in bought}
    puts.append(GuardedPut(provider.model_copy(update={"privilege_jurisdictions": held}), read=provider))
    return PrivilegesBought(puts=puts, privileges=bought, issued=issued, renewed=renewed)
