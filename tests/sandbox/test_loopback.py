"""Everything the sandbox serves (each API and the AWS emulator) listens on the loopback address only."""

from __future__ import annotations

from collections.abc import Callable

from sandbox.serving import serve_in_thread


def _app(environ: dict, start_response: Callable[..., object]) -> list[bytes]:
    start_response("204 No Content", [])
    return [b""]


def test_servers_bind_loopback_only() -> None:
    server = serve_in_thread(_app, 0, "loopback-probe")
    try:
        host, port = server.socket.getsockname()[:2]
        assert host == "127.0.0.1" and port > 0
    finally:
        server.shutdown()
