"""What a demo practitioner does themselves: register, change their login email, move out of the compact.

Each is a providerUpdate, as the provider-user flows record it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.jurisdictions import OTHER_JURISDICTION
from core.models.enums import HomeJurisdictionChangeStatus, UpdateCategory
from ops.demo_data.history import History
from ops.demo_data.people import email_name


def register(history: History, at: datetime, person: dict[str, Any], home: str) -> None:
    """Registration with their license's email address (or another when the license has none)."""
    login = person.get("email_address") or (
        f"{email_name(person['given_name'], person['family_name'])}{history.rng.randrange(100)}@example.org"
    )
    history.refresh_provider(
        at,
        UpdateCategory.REGISTRATION,
        compact_connect_registered_email_address=login,
        current_home_jurisdiction=home,
    )


def change_email(history: History, at: datetime, person: dict[str, Any]) -> None:
    """The practitioner moves their login to another address."""
    history.refresh_provider(
        at,
        UpdateCategory.EMAIL_CHANGE,
        compact_connect_registered_email_address=(
            f"{email_name(person['given_name'], person['family_name'])}@mail.example.net"
        ),
    )


def move_away(history: History, at: datetime) -> None:
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
