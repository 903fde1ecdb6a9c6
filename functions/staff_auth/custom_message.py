"""Cognito custom-message trigger of the staff pool: the wording of the emails Cognito sends, from the
notification templates (:mod:`notifications.cognito_messages`)."""

from __future__ import annotations

from typing import Any

from core.resources import serves
from notifications.cognito_messages import render
from staff_auth.functions import CUSTOM_MESSAGE


@serves(CUSTOM_MESSAGE)
def lambda_handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    request = event.get("request") or {}
    rendered = render(
        event.get("triggerSource", ""),
        code=request.get("codeParameter", "{####}"),
        username=request.get("usernameParameter") or "{username}",
        pool="staff",
    )
    if rendered is not None:
        subject, html = rendered
        response = event.setdefault("response", {})
        response["emailSubject"] = subject
        response["emailMessage"] = html
    return event
