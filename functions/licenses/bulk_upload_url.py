"""Handlers of ``GET .../licenses/bulk-upload`` on the State API and the License API (spec §2.1).

One module, two functions (see :mod:`licenses.routes`): each serves its API's route with the same
rule, exactly ``{jurisdiction}/{compact}.write``, and answers ``{upload: {url, fields}}``.
"""

from __future__ import annotations

from typing import Any

from core.http import RouteTable
from licenses.access import authorize_upload
from licenses.models import BulkUploadResponse
from licenses.routes import BULK_UPLOAD_URL, ROUTES, STATE_BULK_UPLOAD_URL
from licenses.uploads import presigned_upload

state_routes = RouteTable.serving(STATE_BULK_UPLOAD_URL, ROUTES)
staff_routes = RouteTable.serving(BULK_UPLOAD_URL, ROUTES)


def _bulk_upload_url(routes: RouteTable, compact: str, jurisdiction: str) -> BulkUploadResponse:
    authorize_upload(routes, compact, jurisdiction)
    return BulkUploadResponse.model_validate({"upload": presigned_upload(compact, jurisdiction)})


@state_routes.operation("get_state_bulk_upload_url")
def get_state_bulk_upload_url(compact: str, jurisdiction: str) -> BulkUploadResponse:
    return _bulk_upload_url(state_routes, compact, jurisdiction)


@staff_routes.operation("get_bulk_upload_url")
def get_bulk_upload_url(compact: str, jurisdiction: str) -> BulkUploadResponse:
    return _bulk_upload_url(staff_routes, compact, jurisdiction)


def state_lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return state_routes(event, context)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return staff_routes(event, context)
