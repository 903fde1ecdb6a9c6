"""One repository per table: the only code that knows key conditions and item layouts."""

from typing import Any


def reading_client(table: Any) -> Any:
    """The client behind a table, for batch reads: a granted table checks the function may read it."""
    reading = getattr(table, "reading_client", None)
    return reading() if callable(reading) else table.meta.client
