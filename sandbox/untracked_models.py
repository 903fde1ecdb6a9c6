"""moto objects the emulator creates per request, no longer kept forever for moto's dashboard.

Every moto model class (``BaseModel``) appends each instance it ever creates to a class-level list,
``instances_tracked``, so that moto's web dashboard (``/moto-api/data.json``) can show them; nothing
removes them until moto is reset. For DynamoDB, SQS and EventBridge that means every item ever
written, every copy of an item a scan or a transaction makes, every stream record (after the sandbox's
bounded streams drop it), every message and every copy a receive hands out: the sandbox's memory grew
with every request it ever served, and an item could never be released (issue #12).

The sandbox has no use for the dashboard, so instances of those three services' models are not
tracked; the other services keep moto's behaviour (S3's reset walks its tracked keys to close their
files). Nothing else reads the lists (``tests/sandbox/test_untracked_models.py``).
"""

from __future__ import annotations

from typing import Any

from moto.core.common_models import BaseModel

UNTRACKED_SERVICES = frozenset({"dynamodb", "sqs", "events"})
"""moto service packages whose model instances are not tracked: the ones an ingest calls row by row."""

_moto_new = BaseModel.__new__


def install() -> None:
    """Makes new instances of :data:`UNTRACKED_SERVICES`' models untracked in this process.

    Called once by ``sandbox.emulator.start_emulator`` (the sandbox is its own process)."""
    BaseModel.__new__ = staticmethod(new)  # type: ignore[method-assign]


def new(cls: type[BaseModel], *args: Any, **kwargs: Any) -> BaseModel:
    """``BaseModel.__new__``: moto's for tracked services; for the others, the object alone."""
    if cls.__module__.split(".")[1] in UNTRACKED_SERVICES:
        return object.__new__(cls)
    return _moto_new(cls, *args, **kwargs)
