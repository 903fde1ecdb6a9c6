"""Whether a flag is on: StatSig's server SDK (``statsig-python-core``), built once per execution
environment and kept while its key stays the same (a rotated key, read through the secret cache, builds
a new client and shuts the old one down).

In AWS the SDK evaluates the gates StatSig serves for the environment's tier (prod: production, beta:
staging, the rest: development). Offline (``FEATURE_FLAGS_OFFLINE=true``: the sandbox and the tests) it
makes no network call at all: every declared flag is overridden with its declared value for the
environment (then with ``FEATURE_FLAG_OVERRIDES``, the sandbox's ``--flag``), and a flag's conditions
are applied to the caller's custom attributes here, as StatSig applies its rules. A flag nobody declared
is off either way.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools import Logger

from core.secret_values import secret_value
from core.secrets import STATSIG_SERVER_KEY
from feature_flags.declarations import FLAGS, FLAGS_BY_NAME, FlagSpec

logger = Logger(child=True)

OFFLINE_ENV_VAR = "FEATURE_FLAGS_OFFLINE"
OVERRIDES_ENV_VAR = "FEATURE_FLAG_OVERRIDES"
TIERS = {"prod": "production", "beta": "staging"}
INIT_TIMEOUT_MS = 3_000
"""How long a cold start waits for StatSig's rules before evaluating with what it has."""
DEFAULT_USER = "default_cc_user"
OFFLINE_KEY = "secret-offline"


def tier(environment: str) -> str:
    return TIERS.get(environment, "development")


def overrides() -> dict[str, bool]:
    """The run's overrides (``{"flag": true}``), refusing anything else: a typo must not pass silently."""
    document = json.loads(os.environ.get(OVERRIDES_ENV_VAR) or "{}")
    if not isinstance(document, dict) or not all(isinstance(v, bool) for v in document.values()):
        raise ValueError(f"{OVERRIDES_ENV_VAR}: a JSON object of flag names to true or false")
    return {str(name): value for name, value in document.items()}


Setup = tuple[str, str, tuple[tuple[str, bool], ...]]
"""What a client is built from: the key, the environment and (offline) the overrides."""


class _Client:
    """The SDK client of the current setup (one per process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._setup: Setup | None = None
        self._statsig: Any = None

    def get(self, setup: Setup) -> Any:
        with self._lock:
            if self._statsig is None or setup != self._setup:
                previous, self._statsig = self._statsig, _start(*setup)
                self._setup = setup
                if previous is not None:
                    previous.shutdown().wait()
            return self._statsig


def _start(key: str, environment: str, run_overrides: tuple[tuple[str, bool], ...]) -> Any:
    from statsig_python_core import Statsig, StatsigOptions

    options = StatsigOptions()
    options.environment = tier(environment)
    options.init_timeout_ms = INIT_TIMEOUT_MS
    offline = key == OFFLINE_KEY
    if offline:
        options.disable_network = True
    statsig = Statsig(key, options)
    statsig.initialize().wait()
    if offline:
        for flag in FLAGS:
            statsig.override_gate(flag.name, flag.starts_enabled(environment))
        for name, value in run_overrides:
            statsig.override_gate(name, value)
    return statsig


_client = _Client()


def is_offline() -> bool:
    return os.environ.get(OFFLINE_ENV_VAR) == "true"


def check(flag_name: str, user_id: str | None = None, attributes: Mapping[str, str] | None = None) -> bool:
    """Whether the flag is on for this user (raises when StatSig cannot say: callers choose a default)."""
    from statsig_python_core import StatsigUser

    environment = os.environ["ENVIRONMENT_NAME"]
    if is_offline():
        statsig = _client.get((OFFLINE_KEY, environment, tuple(sorted(overrides().items()))))
    else:
        statsig = _client.get((secret_value(STATSIG_SERVER_KEY), environment, ()))
    custom = dict(attributes or {})
    enabled = bool(statsig.check_gate(StatsigUser(user_id=user_id or DEFAULT_USER, custom=custom), flag_name))
    declared = FLAGS_BY_NAME.get(flag_name)
    if is_offline() and enabled and declared is not None:
        enabled = all(custom.get(c.field) in c.values for c in declared.conditions)
    return enabled


def flag_enabled(
    flag: FlagSpec, *, default: bool, user_id: str | None = None, attributes: Mapping[str, str] | None = None
) -> bool:
    """For other functions: the flag's value, or ``default`` when it cannot be had. Each call site states
    its default — fail closed where a wrong "on" would do harm (a migration that deletes records), open
    where a wrong "off" would. The caller's function must be granted the StatSig key."""
    try:
        return check(flag.name, user_id, attributes)
    except Exception:  # any failure to evaluate means the call site's default
        logger.warning(
            "Feature flag unavailable; using the default", extra={"flag": flag.name, "default": default}
        )
        return default
