"""Counting what a handler asks of DynamoDB: cost tests assert calls, not timings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def dynamodb_calls(tables: bool = False) -> Iterator[list[str]]:
    """The DynamoDB operations the handlers make inside the block, in order (e.g. ``["Query"]``; with
    ``tables``, each followed by the table it reads, ``"Query cc-test-ProviderTable"``)."""
    from core.aws import dynamodb

    client = dynamodb().meta.client  # the handlers' cached resource
    calls: list[str] = []

    def count(params: dict[str, object], model: Any, **_: object) -> None:
        calls.append(f"{model.name} {params.get('TableName')}" if tables else model.name)

    client.meta.events.register("provide-client-params.dynamodb.*", count)
    try:
        yield calls
    finally:
        client.meta.events.unregister("provide-client-params.dynamodb.*", count)
