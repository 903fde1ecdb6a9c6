"""The environment's settings, read in one place: what the program hands every function besides its
grants (``components.config.StackConfig.function_environment``).

Each is parsed once per distinct value, so warm invocations pay nothing and a test that changes the
environment still sees its own value.
"""

from __future__ import annotations

import json
import os
from functools import cache

from core.catalog import SERVED_COMPACT_ENV_VAR
from core.compacts import CompactCatalog

COMPACTS = "COMPACTS"
ALLOWED_ORIGINS = "ALLOWED_ORIGINS"
UI_BASE_URL = "UI_BASE_URL"
RECAPTCHA_MINIMUM_SCORE = "RECAPTCHA_MINIMUM_SCORE"

DEFAULT_ORIGIN = "https://localhost"


@cache
def _compacts(document: str) -> CompactCatalog:
    return CompactCatalog.model_validate_json(document)


def compacts() -> CompactCatalog:
    """The compacts the environment serves: license types and active member jurisdictions."""
    return _compacts(os.environ[COMPACTS])


def check_served_compact(compact: str) -> None:
    """A per-compact function's copy serves its own compact only (its role reaches nothing else): a
    payload naming another is refused before anything is read."""
    served = os.environ.get(SERVED_COMPACT_ENV_VAR)
    if served and compact != served:
        raise ValueError(f"this function serves {served}, not {compact}")


@cache
def _origins(document: str) -> tuple[str, ...]:
    return tuple(json.loads(document)) or (DEFAULT_ORIGIN,)


def allowed_origins() -> tuple[str, ...]:
    """Browser origins allowed by CORS; the first is the default ``Access-Control-Allow-Origin``."""
    return _origins(os.environ.get(ALLOWED_ORIGINS) or "[]")


def ui_base_url() -> str:
    """The web UI's address (links in emails and responses), without a trailing slash; empty if none."""
    return os.environ.get(UI_BASE_URL, "").rstrip("/")


def recaptcha_minimum_score() -> float:
    """The lowest reCAPTCHA v3 score the practitioners' public forms accept (stack config, default 0.5)."""
    return float(os.environ.get(RECAPTCHA_MINIMUM_SCORE) or 0.5)
