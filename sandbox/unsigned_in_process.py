"""Requests this process answers itself go without a SigV4 signature computation.

botocore signs every request: a canonical request, its SHA-256 and four HMACs, about a twentieth of the
sandbox's time in an ingest, where every row is several DynamoDB, SQS and EventBridge calls. The
requests of the sandbox's own clients to :data:`sandbox.emulator.IN_PROCESS_SERVICES` never leave the
process (``serve_this_process_directly``), and the emulator checks no signature: it reads only the
access key of the ``Authorization`` header's credential scope (which account is asking) and the region
of the URL. So those requests keep a header of SigV4's form and scope, with the signature left out;
every other request (S3, Cognito, anything over HTTP) is signed as botocore signs it.
"""

from __future__ import annotations

from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.compat import get_current_datetime

UNSIGNED = "in-process-unsigned"

_signed = SigV4Auth.add_auth
_in_process_hosts: frozenset[str] = frozenset()


def install(hosts: frozenset[str]) -> None:
    """Leaves requests to ``hosts`` (``dynamodb.us-east-1.amazonaws.com``...) unsigned.

    Called once by ``sandbox.emulator.start_emulator``: the sandbox is its own process."""
    global _in_process_hosts
    _in_process_hosts = hosts
    SigV4Auth.add_auth = _add_auth  # type: ignore[method-assign]


def _add_auth(self: SigV4Auth, request: AWSRequest) -> None:
    """Header signing (not its subclasses': presigned URLs, S3) of a request to an in-process host."""
    in_process = type(self) is SigV4Auth and _host(request.url or "") in _in_process_hosts
    if self.credentials is None or not in_process:
        _signed(self, request)
        return
    request.context["timestamp"] = get_current_datetime().strftime(SIGV4_TIMESTAMP)
    self._modify_request_before_signing(request)  # type: ignore[attr-defined]  # date and token headers
    request.headers["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={self.scope(request)}, SignedHeaders=host, Signature={UNSIGNED}"
    )


def _host(url: str) -> str:
    """``https://host[:port]/path`` -> ``host``."""
    return url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
