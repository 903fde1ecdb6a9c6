"""Catalog entries of the staff changes to a provider's records (spec §2.2): the staff pool accepts any
admin scope of the compact; the functions then require exactly ``{jurisdiction}/{compact}.admin`` for
encumbrances and investigations, and exactly ``{compact}/admin`` for deactivations and military audits
(spec §8.1)."""

from __future__ import annotations

from adverse_actions.functions import (
    ENCUMBRANCE_API,
    INVESTIGATION_API,
    MILITARY_AUDIT_API,
    PRIVILEGE_DEACTIVATION_API,
)
from adverse_actions.models import (
    EncumbranceLiftRequest,
    EncumbranceRequest,
    InvestigationClosing,
    MilitaryAuditRequest,
    PrivilegeDeactivationRequest,
)
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


COMPACT_ADMIN_ROUTES = (
    Route(
        api=ApiName.LICENSE,
        function=PRIVILEGE_DEACTIVATION_API,
        auth=Auth(AuthKind.STAFF, ADMIN),
        method="POST",
        path=_RECORD.replace("{kind}", "privileges") + "/deactivate",
        operation="deactivate_privilege",
        summary="Deactivate a privilege (the compact's admins only); its holder and state are told",
        request_model=PrivilegeDeactivationRequest,
        response_model=MessageResponse,
        tags=("adverse-actions",),
        errors=(403, 404, 409),
    ),
    Route(
        api=ApiName.LICENSE,
        function=MILITARY_AUDIT_API,
        auth=Auth(AuthKind.STAFF, ADMIN),
        method="PATCH",
        path=_PROVIDER + "/militaryAudit",
        operation="audit_military_affiliation",
        summary="Approve or decline a provider's military documents (the compact's admins only)",
        request_model=MilitaryAuditRequest,
        response_model=MessageResponse,
        tags=("adverse-actions",),
        errors=(403, 404, 409),
    ),
)

ROUTES = (
    *COMPACT_ADMIN_ROUTES,
    *_routes("licenses", "license"),
    *_routes("privileges", "privilege"),
    *_investigation_routes("licenses", "license"),
    *_investigation_routes("privileges", "privilege"),
)
