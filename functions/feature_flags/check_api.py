"""Handler of ``POST /v1/flags/{flagId}/check``: the flag's value for the caller's context."""

from __future__ import annotations

import re
from typing import Any

from aws_lambda_powertools import Logger

from core.api_catalog import PARAMETER_SCHEMAS
from core.errors import InvalidRequest, ServiceUnavailable
from core.http import RouteTable
from feature_flags.functions import FEATURE_FLAG_API
from feature_flags.gates import check
from feature_flags.models import FlagCheckRequest, FlagCheckResponse
from feature_flags.routes import ROUTES

table = RouteTable.serving(FEATURE_FLAG_API, ROUTES)
logger = Logger()


FLAG_ID = re.compile(PARAMETER_SCHEMAS["flagId"]["pattern"])


@table.operation("check_feature_flag")
def check_feature_flag(flagId: str, body: FlagCheckRequest) -> FlagCheckResponse:
    if not FLAG_ID.fullmatch(flagId):
        raise InvalidRequest("flagId: a flag's name is 1 to 100 letters, digits, '_', '.' or '-'")
    context = body.context
    user_id = context.user_id if context else None
    attributes = context.custom_attributes if context else None
    try:
        return FlagCheckResponse(enabled=check(flagId, user_id, attributes))
    except Exception as error:  # StatSig unreachable or its key unset: the caller applies its default
        logger.exception("Feature flag check failed", extra={"flag": flagId})
        raise ServiceUnavailable("Feature flag check failed; use your default") from error


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return table(event, context)
