"""The events of encumbrances placed and lifted (spec §7.1), declared once. Their consumers (the
privilege cascade and the notifications) are the next part of issue #16."""

from pydantic import Field

from core.events import EventSpec
from core.models.base import CamelModel, UtcDatetime, UuidStr
from ingest.events import PROVIDER_DATA_SOURCE

_WHEN = "2026-12-07T15:00:00+00:00"
_PROVIDER_ID = "89a6377e-c3a5-40e5-bca5-317ec854c570"
_ACTION_ID = "2d6e1c0a-55c8-4c7b-9a0e-6f2b1a3d4e5f"
_AWAITING = "its consumers: the privilege cascade and the notification listeners (issue #16)"


class EncumbranceEvent(CamelModel):
    """``jurisdiction`` is the encumbered record's state; ``effectiveDate`` the date staff chose."""

    event_time: UtcDatetime
    compact: str
    jurisdiction: str
    provider_id: UuidStr
    license_type_abbreviation: str
    effective_date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    adverse_action_id: UuidStr | None = None


def _example(lifted: bool) -> dict[str, str]:
    example = {
        "eventTime": _WHEN,
        "compact": "aslp",
        "jurisdiction": "oh",
        "providerId": _PROVIDER_ID,
        "licenseTypeAbbreviation": "slp",
        "effectiveDate": "2026-12-01",
    }
    return example if lifted else {**example, "adverseActionId": _ACTION_ID}


def _event(detail_type: str, description: str, lifted: bool) -> EventSpec:
    return EventSpec(
        detail_type=detail_type,
        source=PROVIDER_DATA_SOURCE,
        model=EncumbranceEvent,
        description=description,
        example=_example(lifted),
        awaiting=_AWAITING,
    )


LICENSE_ENCUMBRANCE = _event(
    "license.encumbrance",
    "A state encumbered a license: its privileges become licenseEncumbered; everyone concerned is told.",
    lifted=False,
)
LICENSE_ENCUMBRANCE_LIFTED = _event(
    "license.encumbranceLifted",
    "A state lifted a license's last encumbrance: its licenseEncumbered privileges are freed; all are told.",
    lifted=True,
)
PRIVILEGE_ENCUMBRANCE = _event(
    "privilege.encumbrance",
    "A state encumbered a privilege: the provider and the states are told.",
    lifted=False,
)
PRIVILEGE_ENCUMBRANCE_LIFTED = _event(
    "privilege.encumbranceLifted",
    "A state lifted a privilege's last encumbrance: the provider and the states are told.",
    lifted=True,
)

EVENTS: tuple[EventSpec, ...] = (
    LICENSE_ENCUMBRANCE,
    LICENSE_ENCUMBRANCE_LIFTED,
    PRIVILEGE_ENCUMBRANCE,
    PRIVILEGE_ENCUMBRANCE_LIFTED,
)
