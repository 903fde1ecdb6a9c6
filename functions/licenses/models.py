"""Request and response shapes of the license upload routes (reference ``oas30-state-public.json``).

The POST body is documented for API Gateway as an array of at most 100 objects and nothing more: the
rows are validated by the function (:mod:`licenses.schema`), as in the reference API, so that a bad
row is answered with errors keyed by its index (``{"errors": {"3": {"ssn": [...]}}}``) rather than
with the gateway's single validation string. The row fields and their rules are in the description,
generated from :data:`licenses.fields.FIELDS`.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field, RootModel

from configuration.admin_models import MessageResponse
from core.fields import ResponseModel
from licenses.fields import FIELDS

__all__ = ["MAX_ROWS", "BulkUpload", "BulkUploadResponse", "LicensePostBody", "MessageResponse"]

MAX_ROWS = 100


def _row_description() -> str:
    rules = "; ".join(f"{name} ({rule.summary})" for name, rule in FIELDS.items())
    return (
        f"A license, validated by the service. Fields: {rules}. No other field is accepted, and a "
        "previousSSN (an SSN correction) is refused while corrections are not enabled."
    )


class LicensePostBody(RootModel[list[Any]]):
    model_config = ConfigDict(
        json_schema_extra={
            "description": f"At most {MAX_ROWS} licenses; if any is invalid, none is accepted.",
            "maxItems": MAX_ROWS,
            "items": {"type": "object", "description": _row_description()},
        },
        defer_build=True,
    )


class BulkUpload(ResponseModel):
    """A presigned POST: send the fields as form fields, then the file (text/csv) as the last field."""

    url: str = Field(description="Where to POST the multipart form")
    fields: dict[str, str] = Field(description="Form fields to send as they are, before the file")


class BulkUploadResponse(ResponseModel):
    upload: BulkUpload
