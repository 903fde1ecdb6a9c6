"""Sends a rendered email through SES (v2 API), one message per recipient, through the environment's
configuration set (bounce and complaint events, sending metrics).

One message per recipient, not one with everyone on its ``To:`` line as the reference sent: recipients do
not learn each other's addresses, and each delivery succeeds or fails on its own, so a retry can skip the
recipients already reached. The message is MIME (``multipart/alternative``: plain text and HTML) with an
``X-CompactConnect-Template`` header naming its template, which the sandbox's mailbox shows.

``FROM_ADDRESS`` is ``noreply@<domain>`` where the environment has a sending domain and ``NONE`` where it
has none: then nothing is sent, and the caller logs it (spec §7.5).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from core.aws import client_error
from notifications.attachments import Attachment
from notifications.rendering import RenderedEmail

FROM_ADDRESS = "FROM_ADDRESS"
CONFIGURATION_SET = "EMAIL_CONFIGURATION_SET"
NO_SENDER = "NONE"
SENDER_NAME = "CompactConnect"
"""The display name; the send permission is conditioned on it (``ses:FromDisplayName``)."""
TEMPLATE_HEADER = "X-CompactConnect-Template"


@dataclass
class Delivery:
    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    """Address -> the error code SES answered with."""


def sender_address() -> str | None:
    """The from-address, or None when the environment sends no email."""
    address = os.environ.get(FROM_ADDRESS, NO_SENDER).strip()
    return None if address in ("", NO_SENDER) else address


def mime_message(
    email: RenderedEmail, sender: str, recipient: str, attachments: Sequence[Attachment] = ()
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((SENDER_NAME, sender))
    message["To"] = recipient
    message["Subject"] = email.subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message[TEMPLATE_HEADER] = email.template
    message.set_content(email.text)
    message.add_alternative(email.html, subtype="html")
    for attachment in attachments:  # the message becomes multipart/mixed around the alternatives
        message.add_attachment(
            attachment.content,
            maintype=attachment.maintype,
            subtype=attachment.subtype,
            filename=attachment.filename,
        )
    return message


def send(
    email: RenderedEmail,
    sender: str,
    recipients: Iterable[str],
    client: Any,
    reached: Callable[[str], None] = lambda _address: None,
    attachments: Sequence[Attachment] = (),
) -> Delivery:
    """Sends ``email`` to each recipient in turn, calling ``reached`` as soon as SES took each one (so a
    run cut short has recorded everyone it reached); a refused recipient does not stop the others."""
    delivery = Delivery()
    configuration_set = os.environ.get(CONFIGURATION_SET)
    for recipient in recipients:
        request: dict[str, Any] = {
            "FromEmailAddress": formataddr((SENDER_NAME, sender)),
            "Destination": {"ToAddresses": [recipient]},
            "Content": {"Raw": {"Data": mime_message(email, sender, recipient, attachments).as_bytes()}},
            "EmailTags": [{"Name": "template", "Value": email.template}],
        }
        if configuration_set:
            request["ConfigurationSetName"] = configuration_set
        try:
            client.send_email(**request)
        except client_error() as error:
            delivery.failed[recipient] = error.response.get("Error", {}).get("Code", "Unknown")
        else:
            delivery.sent.append(recipient)
            reached(recipient)
    return delivery
