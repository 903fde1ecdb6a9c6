"""The regional WebACL in front of an API stage, with redacted logging (spec/infra.md §3.5)."""

from __future__ import annotations

import json
from typing import Annotated

import pulumi
import pulumi_aws as aws
from pydantic import Field

from components.args import AccountId, ComponentArgs, NamePrefix
from components.base import CompactConnectComponent

RATE_LIMIT_PER_5_MINUTES = 1000
MINIMUM_LOG_RETENTION_DAYS = 30
"""A month of request logs (spec/infra.md §3.2): long enough to investigate an incident."""


def _visibility(metric: str) -> aws.wafv2.WebAclVisibilityConfigArgs:
    return aws.wafv2.WebAclVisibilityConfigArgs(
        cloudwatch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True
    )


def _rule_visibility(metric: str) -> aws.wafv2.WebAclRuleVisibilityConfigArgs:
    return aws.wafv2.WebAclRuleVisibilityConfigArgs(
        cloudwatch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True
    )


LogRetentionDays = Annotated[
    int,
    Field(
        ge=MINIMUM_LOG_RETENTION_DAYS,
        description=f"Days of access and WAF logs kept; at least {MINIMUM_LOG_RETENTION_DAYS}.",
    ),
]


class ApiFirewallArgs(ComponentArgs):
    name_prefix: NamePrefix
    account_id: AccountId
    rate_limit_per_ip: bool = Field(
        default=True,
        description=f"Block an IP above {RATE_LIMIT_PER_5_MINUTES} requests in 5 minutes "
        "(off only in local and sandbox).",
    )
    log_retention_days: LogRetentionDays = MINIMUM_LOG_RETENTION_DAYS


class ApiFirewall(CompactConnectComponent[ApiFirewallArgs]):
    """Rate limiting per IP (RECOMMENDED profile only) and AWS's common rule set, whose body-size
    rule only counts so that 100-row license batches (about 70 KB) are not blocked."""

    def __init__(
        self,
        name: str,
        args: ApiFirewallArgs,
        stage_arn: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("ApiFirewall", name, args, opts)
        rules = []
        if args.rate_limit_per_ip:
            rules.append(
                aws.wafv2.WebAclRuleArgs(
                    name="RateLimit",
                    priority=0,
                    action=aws.wafv2.WebAclRuleActionArgs(block=aws.wafv2.WebAclRuleActionBlockArgs()),
                    statement=aws.wafv2.WebAclRuleStatementArgs(
                        rate_based_statement=aws.wafv2.WebAclRuleStatementRateBasedStatementArgs(
                            limit=RATE_LIMIT_PER_5_MINUTES, aggregate_key_type="IP"
                        )
                    ),
                    visibility_config=_rule_visibility(f"{name}-RateLimit"),
                )
            )
        rules.append(
            aws.wafv2.WebAclRuleArgs(
                name="CRSRule",
                priority=2,
                override_action=aws.wafv2.WebAclRuleOverrideActionArgs(
                    none=aws.wafv2.WebAclRuleOverrideActionNoneArgs()
                ),
                statement=aws.wafv2.WebAclRuleStatementArgs(
                    managed_rule_group_statement=aws.wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs(
                        vendor_name="AWS",
                        name="AWSManagedRulesCommonRuleSet",
                        rule_action_overrides=[
                            aws.wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArgs(
                                name="SizeRestrictions_BODY",
                                action_to_use=aws.wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseArgs(
                                    count=aws.wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseCountArgs()
                                ),
                            )
                        ],
                    )
                ),
                visibility_config=_rule_visibility(f"{name}-CRS"),
            )
        )
        self.web_acl = aws.wafv2.WebAcl(
            f"{name}-acl",
            scope="REGIONAL",
            default_action=aws.wafv2.WebAclDefaultActionArgs(allow=aws.wafv2.WebAclDefaultActionAllowArgs()),
            rules=rules,
            visibility_config=_visibility(name),
            tags=self.tags,
            opts=self.child_opts(),
        )
        self.association = aws.wafv2.WebAclAssociation(
            f"{name}-association",
            resource_arn=stage_arn,
            web_acl_arn=self.web_acl.arn,
            opts=self.child_opts(),
        )
        # WAF requires the `aws-waf-logs-` prefix on its log group.
        self.log_group = aws.cloudwatch.LogGroup(
            f"{name}-waf-logs",
            name=f"aws-waf-logs-{args.name_prefix}-{name}",
            retention_in_days=args.log_retention_days,
            tags=self.tags,
            opts=self.child_opts(),
        )
        self.log_policy = aws.cloudwatch.LogResourcePolicy(
            f"{name}-waf-log-delivery",
            policy_name=f"{args.name_prefix}-{name}-waf-log-delivery",
            policy_document=self.log_group.arn.apply(
                lambda arn: json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "delivery.logs.amazonaws.com"},
                                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                                "Resource": f"{arn}:*",
                                "Condition": {"StringEquals": {"aws:SourceAccount": args.account_id}},
                            }
                        ],
                    }
                )
            ),
            opts=self.child_opts(),
        )
        self.logging = aws.wafv2.WebAclLoggingConfiguration(
            f"{name}-waf-logging",
            resource_arn=self.web_acl.arn,
            log_destination_configs=[self.log_group.arn],
            redacted_fields=[
                aws.wafv2.WebAclLoggingConfigurationRedactedFieldArgs(
                    single_header=aws.wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs(
                        name="authorization"
                    )
                )
            ],
            opts=self.child_opts(depends_on=[self.log_policy]),
        )
        self.register_outputs({"webAclArn": self.web_acl.arn})
