"""Request and response shapes of the license upload routes (reference ``oas30-state-public.json``).

The POST body is documented in full: every field of a license row with its type, length, pattern or
enumeration and whether it is required, generated from :data:`licenses.fields.FIELDS`, the rules the
function validates with. API Gateway does not validate this body, though (the route's
``gateway_validates_body`` is off, as in the reference API): the function validates every row itself so
that a bad request is answered with the errors of each bad row keyed by its index
(``{"errors": {"3": {"ssn": [...]}}}``), where the gateway would answer one validation string about
the first problem it met.
"""

from typing import Any

from pydantic import ConfigDict, Field, RootModel
from pydantic.json_schema import SkipJsonSchema

from core.errors import ErrorResponse
from core.fields import ResponseModel
from licenses.fields import FIELDS

__all__ = [
    "MAX_ROWS",
    "BulkUpload",
    "BulkUploadResponse",
    "LicensePostBody",
    "LicenseUploadErrors",
]

MAX_ROWS = 100


def _row_schema() -> dict[str, Any]:
    properties = {name: rule.json_schema() for name, rule in FIELDS.items()}
    properties["previousSSN"]["description"] = (
        "An SSN uploaded in error for this license, to be corrected to ssn: refused (400) while SSN "
        "corrections are not enabled"
    )
    return {
        "type": "object",
        "description": (
            "A license. Strings are trimmed before they are checked; no other field is accepted; "
            "compactEligibility cannot be eligible when licenseStatus is inactive; a request may not "
            "hold two licenses with the same ssn and licenseType."
        ),
        "required": [name for name, rule in FIELDS.items() if rule.required],
        "properties": properties,
        "additionalProperties": False,
    }


class LicensePostBody(RootModel[list[Any]]):
    model_config = ConfigDict(
        json_schema_extra={
            "description": f"At most {MAX_ROWS} licenses; if any is invalid, none is accepted.",
            "maxItems": MAX_ROWS,
            "items": _row_schema(),
        },
        defer_build=True,
    )


class LicenseUploadErrors(ErrorResponse):
    """A refused upload; when rows were invalid, their errors are listed and none of the request was
    accepted."""

    errors: dict[str, dict[str, list[str]]] | SkipJsonSchema[None] = Field(
        None,
        description=(
            "Per invalid row, by its 0-based index in the request: the problems of each field, by field "
            'name ("row" for problems with the row as a whole)'
        ),
    )


class BulkUpload(ResponseModel):
    """A presigned POST: send the fields as form fields, then the file (text/csv) as the last field."""

    url: str = Field(description="Where to POST the multipart form")
    fields: dict[str, str] = Field(description="Form fields to send as they are, before the file")


class BulkUploadResponse(ResponseModel):
    upload: BulkUpload
