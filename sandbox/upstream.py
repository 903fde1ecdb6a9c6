"""The sandbox over an AWS emulator that is already running (``scripts/sandbox --aws-endpoint URL``).

A deployment's resources — the reference's tables, pools and bus that an ``compact-connect:adopt`` block
names (issue #20) — live in that emulator, not in the sandbox's own. The sandbox still serves its own
emulator endpoint, with the gates it always has in front (Lambda ``Invoke`` for the functions it hosts,
S3 POST policies, malformed JSON-protocol requests), but the app behind the gates forwards each request
to the running emulator instead of answering from an in-process moto. Clients, the manifest and the
handlers see one endpoint, as they always do.

Email stays with the sandbox: SES requests are answered by its own in-process emulator, so what the
functions send lands in the sandbox's mailbox (an AWS account does not keep sent mail either).
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from werkzeug.wsgi import get_input_stream

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

LOCAL_SERVICES = frozenset({"ses"})
"""Services (by SigV4 signing name) the sandbox keeps in its own emulator rather than forwarding."""
TIMEOUT_SECONDS = 120  # a long-poll receive is 20 s; a large S3 object takes longer than that to copy
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}
)
_SIGNING_SERVICE = re.compile(r"Credential=[^/,\s]+/\d{8}/[^/]+/(?P<service>[^/]+)/aws4_request")


class UnreachableEmulator(ValueError):
    """Nothing answers HTTP at the ``--aws-endpoint`` given."""


def signing_service(environ: WSGIEnvironment) -> str | None:
    """The service a request's SigV4 ``Authorization`` header is signed for (None when it has none)."""
    match = _SIGNING_SERVICE.search(environ.get("HTTP_AUTHORIZATION", ""))
    return match["service"] if match else None


class Upstream:
    """Forwards every request to ``endpoint`` (those of :data:`LOCAL_SERVICES` go to ``local``)."""

    def __init__(self, endpoint: str, local: WSGIApplication) -> None:
        parts = urlsplit(endpoint)
        if parts.scheme != "http" or not parts.hostname:
            raise UnreachableEmulator(f"--aws-endpoint {endpoint}: expected http://HOST:PORT")
        self.endpoint = endpoint
        self.host, self.port = parts.hostname, parts.port or 80
        self.local = local

    def check(self) -> None:
        """Fail at start, with the address, rather than at the first request of a handler."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request("GET", "/")
            connection.getresponse().read()
        except OSError as error:
            raise UnreachableEmulator(
                f"--aws-endpoint {self.endpoint}: no emulator answers ({error})"
            ) from None
        finally:
            connection.close()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if signing_service(environ) in LOCAL_SERVICES:
            return self.local(environ, start_response)
        method = environ["REQUEST_METHOD"]
        body = get_input_stream(environ).read()
        path = environ.get("RAW_URI") or environ.get("REQUEST_URI") or _path(environ)
        # The Host header goes on as the client sent it: the emulator names URLs (queue URLs, presigned
        # posts) after it, and they must point at the sandbox's endpoint, where the gates are.
        headers = {
            name[5:].replace("_", "-").title(): value
            for name, value in environ.items()
            if name.startswith("HTTP_") and name[5:].replace("_", "-").lower() not in HOP_BY_HOP
        }
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        headers["Content-Length"] = str(len(body))
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            content = response.read()
            passed = [
                (name, value) for name, value in response.getheaders() if name.lower() not in HOP_BY_HOP
            ]
        finally:
            connection.close()
        if method != "HEAD" and not any(name.lower() == "content-length" for name, _ in passed):
            passed.append(("Content-Length", str(len(content))))
        start_response(f"{response.status} {response.reason}", passed)
        return [content]


def _path(environ: WSGIEnvironment) -> str:
    query = environ.get("QUERY_STRING")
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    return f"{path}?{query}" if query else path
