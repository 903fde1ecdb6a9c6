"""Serving a WSGI app on a loopback port from a daemon thread: each API and the AWS emulator."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication


def serve_in_thread(
    app: WSGIApplication, port: int, name: str, request_handler: type[WSGIRequestHandler] | None = None
) -> BaseWSGIServer:
    """Threaded, so a handler that calls another local service (an API calling the emulator, a
    pipeline writing while a test polls) never waits for the request it is serving. Port 0 binds a
    free port: read it back from ``server_port``."""
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=request_handler)
    threading.Thread(target=server.serve_forever, daemon=True, name=name).start()
    return server


class LocalService:
    """A WSGI app (the subclass's ``__call__``) that serves itself on a loopback port until stopped: the
    sandbox's stand-ins of services outside AWS, and its mailbox."""

    thread_name = "local-service"
    _server: BaseWSGIServer | None = None

    def serve(self, port: int) -> str:
        """Start answering; returns the base URL (``http://127.0.0.1:<port>``)."""
        self._server = serve_in_thread(self, port, self.thread_name)  # type: ignore[arg-type]
        return f"http://127.0.0.1:{self._server.server_port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
