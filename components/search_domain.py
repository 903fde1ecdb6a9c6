"""The OpenSearch domain provider search runs on (spec/infra.md SearchPersistentStack, §3.2, §4.3).

Inside the network's isolated subnets, over three zones, reachable only from the functions' security
group; encrypted at rest under its own key, node to node, HTTPS only with TLS 1.2; its application and
slow logs in log groups under the same key; sized from the stack configuration (prod: dedicated masters
and Multi-AZ with standby). The domain's access policy gives each role only its verbs and index paths
(:func:`domain_access_policy`): the search role reaches only ``_search`` of its compacts' aliases. A
domain without grants admits nobody. Seven alarms watch storage, memory, CPU, cluster health, snapshots
and whether documents are there at all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pulumi
import pulumi_aws as aws
from pydantic import Field

from components.args import AccountId, ComponentArgs, NamePrefix, Region
from components.base import CompactConnectComponent
from components.config import SearchSizing
from components.encryption import create_key, service_key_policy
from core.catalog import SearchAccess

ENGINE_VERSION = "OpenSearch_3.3"
TLS_POLICY = "Policy-Min-TLS-1-2-2019-07"
OFF_PEAK_HOUR_UTC = 9
LOG_TYPES = {
    "application": "ES_APPLICATION_LOGS",
    "search-slow": "SEARCH_SLOW_LOGS",
    "index-slow": "INDEX_SLOW_LOGS",
}
INDEX_PATTERN = "compact*"
"""Every index and alias of provider search is named ``compact_{compact}_providers[_v{n}]``."""

HttpVerb = Literal["GET", "HEAD", "POST", "PUT", "DELETE"]


@dataclass(frozen=True)
class SearchGrant:
    """One role's access to the domain: these HTTP verbs on these paths (under the domain)."""

    role_arn: pulumi.Input[str]
    verbs: tuple[HttpVerb, ...]
    paths: tuple[str, ...]


Paths = tuple[str, ...]


def access_paths(access: SearchAccess, compacts: Sequence[str]) -> tuple[tuple[HttpVerb, ...], Paths]:
    """The verbs and index paths of an access level: ``query`` only ``_search`` of the compacts'
    aliases; ``index`` only ``_bulk`` through them (the indexer's one request); ``manage`` the compacts'
    versioned indices and their aliases (creating, moving, deleting) and ``_bulk`` through the aliases
    and into the indices (the re-index job). ``tests/functions/search`` checks every request the
    functions make against these."""
    aliases = [f"compact_{compact}_providers" for compact in compacts]
    if access is SearchAccess.QUERY:
        return ("POST",), tuple(f"{a}/_search" for a in aliases)
    if access is SearchAccess.INDEX:
        return ("POST",), tuple(f"{a}/_bulk" for a in aliases)
    paths = (*(p for a in aliases for p in (f"{a}_v*", f"{a}_v*/*", f"_alias/{a}", f"{a}/_bulk")), "_aliases")
    return ("GET", "HEAD", "POST", "PUT", "DELETE"), paths


def search_grant(role_arn: pulumi.Input[str], access: SearchAccess, compacts: Sequence[str]) -> SearchGrant:
    verbs, paths = access_paths(access, compacts)
    return SearchGrant(role_arn=role_arn, verbs=verbs, paths=paths)


DENY_ALL = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "NobodyUntilTheSearchFunctionsAreGranted",
            "Effect": "Deny",
            "Principal": {"AWS": "*"},
            "Action": "es:ESHttp*",
            "Resource": "*",
        }
    ],
}


