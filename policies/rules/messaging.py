"""SQS queues and SNS topics: KMS encryption, TLS-only policies and dead-letter handling."""

from __future__ import annotations

from policies.aws_types import SNS_TOPIC, SNS_TOPIC_POLICY, SQS_QUEUE, SQS_QUEUE_POLICY, SQS_REDRIVE_POLICY
from policies.conventions import DEAD_LETTER_QUEUE_TAG
from policies.documents import InvalidDocument, denies_insecure_transport, load_document
from policies.model import MANDATORY, ResourceView, Rule, StackView

AWS_MANAGED_ALIAS_PREFIX = "alias/aws/"


def has_kms_master_key(resource: ResourceView, stack: StackView) -> list[str]:
    """Messages carry PII (license data, emails); SSE with a CMK keeps them under our key policy."""
    key = str(resource.get("kmsMasterKeyId", default=""))
    if key.startswith(AWS_MANAGED_ALIAS_PREFIX):
        return [f"kmsMasterKeyId {key!r} is an AWS-managed key; use a customer-managed KMS key"]
    return [] if key else ["kmsMasterKeyId must name a customer-managed KMS key"]


def _policy_documents(resource: ResourceView, stack: StackView, policy_type: str, via: str) -> list[object]:
    """The inline `policy` input plus every separate policy resource referencing the queue/topic."""
    policies = [resource.get("policy")] + [
        p.get("policy") for p in stack.referencing(resource.urn, policy_type, via)
    ]
    return [policy for policy in policies if policy]


def _enforces_tls(resource: ResourceView, stack: StackView, policy_type: str, via: str) -> list[str]:
    try:
        if any(
            denies_insecure_transport(load_document(p))
            for p in _policy_documents(resource, stack, policy_type, via)
        ):
            return []
    except InvalidDocument as error:
        return [f"policy: {error}"]
    short = policy_type.rsplit(":", 1)[-1]
    return [f"needs a policy (inline or {short}) denying requests with aws:SecureTransport=false"]


def queue_enforces_tls(queue: ResourceView, stack: StackView) -> list[str]:
    """Encryption in transit for queues is only guaranteed by a SecureTransport deny."""
    return _enforces_tls(queue, stack, SQS_QUEUE_POLICY, "queueUrl")


def topic_enforces_tls(topic: ResourceView, stack: StackView) -> list[str]:
    """Encryption in transit for topics is only guaranteed by a SecureTransport deny."""
    return _enforces_tls(topic, stack, SNS_TOPIC_POLICY, "arn")


def is_dead_letter_queue(queue: ResourceView, stack: StackView) -> bool:
    """Some redrive policy in the stack points at the queue, or it is tagged DeadLetterQueue=true."""
    if queue.marked(DEAD_LETTER_QUEUE_TAG):
        return True
    return bool(stack.referencing(queue.urn, SQS_QUEUE, "redrivePolicy")) or bool(
        stack.referencing(queue.urn, SQS_REDRIVE_POLICY, "redrivePolicy")
    )


def has_redrive_or_is_dlq(queue: ResourceView, stack: StackView) -> list[str]:
    """Poison messages must land in a DLQ (with an alarm) instead of being retried until they expire."""
    if queue.get("redrivePolicy") or stack.referencing(queue.urn, SQS_REDRIVE_POLICY, "queueUrl"):
        return []
    if is_dead_letter_queue(queue, stack):
        return []
    return [
        "needs a redrivePolicy with a deadLetterTargetArn, unless it is itself a dead-letter queue "
        f"(referenced by another queue's redrivePolicy or tagged {DEAD_LETTER_QUEUE_TAG}=true)"
    ]


RULES: tuple[Rule, ...] = (
    Rule(
        "sqs-queue-kms-encryption",
        "SQS queues are encrypted with a customer-managed KMS key (kmsMasterKeyId).",
        MANDATORY,
        (SQS_QUEUE,),
        has_kms_master_key,
    ),
    Rule(
        "sqs-queue-redrive-or-dlq",
        "SQS queues have a redrive policy to a dead-letter queue, or are a dead-letter queue.",
        MANDATORY,
        (SQS_QUEUE,),
        has_redrive_or_is_dlq,
        cross_resource=True,
    ),
    Rule(
        "sqs-queue-tls-only",
        "SQS queue policies deny requests without TLS (aws:SecureTransport=false).",
        MANDATORY,
        (SQS_QUEUE,),
        queue_enforces_tls,
        cross_resource=True,
    ),
    Rule(
        "sns-topic-kms-encryption",
        "SNS topics are encrypted with a customer-managed KMS key (kmsMasterKeyId).",
        MANDATORY,
        (SNS_TOPIC,),
        has_kms_master_key,
    ),
    Rule(
        "sns-topic-tls-only",
        "SNS topic policies deny requests without TLS (aws:SecureTransport=false).",
        MANDATORY,
        (SNS_TOPIC,),
        topic_enforces_tls,
        cross_resource=True,
    ),
)
