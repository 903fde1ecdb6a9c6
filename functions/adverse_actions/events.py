"""The events of encumbrances placed and lifted (spec §7.1), declared once. A license's events feed the
privilege cascades (``adverse_actions.cascade_listeners``); every one of them feeds the encumbrance
notifications."""

from pydantic import Field

from core.events import EventSpec
from core.models.base import CamelModel, UtcDatetime, UuidStr
from ingest.events import PROVIDER_DATA_SOURCE

_WHEN = "2026-12-07T15:00:00+00:00"
_PROVIDER_ID = "89a6377e-c3a5-40e5-bca5-317ec854c570"
_ACTION_ID = "2d6e1c0a-55c8-4c7b-9a0e-6f2b1a3d4e5f"


class EncumbranceEvent(CamelModel):
    """``jurisdiction`` is the encumbered record's state; ``effectiveDate`` the date staff chose;
    ``adverseActionId`` the encumbrance placed, or the one whose lift freed the record.

    ``licenseJurisdiction`` is set on a privilege's event when the privilege follows its home license
    (the cascade): the license's own event has told the provider and the states already, so these send
    no second email.
    """

    event_time: UtcDatetime
    compact: str
    jurisdiction: str
    provider_id: UuidStr
    license_type_abbreviation: str
    effective_date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    adverse_action_id: UuidStr | None = None
    license_jurisdiction: str | None = None


def _example() -> dict[str, str]:
    return {
        "eventTime": _WHEN,
        "compact": "aslp",
        "jurisdiction": "oh",
        "providerId": _PROVIDER_ID,
        "licenseTypeAbbreviation": "slp",
        "effectiveDate": "2026-12-01",
        "adverseActionId": _ACTION_ID,
    }


def _event(detail_type: str, description: str) -> EventSpec:
    return EventSpec(
        detail_type=detail_type,
        source=PROVIDER_DATA_SOURCE,
        model=EncumbranceEvent,
        description=description,
        example=_example(),
    )


LICENSE_ENCUMBRANCE = _event(
    "license.encumbrance",
    "A state encumbered a license: its privileges become licenseEncumbered; everyone concerned is told.",
)
LICENSE_ENCUMBRANCE_LIFTED = _event(
    "license.encumbranceLifted",
    "A state lifted a license's last encumbrance: its licenseEncumbered privileges are freed; all are told.",
)
PRIVILEGE_ENCUMBRANCE = _event(
    "privilege.encumbrance",
    "A privilege was encumbered by its state, or follows its encumbered home license (licenseJurisdiction).",
)
PRIVILEGE_ENCUMBRANCE_LIFTED = _event(
    "privilege.encumbranceLifted",
    "A privilege's last encumbrance was lifted, or its home license's (licenseJurisdiction set).",
)

EVENTS: tuple[EventSpec, ...] = (
    LICENSE_ENCUMBRANCE,
    LICENSE_ENCUMBRANCE_LIFTED,
    PRIVILEGE_ENCUMBRANCE,
    PRIVILEGE_ENCUMBRANCE_LIFTED,
)