def domain_access_policy(domain_arn: pulumi.Input[str], grants: Sequence[SearchGrant]) -> dict[str, Any]:
    """Each role may use only its verbs on its paths (values may be outputs: render with
    ``Output.json_dumps``)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": grant.role_arn},
                "Action": [f"es:ESHttp{verb.capitalize()}" for verb in grant.verbs],
                "Resource": [pulumi.Output.concat(domain_arn, "/", path) for path in grant.paths],
            }
            for grant in grants
        ],
    }


class SearchDomainArgs(ComponentArgs):
    name_prefix: NamePrefix
    account_id: AccountId
    region: Region
    sizing: SearchSizing
    log_retention_days: int = Field(default=30, ge=1)

    @property
    def domain_name(self) -> str:
        return f"{self.name_prefix}-search"

    @property
    def domain_arn(self) -> str:
        return f"arn:aws:es:{self.region}:{self.account_id}:domain/{self.domain_name}"


class SearchDomain(CompactConnectComponent[SearchDomainArgs]):
    def __init__(
        self,
        args: SearchDomainArgs,
        *,
        subnet_ids: Sequence[pulumi.Input[str]],
        security_group_id: pulumi.Input[str],
        alarm_topic_arn: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("SearchDomain", "SearchDomain", args, opts)
        self.key = create_key(
            self,
            "SearchKey",
            alias=f"alias/{args.name_prefix}-opensearch-encryption-key",
            description="Encrypts the search domain and its logs",
            policy=json.dumps(service_key_policy(args.account_id, args.region, ("es.amazonaws.com",))),
        )
        log_groups = {
            kind: aws.cloudwatch.LogGroup(
                f"Search-{kind}-logs",
                name=f"/{args.name_prefix}/search/{kind}",
                retention_in_days=args.log_retention_days,
                kms_key_id=self.key.arn,
                tags=self.tags,
                opts=self.child_opts(),
            )
            for kind in LOG_TYPES
        }
        log_policy = aws.cloudwatch.LogResourcePolicy(
            "SearchLogsPolicy",
            policy_name=f"{args.name_prefix}-search-logs",
            policy_document=pulumi.Output.all(*(g.arn for g in log_groups.values())).apply(
                lambda arns: json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "es.amazonaws.com"},
                                "Action": ["logs:PutLogEvents", "logs:CreateLogStream"],
                                "Resource": [f"{arn}:*" for arn in arns],
                                "Condition": {"StringEquals": {"aws:SourceAccount": args.account_id}},
                            }
                        ],
                    }
                )
            ),
            opts=self.child_opts(),
        )
        self.domain = self._domain(subnet_ids, security_group_id, log_groups, log_policy)
        self.alarms = self._alarms(alarm_topic_arn)
        self.register_outputs({"endpoint": self.domain.endpoint})

    def _domain(
        self,
        subnet_ids: Sequence[pulumi.Input[str]],
        security_group_id: pulumi.Input[str],
        log_groups: dict[str, aws.cloudwatch.LogGroup],
        log_policy: aws.cloudwatch.LogResourcePolicy,
    ) -> aws.opensearch.Domain:
        args, sizing = self.args, self.args.sizing
        masters = sizing.master_node_type is not None
        return aws.opensearch.Domain(
            "SearchDomain",
            domain_name=args.domain_name,
            engine_version=ENGINE_VERSION,
            cluster_config={
                "instance_type": sizing.data_node_type,
                "instance_count": sizing.data_node_count,
                "dedicated_master_enabled": masters,
                "dedicated_master_type": sizing.master_node_type,
                "dedicated_master_count": 3 if masters else None,
                "zone_awareness_enabled": True,
                "zone_awareness_config": {"availability_zone_count": 3},
                "multi_az_with_standby_enabled": sizing.multi_az_with_standby,
            },
            ebs_options={"ebs_enabled": True, "volume_type": "gp3", "volume_size": sizing.volume_gb},
            encrypt_at_rest={"enabled": True, "kms_key_id": self.key.arn},
            node_to_node_encryption={"enabled": True},
            domain_endpoint_options={"enforce_https": True, "tls_security_policy": TLS_POLICY},
            vpc_options={"subnet_ids": list(subnet_ids), "security_group_ids": [security_group_id]},
            log_publishing_options=[
                {"log_type": log_type, "cloudwatch_log_group_arn": log_groups[kind].arn}
                for kind, log_type in LOG_TYPES.items()
            ],
            software_update_options={"auto_software_update_enabled": True},
            off_peak_window_options={
                "enabled": True,
                "off_peak_window": {"window_start_time": {"hours": OFF_PEAK_HOUR_UTC, "minutes": 0}},
            },
            # Explicit indices in multi-requests stay allowed: turning them off broke blue/green
            # deployments of the domain (spec/infra.md, gotchas).
            advanced_options={"rest.action.multi.allow_explicit_index": "true"},
            # Created admitting nobody; :meth:`admit` then owns the policy (its own resource, since the
            # roles it names are created after the domain, whose endpoint they are given).
            access_policies=json.dumps(DENY_ALL),
            tags=self.tags,
            opts=self.data_opts(depends_on=[log_policy], ignore_changes=["accessPolicies"]),
        )

    def admit(self, grants: Sequence[SearchGrant]) -> aws.opensearch.DomainPolicy:
        """The domain's access policy: each granted role its verbs and paths, nobody else anything."""
        policy = domain_access_policy(self.domain.arn, grants) if grants else DENY_ALL
        self.domain_policy = aws.opensearch.DomainPolicy(
            "SearchDomainPolicy",
            domain_name=self.domain.domain_name,
            access_policies=pulumi.Output.json_dumps(policy),
            opts=self.child_opts(),
        )
        return self.domain_policy

    def _alarms(self, topic_arn: pulumi.Input[str]) -> list[aws.cloudwatch.MetricAlarm]:
        half_the_volume_mb = self.args.sizing.volume_gb * 1024 // 2
        alarms = (
            # name, metric, statistic, comparison, threshold, period, periods, description
            ("FreeStorage", "FreeStorageSpace", "Minimum", "LessThanThreshold", half_the_volume_mb, 43200, 1,
             "less than half the volume free"),
            ("JvmMemoryPressure", "JVMMemoryPressure", "Maximum", "GreaterThanThreshold", 85, 300, 3,
             "JVM memory pressure over 85% for 15 minutes"),
            ("Cpu", "CPUUtilization", "Average", "GreaterThanThreshold", 70, 300, 3,
             "CPU over 70% for 15 minutes"),
            ("ClusterRed", "ClusterStatus.red", "Maximum", "GreaterThanOrEqualToThreshold", 1, 60, 1,
             "a primary shard is unassigned: searches miss documents"),
            ("ClusterYellow", "ClusterStatus.yellow", "Maximum", "GreaterThanOrEqualToThreshold", 1, 300, 3,
             "replica shards unassigned for 15 minutes"),
            ("SnapshotFailure", "AutomatedSnapshotFailure", "Maximum", "GreaterThanOrEqualToThreshold", 1,
             60, 1, "an automated snapshot failed"),
            ("NoDocuments", "SearchableDocuments", "Minimum", "LessThanThreshold", 10, 300, 6,
             "fewer than 10 searchable documents for 30 minutes: the index is empty or gone"),
        )  # fmt: skip
        dimensions = {"DomainName": self.args.domain_name, "ClientId": self.args.account_id}
        return [
            aws.cloudwatch.MetricAlarm(
                f"Search{name}Alarm",
                namespace="AWS/ES",
                metric_name=metric,
                statistic=statistic,
                comparison_operator=comparison,
                threshold=threshold,
                period=period,
                evaluation_periods=periods,
                dimensions=dimensions,
                treat_missing_data="breaching",
                alarm_description=f"Search domain: {description}",
                alarm_actions=[topic_arn],
                tags=self.tags,
                opts=self.child_opts(depends_on=[self.domain]),
            )
            for name, metric, statistic, comparison, threshold, period, periods, description in alarms
        ]
