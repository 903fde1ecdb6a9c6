"""The functions and APIs the program builds from the catalog, for every stack file."""

from __future__ import annotations

import json

import pytest

from catalog import FUNCTIONS, copies_of, deployed_functions, functions_for, routes_of
from components.ssn_access import ssn_role_name
from core.api_catalog import ApiName
from core.catalog import BulkAccess
from core.metrics import METRICS_NAMESPACE
from core.tables import PROVIDER, SSN, TABLES_BY_KEY
from core.unreadable_records import UNREADABLE_RECORD_METRIC
from ingest.routes import PREPROCESS_LICENSES
from licenses.functions import PARSE_BULK_UPLOAD
from tests.components.conftest import STACKS, program_run

FUNCTION = "aws:lambda/function:Function"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"


def _function(run, spec):
    return run.named(FUNCTION, spec.name)


def _body(run, api: ApiName) -> dict:
    rest_api = run.named("aws:apigateway/restApi:RestApi", f"{api.value.capitalize()}Api")
    return json.loads(rest_api.inputs["body"])


@pytest.mark.parametrize("declared", FUNCTIONS, ids=lambda spec: spec.name)
def test_each_catalog_function_is_deployed_as_declared(any_stack, declared):
    if declared not in functions_for(any_stack.config.public_lookup_enabled):
        assert not [f for f in any_stack.of_type(FUNCTION) if f.name == declared.name]
        return
    for spec in copies_of(declared, any_stack.config.compacts.compacts):
        _deployed_as_declared(any_stack, spec)


def _deployed_as_declared(any_stack, spec):
    inputs = _function(any_stack, spec).inputs

    assert inputs["handler"] == spec.handler
    assert (inputs["runtime"], inputs["architectures"]) == (spec.runtime, ["arm64"])
    assert (inputs["timeout"], inputs["memorySize"]) == (spec.timeout_seconds, spec.memory_mb)
    assert inputs["tracingConfig"]["mode"] == "Active"
    variables = inputs["environment"]["variables"]
    assert variables["ENVIRONMENT_NAME"] == any_stack.stack
    assert json.loads(variables["ALLOWED_ORIGINS"]) == any_stack.config.allowed_origins
    assert variables["PYDANTIC_DISABLE_PLUGINS"] == "__all__"  # no plugin scan at cold start
    for grant in spec.grants:
        table = TABLES_BY_KEY[grant.table]
        assert variables[table.env_var] == table.physical_name(any_stack.config.name_prefix)


def test_every_function_has_its_own_role(any_stack):
    """No two functions share a role, on the SSN path too, where each runs as the role created for it
    with the SSN key (whose policy names exactly those roles)."""
    deployed = deployed_functions(any_stack.config.compacts.compacts, any_stack.config.public_lookup_enabled)
    roles = [any_stack.named(FUNCTION, spec.name).inputs["role"] for spec in deployed]
    assert len(roles) == len(set(roles))
    for spec in deployed:
        if spec.ssn_access:
            designated = any_stack.named("aws:iam/role:Role", ssn_role_name(spec.name)).outputs["arn"]
            assert any_stack.named(FUNCTION, spec.name).inputs["role"] == designated


@pytest.mark.parametrize("declared", FUNCTIONS, ids=lambda spec: spec.name)
def test_grants_name_only_the_declared_tables(prod, declared):
    spec = copies_of(declared, prod.config.compacts.compacts)[0]
    policy = json.loads(prod.named(ROLE_POLICY, f"{spec.name}-grants").inputs["policy"])
    table_resources = {
        resource
        for statement in policy["Statement"]
        if any(action.startswith("dynamodb:") for action in statement["Action"])
        for resource in statement["Resource"]
    }
    expected = set()
    for grant in spec.grants:
        arn = prod.named("aws:dynamodb/table:Table", TABLES_BY_KEY[grant.table].resource_name).outputs["arn"]
        declared = TABLES_BY_KEY[grant.table]
        if grant.index:
            expected |= {f"{arn}/index/{grant.index}"}
        elif declared.reads_only_through:
            expected |= {arn, f"{arn}/index/{declared.reads_only_through}"}
        else:
            expected |= {arn, f"{arn}/index/*"}
    if spec.bulk:  # a recovery step: the whole table, and for the copy its restored copies only
        arn = prod.named("aws:dynamodb/table:Table", TABLES_BY_KEY[spec.bulk.table].resource_name).outputs[
            "arn"
        ]
        expected |= {arn}
        if spec.bulk.access is BulkAccess.COPY_RESTORED:
            prefix, name = arn.split(":table/")
            expected |= {f"{prefix}:table/DR-TEMP-*-{name}"}
    assert table_resources == expected
    assert all(
        statement["Resource"] != "*" for statement in policy["Statement"] if statement["Sid"] != "Tracing"
    )


