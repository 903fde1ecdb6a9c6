"""The embedded AWS emulator (moto in server mode on loopback, behind the S3 POST policy and AWS JSON
gates) and the process environment that points every boto3 client at it."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import BaseWSGIServer

from sandbox import fast_transactions
from sandbox.aws_json_gate import AwsJsonGate
from sandbox.s3_post_gate import S3PostPolicyGate
from sandbox.serving import serve_in_thread

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

from toolkit.manifest import ACCESS_KEY_ID, SECRET_ACCESS_KEY

REGION = "us-east-1"
"""The sandbox's one credential: the handlers sign with it, and S3 POST policies must verify with it."""


@dataclass
class Emulator:
    server: BaseWSGIServer
    endpoint: str

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def emulator_app() -> WSGIApplication:
    """moto's server app, with browser-based S3 uploads held to their POST policy and malformed
    JSON-protocol requests refused as AWS refuses them (moto would answer them with a 500).

    moto's ``ThreadedMotoServer`` builds its app inside a private method and takes no middleware, so
    the sandbox serves the same app itself, from the public parts moto's own ``moto_server`` command
    is made of (``DomainDispatcherApplication`` over ``create_backend_app``, ``MotoRequestHandler``).
    """
    moto = DomainDispatcherApplication(create_backend_app)
    return AwsJsonGate(S3PostPolicyGate(moto, {ACCESS_KEY_ID: SECRET_ACCESS_KEY}, REGION))


def start_emulator(port: int) -> Emulator:
    # The emulator logs every AWS call it serves; the sandbox's own output is what matters.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # The one change to moto's behaviour inside the emulator: TransactWriteItems costs what it
    # touches, not the size of its tables (sandbox/fast_transactions.py). This process is the sandbox.
    fast_transactions.install()
    server = serve_in_thread(emulator_app(), port, "aws-emulator", request_handler=MotoRequestHandler)
    endpoint = f"http://127.0.0.1:{server.server_port}"
    point_boto3_at(endpoint)
    return Emulator(server=server, endpoint=endpoint)


def point_boto3_at(endpoint: str) -> None:
    """boto3 honours AWS_ENDPOINT_URL, so handler code runs unchanged against the emulator."""
    os.environ.update(
        {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        }
    )
    for variable in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(variable, None)
