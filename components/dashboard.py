"""One CloudWatch dashboard per environment: the health of the whole backend on one page (the reference
had none). Rows, top to bottom: the three APIs' traffic, errors and latency; the license pipeline's
functions; every queue's depth beside its dead-letter queue; purchases; email (SES sends, bounces and
complaints, and the email service's errors); search (cluster status, documents, CPU, free storage); and
the errors of every other function. Metric names and dimensions are AWS's; the resources' physical
names come from the program, so the page follows renames.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from components.args import AccountId, ComponentArgs, NamePrefix, Region
from components.base import CompactConnectComponent

WIDTH, HEIGHT = 12, 6
PERIOD = 300


@dataclass(frozen=True)
class DashboardSources:
    """The physical names the dashboard charts (outputs of the program's resources)."""

    apis: Mapping[str, pulumi.Input[str]]  # title -> REST API name
    functions: Mapping[str, pulumi.Input[str]]  # catalog name -> function name
    queues: Mapping[str, tuple[pulumi.Input[str], pulumi.Input[str]]]  # key -> (queue name, DLQ name)
    search_domain: pulumi.Input[str]
    pipeline: Sequence[str]  # catalog names of the license pipeline's functions
    purchases: Sequence[str]
    email: str


class DashboardArgs(ComponentArgs):
    name_prefix: NamePrefix
    account_id: AccountId
    region: Region


def _graph(title: str, metrics: list[list[Any]], region: str, stat: str = "Sum") -> dict[str, Any]:
    return {
        "type": "metric",
        "width": WIDTH,
        "height": HEIGHT,
        "properties": {"title": title, "metrics": metrics, "region": region, "stat": stat, "period": PERIOD},
    }


def body(names: Mapping[str, Any], sources: DashboardSources, account_id: str, region: str) -> str:
    """The dashboard's JSON, from resolved names (``names``: the same keys as ``sources``, resolved)."""
    widgets: list[dict[str, Any]] = []
    for title, api in names["apis"].items():
        widgets.append(
            _graph(
                f"{title}: requests and errors",
                [["AWS/ApiGateway", metric, "ApiName", api] for metric in ("Count", "4XXError", "5XXError")],
                region,
            )
        )
        widgets.append(
            _graph(
                f"{title}: latency p95 (ms)", [["AWS/ApiGateway", "Latency", "ApiName", api]], region, "p95"
            )
        )
    functions = names["functions"]

    def lambda_metrics(catalog_names: Sequence[str]) -> list[list[Any]]:
        return [
            ["AWS/Lambda", metric, "FunctionName", functions[name]]
            for name in catalog_names
            if name in functions
            for metric in ("Invocations", "Errors")
        ]

    widgets.append(
        _graph("License pipeline: invocations and errors", lambda_metrics(sources.pipeline), region)
    )
    widgets.append(
        _graph(
            "Queues: visible messages (dead-letter queues should stay at 0)",
            [
                ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", name]
                for queue, dead in names["queues"].values()
                for name in (queue, dead)
            ],
            region,
            "Maximum",
        )
    )
    widgets.append(_graph("Purchases: invocations and errors", lambda_metrics(sources.purchases), region))
    widgets.append(
        _graph(
            "Email: sends, bounces, complaints, service errors",
            [["AWS/SES", metric] for metric in ("Send", "Bounce", "Complaint")]
            + [["AWS/Lambda", "Errors", "FunctionName", functions[sources.email]]],
            region,
        )
    )
    domain = names["search_domain"]
    widgets.append(
        _graph(
            "Search: cluster status and documents",
            [
                ["AWS/ES", metric, "DomainName", domain, "ClientId", account_id]
                for metric in ("ClusterStatus.red", "ClusterStatus.yellow", "SearchableDocuments")
            ],
            region,
            "Maximum",
        )
    )
    widgets.append(
        _graph(
            "Search: CPU and free storage",
            [
                ["AWS/ES", metric, "DomainName", domain, "ClientId", account_id]
                for metric in ("CPUUtilization", "FreeStorageSpace")
            ],
            region,
            "Maximum",
        )
    )
    charted = {*sources.pipeline, *sources.purchases, sources.email}
    others = [name for name in functions if name not in charted]
    widgets.append(
        _graph(
            "Every other function: errors",
            [["AWS/Lambda", "Errors", "FunctionName", functions[name]] for name in others],
            region,
        )
    )
    for index, widget in enumerate(widgets):  # two per row
        widget["x"], widget["y"] = (index % 2) * WIDTH, (index // 2) * HEIGHT
    return json.dumps({"widgets": widgets})


class EnvironmentDashboard(CompactConnectComponent[DashboardArgs]):
    def __init__(
        self, args: DashboardArgs, sources: DashboardSources, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("EnvironmentDashboard", "EnvironmentDashboard", args, opts)
        resolved = pulumi.Output.all(
            apis=pulumi.Output.all(**dict(sources.apis)),
            functions=pulumi.Output.all(**dict(sources.functions)),
            queues=pulumi.Output.all(
                **{key: pulumi.Output.all(queue, dead) for key, (queue, dead) in sources.queues.items()}
            ),
            search_domain=sources.search_domain,
        )
        self.dashboard = aws.cloudwatch.Dashboard(
            "Dashboard",
            dashboard_name=f"{args.name_prefix}-health",
            dashboard_body=resolved.apply(lambda names: body(names, sources, args.account_id, args.region)),
            opts=self.child_opts(),
        )
        self.register_outputs({"dashboardName": self.dashboard.dashboard_name})
