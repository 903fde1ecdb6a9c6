"""Domain errors that handlers raise; core.http maps each to its HTTP status (spec §0)."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError


def _openapi_30(schema: dict[str, Any]) -> None:
    """Properties without generated titles, and without a null default that OpenAPI 3.0 cannot type."""
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)
        if prop.get("default", ...) is None:
            del prop["default"]


class ErrorResponse(BaseModel):
    """The body of every error response, from a handler or from the gateway itself: one sentence that
    names the field or the rule, so a client can show it as it is."""

    model_config = ConfigDict(json_schema_extra=_openapi_30, defer_build=True)

    message: str = Field(description="What was wrong with the request, naming the field")


def field_errors(error: ValidationError, whole: str = "message", prefix: str = "") -> dict[str, list[str]]:
    """Field path (``prefix`` first; ``whole`` for the input as a whole) -> messages, without the rejected
    input values: pydantic quotes them, and one may be an SSN or an address."""
    summary: dict[str, list[str]] = {}
    for problem in error.errors(include_input=False, include_url=False, include_context=False):
        field = prefix + (".".join(str(part) for part in problem["loc"]) or whole)
        summary.setdefault(field, []).append(problem["msg"])
    return summary


class CCError(Exception):
    status_code = 500
    default_message = "Internal error"

    def __init__(self, message: str | None = None, **details: Any) -> None:
        super().__init__(message or self.default_message)
        self.message = message or self.default_message
        self.details = details

    def body(self) -> dict[str, Any]:
        return {"message": self.message, **self.details}


class InvalidRequest(CCError):
    status_code = 400
    default_message = "Invalid request"


class Unauthorized(CCError):
    status_code = 401
    default_message = "Unauthorized"


class AccessDenied(CCError):
    status_code = 403
    default_message = "Access denied"


class NotFound(CCError):
    status_code = 404
    default_message = "Resource not found"


class RateLimited(CCError):
    status_code = 429
    default_message = "Too many requests"


class ServiceUnavailable(CCError):
    status_code = 503
    default_message = "Service unavailable"
