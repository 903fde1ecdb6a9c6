"""The functions' own CloudWatch metrics (Powertools EMF): one namespace, shared with the alarms.

Every metric carries one dimension, ``service`` = the function's catalog name, given explicitly rather than
taken from the environment, so an alarm can name namespace and dimension exactly.
"""

from __future__ import annotations

import os

from aws_lambda_powertools.metrics import MetricUnit, single_metric

METRICS_NAMESPACE = "CompactConnect"


def count(service: str, name: str) -> None:
    """Emit ``name`` = 1 now (a security event is worth a line of its own, even if the function then
    fails)."""
    measure(service, name, 1, MetricUnit.Count)


def outcome(service: str, name: str, succeeded: bool) -> None:
    """Emit ``name`` = 1 for a success, 0 for a failure: its Sum counts successes and its SampleCount
    attempts, so an alarm on failures is ``SampleCount - Sum``."""
    measure(service, name, 1 if succeeded else 0, MetricUnit.NoUnit)


def measure(service: str, name: str, value: float, unit: MetricUnit) -> None:
    """Emit one value now. The namespace comes from the environment where set: the sandbox and tests keep
    theirs apart."""
    namespace = os.environ.get("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE)
    with single_metric(
        name=name, unit=unit, value=value, namespace=namespace, default_dimensions={"service": service}
    ):
        pass
