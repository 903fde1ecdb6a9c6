"""A Lambda handler for the sandbox grant test: declared with a read grant on the users table only."""

from __future__ import annotations

from typing import Any

from core.catalog import Access, FunctionSpec, TableGrant
from core.resources import granted, serves
from core.tables import PROVIDER, USERS

PROBE = FunctionSpec(
    name="GrantProbe",
    handler="tests.functions.grant_probe.lambda_handler",
    description="Reads the table named in the event",
    grants=(TableGrant(USERS.key, Access.READ),),
)


@serves(PROBE)
def lambda_handler(event: dict[str, Any], _context: Any) -> str:
    table = {"users": USERS, "provider": PROVIDER}[event["table"]]
    return str(granted().table(table).name)
