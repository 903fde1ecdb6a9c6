"""A compliant prod stack that every rule passes; tests change one resource to make one rule fail."""

from __future__ import annotations

import pytest

from policies.model import ResourceView
from tests.policies.policy_builders import (
    arn,
    bucket,
    kms_key,
    named,
    res,
    ssn_key,
    ssn_table_policy,
    table,
    tags,
)
from tests.policies.policy_builders_app import (
    api_set,
    function,
    lambda_set,
    log_group,
    network,
    openapi,
    queue,
    queue_policy,
    rest_api,
    risk_configuration,
    role,
    search_domain,
    secured,
    topic,
    topic_policy,
    user_pool,
    user_pool_client,
)
from tests.policies.policy_builders_ops import (
    secret,
    security_groups,
    selection,
    vault,
    vault_lock,
    workflow_set,
)


def compliant_prod_resources() -> list[ResourceView]:
    shared = kms_key("shared-key")
    ssn = ssn_key()
    alias = res(
        "aws:kms/alias:Alias", "ssn-key-alias", {"name": "alias/ssn-key"}, deps={"targetKeyId": [ssn]}
    )
    ssn_table = table("ssn-table-DataEventsLog", ssn)
    tables = [
        table("provider-table", shared),
        table(
            "RateLimitingTable",
            shared,
            pointInTimeRecovery={"enabled": False},
            deletionProtectionEnabled=False,
            tags=tags(NoBackup="true"),
        ),
        ssn_table,
        ssn_table_policy(ssn_table),
    ]
    logs = bucket("access-logs", access_logs=True)
    buckets = [
        *logs,
        *bucket("reports", shared, logs[0]),
        *bucket("bulk-uploads", ssn, logs[0], transient=True),
    ]
    dlq = queue("ingest-dlq", shared)
    ingest = queue("ingest", shared, dlq)
    messaging = [dlq, ingest, queue_policy(dlq), queue_policy(ingest)]
    alarms = topic("alarms", shared)
    messaging += [alarms, topic_policy(alarms)]

    handler = lambda_set("get-provider")
    ssn_roles = [role(f"ssn-{action}-role", ssn=True) for action in ("get", "disable")]
    ssn_groups = [log_group(f"/aws/lambda/ssn-{action}") for action in ("get", "disable")]
    ssn_functions = [
        function(g.get("name").rsplit("/", 1)[1], r, g) for g, r in zip(ssn_groups, ssn_roles, strict=True)
    ]
    worker_role = role(
        "worker-role",
        {"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": "*"},
        {
            "Effect": "Allow",
            "Action": "dynamodb:GetItem",
            "Resource": arn("dynamodb", "table/provider-table"),
        },
    )
    # No loggingConfig: the log group is found by its /aws/lambda/<name> name; not behind the API.
    worker = [worker_role, log_group("/aws/lambda/worker"), function("worker", worker_role, timeout=900)]
    functions = [*handler, *ssn_roles, *ssn_groups, *ssn_functions, *worker]

    body = openapi(
        {
            "/v1/public/jurisdictions/live": {"get": {}, "options": {}},
            "/v1/compacts/{compact}/providers/{providerId}": {"get": secured("aslp/readGeneral")},
            "/v1/compacts/{compact}/providers/{providerId}/ssn": {
                "get": secured("aslp/readSSN", "ky/aslp.readSSN")
            },
        }
    )
    api = api_set(rest_api(body, handlers=[handler[2]]))
    waf_logging = res(
        "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
        "api-acl-logging",
        {"resourceArn": "arn:acl", "redactedFields": [{"singleHeader": {"name": "authorization"}}]},
    )
    pool = user_pool()
    identity = [pool, risk_configuration(pool), user_pool_client(pool)]
    vpc_and_flow_log = network()
    search = [search_domain(), *vpc_and_flow_log, *security_groups(vpc_and_flow_log[0])]
    general_vault = vault()
    backups = [
        general_vault,
        vault_lock(general_vault),
        selection("tables", tables[0], ssn_table),
        selection("buckets", named(buckets, "reports")),
    ]
    operations = [*workflow_set(), *backups, secret()]
    return [
        shared,
        ssn,
        alias,
        *tables,
        *buckets,
        *messaging,
        *functions,
        *api,
        waf_logging,
        *identity,
        *search,
        *operations,
    ]


@pytest.fixture
def compliant() -> list[ResourceView]:
    return compliant_prod_resources()
