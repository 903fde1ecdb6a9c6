"""Handler of ``POST .../jurisdictions/{jurisdiction}/licenses`` (function PostLicenses, spec §2.1).

All or nothing: every row is validated before anything is sent, and one invalid row (or a repeated
ssn and license type) rejects the request with the errors of every bad row, keyed by its index. The
valid request's rows go to the preprocessing queue; if SQS keeps refusing some, the caller gets a 503
and may re-post the whole request, since ingesting a row twice changes nothing.

``previousSSN`` corrections are refused (see :data:`licenses.schema.SSN_CORRECTIONS_ENABLED`).
"""

from __future__ import annotations

from typing import Any

from core.clock import now_utc
from core.errors import InvalidRequest
from core.fields import MessageResponse
from core.http import RouteTable
from licenses.access import authorize_upload
from licenses.models import MAX_ROWS, LicensePostBody
from licenses.preprocessing import send_messages
from licenses.routes import POST_LICENSES, ROUTES
from licenses.schema import message_body, to_preprocessing_message, validate_batch

routes = RouteTable.serving(POST_LICENSES, ROUTES)


@routes.operation("post_licenses")
def post_licenses(compact: str, jurisdiction: str, body: LicensePostBody) -> MessageResponse:
    definition = authorize_upload(routes, compact, jurisdiction)
    rows = body.root
    if len(rows) > MAX_ROWS:
        raise InvalidRequest(f"Too many licenses: at most {MAX_ROWS} per request, got {len(rows)}.")
    valid, errors = validate_batch(rows, definition)
    if errors:
        raise InvalidRequest(
            "Invalid license records in request. No license was accepted.",
            errors={str(index): problems for index, problems in sorted(errors.items())},
        )
    event_time = now_utc()
    send_messages(
        [message_body(to_preprocessing_message(row, compact, jurisdiction, event_time)) for row in valid]
    )
    return MessageResponse(message="OK")


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
