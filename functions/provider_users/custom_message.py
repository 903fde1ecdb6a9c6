"""Cognito custom-message trigger of the provider pool: the practitioner wording of the emails Cognito
sends (the temporary password after registration, verification codes), from the notification templates
(:mod:`notifications.cognito_messages`)."""

from __future__ import annotations

from typing import Any

from core.resources import serves
from notifications.cognito_messages import word_cognito_message
from provider_users.functions import CUSTOM_MESSAGE


@serves(CUSTOM_MESSAGE)
def lambda_handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    return word_cognito_message(event, pool="provider")
