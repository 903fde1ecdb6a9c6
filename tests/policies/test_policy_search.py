"""The search rules, both ways: the domain encrypted, private and logged (in prod also with dedicated
masters and a standby zone), and every VPC with its flow log."""

from __future__ import annotations

import pytest

from policies.aws_types import EC2_FLOW_LOG, EC2_VPC
from tests.policies.policy_builders import assert_fails, assert_passes, res, stack
from tests.policies.policy_builders_app import search_domain as domain


@pytest.mark.parametrize(
    "rule",
    ["opensearch-encrypted-and-private", "opensearch-prod-masters-and-standby", "opensearch-logs-published"],
)
def test_a_well_built_domain_passes_in_prod(rule):
    assert_passes(rule, stack(domain(), env="prod"))


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"encryptAtRest": {"enabled": False}}, "encryptAtRest"),
        ({"encryptAtRest": {"enabled": True}}, "kmsKeyId"),
        ({"nodeToNodeEncryption": {"enabled": False}}, "nodeToNodeEncryption"),
        ({"domainEndpointOptions": {"enforceHttps": False}}, "enforceHttps"),
        (
            {
                "domainEndpointOptions": {
                    "enforceHttps": True,
                    "tlsSecurityPolicy": "Policy-Min-TLS-1-0-2019-07",
                }
            },
            "TLS 1.2",
        ),
        ({"vpcOptions": None}, "vpcOptions"),
    ],
)
def test_an_open_or_unencrypted_domain_fails(change, fragment):
    assert_fails("opensearch-encrypted-and-private", stack(domain(**change)), fragment)


def test_prod_needs_masters_and_standby_and_other_environments_do_not():
    small = domain(clusterConfig={"dedicatedMasterEnabled": False, "multiAzWithStandbyEnabled": False})
    assert_fails("opensearch-prod-masters-and-standby", stack(small, env="prod"), "dedicated master")
    assert_fails("opensearch-prod-masters-and-standby", stack(small, env="prod"), "standby")
    assert_passes("opensearch-prod-masters-and-standby", stack(small, env="beta"))


def test_a_domain_without_its_slow_logs_fails():
    only_application = domain(
        logPublishingOptions=[{"logType": "ES_APPLICATION_LOGS", "cloudwatchLogGroupArn": "arn:log"}]
    )
    assert_fails("opensearch-logs-published", stack(only_application), "SEARCH_SLOW_LOGS")


def test_a_vpc_passes_with_its_flow_log_and_fails_without():
    vpc = res(EC2_VPC, "vpc", {"cidrBlock": "10.0.0.0/16"})
    flow_log = res(EC2_FLOW_LOG, "flow", {"trafficType": "ALL"}, deps={"vpcId": [vpc]})
    assert_passes("ec2-vpc-flow-logs", stack(vpc, flow_log))
    assert_fails("ec2-vpc-flow-logs", stack(vpc), "flow log")
