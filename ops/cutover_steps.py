"""The cut-over, step by step, with the commands for one environment (docs/migration.md explains each).

The commands come from what ``scripts/adopt`` read: the reference's API stages (to freeze), its queues
(to watch drain), its stacks in the order CloudFormation can delete them, the program's stack and
compacts. Printed, not run: every step is the operator's decision, and each can still be walked back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from components.adoption import Adoption
from ops.adoption_sources import StackResource

ZERO_THROTTLE = " ".join(
    f"op=replace,path=/*/*/throttling/{limit},value=0" for limit in ("rateLimit", "burstLimit")
)
"""A stage whose every method may take no request: API Gateway answers 429 before any function runs."""


@dataclass(frozen=True)
class CutOver:
    environment: str
    region: str
    adopt_command: str
    """``scripts/adopt`` with this environment's arguments (without --write/--inventory)."""
    pulumi_stack: str
    stacks: Sequence[str]
    """The reference's stacks in deletion order."""
    resources: Sequence[StackResource]
    adoption: Adoption
    compacts: Sequence[str]
    domain: str | None
    ready: bool
    secrets: Sequence[tuple[str, str, str]] = ()
    """(name, config key, JSON field) of each secret the program creates that already exists."""


def steps(plan: CutOver) -> str:
    env, region = plan.environment, plan.region
    before, after = f"build/adopt-{env}-before.json", f"build/adopt-{env}-after.json"
    sections = [
        _section(
            "1. Freeze (maintenance window announced; states told to hold their uploads)",
            "Stop the reference's APIs answering (every request is a 429 from here on):",
            *_freeze_stages(plan),
            "Wait until every queue is empty (they are deleted with their stacks; move what a dead-letter "
            "queue holds first), and no upload waits in the bulk-uploads bucket:",
            *_array(
                "queues", (r.physical_id for r in plan.resources if r.resource_type == "AWS::SQS::Queue")
            ),
            f'for q in "${{queues[@]}}"; do aws sqs get-queue-attributes --region {region} --queue-url "$q" '
            "--attribute-names ApproximateNumberOfMessages ApproximateNumberOfMessagesNotVisible "
            "--query Attributes --output text; done",
            *_bulk_uploads(plan),
        ),
        _section(
            "2. Confirm every stateful resource is retained, and record what is adopted",
            f"{plan.adopt_command} --write        # must end with 'ready', exit status 0",
            f"{plan.adopt_command} --inventory > {before}",
            *_secret_values(plan),
        ),
        _section(
            "3. Delete the reference's CloudFormation stacks, in this order (retained resources stay where "
            "they are; everything else, functions, APIs, queues, alarms, is deleted)",
            *_array("stacks", plan.stacks),
            'for s in "${stacks[@]}"; do',
            f'  aws cloudformation delete-stack --region {region} --stack-name "$s" &&',
            f'  aws cloudformation wait stack-delete-complete --region {region} --stack-name "$s" '
            '|| { echo "stopped at $s"; break; }',
            "done",
            *(
                f"aws secretsmanager delete-secret --region {region} --secret-id {name} "
                "--force-delete-without-recovery        # the program creates it again, from the config"
                for name, _, _ in plan.secrets
            ),
        ),
        _section(
            "4. Deploy the program, adopting (the preview shows the adopted resources as imports, some with "
            "in-place updates; nothing may be replaced or deleted)",
            f"scripts/preview {env}",
            f"pulumi stack select {plan.pulumi_stack}",
            "pulumi preview --policy-pack policies --diff",
            *_deploy(plan),
        ),
        _section(
            "5. Verify",
            f"{plan.adopt_command} --inventory > {after}",
            f"diff {before} {after}        # nothing but refreshed item counts",
            f"scripts/reindex --function cc-{env}-ProviderSearchReindex "
            + " ".join(f"--compact {c}" for c in plan.compacts),
            f"scripts/fetch_resources --stack {plan.pulumi_stack}        # the same pool and UI client ids",
            "then a staff sign-in and a practitioner sign-in"
            + (f" at https://app.{plan.domain}" if plan.domain else " through the UI")
            + ", and one State API read with a state's existing credentials (docs/migration.md, Verify)",
        ),
        _section(
            "6. Reopen",
            "Tell the states uploads are open again; watch the cc-" + env + "-health dashboard for an hour.",
        ),
    ]
    heading = f"Cut-over of {env} ({region}), {len(plan.stacks)} CloudFormation stacks"
    if not plan.ready:
        heading += " -- NOT READY: step 2 fails until every resource listed above is retained"
    going_back = "Going back at any step: docs/migration.md, Going back."
    return "\n\n".join([heading, *sections, going_back]) + "\n"


def _section(title: str, *lines: str) -> str:
    return title + "\n" + "\n".join(f"    {line}" for line in lines)


def _array(name: str, items: Iterable[str]) -> list[str]:
    return [f"{name}=(", *(f"  {item}" for item in items), ")"]


def _freeze_stages(plan: CutOver) -> list[str]:
    apis = {
        (r.stack, r.logical_id): r.physical_id
        for r in plan.resources
        if r.resource_type == "AWS::ApiGateway::RestApi"
    }
    commands = []
    for stage in (r for r in plan.resources if r.resource_type == "AWS::ApiGateway::Stage"):
        ref = stage.properties.get("RestApiId")
        api = apis.get((stage.stack, str(ref.get("Ref")))) if isinstance(ref, dict) else None
        if api:
            commands.append(
                f"aws apigateway update-stage --region {plan.region} --rest-api-id {api} "
                f"--stage-name {stage.physical_id} --patch-operations {ZERO_THROTTLE}"
            )
    return commands or ["(no API Gateway stage found in the stacks)"]


def _secret_values(plan: CutOver) -> list[str]:
    """The stack's config takes each value over from the reference's secret of the same name."""
    return [
        f"aws secretsmanager get-secret-value --region {plan.region} --secret-id {name} --query SecretString "
        f"--output text        # then: pulumi config set --secret compact-connect:{key} '<its {field}>'"
        for name, key, field in plan.secrets
    ]


def _bulk_uploads(plan: CutOver) -> list[str]:
    bucket = plan.adoption.buckets.get("bulk_uploads")
    return [f"aws s3 ls s3://{bucket} --recursive | head        # empty"] if bucket else []


def _deploy(plan: CutOver) -> list[str]:
    env = plan.environment
    if env in ("sandbox", "local"):
        return ["pulumi up --policy-pack policies"]
    tag = "cc-test" if env == "test" else "cc-prod"
    lines = [
        f"git add Pulumi.{env}.yaml && git commit -m 'Adopt the reference deployment of {env}' && git push",
        f'tag={tag}-$(date -u +%Y%m%d%H%M) && git tag "$tag" && git push origin "$tag"   # deploy.yml',
    ]
    if env in ("beta", "prod"):
        other = "prod" if env == "beta" else "beta"
        lines.append(
            f"# a cc-prod tag deploys beta, then prod after review: approve the {other} job only if {other} "
            "is already cut over (its adopt block committed, its stacks deleted); otherwise reject it"
        )
    return lines
