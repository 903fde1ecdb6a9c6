"""An email request (spec §7.5): ``{template, recipientType, compact, jurisdiction?, specificEmails?,
templateVariables}``, plus ``deliveryId``, the key under which each recipient's delivery is recorded so
that a retried request reaches only those it has not reached yet.

Everything is checked before anything is sent, and every problem is reported at once, by field
(``templateVariables.privilegeId: Field required``).
"""

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from core import settings
from core.errors import field_errors
from notifications.catalog import TEMPLATES_BY_KEY, EmailTemplate, RecipientType
from notifications.variables import Address, Jurisdiction, Variables


class InvalidEmailRequest(ValueError):
    """The request cannot be sent as it is; ``errors`` names each field and what is wrong with it."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        lines = "; ".join(f"{field}: {', '.join(messages)}" for field, messages in sorted(errors.items()))
        super().__init__(f"invalid email request: {lines}")


class EmailRequest(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True)

    template: str
    recipient_type: RecipientType
    compact: str
    jurisdiction: Jurisdiction | None = None
    specific_emails: list[Address] = Field(default_factory=list, max_length=50)
    template_variables: dict[str, Any] = Field(default_factory=dict)
    delivery_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9:_\-.]{1,200}$")] | None = None


class CheckedRequest:
    """A request that passed every check, with its template and its validated variables."""

    def __init__(self, request: EmailRequest, template: EmailTemplate, variables: Variables) -> None:
        self.request = request
        self.template = template
        self.variables = variables


def checked(payload: Any) -> CheckedRequest:
    """The request, its template and variables; raises :class:`InvalidEmailRequest` naming every problem."""
    try:
        request = EmailRequest.model_validate(payload)
    except ValidationError as error:
        raise InvalidEmailRequest(field_errors(error, whole="request")) from None
    errors: dict[str, list[str]] = {}
    template = TEMPLATES_BY_KEY.get(request.template)
    if template is None:
        raise InvalidEmailRequest({"template": [f"unknown template {request.template!r}"]})
    if request.compact not in settings.compacts().compacts:
        errors["compact"] = [f"unknown compact {request.compact!r}"]
    if request.recipient_type not in template.recipients:
        allowed = ", ".join(sorted(template.recipients))
        errors["recipientType"] = [f"{request.template} is sent to {allowed}, not {request.recipient_type}"]
    if template.names_jurisdiction and request.jurisdiction is None:
        errors["jurisdiction"] = [f"{request.template} needs the jurisdiction it is for"]
    if request.recipient_type is RecipientType.SPECIFIC and not request.specific_emails:
        errors["specificEmails"] = ["at least one address is needed with recipientType SPECIFIC"]
    if request.recipient_type is not RecipientType.SPECIFIC and request.specific_emails:
        errors["specificEmails"] = ["only allowed with recipientType SPECIFIC"]
    try:
        variables = template.variables.model_validate(request.template_variables)
    except ValidationError as error:
        errors.update(field_errors(error, prefix="templateVariables."))
    if errors:
        raise InvalidEmailRequest(errors)
    return CheckedRequest(request, template, variables)
