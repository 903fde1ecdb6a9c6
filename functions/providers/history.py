"""The simplified history of one privilege, as staff and the public see it (spec §6.4).

The stored privilegeUpdate records are internal: each holds the full ``previous`` record, the
``updatedValues`` and a sort key embedding a hash of both. None of that may be served, and some updates
(investigations) may not be shown at all. What a reader needs is a timeline: what happened and when.

Two kinds of event are never stored and are deduced here instead:

- **issuance**, at the privilege's ``dateOfIssuance`` (a renewal overwrites the record but keeps that date);
- **expiration**, which happens passively. One is shown for every renewal made after the previous
  expiration date had passed, and one when the privilege is expired today. It is placed at the last
  second of the expiration date at UTC-04:00 (so anything else that happened that day comes first) and is
  recorded as created at midnight UTC-04:00 the next day, the instant the privilege stopped being valid.

The lapse test is the one ``activeSince`` uses (``core.status``), so the two views of a privilege's past
agree. Everything here is pure: the caller loads the records and chooses the audience.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, ClassVar, Literal

from pydantic import ConfigDict, TypeAdapter, WithJsonSchema, field_validator

from core.clock import EXPIRATION_TIMEZONE, today_for_expiration
from core.fields import (
    Compact,
    Jurisdiction,
    LicenseTypeName,
    RecordId,
    ResponseModel,
    Timestamp,
    one_value,
    served_enum,
)
from core.keys import iso_utc
from core.models.enums import ClinicalPrivilegeActionCategory, UpdateCategory
from core.models.history import PrivilegeUpdate
from core.models.privilege import Privilege
from core.status import renewal_time, renewed_after_lapse

PrivilegeUpdateType = Annotated[Literal["privilegeUpdate"], one_value("privilegeUpdate")]

NEVER_SHOWN = frozenset({UpdateCategory.INVESTIGATION, UpdateCategory.CLOSING_INVESTIGATION})
"""Update categories kept for internal change tracking only: investigations are not disclosed here."""

ShownUpdateType = Annotated[
    UpdateCategory,
    WithJsonSchema(
        {
            "type": "string",
            "enum": [str(category) for category in UpdateCategory if category not in NEVER_SHOWN],
        }
    ),
]

_LAST_SECOND = time(23, 59, 59)
_date = TypeAdapter(date, config=ConfigDict(defer_build=True))  # built on first use, not at import


class PrivilegeHistoryEvent(ResponseModel):
    """One entry of the timeline. ``type`` is ``privilegeUpdate`` for stored and deduced events alike."""

    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"note", "npdb_categories"})

    type: PrivilegeUpdateType
    update_type: ShownUpdateType
    date_of_update: Timestamp
    effective_date: Timestamp
    create_date: Timestamp
    note: str | None = None
    npdb_categories: list[served_enum(ClinicalPrivilegeActionCategory)] | None = None

    @field_validator("update_type")
    @classmethod
    def _not_an_investigation(cls, value: UpdateCategory) -> UpdateCategory:
        """A second guard behind the filter in :func:`privilege_history`."""
        if value in NEVER_SHOWN:
            raise ValueError(f"{value} updates are never served")
        return value


class PrivilegeHistory(ResponseModel):
    """Body of the privilege history routes."""

    provider_id: RecordId
    compact: Compact
    jurisdiction: Jurisdiction
    license_type: LicenseTypeName
    privilege_id: str
    events: list[PrivilegeHistoryEvent]


def _event(
    update_type: UpdateCategory,
    effective: datetime,
    created: datetime,
    updated: datetime,
    *,
    note: str | None = None,
    npdb_categories: list[str] | None = None,
) -> PrivilegeHistoryEvent:
    return PrivilegeHistoryEvent(
        type="privilegeUpdate",
        update_type=update_type,
        date_of_update=iso_utc(updated),
        effective_date=iso_utc(effective),
        create_date=iso_utc(created),
        note=note,
        npdb_categories=npdb_categories,
    )


def _expiration(expired_on: date) -> tuple[datetime, datetime, PrivilegeHistoryEvent]:
    """The deduced expiration of a privilege that expired on ``expired_on``."""
    effective = datetime.combine(expired_on, _LAST_SECOND, tzinfo=EXPIRATION_TIMEZONE).astimezone(UTC)
    invalid_from = datetime.combine(
        expired_on + timedelta(days=1), time(0), tzinfo=EXPIRATION_TIMEZONE
    ).astimezone(UTC)
    return effective, invalid_from, _event(UpdateCategory.EXPIRATION, effective, invalid_from, invalid_from)


def _stored(update: PrivilegeUpdate, include_npdb_categories: bool) -> PrivilegeHistoryEvent:
    """A stored update reduced to its category and dates, plus the one detail its category shows."""
    note = None
    categories = None
    if update.update_type == UpdateCategory.DEACTIVATION and update.deactivation_details is not None:
        note = update.deactivation_details.note
    if (
        update.update_type == UpdateCategory.ENCUMBRANCE
        and update.encumbrance_details is not None
        and include_npdb_categories
    ):
        categories = [
            str(category) for category in update.encumbrance_details.clinical_privilege_action_categories
        ]
    return _event(
        update.update_type,
        update.effective_date,
        update.create_date,
        update.date_of_update or update.create_date,
        note=note,
        npdb_categories=categories,
    )


def _belongs_to(update: PrivilegeUpdate, privilege: Privilege) -> bool:
    return (
        update.provider_id == privilege.provider_id
        and update.compact == privilege.compact
        and update.jurisdiction == privilege.jurisdiction
        and update.license_type_abbreviation == privilege.license_type_abbreviation
    )


def privilege_history(
    privilege: Privilege,
    updates: Iterable[PrivilegeUpdate],
    *,
    include_npdb_categories: bool,
    today: date | None = None,
) -> PrivilegeHistory:
    """The timeline of ``privilege``: issuance, its stored updates except investigations, and the
    expirations deduced from renewals and from today's date, ordered by effective date.

    ``updates`` may hold updates of other privileges; they are ignored. ``include_npdb_categories`` is
    false for the public route, which must not show why a privilege was encumbered. ``today`` is the date
    at UTC-04:00 (by default the current one); a privilege is expired once it is past its expiration date.
    """
    today = today or today_for_expiration()
    own = sorted(
        (
            update
            for update in updates
            if _belongs_to(update, privilege) and update.update_type not in NEVER_SHOWN
        ),
        key=lambda update: update.create_date,
    )

    issued = privilege.date_of_issuance
    timeline: list[tuple[datetime, datetime, PrivilegeHistoryEvent]] = [
        (issued, issued, _event(UpdateCategory.ISSUANCE, issued, issued, issued))
    ]
    for update in own:
        timeline.append((update.effective_date, update.create_date, _stored(update, include_npdb_categories)))
        if update.update_type == UpdateCategory.RENEWAL and renewed_after_lapse(update, renewal_time(update)):
            timeline.append(_expiration(_date.validate_python(update.previous["dateOfExpiration"])))
    if privilege.date_of_expiration < today:
        timeline.append(_expiration(privilege.date_of_expiration))

    timeline.sort(key=lambda entry: (entry[0], entry[1]))
    return PrivilegeHistory(
        provider_id=privilege.provider_id,
        compact=privilege.compact,
        jurisdiction=privilege.jurisdiction,
        license_type=privilege.license_type,
        privilege_id=privilege.privilege_id,
        events=[event for _, _, event in timeline],
    )
