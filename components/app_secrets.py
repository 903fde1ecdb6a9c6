"""The environment's application secrets (``core.secrets``): one Secrets Manager secret each, under the
shared key, whose value comes from the stack's encrypted config.

The secret itself always exists, so functions can be granted it by ARN before anyone has a value; the
value (a ``SecretVersion``) is written once an operator runs ``pulumi config set --secret
compact-connect:<configKey> ...``, and rewritten (rotated) each time they set it again. Until then the
functions that need it fail closed (reCAPTCHA: 503), and the program warns on every preview.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping

import pulumi
import pulumi_aws as aws

from components.args import ComponentArgs, EnvironmentName
from components.base import CompactConnectComponent
from core.secrets import SecretSpec

PROD_RECOVERY_DAYS = 30
OTHER_RECOVERY_DAYS = 7


def _document(field: str, value: str) -> str:
    """What the functions read (:mod:`core.secret_values`): a JSON object with the value under ``field``."""
    return json.dumps({field: value})


class AppSecretsArgs(ComponentArgs):
    environment: EnvironmentName


class AppSecrets(CompactConnectComponent[AppSecretsArgs]):
    def __init__(
        self,
        args: AppSecretsArgs,
        specs: tuple[SecretSpec, ...],
        values: Mapping[str, pulumi.Input[str] | None],
        key: aws.kms.Key,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("AppSecrets", "AppSecrets", args, opts)
        self.secrets: dict[str, aws.secretsmanager.Secret] = {}
        for spec in specs:
            secret = aws.secretsmanager.Secret(
                spec.resource_name,
                name=spec.secret_name(str(args.environment)),
                description=spec.description,
                kms_key_id=key.arn,
                recovery_window_in_days=PROD_RECOVERY_DAYS if args.retain_data else OTHER_RECOVERY_DAYS,
                tags=self.tags,
                opts=self.data_opts(),
            )
            self.secrets[spec.key] = secret
            value = values.get(spec.key)
            if value is None:
                pulumi.log.warn(
                    f"{spec.config_key} is not set, so what needs it fails closed ({spec.description}). "
                    f"Set it with: pulumi config set --secret compact-connect:{spec.config_key} <value>"
                )
                continue
            aws.secretsmanager.SecretVersion(
                f"{spec.resource_name}-value",
                secret_id=secret.id,
                secret_string=pulumi.Output.secret(value).apply(functools.partial(_document, spec.field)),
                opts=self.child_opts(),
            )
        self.register_outputs({key: secret.arn for key, secret in self.secrets.items()})
