"""Secrets a function may read (DESIGN §3: declared once, with who may read them).

A secret's value is never in the catalog, the stack file or a function's environment: operators set it
with ``pulumi config set --secret compact-connect:<configKey>``, the program stores it in Secrets
Manager under ``name``, and a function granted the secret is told only its ARN and reads the value at
run time (:mod:`core.secret_values`). Rotating it is one more ``config set`` and ``pulumi up``: running
functions pick the new value up within :data:`core.secret_values.CACHE_SECONDS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class SecretSpec:
    """One Secrets Manager secret, holding a JSON object whose ``field`` is the value."""

    key: str  # logical key, e.g. "recaptcha"
    resource_name: str  # Pulumi logical name
    name_template: str  # the secret's name; ``{env}`` is the environment name
    config_key: str  # the ``compact-connect:`` stack config key that carries the value (a secret)
    env_var: str  # the variable that tells a granted function the secret's ARN
    field: str
    description: str

    def secret_name(self, environment: str) -> str:
        return self.name_template.format(env=environment)


RECAPTCHA_SECRET = SecretSpec(
    key="recaptcha",
    resource_name="RecaptchaSecret",
    name_template="compact-connect/env/{env}/recaptcha/token",  # the reference's name (spec §3.1)
    config_key="recaptchaSecret",
    env_var="RECAPTCHA_SECRET_ARN",
    field="token",
    description="The reCAPTCHA v3 secret key that verifies practitioners' registration and recovery tokens",
)

STATSIG_SERVER_KEY = SecretSpec(
    key="statsig_server",
    resource_name="StatsigServerKey",
    name_template="compact-connect/env/{env}/statsig/server-key",
    config_key="statsigServerKey",
    env_var="STATSIG_SERVER_KEY_ARN",
    field="serverKey",
    description="StatSig's server secret key, with which functions evaluate feature flags",
)

ALL_SECRETS: tuple[SecretSpec, ...] = (RECAPTCHA_SECRET, STATSIG_SERVER_KEY)


@dataclass(frozen=True)
class CompactSecretSpec:
    """A secret per compact, written at run time by the function that receives it (not by the program):
    its value never passes through a stack file or a deployment."""

    key: str
    name_template: str  # ``{env}`` and ``{compact}`` are filled in
    description: str

    def secret_name(self, environment: str, compact: str) -> str:
        return self.name_template.format(env=environment, compact=compact)


COMPACT_SECRETS_KEY_ENV_VAR = "COMPACT_SECRETS_KEY_ARN"
"""Tells a function that writes per-compact secrets the customer-managed key to create them with."""


@dataclass(frozen=True)
class CompactSecretGrant:
    """Reading (``GetSecretValue``) or writing (describe, create, put a version) a per-compact secret, for
    every compact of the environment."""

    secret: CompactSecretSpec
    access: Literal["read", "write"]


PAYMENT_PROCESSOR_CREDENTIALS = CompactSecretSpec(
    key="payment_processor",
    # The reference's name (payments_security §1.3), so its stored credentials are found as they are.
    name_template="compact-connect/env/{env}/compact/{compact}/credentials/payment-processor",
    description="A compact's Authorize.Net API login id and transaction key, uploaded by a compact admin",
)
