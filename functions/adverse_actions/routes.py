"""Catalog entries of the staff changes to a provider's records (spec §2.2): the staff pool accepts any
admin scope of the compact; the functions then require exactly ``{jurisdiction}/{compact}.admin`` for
encumbrances and investigations, and exactly ``{compact}/admin`` for deactivations and military audits
(spec §8.1)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

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
from core.catalog import FunctionSpec
from core.fields import MessageResponse

_PROVIDER = "/v1/compacts/{compact}/providers/{providerId}"
_RECORD = _PROVIDER + "/{kind}/jurisdiction/{jurisdiction}/licenseType/{licenseType}"


def _change(
    function: FunctionSpec,
    method: Literal["POST", "PATCH"],
    path: str,
    operation: str,
    summary: str,
    request_model: type[BaseModel] | None,
) -> Route:
    """A staff change to a provider's records: any admin scope of the compact passes the gateway; the
    function checks the exact one."""
    return Route(
        api=ApiName.LICENSE,
        function=function,
        auth=Auth(AuthKind.STAFF, ADMIN),
        method=method,
        path=path,
        operation=operation,
        summary=summary,
        request_model=request_model,
        response_model=MessageResponse,
        tags=("adverse-actions",),
        errors=(403, 404, 409),
    )


def _record_routes(kind: str, noun: str) -> tuple[Route, ...]:
    """The encumbrance and investigation routes of a license or privilege (that state's admins only)."""
    encumbrance = _RECORD.replace("{kind}", kind) + "/encumbrance"
    investigation = _RECORD.replace("{kind}", kind) + "/investigation"
    return (
        _change(
            ENCUMBRANCE_API,
            "POST",
            encumbrance,
            f"encumber_{noun}",
            f"Encumber a {noun} (that state's admins only); its holder's status follows",
            EncumbranceRequest,
        ),
        _change(
            ENCUMBRANCE_API,
            "PATCH",
            encumbrance + "/{encumbranceId}",
            f"lift_{noun}_encumbrance",
            f"Lift an encumbrance of a {noun}; the {noun} is freed when it was the last",
            EncumbranceLiftRequest,
        ),
        _change(
            INVESTIGATION_API,
            "POST",
            investigation,
            f"open_{noun}_investigation",
            f"Open an investigation of a {noun} (that state's admins only); no body is read",
            None,
        ),
        _change(
            INVESTIGATION_API,
            "PATCH",
            investigation + "/{investigationId}",
            f"close_{noun}_investigation",
            f"Close an investigation of a {noun}, optionally encumbering it in the same change",
            InvestigationClosing,
        ),
    )


ROUTES = (
    _change(
        PRIVILEGE_DEACTIVATION_API,
        "POST",
        _RECORD.replace("{kind}", "privileges") + "/deactivate",
        "deactivate_privilege",
        "Deactivate a privilege (the compact's admins only); its holder and state are told",
        PrivilegeDeactivationRequest,
    ),
    _change(
        MILITARY_AUDIT_API,
        "PATCH",
        _PROVIDER + "/militaryAudit",
        "audit_military_affiliation",
        "Approve or decline a provider's military documents (the compact's admins only)",
        MilitaryAuditRequest,
    ),
    *_record_routes("licenses", "license"),
    *_record_routes("privileges", "privilege"),
)
