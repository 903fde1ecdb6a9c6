"""The embedded AWS emulator (moto in server mode on loopback, behind the S3 POST policy and AWS JSON
gates) and the process environment that points every boto3 client at it."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.exceptions import InternalServerError
from werkzeug.serving import BaseWSGIServer

from sandbox import (
    attribute_values,
    bounded_streams,
    compact_tables,
    fast_actions,
    fast_events,
    fast_queries,
    fast_queues,
    fast_transactions,
    parsed_conditions,
    sized_items,
    spilled_bodies,
    unsigned_in_process,
    untracked_models,
)
from sandbox.aws_json_gate import AwsJsonGate
from sandbox.lambda_gate import LambdaInvokeGate
from sandbox.s3_post_gate import S3PostPolicyGate
from sandbox.serving import serve_in_thread
from sandbox.upstream import Upstream
from toolkit.manifest import ACCESS_KEY_ID, SECRET_ACCESS_KEY

logger = logging.getLogger("sandbox.emulator")

REGION = "us-east-1"
"""The sandbox's one credential: the handlers sign with it, and S3 POST policies must verify with it."""


@dataclass
class Emulator:
    server: BaseWSGIServer
    endpoint: str
    lambdas: LambdaInvokeGate

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Dispatcher(DomainDispatcherApplication):
    """moto's dispatcher, remembering which backend serves each ``Host``.

    moto looks the host up on every request by listing its package directory (a ``stat`` for each of
    its ~150 service folders) before trying its URL patterns: about a seventh of the emulator's time in
    an ingest. The answer depends on the host alone, and the sandbox's clients use one or two hosts."""

    def __init__(self, create_app: Callable[..., Any]) -> None:
        super().__init__(create_app)
        self._backend_of_host: dict[str | None, Any] = {}

    def get_backend_for_host(self, host: str | None) -> Any:
        if host not in self._backend_of_host:
            self._backend_of_host[host] = super().get_backend_for_host(host)
        return self._backend_of_host[host]


def emulator_app(upstream: str | None = None) -> LambdaInvokeGate:
    """moto's server app, with browser-based S3 uploads held to their POST policy, malformed
    JSON-protocol requests refused as AWS refuses them (moto would answer them with a 500), and Lambda's
    Invoke answered for the functions the sandbox hosts. With ``upstream``, the app behind those gates
    forwards to that running emulator (:mod:`sandbox.upstream`).

    moto's ``ThreadedMotoServer`` builds its app inside a private method and takes no middleware, so
    the sandbox serves the same app itself, from the public parts moto's own ``moto_server`` command
    is made of (``DomainDispatcherApplication`` over ``create_backend_app``, ``MotoRequestHandler``).
    """
    inner: Any = Dispatcher(create_backend_app)
    if upstream is not None:
        inner = Upstream(upstream, local=inner)
        inner.check()
    return LambdaInvokeGate(AwsJsonGate(S3PostPolicyGate(inner, {ACCESS_KEY_ID: SECRET_ACCESS_KEY}, REGION)))


def start_emulator(port: int, upstream: str | None = None) -> Emulator:
    """The sandbox's emulator endpoint on ``port``: its own moto, or a front of the running emulator at
    ``upstream`` (which the changes below cannot reach: they change moto inside this process)."""
    # The emulator logs every AWS call it serves; the sandbox's own output is what matters.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    if upstream is None:
        _change_moto()
    app = emulator_app(upstream)
    server = serve_in_thread(app, port, "aws-emulator", request_handler=MotoRequestHandler)
    endpoint = f"http://127.0.0.1:{server.server_port}"
    point_boto3_at(endpoint, in_process=upstream is None)
    if upstream is None:
        serve_this_process_directly()
    return Emulator(server=server, endpoint=endpoint, lambdas=app)


def _change_moto() -> None:
    """The changes to moto inside the emulator (this process is the sandbox): transactions, key queries
    and receives cost what they touch, not the size of their tables or queues; actions, conditions and
    item sizes are worked out once, not per request or per attribute, and attribute values pass its
    parser and serializer as the JSON they are; what the emulator stores stays out of memory or bounded
    (nothing kept for moto's dashboard, table items and queued message bodies in a temporary SQLite
    file, stream records encoded, streams bounded). Each module says what it keeps of moto's behaviour
    and how it is tested."""
    for change in (
        attribute_values,
        fast_transactions,
        fast_queries,
        fast_queues,
        fast_events,
        fast_actions,
        parsed_conditions,
        sized_items,
        bounded_streams,
        untracked_models,
        compact_tables,
        spilled_bodies,
    ):
        change.install()


IN_PROCESS_SERVICES = {"DYNAMODB": "dynamodb", "SQS": "sqs", "EVENTBRIDGE": "events"}
"""The services this process's own clients (handlers, pumps) reach without HTTP, by ``AWS_ENDPOINT_URL_*``
suffix and AWS endpoint prefix: the ones an ingest, a purchase or an encumbrance calls row by row. S3 and
Cognito stay on HTTP: their URLs and token issuers are handed to clients outside the process."""


def serve_this_process_directly() -> None:
    """Requests of this process's own clients to :data:`IN_PROCESS_SERVICES` are answered by the
    emulator's backends in the calling thread, as moto's in-process mock answers them, instead of over a
    loopback connection of their own (werkzeug closes every connection) and a server thread: the same
    backends and the same state as over HTTP, without a connection, a thread and two HTTP encodings per
    call. moto registers its stub with every botocore session and leaves it off; this turns it on. It
    answers only requests for AWS's own endpoints, which only these services are given here.

    A failure inside moto (an exception that is not an AWS error) reaches the caller as the server
    answers it, a 500 that botocore retries and then raises as a ``ClientError``; moto's stub would
    raise the exception itself into the handler, once, past its ``except ClientError``."""
    from moto.core.models import botocore_stubber

    if not getattr(botocore_stubber.process_request, "answers_failures", False):
        botocore_stubber.process_request = _answering_failures(botocore_stubber.process_request)  # type: ignore[method-assign,assignment]
    botocore_stubber.enabled = True
    unsigned_in_process.install(frozenset(_aws_host(prefix) for prefix in IN_PROCESS_SERVICES.values()))


def _answering_failures(process_request: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """moto's stub, answering what its server answers when a backend fails: werkzeug's 500 page."""

    def answer(request: Any) -> Any:
        try:
            return process_request(request)
        except Exception:
            logger.exception("the emulator failed a request of this process to %s", request.url)
            error = InternalServerError()
            return error.code, dict(error.get_headers()), error.get_body()

    answer.answers_failures = True  # type: ignore[attr-defined]
    return answer


def _aws_host(prefix: str) -> str:
    return f"{prefix}.{REGION}.amazonaws.com"


def point_boto3_at(endpoint: str, in_process: bool = True) -> None:
    """boto3 honours AWS_ENDPOINT_URL, so handler code runs unchanged against the emulator. With
    ``in_process``, the :data:`IN_PROCESS_SERVICES` are named by AWS's own hosts, which only
    :func:`serve_this_process_directly` answers; without it they go to ``endpoint`` like the rest."""
    for variable in IN_PROCESS_SERVICES:
        os.environ.pop(f"AWS_ENDPOINT_URL_{variable}", None)
    os.environ.update(
        {
            "AWS_ENDPOINT_URL": endpoint,
            **{
                f"AWS_ENDPOINT_URL_{variable}": f"https://{_aws_host(prefix)}"
                for variable, prefix in IN_PROCESS_SERVICES.items()
                if in_process
            },
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        }
    )
    for variable in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(variable, None)
