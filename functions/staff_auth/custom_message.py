"""Cognito custom-message trigger of the staff pool: the wording of the emails Cognito sends.

Cognito substitutes its own placeholders (``request.codeParameter``, ``request.usernameParameter``)
after the trigger returns, so the templates receive the placeholders, never a real password.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from core.resources import serves
from core.settings import ui_base_url
from staff_auth.functions import CUSTOM_MESSAGE

TEMPLATES = Path(__file__).resolve().parent / "templates"

# triggerSource -> (subject, template, purpose line)
MESSAGES: dict[str, tuple[str, str, str]] = {
    "CustomMessage_AdminCreateUser": ("Welcome to CompactConnect", "invitation.html", ""),
    "CustomMessage_ForgotPassword": (
        "Reset your CompactConnect password",
        "code.html",
        "Someone asked to reset the password of your CompactConnect account.",
    ),
    "CustomMessage_ResendCode": ("Your CompactConnect code", "code.html", "Here is the code you asked for."),
    "CustomMessage_UpdateUserAttribute": (
        "Verify your new CompactConnect email",
        "code.html",
        "Confirm the new email address of your CompactConnect account.",
    ),
    "CustomMessage_VerifyUserAttribute": (
        "Verify your CompactConnect email",
        "code.html",
        "Confirm the email address of your CompactConnect account.",
    ),
}


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def render(trigger_source: str, code: str, username: str) -> tuple[str, str] | None:
    """(subject, html) for a trigger, or None to keep Cognito's default message."""
    message = MESSAGES.get(trigger_source)
    if message is None:
        return None
    subject, template, purpose = message
    ui_url = ui_base_url()
    html = (
        _environment()
        .get_template(template)
        .render(code=code, username=username, purpose=purpose, ui_url=ui_url)
    )
    return subject, html


@serves(CUSTOM_MESSAGE)
def lambda_handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    request = event.get("request") or {}
    rendered = render(
        event.get("triggerSource", ""),
        code=request.get("codeParameter", "{####}"),
        username=request.get("usernameParameter") or "{username}",
    )
    if rendered is not None:
        subject, html = rendered
        response = event.setdefault("response", {})
        response["emailSubject"] = subject
        response["emailMessage"] = html
    return event
