"""Shared machinery of the table models: field types, DynamoDB conversion, and the two base classes.

Python attributes are snake_case; the stored attribute names are their camelCase aliases (generated,
or explicit where the stored name is irregular). ``populate_by_name`` lets code build models either
way. Loading ignores attributes a model does not declare (keys, GSI attributes, ``type``), because
those are derived from the fields and rebuilt by :meth:`DynamoItem.to_item`.
"""

import abc
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, ClassVar, Self
from uuid import UUID

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from core.aliases import to_camel
from core.clock import now_utc
from core.keys import iso_utc


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _canonical_uuid(value: object) -> str:
    return str(value if isinstance(value, UUID) else UUID(str(value)))


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]
"""A timestamp held in UTC; a naive value is taken to be UTC (as the API does for request timestamps)."""

UuidStr = Annotated[str, BeforeValidator(_canonical_uuid)]
"""A UUID (or its string) kept as the canonical lower-case string, so it compares equal to path parameters."""


_STORED_AS_IS = frozenset({str, int, bool, Decimal, type(None)})
"""Exact types boto3 stores unchanged (subclasses such as str enums still need converting)."""


def to_dynamo(value: Any) -> Any:
    """Convert a dumped model value into what boto3 stores faithfully.

    Timestamps and dates become ISO strings, floats become Decimals (boto3 rejects floats), enums become
    their values, tuples become lists. Empty sets are dropped from mappings, because DynamoDB cannot store
    an empty set and an absent attribute reads the same as an empty one.
    """
    if type(value) in _STORED_AS_IS:  # most values: answered before any (slow, ABC) isinstance check
        return value
    if isinstance(value, Mapping):
        converted = {str(key): to_dynamo(item) for key, item in value.items()}
        return {key: item for key, item in converted.items() if not (isinstance(item, set) and not item)}
    if isinstance(value, set | frozenset):
        return {to_dynamo(item) for item in value}
    if isinstance(value, list | tuple):
        return [to_dynamo(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class CamelModel(BaseModel):
    """A value nested in an item (a fee, a line item...): camelCase attribute names, like the items."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore", defer_build=True
    )


class DynamoItem(CamelModel, abc.ABC):
    """An item of a table: fields plus keys (and any index or TTL attributes) derived from them."""

    reference_shapes: ClassVar[tuple[Callable[[Mapping[str, Any]], Mapping[str, Any]], ...]] = ()
    """Adapters from the shapes the reference system stored to this model's, applied (in order) to every
    stored item read (:mod:`core.models.reference_shapes`); never to values built in code."""

    @property
    @abc.abstractmethod
    def pk(self) -> str: ...

    @property
    @abc.abstractmethod
    def sk(self) -> str: ...

    def derived_attributes(self) -> dict[str, Any]:
        """Attributes computed from the fields (GSI keys, TTL...): written, never loaded back."""
        return {}

    def stored_fields(self, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The fields in stored form, unset optional fields (and those named in ``exclude``) omitted.

        Also the snapshot a history record keeps as ``previous``.
        """
        return to_dynamo(self.model_dump(by_alias=True, exclude_none=True, exclude=set(exclude)))

    def to_item(self) -> dict[str, Any]:
        """The complete DynamoDB item, ready for ``put_item``."""
        return {"pk": self.pk, "sk": self.sk, **self.stored_fields(), **to_dynamo(self.derived_attributes())}

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Self:
        """Load an item as returned by boto3 (Decimals, sets, ISO strings), in our shape or the
        reference's."""
        for adapt in cls.reference_shapes:
            item = adapt(item)
        return cls.model_validate(item)


class Record(DynamoItem, abc.ABC):
    """A domain record: stored with its ``type`` and a ``dateOfUpdate`` refreshed on every write."""

    record_type: ClassVar[str]

    snapshot_fields: ClassVar[frozenset[str]] = frozenset()
    """The stored fields a history record keeps of this record as its ``previous``: the reference's set
    for the type, so that the same change hashes to the same sort key in both systems."""

    date_of_update: UtcDatetime | None = None

    def history_snapshot(self) -> dict[str, Any]:
        """This record, as a history record's ``previous`` holds it."""
        return {name: value for name, value in self.stored_fields().items() if name in self.snapshot_fields}

    def changes_to(
        self, new: Self, ignored: frozenset[str] = frozenset({"dateOfUpdate"})
    ) -> tuple[dict[str, Any], list[str]]:
        """What a history record says of a change from this record to ``new``: ``updatedValues`` (new or
        changed fields a snapshot keeps, stored form) and ``removedValues`` (fields a snapshot keeps, now
        absent), as the reference records them. ``ignored`` fields never count as a change; bookkeeping
        outside the snapshot (pending codes, recovery tokens) never appears in history."""
        before = {name: value for name, value in self.stored_fields().items() if name not in ignored}
        after = {name: value for name, value in new.stored_fields().items() if name not in ignored}
        updated = {
            name: value
            for name, value in after.items()
            if before.get(name) != value and name in self.snapshot_fields
        }
        removed = sorted(name for name in before if name not in after and name in self.snapshot_fields)
        return updated, removed

    def to_item(self, *, stamp: bool = True) -> dict[str, Any]:
        """The item to write.

        ``stamp`` sets ``dateOfUpdate`` to now (whole seconds, UTC), as every write of a record must. Pass
        ``stamp=False`` only to copy a record unchanged; a record without a date is stamped regardless.
        """
        record = self
        if stamp or self.date_of_update is None:
            record = self.model_copy(update={"date_of_update": now_utc()})
        return {"type": self.record_type, **DynamoItem.to_item(record)}

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Self:
        """Load a stored record, refusing an item of another record type."""
        found = item.get("type")
        if found is not None and found != cls.record_type:
            raise ValueError(f"expected a {cls.record_type!r} record, found type {found!r}")
        return super().from_item(item)
