"""The email service: one function that every sender invokes with an email request (spec §7.5).

It checks the request against its template (every problem named, nothing sent), resolves the recipients
from the compact's or jurisdiction's configuration, renders the template and sends it, one message per
recipient. With a ``deliveryId`` it skips the recipients that id has already reached and records each new
delivery, so a sender may simply retry a failed request. Addresses and variables are never logged: they
are personal data.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from core.aws import sesv2_client
from core.lookups import configuration_repository
from core.resources import granted, serves
from core.tables import EVENT_STATE
from notifications.attachments import attachments_for
from notifications.deliveries import DeliveryLog
from notifications.functions import EMAIL_SERVICE
from notifications.recipients import resolve
from notifications.rendering import render
from notifications.requests import CheckedRequest, checked
from notifications.sending import send, sender_address

logger = Logger()


class EmailNotDelivered(RuntimeError):
    """SES refused some recipients; those reached are recorded (with a ``deliveryId``), so a retry of the
    same request sends only to the others."""


def deliver(checked_request: CheckedRequest) -> dict[str, Any]:
    request, template = checked_request.request, checked_request.template
    context = {"template": template.key, "compact": request.compact, "jurisdiction": request.jurisdiction}
    sender = sender_address()
    if sender is None:
        logger.info("This environment has no sending address: the email was not sent", extra=context)
        return {"message": "No from address configured for this environment; nothing sent", "sent": 0}
    configuration = configuration_repository()
    compact = configuration.compact_configuration(request.compact)
    jurisdiction = (
        configuration.jurisdiction_configuration(request.compact, request.jurisdiction)
        if request.jurisdiction
        else None
    )
    recipients = resolve(request.recipient_type, request.specific_emails, compact, jurisdiction)
    if not recipients.addresses:
        logger.warning(f"Nobody to send to: {recipients.missing}", extra=context)
        return {"message": f"Nothing sent: {recipients.missing}", "sent": 0}
    log = DeliveryLog(granted().table(EVENT_STATE)) if request.delivery_id else None
    reached = (
        log.delivered(request.compact, request.delivery_id, template.key, recipients.addresses)
        if log and request.delivery_id
        else set()
    )
    email = render(
        template,
        checked_request.variables,
        request.compact,
        request.jurisdiction,
        compact_name=compact.compact_name if compact else None,
        jurisdiction_name=jurisdiction.jurisdiction_name if jurisdiction else None,
    )
    pending = [address for address in recipients.addresses if address not in reached]
    delivery_id = request.delivery_id

    def record(address: str) -> None:
        if log and delivery_id:
            log.record(request.compact, delivery_id, template.key, address)

    files = (
        attachments_for(checked_request.variables, request.compact, request.jurisdiction) if pending else ()
    )
    delivery = send(email, sender, pending, sesv2_client(), record, files)
    if delivery.failed:
        codes = sorted(set(delivery.failed.values()))
        logger.error(
            "SES refused recipients", extra={**context, "refused": len(delivery.failed), "codes": codes}
        )
        refused = f"{len(delivery.failed)} of {len(pending)} recipients refused"
        raise EmailNotDelivered(f"{template.key}: {refused} ({', '.join(codes)})")
    logger.info("Email sent", extra={**context, "sent": len(delivery.sent), "already_sent": len(reached)})
    return {"message": "Email message sent", "sent": len(delivery.sent), "alreadySent": len(reached)}


@serves(EMAIL_SERVICE)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Raises :class:`notifications.requests.InvalidEmailRequest` (naming every bad field) before sending
    anything, and :class:`EmailNotDelivered` when SES refused a recipient."""
    return deliver(checked(event))
