"""The network rules, both ways: no gateway to the Internet, and ingress only HTTPS from security groups
(inline on a group or the default group, as a SecurityGroupRule, or as a vpc.SecurityGroupIngressRule)."""

from __future__ import annotations

from typing import Any

import pytest

from policies.aws_types import (
    EC2_DEFAULT_SECURITY_GROUP,
    EC2_EGRESS_ONLY_INTERNET_GATEWAY,
    EC2_INTERNET_GATEWAY,
    EC2_NAT_GATEWAY,
    EC2_SECURITY_GROUP,
    EC2_SECURITY_GROUP_RULE,
    VPC_SECURITY_GROUP_INGRESS_RULE,
)
from policies.model import UNKNOWN, ResourceView
from tests.policies.policy_builders import (
    assert_fails,
    assert_passes,
    changed,
    named,
    replace,
    res,
    stack,
    tags,
    violations,
)

INGRESS = "ec2-ingress-https-from-security-groups"
HTTPS_FROM_GROUP = {"protocol": "tcp", "fromPort": 443, "toPort": 443, "securityGroups": ["sg-functions"]}


@pytest.mark.parametrize("token", [EC2_INTERNET_GATEWAY, EC2_NAT_GATEWAY, EC2_EGRESS_ONLY_INTERNET_GATEWAY])
def test_any_internet_gateway_fails(compliant: list[ResourceView], token: str) -> None:
    assert_passes("ec2-no-internet-gateways", stack(compliant))
    gateway = res(token, "gateway", {"vpcId": "vpc-1", "tags": tags()})
    assert_fails("ec2-no-internet-gateways", stack(compliant, gateway), "isolated")


def test_the_compliant_groups_pass(compliant: list[ResourceView]) -> None:
    assert_passes(INGRESS, stack(compliant))


def with_ingress(compliant: list[ResourceView], *rules: dict[str, Any]) -> list[ResourceView]:
    group = named(compliant, "search-sg")
    return replace(compliant, group, changed(group, ingress=list(rules)))


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"securityGroups": None, "cidrBlocks": ["10.0.0.0/16"]}, "cidrBlocks"),
        ({"cidrBlocks": ["0.0.0.0/0"]}, "cidrBlocks"),
        ({"ipv6CidrBlocks": ["::/0"]}, "ipv6CidrBlocks"),
        ({"securityGroups": None, "prefixListIds": ["pl-1"]}, "prefixListIds"),
        ({"securityGroups": None}, "no source security group"),
        ({"fromPort": 80, "toPort": 80}, "port 443"),
        ({"fromPort": 0, "toPort": 65535}, "port 443"),
        ({"protocol": "-1", "fromPort": 0, "toPort": 0}, "port 443"),
        ({"protocol": "udp"}, "port 443"),
    ],
)
def test_inline_ingress_other_than_https_from_groups_fails(
    compliant: list[ResourceView], change: dict[str, Any], fragment: str
) -> None:
    rule = {k: v for k, v in {**HTTPS_FROM_GROUP, **change}.items() if v is not None}
    assert_fails(INGRESS, stack(with_ingress(compliant, HTTPS_FROM_GROUP, rule)), fragment)


def test_the_default_group_is_checked_too() -> None:
    group = res(EC2_DEFAULT_SECURITY_GROUP, "default", {"vpcId": "vpc-1", "tags": tags()})
    assert_passes(INGRESS, stack(group))
    opened = changed(group, ingress=[{**HTTPS_FROM_GROUP, "cidrBlocks": ["10.0.0.0/8"]}])
    assert_fails(INGRESS, stack(opened), "cidrBlocks")


def test_a_group_from_itself_or_by_protocol_number_passes() -> None:
    entry = {"protocol": "6", "fromPort": 443.0, "toPort": 443.0, "self": True}
    assert_passes(INGRESS, stack(res(EC2_SECURITY_GROUP, "sg", {"ingress": [entry], "tags": tags()})))


def test_a_source_group_unknown_during_preview_still_counts(compliant: list[ResourceView]) -> None:
    resources = with_ingress(compliant, {**HTTPS_FROM_GROUP, "securityGroups": [UNKNOWN]})
    assert violations(INGRESS, stack(resources)) == []


def test_an_unknown_port_cannot_be_decided_during_preview(compliant: list[ResourceView]) -> None:
    resources = with_ingress(compliant, {**HTTPS_FROM_GROUP, "toPort": UNKNOWN})
    (found,) = violations(INGRESS, stack(resources))
    assert found.level == "advisory" and "preview" in found.message


def group_rule(**props: Any) -> ResourceView:
    base = {
        "type": "ingress",
        "securityGroupId": "sg-search",
        "protocol": "tcp",
        "fromPort": 443,
        "toPort": 443,
        "sourceSecurityGroupId": "sg-functions",
    }
    return res(EC2_SECURITY_GROUP_RULE, "rule", {k: v for k, v in {**base, **props}.items() if v is not None})


def test_security_group_rules_pass_from_a_group_and_fail_from_a_cidr() -> None:
    assert_passes(INGRESS, stack(group_rule()))
    assert_fails(
        INGRESS, stack(group_rule(sourceSecurityGroupId=None, cidrBlocks=["0.0.0.0/0"])), "cidrBlocks"
    )
    assert_fails(INGRESS, stack(group_rule(fromPort=22, toPort=22)), "port 443")


def test_egress_security_group_rules_are_not_ingress() -> None:
    assert_passes(INGRESS, stack(group_rule(type="egress", cidrBlocks=["0.0.0.0/0"], fromPort=0)))


def vpc_rule(**props: Any) -> ResourceView:
    base = {
        "securityGroupId": "sg-search",
        "ipProtocol": "tcp",
        "fromPort": 443,
        "toPort": 443,
        "referencedSecurityGroupId": "sg-functions",
        "tags": tags(),
    }
    merged = {k: v for k, v in {**base, **props}.items() if v is not None}
    return res(VPC_SECURITY_GROUP_INGRESS_RULE, "vpc-rule", merged)


def test_vpc_ingress_rules_pass_from_a_group_and_fail_from_a_cidr_or_any_protocol() -> None:
    assert_passes(INGRESS, stack(vpc_rule()))
    assert_fails(INGRESS, stack(vpc_rule(referencedSecurityGroupId=None, cidrIpv4="0.0.0.0/0")), "cidrIpv4")
    assert_fails(INGRESS, stack(vpc_rule(ipProtocol="-1", fromPort=None, toPort=None)), "port 443")
