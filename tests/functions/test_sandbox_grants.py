"""The sandbox hosts every function in one process whose environment names every resource; each
invocation still reaches only what its function was granted."""

from __future__ import annotations

import pytest

from core.resources import MissingGrant
from sandbox.invoke import invoke
from tests.functions.grant_probe import PROBE


def test_an_invoked_handler_reaches_its_grant_and_nothing_else(aws):
    """``aws`` names every catalog table in the environment, as the sandbox's process does."""
    assert invoke(PROBE, {"table": "users"}) == aws["users"].name
    with pytest.raises(MissingGrant, match="GrantProbe is not granted table 'provider'"):
        invoke(PROBE, {"table": "provider"})
