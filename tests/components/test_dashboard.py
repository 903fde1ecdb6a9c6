"""The environment's dashboard, for every stack file: one page with each API's traffic, errors and
latency, the license pipeline, every queue beside its dead-letter queue, purchases, email, search, and
the errors of every function — named by the physical names the program gives them."""

from __future__ import annotations

import json

DASHBOARD = "aws:cloudwatch/dashboard:Dashboard"


def test_one_dashboard_charts_every_api_queue_and_function(any_stack):
    [dashboard] = any_stack.of_type(DASHBOARD)
    assert dashboard.inputs["dashboardName"] == f"{any_stack.config.name_prefix}-health"
    widgets = json.loads(dashboard.inputs["dashboardBody"])["widgets"]
    charted = [tuple(metric) for widget in widgets for metric in widget["properties"]["metrics"]]
    apis = {m[3] for m in charted if m[0] == "AWS/ApiGateway"}
    assert apis == {api.inputs["name"] for api in any_stack.of_type("aws:apigateway/restApi:RestApi")}
    queues = {m[3] for m in charted if m[0] == "AWS/SQS"}
    assert queues == {queue.inputs["name"] for queue in any_stack.of_type("aws:sqs/queue:Queue")}
    with_errors = {m[3] for m in charted if m[0] == "AWS/Lambda" and m[1] == "Errors"}
    functions = any_stack.of_type("aws:lambda/function:Function")
    one_per_environment = {f.inputs["name"] for f in functions if "-" not in f.name}  # not per compact
    assert one_per_environment <= with_errors
    assert any(m[0] == "AWS/ES" and m[1] == "ClusterStatus.red" for m in charted)
    assert any(m[:2] == ("AWS/SES", "Bounce") for m in charted)
    assert all(w["width"] == 12 and w["x"] in (0, 12) for w in widgets)
