"""`.sandbox/manifest.json`: where everything in the running sandbox is, for any client."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

ACCESS_KEY_ID = "sandbox"
SECRET_ACCESS_KEY = "sandbox"
"""The emulator's one credential: it verifies presigned POST signatures with it, so every client of the
sandbox (handlers, operator commands) signs with it."""

ROOT = Path(__file__).resolve().parent.parent
# Overridable so tools can find a sandbox started with `--manifest` elsewhere (the e2e tests do).
MANIFEST = Path(os.environ.get("SANDBOX_MANIFEST") or ROOT / ".sandbox" / "manifest.json")


def write_manifest(content: dict[str, Any], path: Path = MANIFEST) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(content, indent=2, sort_keys=True))
    temporary.replace(path)  # readers never see a half-written manifest
    return path


def remove_manifest(path: Path = MANIFEST) -> None:
    path.unlink(missing_ok=True)
