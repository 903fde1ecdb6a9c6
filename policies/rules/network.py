"""The network stays closed: no way to or from the Internet, and security groups admit HTTPS only, and
only from other security groups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from policies.aws_types import (
    EC2_DEFAULT_SECURITY_GROUP,
    EC2_EGRESS_ONLY_INTERNET_GATEWAY,
    EC2_INTERNET_GATEWAY,
    EC2_NAT_GATEWAY,
    EC2_SECURITY_GROUP,
    EC2_SECURITY_GROUP_RULE,
    VPC_SECURITY_GROUP_INGRESS_RULE,
)
from policies.model import MANDATORY, UNKNOWN, ResourceView, Rule, StackView, UnknownValue

GATEWAYS = (EC2_INTERNET_GATEWAY, EC2_NAT_GATEWAY, EC2_EGRESS_ONLY_INTERNET_GATEWAY)
SECURITY_GROUPS = (EC2_SECURITY_GROUP, EC2_DEFAULT_SECURITY_GROUP)
HTTPS = 443
TCP = frozenset({"tcp", "6"})


@dataclass(frozen=True)
class IngressShape:
    """Where one kind of ingress rule names its sources and protocol (engine input names)."""

    cidr_fields: tuple[str, ...]
    group_fields: tuple[str, ...]
    protocol_field: str = "protocol"


INLINE = IngressShape(("cidrBlocks", "ipv6CidrBlocks", "prefixListIds"), ("securityGroups", "self"))
SHAPES: dict[str, IngressShape] = {
    EC2_SECURITY_GROUP: INLINE,
    EC2_DEFAULT_SECURITY_GROUP: INLINE,
    EC2_SECURITY_GROUP_RULE: IngressShape(INLINE.cidr_fields, ("sourceSecurityGroupId", "self")),
    VPC_SECURITY_GROUP_INGRESS_RULE: IngressShape(
        ("cidrIpv4", "cidrIpv6", "prefixListId"), ("referencedSecurityGroupId",), "ipProtocol"
    ),
}


def is_not_a_gateway(gateway: ResourceView, stack: StackView) -> list[str]:
    """Nothing in the VPC may reach the Internet or be reached from it: AWS services come through
    endpoints, so an Internet, NAT or egress-only gateway would only open a way out for stolen data."""
    kind = gateway.type.rsplit(":", 1)[-1]
    return [f"{kind} is not allowed: the VPC is isolated (reach AWS services through VPC endpoints)"]


def _present(value: Any) -> bool:
    """Set to something (a value unknown during preview counts: it will be set)."""
    return value is UNKNOWN or value not in (None, False, "", [], ())


def _known(resource: ResourceView, entry: Mapping[str, Any], key: str, where: str) -> Any:
    value = entry.get(key)
    if value is UNKNOWN:
        raise UnknownValue(resource.urn, (where, key))
    return value


def _problems(
    resource: ResourceView,
    entry: Mapping[str, Any],
    where: str,
    shape: IngressShape,
) -> list[str]:
    """What is wrong with one ingress rule: a CIDR or prefix-list source, no security-group source, or
    anything but TCP 443."""
    problems = []
    cidrs = [name for name in shape.cidr_fields if _present(entry.get(name))]
    if cidrs:
        problems.append(f"{where} admits {', '.join(cidrs)}: admit other security groups only")
    elif not any(_present(entry.get(name)) for name in shape.group_fields):
        problems.append(f"{where} names no source security group")
    protocol = str(_known(resource, entry, shape.protocol_field, where)).lower()
    ports = (_known(resource, entry, "fromPort", where), _known(resource, entry, "toPort", where))
    if protocol not in TCP or any(not isinstance(p, int | float) or p != HTTPS for p in ports):
        problems.append(f"{where} must be TCP port {HTTPS} only (not {protocol} {ports[0]}-{ports[1]})")
    return problems


def ingress_is_https_from_groups(resource: ResourceView, stack: StackView) -> list[str]:
    """Inside the isolated VPC the only traffic anything needs to accept is HTTPS from the functions'
    group (the search domain, the service endpoints); an address range would admit whatever else lands
    in it, another port a service nobody meant to expose."""
    shape = SHAPES[resource.type]
    if resource.type in SECURITY_GROUPS:
        rules = resource.props.get("ingress")
        if rules is UNKNOWN:
            raise UnknownValue(resource.urn, ("ingress",))
        return [
            problem
            for index, entry in enumerate(rules or [])
            if isinstance(entry, Mapping)
            for problem in _problems(resource, entry, f"ingress[{index}]", shape)
        ]
    if resource.type == EC2_SECURITY_GROUP_RULE and resource.get("type") != "ingress":
        return []
    return _problems(resource, resource.props, "ingress rule", shape)


RULES: tuple[Rule, ...] = (
    Rule(
        "ec2-no-internet-gateways",
        "No Internet, NAT or egress-only Internet gateway: the VPC is isolated.",
        MANDATORY,
        GATEWAYS,
        is_not_a_gateway,
    ),
    Rule(
        "ec2-ingress-https-from-security-groups",
        f"Security group ingress is TCP {HTTPS} only, from other security groups only (no CIDR ranges).",
        MANDATORY,
        tuple(SHAPES),
        ingress_is_https_from_groups,
    ),
)
