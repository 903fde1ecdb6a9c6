"""The sandbox's mailbox: every email the sandbox sends, readable over HTTP and in a browser.

Everything is sent through the emulator's SES (the email service's messages, and the user pools'
invitations and codes: ``sandbox.invitations``), which keeps what it was given; the mailbox reads it
back, so there is one record of what left the system and nothing to keep in step.

- ``GET {mailbox}/messages`` (``?to=ADDRESS`` for one recipient): JSON, newest first, each
  ``{"id", "to", "from", "subject", "text", "html", "template", "sentAt", "attachments"}`` (each attachment
  ``{"filename", "contentType", "size"}``);
- ``GET {mailbox}/messages/{id}/attachments/{filename}`` downloads one (the transaction reports' ZIPs);
- ``DELETE {mailbox}/messages`` empties it;
- ``GET {mailbox}/`` is a page that lists the messages and shows the one chosen.
"""

from __future__ import annotations

import email
import email.policy
import json
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import RawMessage, ses_backends
from werkzeug.wrappers import Request, Response

from notifications.sending import TEMPLATE_HEADER
from sandbox.emulator import REGION
from sandbox.serving import LocalService

PAGE = Path(__file__).resolve().parent / "mailbox.html"
MAIL_DOMAIN = "sandbox.example"
"""The sandbox's sending domain (``example`` is reserved for examples: nothing can ever be delivered)."""


def create_mail_identity(domain: str) -> None:
    """The domain the sandbox sends from, verified on the emulator's SES (which refuses others)."""
    import boto3

    boto3.client("sesv2").create_email_identity(EmailIdentity=domain)


class _Text(HTMLParser):
    """The text of an HTML message, for a message sent without a plain-text part."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def plain_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return parser.text()


def _part(message: Message, content_type: str) -> str:
    for part in message.walk():
        if part.get_content_type() == content_type and not part.is_multipart():
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    return ""


def _raw_entry(sent: RawMessage) -> dict[str, Any]:
    message = email.message_from_string(sent.raw_data, policy=email.policy.default)
    html, text = _part(message, "text/html"), _part(message, "text/plain")
    date = message.get("Date")
    return {
        "id": sent.id,
        "to": [address for _name, address in getaddresses(message.get_all("To", []))]
        or list(sent.destinations),
        "from": message.get("From", sent.source),
        "subject": " ".join(str(message.get("Subject", "")).split()),  # unfolded, as mail clients show it
        "text": text or plain_text(html),
        "html": html,
        "template": message.get(TEMPLATE_HEADER),
        "sentAt": parsedate_to_datetime(date).isoformat() if date else None,
        "attachments": [
            {"filename": name, "contentType": part.get_content_type(), "size": len(content)}
            for name, part, content in _attachments(message)
        ],
    }


def _attachments(message: Message) -> list[tuple[str, Message, bytes]]:
    found = []
    for part in message.walk():
        name = part.get_filename()
        payload = part.get_payload(decode=True) if name else None
        if name and isinstance(payload, bytes):
            found.append((name, part, payload))
    return found


def _simple_entry(sent: Any) -> dict[str, Any]:
    """A message sent with SES's simple content (by a developer's own client): one body, no headers."""
    body = str(sent.body)
    is_html = "<" in body and ">" in body
    return {
        "id": sent.id,
        "to": [address for addresses in sent.destinations.values() for address in addresses],
        "from": sent.source,
        "subject": sent.subject,
        "text": plain_text(body) if is_html else body,
        "html": body if is_html else "",
        "template": None,
        "sentAt": None,
        "attachments": [],
    }


class Mailbox(LocalService):
    """The emulator's sent emails, as the mailbox shows them."""

    thread_name = "mailbox"

    @staticmethod
    def _sent() -> list[Any]:
        return ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages

    def messages(self, to: str | None = None) -> list[dict[str, Any]]:
        entries = [
            _raw_entry(sent) if isinstance(sent, RawMessage) else _simple_entry(sent)
            for sent in reversed(self._sent())
        ]
        if to:
            wanted = to.strip().lower()
            entries = [entry for entry in entries if wanted in (address.lower() for address in entry["to"])]
        return entries

    def attachment(self, message_id: str, filename: str) -> tuple[str, bytes] | None:
        """The content type and bytes of a message's attachment."""
        for sent in self._sent():
            if isinstance(sent, RawMessage) and sent.id == message_id:
                message = email.message_from_string(sent.raw_data, policy=email.policy.default)
                for name, part, content in _attachments(message):
                    if name == filename:
                        return part.get_content_type(), content
        return None

    def clear(self) -> None:
        self._sent().clear()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        return self._respond(request)(environ, start_response)

    def _respond(self, request: Request) -> Response:
        path = request.path.rstrip("/")
        if path == "" and request.method == "GET":
            return Response(PAGE.read_text(), content_type="text/html; charset=utf-8")
        if path == "/messages" and request.method == "GET":
            body = json.dumps(self.messages(request.args.get("to")))
            return Response(body, content_type="application/json")
        if path == "/messages" and request.method == "DELETE":
            self.clear()
            return Response(status=204)
        parts = path.split("/")  # "", "messages", id, "attachments", filename
        downloading = len(parts) == 5 and parts[1] == "messages" and parts[3] == "attachments"
        if downloading and request.method == "GET":
            found = self.attachment(parts[2], parts[4])
            if found is not None:
                return Response(found[1], content_type=found[0])
        if path in ("", "/messages"):
            return Response(
                json.dumps({"message": "Method not allowed"}), 405, content_type="application/json"
            )
        return Response(json.dumps({"message": "Not found"}), 404, content_type="application/json")
