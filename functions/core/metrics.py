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
    fails). The namespace comes from the environment where set: the sandbox and tests keep theirs apart."""
    namespace = os.environ.get("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE)
    with single_metric(
        name=name,
        unit=MetricUnit.Count,
        value=1,
        namespace=namespace,
        default_dimensions={"service": service},
    ):
        pass
