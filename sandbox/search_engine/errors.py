"""The error the local engine answers with, in OpenSearch's shape."""

from __future__ import annotations

from typing import Any


class EngineError(Exception):
    """An error OpenSearch answers with ``{"error": {"type", "reason"}, "status"}``."""

    def __init__(self, status: int, kind: str, reason: str, index: str | None = None) -> None:
        super().__init__(reason)
        self.status, self.kind, self.reason, self.index = status, kind, reason, index

    def body(self) -> dict[str, Any]:
        cause: dict[str, Any] = {"type": self.kind, "reason": self.reason}
        if self.index is not None:
            cause["index"] = self.index
        return {"error": {"root_cause": [cause], **cause}, "status": self.status}
