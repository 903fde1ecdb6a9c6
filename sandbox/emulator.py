"""The embedded AWS emulator (moto in server mode on loopback) and the process environment that
points every boto3 client at it."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from moto.server import ThreadedMotoServer

REGION = "us-east-1"


@dataclass
class Emulator:
    server: ThreadedMotoServer
    endpoint: str

    def stop(self) -> None:
        self.server.stop()


def start_emulator(port: int) -> Emulator:
    # The emulator logs every AWS call it serves; the sandbox's own output is what matters.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    host, bound_port = server.get_host_and_port()
    endpoint = f"http://{host}:{bound_port}"
    point_boto3_at(endpoint)
    return Emulator(server=server, endpoint=endpoint)


def point_boto3_at(endpoint: str) -> None:
    """boto3 honours AWS_ENDPOINT_URL, so handler code runs unchanged against the emulator."""
    os.environ.update(
        {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "sandbox",
            "AWS_SECRET_ACCESS_KEY": "sandbox",
        }
    )
    for variable in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(variable, None)
