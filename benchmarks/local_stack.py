"""What the benchmarks that run handlers on moto share: the local stack's configuration and the
environment its functions are given, as in the sandbox."""

from __future__ import annotations

import os

from components.config import NAMESPACE, StackConfig, parse_stack_config
from offline.stack_file import load_stack_config, namespace_values


def local_environment() -> tuple[StackConfig, dict[str, str]]:
    """The ``local`` stack's config, and the variables every function runs with, plus the region and
    credentials moto needs (any value; real ones already set are kept)."""
    config = parse_stack_config(namespace_values(load_stack_config("local"), NAMESPACE))
    variables = {
        **config.function_environment,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", "benchmark"),
        "AWS_SECRET_ACCESS_KEY": os.environ.get("AWS_SECRET_ACCESS_KEY", "benchmark"),
    }
    return config, variables
