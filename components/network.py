"""The network the search domain and the functions that reach it live in (spec/infra.md VpcStack).

A VPC over three availability zones with private isolated subnets only: no Internet gateway, no NAT, so
nothing inside can reach out or be reached from outside. What the functions inside need of AWS comes
through endpoints: interface endpoints for CloudWatch Logs and Lambda, gateway endpoints for DynamoDB and
S3. Flow logs of all traffic go to a log group under the network's own key. The default security group
is taken over and left without rules; the functions get a group that may only leave, the domain one that
admits HTTPS from the functions' group and nothing else.
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws
from pydantic import Field

from components.args import AccountId, ComponentArgs, NamePrefix, Region
from components.base import CompactConnectComponent
from components.encryption import create_key, service_key_policy
from components.trust import service_trust_policy

VPC_CIDR = "10.0.0.0/16"
SUBNET_CIDRS = ("10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20")
"""Pinned, not computed, so that zones can be added later without renumbering these."""
AVAILABILITY_ZONE_SUFFIXES = ("a", "b", "c")
INTERFACE_ENDPOINTS = ("logs", "lambda")
GATEWAY_ENDPOINTS = ("dynamodb", "s3")
HTTPS = 443


class NetworkArgs(ComponentArgs):
    name_prefix: NamePrefix
    account_id: AccountId
    region: Region
    flow_log_retention_days: int = Field(default=30, ge=1, description="How long flow logs are kept.")


class Network(CompactConnectComponent[NetworkArgs]):
    """The VPC, its subnets and endpoints, flow logs, and the two security groups."""

    def __init__(self, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("Network", "Network", args, opts)
        self.vpc = aws.ec2.Vpc(
            "Vpc",
            cidr_block=VPC_CIDR,
            enable_dns_hostnames=True,
            enable_dns_support=True,
            tags={**self.tags, "Name": f"{args.name_prefix}-vpc"},
            opts=self.child_opts(),
        )
        aws.ec2.DefaultSecurityGroup(  # taken over with no rules: nothing may use the default group
            "DefaultSecurityGroup", vpc_id=self.vpc.id, tags=self.tags, opts=self.child_opts()
        )
        self.route_table = aws.ec2.RouteTable(
            "IsolatedRoutes", vpc_id=self.vpc.id, tags=self.tags, opts=self.child_opts()
        )
        self.subnets = [
            self._subnet(cidr, suffix)
            for cidr, suffix in zip(SUBNET_CIDRS, AVAILABILITY_ZONE_SUFFIXES, strict=True)
        ]
        self.function_security_group = aws.ec2.SecurityGroup(
            "FunctionSecurityGroup",
            vpc_id=self.vpc.id,
            description="Functions in the VPC: outbound only",
            egress=[{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}],
            tags=self.tags,
            opts=self.child_opts(),
        )
        self.search_security_group = self._https_from_functions(
            "SearchSecurityGroup", "The search domain: HTTPS from the functions' group only"
        )
        self._endpoints()
        self._flow_logs()
        self.register_outputs({"vpcId": self.vpc.id})

    @property
    def subnet_ids(self) -> list[pulumi.Output[str]]:
        return [subnet.id for subnet in self.subnets]

    def _subnet(self, cidr: str, suffix: str) -> aws.ec2.Subnet:
        subnet = aws.ec2.Subnet(
            f"Isolated-{suffix}",
            vpc_id=self.vpc.id,
            cidr_block=cidr,
            availability_zone=f"{self.args.region}{suffix}",
            map_public_ip_on_launch=False,
            tags={**self.tags, "Name": f"{self.args.name_prefix}-isolated-{suffix}"},
            opts=self.child_opts(),
        )
        aws.ec2.RouteTableAssociation(
            f"Isolated-{suffix}-routes",
            subnet_id=subnet.id,
            route_table_id=self.route_table.id,
            opts=self.child_opts(),
        )
        return subnet

    def _https_from_functions(self, name: str, description: str) -> aws.ec2.SecurityGroup:
        return aws.ec2.SecurityGroup(
            name,
            vpc_id=self.vpc.id,
            description=description,
            ingress=[
                {
                    "protocol": "tcp",
                    "from_port": HTTPS,
                    "to_port": HTTPS,
                    "security_groups": [self.function_security_group.id],
                }
            ],
            tags=self.tags,
            opts=self.child_opts(),
        )

    def _endpoints(self) -> None:
        region = self.args.region
        endpoint_group = self._https_from_functions(
            "EndpointSecurityGroup", "AWS service endpoints: HTTPS from the functions' group only"
        )
        for service in INTERFACE_ENDPOINTS:
            aws.ec2.VpcEndpoint(
                f"{service}-endpoint",
                vpc_id=self.vpc.id,
                service_name=f"com.amazonaws.{region}.{service}",
                vpc_endpoint_type="Interface",
                private_dns_enabled=True,
                subnet_ids=self.subnet_ids,
                security_group_ids=[endpoint_group.id],
                tags=self.tags,
                opts=self.child_opts(),
            )
        for service in GATEWAY_ENDPOINTS:
            aws.ec2.VpcEndpoint(
                f"{service}-endpoint",
                vpc_id=self.vpc.id,
                service_name=f"com.amazonaws.{region}.{service}",
                vpc_endpoint_type="Gateway",
                route_table_ids=[self.route_table.id],
                tags=self.tags,
                opts=self.child_opts(),
            )

    def _flow_logs(self) -> None:
        args = self.args
        key = create_key(
            self,
            "FlowLogKey",
            alias=f"alias/{args.name_prefix}-vpc-encryption-key",
            description="Encrypts the VPC's flow logs",
            policy=json.dumps(service_key_policy(args.account_id, args.region)),
        )
        log_group = aws.cloudwatch.LogGroup(
            "FlowLogs",
            name=f"/{args.name_prefix}/vpc/flow-logs",
            retention_in_days=args.flow_log_retention_days,
            kms_key_id=key.arn,
            tags=self.tags,
            opts=self.child_opts(),
        )
        role = aws.iam.Role(
            "FlowLogRole",
            assume_role_policy=service_trust_policy("vpc-flow-logs.amazonaws.com", args.account_id),
            tags=self.tags,
            opts=self.child_opts(),
        )
        aws.iam.RolePolicy(
            "FlowLogRoleWrites",
            role=role.id,
            policy=log_group.arn.apply(
                lambda arn: json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": [
                                    "logs:CreateLogStream",
                                    "logs:PutLogEvents",
                                    "logs:DescribeLogStreams",
                                ],
                                "Resource": [arn, f"{arn}:*"],
                            }
                        ],
                    }
                )
            ),
            opts=self.child_opts(),
        )
        aws.ec2.FlowLog(
            "FlowLog",
            vpc_id=self.vpc.id,
            traffic_type="ALL",
            log_destination_type="cloud-watch-logs",
            log_destination=log_group.arn,
            iam_role_arn=role.arn,
            tags=self.tags,
            opts=self.child_opts(),
        )
