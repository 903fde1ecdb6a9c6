"""A local sandbox in a child process (``python -m sandbox --ephemeral-ports``), as a developer starts
it: the e2e tests and the sandbox benchmarks drive it over HTTP, exactly as any client would."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class SandboxNotStarted(RuntimeError):
    """The child exited, or did not write its manifest in time; the message carries its output."""


class SandboxDidNotStop(RuntimeError):
    """The child was still running long after SIGTERM (it has been killed)."""


class SandboxProcess:
    """A running ``python -m sandbox`` child and the manifest it wrote."""

    def __init__(self, process: subprocess.Popen[bytes], manifest_path: Path, log_path: Path) -> None:
        self.process = process
        self.manifest_path = manifest_path
        self.log_path = log_path
        self.manifest: dict[str, Any] = json.loads(manifest_path.read_text())

    @classmethod
    def start(cls, manifest_path: Path, *arguments: str, timeout: float = 60) -> SandboxProcess:
        """Start one on free ports and wait for its manifest (written once it serves, demo data in).
        Its output goes to a log file beside the manifest: a pipe nobody reads would fill and stop it."""
        manifest_path.unlink(missing_ok=True)
        log_path = manifest_path.with_suffix(".log")
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "sandbox",
                    "--ephemeral-ports",
                    "--manifest",
                    str(manifest_path),
                    *arguments,
                ],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while not manifest_path.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = log_path.read_text(errors="replace")
                raise SandboxNotStarted(f"sandbox did not start within {timeout:.0f}s:\n{output}")
            time.sleep(0.1)
        return cls(process, manifest_path, log_path)

    def url(self, api: str, path: str) -> str:
        return str(self.manifest["apis"][api]) + path

    def peak_memory_mb(self) -> float:
        """The child's peak resident memory so far (``VmHWM``), in MB."""
        return resident_memory_mb(self.process.pid, "VmHWM")

    def stop(self, timeout: float = 20) -> float:
        """SIGTERM, as Ctrl+C or a service manager would; returns the seconds it took to exit. A sandbox
        still running ``timeout`` seconds later is killed, and :class:`SandboxDidNotStop` raised."""
        started = time.monotonic()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise SandboxDidNotStop(
                    f"the sandbox ignored SIGTERM for {timeout:.0f}s and was killed"
                ) from None
        return time.monotonic() - started


def resident_memory_mb(pid: int, field: str = "VmRSS") -> float:
    """A ``/proc/<pid>/status`` memory field (``VmRSS`` now, ``VmHWM`` peak), in MB (Linux only)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(f"/proc/{pid}/status has no {field}")
