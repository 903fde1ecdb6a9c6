"""The events of staff changes to a provider's records (spec §7.1), declared once: encumbrances placed
and lifted, investigations opened and closed, privileges deactivated, military documents audited. A
license's encumbrance events feed the privilege cascades (``adverse_actions.cascade_listeners``); each
family feeds its own notification listener."""

from pydantic import Field

from core.events import EventSpec
from core.models.base import CamelModel, UtcDatetime, UuidStr
from core.models.enums import AdverseActionAgainst, MilitaryAuditStatus
from ingest.events import PROVIDER_DATA_SOURCE

_WHEN = "2026-12-07T15:00:00+00:00"
_PROVIDER_ID = "89a6377e-c3a5-40e5-bca5-317ec854c570"
_ACTION_ID = "2d6e1c0a-55c8-4c7b-9a0e-6f2b1a3d4e5f"
_INVESTIGATION_ID = "7b0c3f7e-2f4a-4d8e-9c61-0a5e8d2b9f13"


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

ENCUMBRANCE_EVENTS: tuple[EventSpec, ...] = (
    LICENSE_ENCUMBRANCE,
    LICENSE_ENCUMBRANCE_LIFTED,
    PRIVILEGE_ENCUMBRANCE,
    PRIVILEGE_ENCUMBRANCE_LIFTED,
)


class InvestigationEvent(CamelModel):
    """``jurisdiction`` is the investigated record's state; ``adverseActionId`` is set on a closing that
    resulted in an encumbrance."""

    event_time: UtcDatetime
    compact: str
    jurisdiction: str
    provider_id: UuidStr
    license_type_abbreviation: str
    investigation_against: AdverseActionAgainst
    investigation_id: UuidStr
    adverse_action_id: UuidStr | None = None


def _investigation_event(detail_type: str, description: str) -> EventSpec:
    against = detail_type.partition(".")[0]
    return EventSpec(
        detail_type=detail_type,
        source=PROVIDER_DATA_SOURCE,
        model=InvestigationEvent,
        description=description,
        example={
            "eventTime": _WHEN,
            "compact": "aslp",
            "jurisdiction": "oh",
            "providerId": _PROVIDER_ID,
            "licenseTypeAbbreviation": "slp",
            "investigationAgainst": against,
            "investigationId": _INVESTIGATION_ID,
        },
    )


LICENSE_INVESTIGATION = _investigation_event(
    "license.investigation", "A state opened an investigation of a license: the states concerned are told."
)
PRIVILEGE_INVESTIGATION = _investigation_event(
    "privilege.investigation",
    "A state opened an investigation of a privilege: the states concerned are told.",
)
LICENSE_INVESTIGATION_CLOSED = _investigation_event(
    "license.investigationClosed",
    "A state closed an investigation of a license (adverseActionId: the encumbrance it resulted in).",
)
PRIVILEGE_INVESTIGATION_CLOSED = _investigation_event(
    "privilege.investigationClosed",
    "A state closed an investigation of a privilege (adverseActionId: the encumbrance it resulted in).",
)

INVESTIGATION_EVENTS: tuple[EventSpec, ...] = (
    LICENSE_INVESTIGATION,
    PRIVILEGE_INVESTIGATION,
    LICENSE_INVESTIGATION_CLOSED,
    PRIVILEGE_INVESTIGATION_CLOSED,
)


class PrivilegeDeactivationEvent(CamelModel):
    """A compact admin deactivated a privilege; ``jurisdiction`` is the privilege's state. The reference
    sent only the provider; the license type and privilege id let the emails go from a listener."""

    event_time: UtcDatetime
    compact: str
    jurisdiction: str
    provider_id: UuidStr
    license_type_abbreviation: str | None = None
    privilege_id: str | None = None


PRIVILEGE_DEACTIVATION = EventSpec(
    detail_type="privilege.deactivation",
    source=PROVIDER_DATA_SOURCE,
    model=PrivilegeDeactivationEvent,
    description="A compact admin deactivated a privilege: the provider and the privilege's state are told.",
    example={
        "eventTime": _WHEN,
        "compact": "aslp",
        "jurisdiction": "ky",
        "providerId": _PROVIDER_ID,
        "licenseTypeAbbreviation": "slp",
        "privilegeId": "SLP-KY-12",
    },
)


class MilitaryAuditEvent(CamelModel):
    """A compact admin audited the provider's military documents (no jurisdiction: it is the
    provider's, in every state)."""

    event_time: UtcDatetime
    compact: str
    provider_id: UuidStr
    audit_result: MilitaryAuditStatus
    audit_note: str | None = None


MILITARY_AFFILIATION_AUDIT = EventSpec(
    detail_type="militaryAffiliation.audit",
    source=PROVIDER_DATA_SOURCE,
    model=MilitaryAuditEvent,
    description="A compact admin approved or declined a provider's military documents: the provider is told.",
    example={
        "eventTime": _WHEN,
        "compact": "aslp",
        "providerId": _PROVIDER_ID,
        "auditResult": "declined",
        "auditNote": "The document is illegible",
    },
)

EVENTS: tuple[EventSpec, ...] = (
    *ENCUMBRANCE_EVENTS,
    *INVESTIGATION_EVENTS,
    PRIVILEGE_DEACTIVATION,
    MILITARY_AFFILIATION_AUDIT,
)
