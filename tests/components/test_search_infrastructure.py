"""The network and the search domain (issue #17, first part) under mocks, for every stack file: isolated
subnets in three zones with no way out but AWS endpoints; the domain inside them, encrypted, HTTPS only,
logged, sized per environment (prod: masters and a standby zone), admitting nobody until its functions
are granted; seven alarms. The access policy's grants and the sizing rules as plain functions."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from catalog import FUNCTIONS
from components.config import SearchSizing
from components.search_domain import access_paths
from core.catalog import SearchAccess

VPC = "aws:ec2/vpc:Vpc"
SUBNET = "aws:ec2/subnet:Subnet"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
FLOW_LOG = "aws:ec2/flowLog:FlowLog"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
DOMAIN = "aws:opensearch/domain:Domain"
DOMAIN_POLICY = "aws:opensearch/domainPolicy:DomainPolicy"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"


def test_the_vpc_is_isolated_in_three_zones_with_only_aws_endpoints(any_stack):
    [vpc] = any_stack.of_type(VPC)
    assert vpc.inputs["cidrBlock"] == "10.0.0.0/16"
    assert vpc.inputs["enableDnsHostnames"] and vpc.inputs["enableDnsSupport"]
    subnets = sorted(any_stack.of_type(SUBNET), key=lambda s: s.inputs["cidrBlock"])
    assert [s.inputs["cidrBlock"] for s in subnets] == ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"]
    assert len({s.inputs["availabilityZone"] for s in subnets}) == 3
    assert not any(s.inputs.get("mapPublicIpOnLaunch") for s in subnets)
    kinds = {r.type for r in any_stack.resources}
    assert not kinds & {"aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway"}
    endpoints = {
        e.inputs["serviceName"].rsplit(".", 1)[1]: e.inputs["vpcEndpointType"]
        for e in any_stack.of_type(ENDPOINT)
    }
    assert endpoints == {"logs": "Interface", "lambda": "Interface", "dynamodb": "Gateway", "s3": "Gateway"}


def test_the_domain_admits_https_from_the_functions_group_only(any_stack):
    search = any_stack.named(SECURITY_GROUP, "SearchSecurityGroup").inputs
    [rule] = search["ingress"]
    assert (rule["protocol"], rule["fromPort"], rule["toPort"]) == ("tcp", 443, 443)
    assert "cidrBlocks" not in rule and len(rule["securityGroups"]) == 1
    functions = any_stack.named(SECURITY_GROUP, "FunctionSecurityGroup").inputs
    assert "ingress" not in functions or not functions["ingress"]


def test_all_traffic_is_flow_logged_under_the_networks_own_key(any_stack):
    [flow_log] = any_stack.of_type(FLOW_LOG)
    assert flow_log.inputs["trafficType"] == "ALL"
    log_group = any_stack.named(LOG_GROUP, "FlowLogs").inputs
    assert log_group["retentionInDays"] == 30 and log_group["kmsKeyId"]


def test_the_domain_is_encrypted_private_logged_and_closed(any_stack):
    domain = any_stack.named(DOMAIN, "SearchDomain").inputs
    assert domain["engineVersion"] == "OpenSearch_3.3"
    assert domain["encryptAtRest"]["enabled"] and domain["encryptAtRest"]["kmsKeyId"]
    assert domain["nodeToNodeEncryption"]["enabled"]
    assert domain["domainEndpointOptions"] == {
        "enforceHttps": True,
        "tlsSecurityPolicy": "Policy-Min-TLS-1-2-2019-07",
    }
    assert len(domain["vpcOptions"]["subnetIds"]) == 3
    assert domain["clusterConfig"]["zoneAwarenessConfig"] == {"availabilityZoneCount": 3}
    assert {o["logType"] for o in domain["logPublishingOptions"]} == {
        "ES_APPLICATION_LOGS",
        "SEARCH_SLOW_LOGS",
        "INDEX_SLOW_LOGS",
    }
    [statement] = json.loads(domain["accessPolicies"])["Statement"]
    assert statement["Effect"] == "Deny" and statement["Principal"] == {"AWS": "*"}


@pytest.mark.parametrize(
    ("stack", "data_nodes", "masters", "standby", "volume", "free_storage_mb"),
    [
        ("prod", "m7g.medium.search", "r8g.medium.search", True, 25, 12800),
        ("beta", "t3.small.search", None, False, 10, 5120),
        ("sandbox", "t3.small.search", None, False, 10, 5120),
    ],
)
def test_each_environment_gets_its_size_and_alarms(
    stack, data_nodes, masters, standby, volume, free_storage_mb
):
    from tests.components.conftest import program_run

    run = program_run(stack)
    cluster = run.named(DOMAIN, "SearchDomain").inputs["clusterConfig"]
    assert (cluster["instanceType"], cluster["instanceCount"]) == (data_nodes, 3)
    assert cluster.get("dedicatedMasterType") == masters
    assert bool(cluster.get("dedicatedMasterEnabled")) is (masters is not None)
    assert bool(cluster.get("multiAzWithStandbyEnabled")) is standby
    assert run.named(DOMAIN, "SearchDomain").inputs["ebsOptions"]["volumeSize"] == volume
    alarms = {
        a.name: a.inputs
        for a in run.of_type(ALARM)
        if a.name.startswith("Search") and a.name.endswith("Alarm")
    }
    assert len(alarms) == 7
    assert alarms["SearchFreeStorageAlarm"]["threshold"] == free_storage_mb
    assert {a["treatMissingData"] for a in alarms.values()} == {"breaching"}
    assert alarms["SearchClusterRedAlarm"]["evaluationPeriods"] == 1


def test_each_access_level_reaches_only_its_verbs_and_paths():
    assert access_paths(SearchAccess.QUERY, ["aslp", "octp"]) == (
        ("POST",),
        ("compact_aslp_providers/_search", "compact_octp_providers/_search"),
    )
    assert access_paths(SearchAccess.INDEX, ["aslp"]) == (("POST",), ("compact_aslp_providers/_bulk",))
    _, paths = access_paths(SearchAccess.MANAGE, ["aslp"])
    assert "_aliases" in paths and "compact_aslp_providers_v*" in paths
    assert not any(path.startswith("compact_octp") for path in paths)


def searching_functions(stack) -> dict[str, tuple[SearchAccess, list[str]]]:
    """Each deployed function that reaches the domain: its access, and the compacts it serves (a
    per-compact function's copy, its own only)."""
    compacts = list(stack.config.compacts.compacts)
    found = {}
    for spec in FUNCTIONS:
        if spec.search is None:
            continue
        if spec.per_compact:
            found |= {spec.for_compact(compact).name: (spec.search, [compact]) for compact in compacts}
        else:
            found[spec.name] = (spec.search, compacts)
    return found


def test_the_domain_admits_each_search_function_with_its_own_access(any_stack):
    roles = {
        role.urn.rsplit("::", 1)[1].removesuffix("-role"): role.outputs["arn"]
        for role in any_stack.of_type("aws:iam/role:Role")
    }
    [policy] = any_stack.of_type(DOMAIN_POLICY)
    statements = json.loads(policy.inputs["accessPolicies"])["Statement"]
    admitted = {statement["Principal"]["AWS"]: statement for statement in statements}
    searched = searching_functions(any_stack)
    assert set(admitted) == {roles[name] for name in searched}
    domain_arn = any_stack.named(DOMAIN, "SearchDomain").outputs["arn"]
    for name, (access, compacts) in searched.items():
        statement = admitted[roles[name]]
        verbs, paths = access_paths(access, compacts)
        assert statement["Action"] == [f"es:ESHttp{verb.capitalize()}" for verb in verbs]
        assert statement["Resource"] == [f"{domain_arn}/{path}" for path in paths]


def test_search_functions_run_in_the_network_and_nothing_else_does(any_stack):
    searched = searching_functions(any_stack)
    for function in any_stack.of_type("aws:lambda/function:Function"):
        name = function.urn.rsplit("::", 1)[1]
        vpc = function.inputs.get("vpcConfig")
        variables = function.inputs["environment"]["variables"]
        if name in searched:
            assert len(vpc["subnetIds"]) == 3 and len(vpc["securityGroupIds"]) == 1
            assert variables["OPENSEARCH_HOST_ENDPOINT"]
        else:
            assert not vpc and "OPENSEARCH_HOST_ENDPOINT" not in variables


def test_provider_changes_reach_the_indexer_queue_as_keys_only(any_stack):
    [pipe] = any_stack.of_type("aws:pipes/pipe:Pipe")
    stream = pipe.inputs["sourceParameters"]["dynamodbStreamParameters"]
    assert stream["startingPosition"] == "LATEST"
    [criteria] = pipe.inputs["sourceParameters"]["filterCriteria"]["filters"]
    prefixes = [{"prefix": f"{compact}#PROVIDER#"} for compact in any_stack.config.compacts.compacts]
    assert json.loads(criteria["pattern"]) == {"dynamodb": {"Keys": {"pk": {"S": prefixes}}}}
    assert stream["deadLetterConfig"]["arn"]
    template = pipe.inputs["targetParameters"]["inputTemplate"]
    assert "NewImage" not in template and "OldImage" not in template
    assert pipe.inputs["logConfiguration"]["level"] == "ERROR"
    [manager] = [
        i for i in any_stack.of_type("aws:lambda/invocation:Invocation") if "SearchIndexManager" in i.urn
    ]
    assert json.loads(manager.inputs["input"])["mappingVersion"] >= 1


def test_a_standby_zone_needs_dedicated_masters():
    with pytest.raises(ValidationError, match="masterNodeType"):
        SearchSizing(multiAzWithStandby=True)
    assert SearchSizing(masterNodeType="r8g.medium.search", multiAzWithStandby=True).multi_az_with_standby
