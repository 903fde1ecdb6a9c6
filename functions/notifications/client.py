"""How a function sends an email: it invokes the email service with an email request (spec §7.5) and
waits for its answer. Only the email service may send as the environment; the sender needs only
``invokes=(EMAIL_SERVICE.name,)``.

A refused request or an undelivered email comes back as :class:`EmailServiceError`, with the service's
message (which names fields and counts, never addresses), so the sender can fail its message and be
retried; with a ``deliveryId`` a retry reaches only the recipients not yet reached.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from core.aws import lambda_client
from core.resources import granted
from notifications.functions import EMAIL_SERVICE


class EmailServiceError(RuntimeError):
    """The email service refused the request or could not deliver it."""


def send_email(request: Mapping[str, Any]) -> dict[str, Any]:
    response = lambda_client().invoke(
        FunctionName=granted().function_name(EMAIL_SERVICE),
        InvocationType="RequestResponse",
        Payload=json.dumps(request, default=str).encode(),
    )
    answer = json.loads(response["Payload"].read() or b"null")
    if response.get("FunctionError"):
        message = answer.get("errorMessage") if isinstance(answer, dict) else str(answer)
        raise EmailServiceError(f"the email service failed: {message}")
    return answer if isinstance(answer, dict) else {}
