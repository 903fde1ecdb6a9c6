"""An AWS emulator of its own (moto's server in a child process): the account a deployment already runs
in, for the sandbox to run over (``scripts/sandbox --aws-endpoint``, issue #20).

A child process, not a thread of the test's: moto's backends are process-wide, and a function test's
``mock_aws`` in the same worker would reset them under the running deployment. What must live with the
backends (the CloudFormation models of :mod:`tests.moto_cloudformation`) is imported in the child.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from toolkit.sandbox_process import ROOT

SERVE = """
import importlib, sys
from moto.server import ThreadedMotoServer
for module in sys.argv[1:]:
    importlib.import_module(module)
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()  # until the parent closes it (or goes away)
"""


class EmulatorProcess:
    """A running moto server on a free loopback port, until :meth:`stop`."""

    def __init__(self, log_path: Path, preload: tuple[str, ...] = ()) -> None:
        """``preload``: modules the emulator imports before it serves."""
        self.log = log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVE, *preload],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
        )
        assert self.process.stdout is not None
        port = self.process.stdout.readline().strip()
        if not port:
            self.stop()
            raise RuntimeError(f"the emulator did not start:\n{log_path.read_text(errors='replace')}")
        self.endpoint = f"http://127.0.0.1:{int(port)}"

    def stop(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
