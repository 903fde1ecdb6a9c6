"""Cognito custom-message trigger of the staff pool: the wording of the emails Cognito sends, from the
notification templates (:mod:`notifications.cognito_messages`)."""

from __future__ import annotations

from typing import Any

from core.resources import serves
from notifications.cognito_messages import word_cognito_message
from staff_auth.functions import CUSTOM_MESSAGE


@serves(CUSTOM_MESSAGE)
def lambda_handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    return word_cognito_message(event, pool="staff")
