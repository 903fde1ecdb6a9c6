"""The runtime authorisation rules (spec §1.3) on a Principal built from authorizer claims."""

from __future__ import annotations

import pytest

from core.auth import (
    Principal,
    require_compact_action,
    require_compact_level_action,
    require_jurisdiction_action,
)
from core.errors import AccessDenied, Unauthorized
from tests.functions.conftest import api_event


def _principal(*scopes: str) -> Principal:
    return Principal.from_event(api_event("GET", "/x", scopes=list(scopes)))


def test_no_claims_or_no_scope_is_unauthorized():
    with pytest.raises(Unauthorized):
        Principal.from_event(api_event("GET", "/x"))
    with pytest.raises(Unauthorized):
        Principal.from_event(api_event("GET", "/x", scopes=[]))


def test_compact_action_accepts_compact_or_any_jurisdiction_grant():
    require_compact_action(_principal("aslp/admin"), "aslp", "admin")
    require_compact_action(_principal("oh/aslp.admin"), "aslp", "admin")
    with pytest.raises(AccessDenied):
        require_compact_action(_principal("oh/octp.admin", "aslp/readGeneral"), "aslp", "admin")


def test_compact_level_only_refuses_jurisdiction_grants():
    require_compact_level_action(_principal("aslp/admin"), "aslp", "admin")
    with pytest.raises(AccessDenied):
        require_compact_level_action(_principal("oh/aslp.admin"), "aslp", "admin")


def test_jurisdiction_level_only_refuses_compact_admins_and_other_jurisdictions():
    require_jurisdiction_action(_principal("oh/aslp.admin"), "aslp", "oh", "admin")
    with pytest.raises(AccessDenied):
        require_jurisdiction_action(_principal("aslp/admin"), "aslp", "oh", "admin")
    with pytest.raises(AccessDenied):
        require_jurisdiction_action(_principal("ky/aslp.admin"), "aslp", "oh", "admin")


def test_jurisdictions_with_an_action():
    principal = _principal("oh/aslp.admin", "ky/aslp.write", "ne/aslp.admin", "oh/octp.admin")

    assert principal.jurisdictions_with("aslp", "admin") == {"oh", "ne"}


@pytest.mark.parametrize(
    ("scopes", "provider_jurisdictions", "allowed"),
    [
        (["aslp/readPrivate"], [], True),
        (["oh/aslp.readPrivate"], ["oh", "ky"], True),
        (["oh/aslp.readPrivate"], ["ky"], False),
        (["oh/octp.readPrivate"], ["oh"], False),
        (["aslp/readGeneral"], ["oh"], False),
    ],
)
def test_provider_scoped_permission(scopes, provider_jurisdictions, allowed):
    assert _principal(*scopes).can_for_provider("aslp", "readPrivate", provider_jurisdictions) is allowed
