"""Provider search: the OpenSearch domain is encrypted, private and logged (and, in prod, has dedicated
masters and a standby zone); every VPC records its flow logs."""

from __future__ import annotations

from policies.aws_types import EC2_FLOW_LOG, EC2_VPC, OPENSEARCH_DOMAIN
from policies.model import MANDATORY, ResourceView, Rule, StackView

TLS_1_2_POLICIES = frozenset({"Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10"})
REQUIRED_LOGS = frozenset({"ES_APPLICATION_LOGS", "SEARCH_SLOW_LOGS", "INDEX_SLOW_LOGS"})


def is_encrypted_and_private(domain: ResourceView, stack: StackView) -> list[str]:
    """Provider documents are personal data: encrypted with a customer key at rest and between nodes,
    reached only over TLS 1.2, and only from inside the VPC."""
    problems = []
    if domain.get("encryptAtRest", "enabled") is not True or not domain.get("encryptAtRest", "kmsKeyId"):
        problems.append("encryptAtRest must be enabled with a customer-managed key (kmsKeyId)")
    if domain.get("nodeToNodeEncryption", "enabled") is not True:
        problems.append("nodeToNodeEncryption must be enabled")
    if domain.get("domainEndpointOptions", "enforceHttps") is not True:
        problems.append("domainEndpointOptions.enforceHttps must be true")
    if domain.get("domainEndpointOptions", "tlsSecurityPolicy") not in TLS_1_2_POLICIES:
        problems.append("domainEndpointOptions.tlsSecurityPolicy must require TLS 1.2")
    if not domain.get("vpcOptions", "subnetIds"):
        problems.append("vpcOptions must place the domain in the VPC's subnets")
    return problems


def has_prod_resilience(domain: ResourceView, stack: StackView) -> list[str]:
    """A prod domain survives the loss of a node or a zone: dedicated masters, Multi-AZ with standby."""
    if not stack.is_prod:
        return []
    problems = []
    if domain.get("clusterConfig", "dedicatedMasterEnabled") is not True:
        problems.append("prod needs dedicated master nodes (clusterConfig.dedicatedMasterEnabled)")
    if domain.get("clusterConfig", "multiAzWithStandbyEnabled") is not True:
        problems.append("prod needs Multi-AZ with standby (clusterConfig.multiAzWithStandbyEnabled)")
    return problems


def publishes_logs(domain: ResourceView, stack: StackView) -> list[str]:
    """Application and slow logs are what an on-call operator reads when search misbehaves."""
    published = {
        option.get("logType")
        for option in domain.get("logPublishingOptions", default=[])
        if isinstance(option, dict) and option.get("cloudwatchLogGroupArn") and option.get("enabled", True)
    }
    missing = sorted(REQUIRED_LOGS - published)
    return [f"logPublishingOptions must publish {', '.join(missing)}"] if missing else []


def records_flow_logs(vpc: ResourceView, stack: StackView) -> list[str]:
    """Who talked to the domain, and from where, must be answerable after the fact."""
    if stack.referencing(vpc.urn, type=EC2_FLOW_LOG, prop="vpcId"):
        return []
    return ["the VPC has no flow log (aws.ec2.FlowLog with vpcId)"]


RULES: tuple[Rule, ...] = (
    Rule(
        "opensearch-encrypted-and-private",
        "OpenSearch domains encrypt at rest (KMS) and between nodes, take TLS 1.2 only, sit in a VPC.",
        MANDATORY,
        (OPENSEARCH_DOMAIN,),
        is_encrypted_and_private,
    ),
    Rule(
        "opensearch-prod-masters-and-standby",
        "In prod, OpenSearch domains have dedicated masters and Multi-AZ with standby.",
        MANDATORY,
        (OPENSEARCH_DOMAIN,),
        has_prod_resilience,
    ),
    Rule(
        "opensearch-logs-published",
        "OpenSearch domains publish their application, search-slow and index-slow logs.",
        MANDATORY,
        (OPENSEARCH_DOMAIN,),
        publishes_logs,
    ),
    Rule(
        "ec2-vpc-flow-logs",
        "Every VPC records flow logs.",
        MANDATORY,
        (EC2_VPC,),
        records_flow_logs,
    ),
)