def _statements(run, function: str) -> list[dict]:
    return json.loads(run.named(ROLE_POLICY, f"{function}-grants").inputs["policy"])["Statement"]


def test_ssn_table_grants_stay_within_the_tables_policy(prod):
    """The preprocessor writes SSN mappings and reads them only through ssnIndex: nothing the SSN
    table's resource policy denies (batch operations, scans, keyed reads of the table) is granted."""
    table = prod.named("aws:dynamodb/table:Table", SSN.resource_name).outputs["arn"]
    on_table = {
        action
        for statement in _statements(prod, PREPROCESS_LICENSES.name)
        if table in statement["Resource"]
        for action in statement["Action"]
    }
    assert "dynamodb:PutItem" in on_table
    assert not on_table & {"dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:Scan"}
    assert not on_table & {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"}
    index_reads = [
        s for s in _statements(prod, PREPROCESS_LICENSES.name) if s["Resource"] == [f"{table}/index/ssnIndex"]
    ]
    assert [s["Action"] for s in index_reads] == [["dynamodb:Query"]]


def test_upload_consumers_can_tell_a_missing_object_from_a_refusal(prod):
    bucket = prod.named("aws:s3/bucket:Bucket", "BulkUploadsBucket").outputs["arn"]
    listing = [s for s in _statements(prod, PARSE_BULK_UPLOAD.name) if s["Action"] == ["s3:ListBucket"]]
    assert [s["Resource"] for s in listing] == [[bucket]]


@pytest.mark.parametrize("declared", FUNCTIONS, ids=lambda spec: spec.name)
def test_every_function_writes_only_its_own_log_group(prod, declared):
    spec = copies_of(declared, prod.config.compacts.compacts)[0]
    group = prod.named("aws:cloudwatch/logGroup:LogGroup", f"{spec.name}-logs").outputs["arn"]
    log_writes = [s for s in _statements(prod, spec.name) if any(a.startswith("logs:") for a in s["Action"])]
    assert [s["Resource"] for s in log_writes] == [[f"{group}:*"]]


def test_read_only_grants_cannot_write(prod):
    policy = json.loads(prod.named(ROLE_POLICY, "CompactConfigurationApi-grants").inputs["policy"])
    actions = {action for statement in policy["Statement"] for action in statement["Action"]}

    assert "dynamodb:GetItem" in actions
    assert not {"dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem"} & actions


def test_log_groups_have_retention(any_stack):
    for group in any_stack.of_type("aws:cloudwatch/logGroup:LogGroup"):
        assert group.inputs.get("retentionInDays"), group.name


def test_the_license_api_body_is_the_catalog(any_stack):
    body = _body(any_stack, ApiName.LICENSE)
    enabled = {
        (route.path, route.method.lower())
        for route in routes_of(ApiName.LICENSE, any_stack.config.public_lookup_enabled)
    }

    declared = {
        (path, method) for path, item in body["paths"].items() for method in item if method != "options"
    }
    assert declared == enabled
    assert all("options" in item for item in body["paths"].values())


def test_integrations_invoke_the_serving_function(prod):
    body = _body(prod, ApiName.LICENSE)
    for route in routes_of(ApiName.LICENSE):
        integration = body["paths"][route.path][route.method.lower()]["x-amazon-apigateway-integration"]
        function_arn = prod.named(FUNCTION, route.function.name).outputs["arn"]
        assert integration["type"] == "aws_proxy"
        assert function_arn in integration["uri"]


def test_public_routes_have_no_authorizer_and_validation_is_on(prod):
    body = _body(prod, ApiName.LICENSE)
    operation = body["paths"]["/v1/public/jurisdictions/live"]["get"]

    assert operation["security"] == []
    assert (
        operation["x-amazon-apigateway-request-validator"] in body["x-amazon-apigateway-request-validators"]
    )
    assert "BAD_REQUEST_BODY" in body["x-amazon-apigateway-gateway-responses"]


@pytest.mark.parametrize("stack", STACKS)
def test_stage_observability_and_default_endpoint(stack):
    run = program_run(stack)
    stage = run.named("aws:apigateway/stage:Stage", "LicenseApi-stage")
    rest_api = run.named("aws:apigateway/restApi:RestApi", "LicenseApi")
    settings = run.named("aws:apigateway/methodSettings:MethodSettings", "LicenseApi-method-settings")

    assert stage.inputs["xrayTracingEnabled"] is True
    assert stage.inputs["accessLogSettings"]["destinationArn"]
    assert settings.inputs["settings"]["metricsEnabled"] is True
    assert rest_api.inputs["disableExecuteApiEndpoint"] is (stack in ("test", "beta", "prod"))


@pytest.mark.parametrize("stack", STACKS)
def test_waf_rate_limit_follows_the_security_profile(stack):
    run = program_run(stack)
    rules = {rule["name"] for rule in run.named("aws:wafv2/webAcl:WebAcl", "LicenseApi-acl").inputs["rules"]}

    assert "CRSRule" in rules
    assert ("RateLimit" in rules) is run.config.is_recommended_security


def test_prod_has_a_tls12_custom_domain_and_local_has_none(prod, local):
    domain = prod.named("aws:apigateway/domainName:DomainName", "LicenseApi-domain")

    assert domain.inputs["domainName"] == "api.compactconnect.org"
    assert domain.inputs["securityPolicy"] == "TLS_1_2"
    assert local.of_type("aws:apigateway/domainName:DomainName") == []


@pytest.mark.parametrize("stack", STACKS)
def test_the_configuration_uploader_runs_with_the_stack_compacts(stack):
    run = program_run(stack)
    payload = json.loads(
        run.named("aws:lambda/invocation:Invocation", "CompactConfigurationUpload").inputs["input"]
    )

    expected = {c: list(d.active_jurisdictions) for c, d in run.config.compacts.compacts.items()}
    assert payload["compacts"] == expected
    assert len(payload["attestations"]) == 11


def test_alarms_notify_the_alarm_topic(prod):
    topic_arn = prod.named("aws:sns/topic:Topic", "AlarmTopic").outputs["arn"]
    alarms = prod.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")

    assert alarms and all(alarm.inputs["alarmActions"] == [topic_arn] for alarm in alarms)


def test_every_function_reading_provider_records_alarms_on_one_it_had_to_leave_out(prod):
    alarms = {alarm.name: alarm.inputs for alarm in prod.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")}
    readers = [
        spec.name
        for spec in deployed_functions(prod.config.compacts.compacts)
        if any(grant.table == PROVIDER.key for grant in spec.grants)
    ]

    assert {"StaffProviderApi", "PublicLookupApi", "StateProviderApi", "IngestLicenses"} <= set(readers)
    for name in readers:
        alarm = alarms[f"{name}-unreadable-records"]
        assert (alarm["namespace"], alarm["metricName"]) == (METRICS_NAMESPACE, UNREADABLE_RECORD_METRIC)
        assert alarm["dimensions"] == {"service": name} and alarm["threshold"] == 1
    assert not any(name.endswith("-unreadable-records") and name.removesuffix("-unreadable-records")
                   not in readers for name in alarms)  # fmt: skip


def test_beta_deploys_no_public_lookup_function():
    beta = program_run("beta")
    assert not beta.config.public_lookup_enabled
    names = {function.name for function in beta.of_type(FUNCTION)}
    assert "PublicLookupApi" not in names and "StaffProviderApi" in names
    assert "PublicLookupApi" in {function.name for function in program_run("test").of_type(FUNCTION)}


def test_every_role_carries_the_accounts_permissions_boundary(any_stack):
    """The deploy role creates roles only with the boundary (bootstrap/boundary.py); the program puts it
    on every role, including ones components add later (components.boundary)."""
    roles = any_stack.of_type("aws:iam/role:Role")
    assert roles
    expected = f"arn:aws:iam::{any_stack.config.account_id}:policy/CompactConnect-PermissionsBoundary"
    assert {role.inputs.get("permissionsBoundary") for role in roles} == {expected}
