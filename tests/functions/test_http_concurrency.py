"""Two requests served at once in one process each see their own caller (issue #10's corpus found the
sandbox answering one request with another's event). Powertools keeps the request being resolved on
class attributes shared by every resolver in the process; a Lambda container serves one request at a
time, the sandbox's threaded gateway many."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from core.api_catalog import ApiName, Auth, AuthKind, Route
from core.catalog import FunctionSpec
from core.http import RouteTable
from tests.functions.conftest import api_event

_FIRST, _SECOND = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"
_FUNCTION = FunctionSpec(name="Caller", handler="tests.caller.lambda_handler", description="test double")
_ROUTE = Route(ApiName.LICENSE, "GET", "/v1/caller", _FUNCTION, "caller", Auth(AuthKind.STAFF), "caller")
table = RouteTable(_FUNCTION, [_ROUTE])
first_entered = threading.Event()


@table.operation("caller")
def caller() -> dict[str, str]:
    """Answers who is calling; the first caller's request is still running when the second arrives."""
    if not first_entered.is_set():
        first_entered.set()
        time.sleep(0.2)
    return {"userId": table.principal().user_id}


def _serve(sub: str, answers: dict[str, Any]) -> None:
    response = table(api_event("GET", "/v1/caller", scopes=["aslp/readGeneral"], sub=sub), None)
    answers[sub] = json.loads(response["body"])["userId"]


def test_requests_served_at_once_each_see_their_own_caller() -> None:
    answers: dict[str, Any] = {}
    first = threading.Thread(target=_serve, args=(_FIRST, answers))
    first.start()
    first_entered.wait(timeout=5)
    _serve(_SECOND, answers)
    first.join(timeout=5)

    assert answers == {_FIRST: _FIRST, _SECOND: _SECOND}
