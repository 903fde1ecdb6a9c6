"""Catalog entries of the encumbrance and investigation routes (spec §2.2): the staff pool accepts any
admin scope of the compact; the function then requires exactly ``{jurisdiction}/{compact}.admin`` (spec
§8.1)."""

from __future__ import annotations

from adverse_actions.functions import ENCUMBRANCE_API, INVESTIGATION_API
from adverse_actions.models import EncumbranceLiftRequest, EncumbranceRequest, InvestigationClosing
from core.api_catalog import ADMIN, ApiName, Auth, AuthKind, Route
from core.fields import MessageResponse

_PROVIDER = "/v1/compacts/{compact}/providers/{providerId}"
_RECORD = _PROVIDER + "/{kind}/jurisdiction/{jurisdiction}/licenseType/{licenseType}"


def _routes(kind: str, noun: str) -> tuple[Route, Route]:
    path = _RECORD.replace("{kind}", kind) + "/encumbrance"
    return (
        Route(
            api=ApiName.LICENSE,
            function=ENCUMBRANCE_API,
            auth=Auth(AuthKind.STAFF, ADMIN),
            method="POST",
            path=path,
            operation=f"encumber_{noun}",
            summary=f"Encumber a {noun} (that state's admins only); its holder's status follows",
            request_model=EncumbranceRequest,
            response_model=MessageResponse,
            tags=("adverse-actions",),
            errors=(403, 404, 409),
        ),
        Route(
            api=ApiName.LICENSE,
            function=ENCUMBRANCE_API,
            auth=Auth(AuthKind.STAFF, ADMIN),
            method="PATCH",
            path=path + "/{encumbranceId}",
            operation=f"lift_{noun}_encumbrance",
            summary=f"Lift an encumbrance of a {noun}; the {noun} is freed when it was the last",
            request_model=EncumbranceLiftRequest,
            response_model=MessageResponse,
            tags=("adverse-actions",),
            errors=(403, 404, 409),
        ),
    )


def _investigation_routes(kind: str, noun: str) -> tuple[Route, Route]:
    path = _RECORD.replace("{kind}", kind) + "/investigation"
    return (
        Route(
            api=ApiName.LICENSE,
            function=INVESTIGATION_API,
            auth=Auth(AuthKind.STAFF, ADMIN),
            method="POST",
            path=path,
            operation=f"open_{noun}_investigation",
            summary=f"Open an investigation of a {noun} (that state's admins only); no body is read",
            response_model=MessageResponse,
            tags=("adverse-actions",),
            errors=(403, 404, 409),
        ),
        Route(
            api=ApiName.LICENSE,
            function=INVESTIGATION_API,
            auth=Auth(AuthKind.STAFF, ADMIN),
            method="PATCH",
            path=path + "/{investigationId}",
            operation=f"close_{noun}_investigation",
            summary=f"Close an investigation of a {noun}, optionally encumbering it in the same change",
            request_model=InvestigationClosing,
            response_model=MessageResponse,
            tags=("adverse-actions",),
            errors=(403, 404, 409),
        ),
    )


ROUTES = (
    *_routes("licenses", "license"),
    *_routes("privileges", "privilege"),
    *_investigation_routes("licenses", "license"),
    *_investigation_routes("privileges", "privilege"),
)
