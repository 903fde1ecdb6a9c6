"""The outbox entry (DESIGN §3 exactly-once): bus events written in the same DynamoDB transaction as the
records they announce, so they exist exactly when the change does."""

from pydantic import Field

from core import keys
from core.models.base import CamelModel, DynamoItem, UtcDatetime


class PendingEvent(CamelModel):
    """One bus entry as :func:`core.events.put` puts it."""

    detail_type: str
    source: str
    detail: str  # the encoded detail (JSON), exactly as consumers will read it


class PendingEvents(DynamoItem):
    """The events of one change — a purchase (its transaction id), an encumbrance, a cascade — until
    published: right after the change's transaction by the writer, or a minute later by the relay when
    that publishing failed."""

    change_id: str
    created: UtcDatetime
    events: list[PendingEvent] = Field(min_length=1)

    @property
    def pk(self) -> str:
        return keys.PENDING_EVENTS_PK

    @property
    def sk(self) -> str:
        return keys.pending_events_sk(self.created, self.change_id)
