"""Who may become an environment account's deploy and preview roles, and what they carry.

The trust conditions are asserted whole: a condition added, dropped or loosened fails here. They are also
held to the workflows that use them: deploy.yml's jobs (their environment and the tags they run on) and
the preview-<stack> environment of preview.yml and drift.yml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bootstrap.boundary import boundary_arn
from bootstrap.github import DEPLOY_WORKFLOW, READ_ONLY_WORKFLOWS
from bootstrap.read_only import DATA_READS, READ_ONLY_ACCESS_ARN
from tests.bootstrap.runs import ENVIRONMENT_STACKS, bootstrap_run, document, statement

ROOT = Path(__file__).resolve().parents[2]
ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
HOST = "token.actions.githubusercontent.com"
REPOSITORY = "csg-org/compact-connect-pulumi"
CI_DEPLOYED = [stack for stack in ENVIRONMENT_STACKS if stack != "sandbox"]


def _workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())


def _deploy_jobs() -> dict[str, dict]:
    return _workflow("deploy.yml")["jobs"]


def _trust(run, name: str) -> dict:
    return document(run.named(ROLE, name), "assumeRolePolicy")


@pytest.mark.parametrize("stack", CI_DEPLOYED)
def test_only_deploy_yml_at_a_release_tag_in_the_stack_environment_becomes_the_deploy_role(stack):
    run = bootstrap_run(stack)
    job = _deploy_jobs()[stack]
    tag_prefix = job["if"].split("'refs/tags/")[1].rstrip("')")  # startsWith(github.ref, 'refs/tags/cc-x-')

    github = statement(_trust(run, "DeployRole"), "ReleaseTagsThroughDeployWorkflow")

    assert github == {
        "Sid": "ReleaseTagsThroughDeployWorkflow",
        "Effect": "Allow",
        "Principal": {"Federated": f"arn:aws:iam::{run.config.account_id}:oidc-provider/{HOST}"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {
                f"{HOST}:aud": "sts.amazonaws.com",
                f"{HOST}:sub": f"repo:{REPOSITORY}:environment:{job['environment']}",
            },
            "StringLike": {
                f"{HOST}:ref": f"refs/tags/{tag_prefix}*",
                f"{HOST}:job_workflow_ref": f"{REPOSITORY}/{DEPLOY_WORKFLOW}@refs/tags/{tag_prefix}*",
            },
        },
    }
    assert (ROOT / DEPLOY_WORKFLOW).exists()


def test_the_sandbox_deploy_role_trusts_no_github_run_but_the_developers_admin_role():
    run = bootstrap_run("sandbox")
    trust = _trust(run, "DeployRole")

    assert [s["Sid"] for s in trust["Statement"]] == ["SessionsOfThisRoleAndOperators"]
    assert statement(trust, "SessionsOfThisRoleAndOperators")["Condition"] == {
        "ArnLike": {
            "aws:PrincipalArn": [
                "arn:aws:iam::111111111111:role/CompactConnect-sandbox-PulumiDeployRole",
                "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*",
            ]
        }
    }


@pytest.mark.parametrize("stack", CI_DEPLOYED)
def test_the_deploy_role_also_trusts_its_own_sessions_and_nobody_else(stack):
    # The program's provider assumes compact-connect:deployRoleArn from the job's session of that role.
    run = bootstrap_run(stack)
    own = statement(_trust(run, "DeployRole"), "SessionsOfThisRoleAndOperators")

    assert own == {
        "Sid": "SessionsOfThisRoleAndOperators",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{run.config.account_id}:root"},
        "Action": "sts:AssumeRole",
        "Condition": {"ArnLike": {"aws:PrincipalArn": [run.outputs["deployRoleArn"]]}},
    }


def test_the_preview_role_admits_the_preview_environment_through_preview_and_drift_only(environment_account):
    run = environment_account
    env = run.config.environment_name
    trust = _trust(run, "PreviewRole")

    assert statement(trust, "PreviewAndDriftRuns")["Condition"] == {
        "StringEquals": {
            f"{HOST}:aud": "sts.amazonaws.com",
            f"{HOST}:sub": f"repo:{REPOSITORY}:environment:preview-{env}",
        },
        # Pull requests run from their own refs, so no ref condition; only these two workflows.
        "StringLike": {
            f"{HOST}:job_workflow_ref": [f"{REPOSITORY}/{path}@*" for path in READ_ONLY_WORKFLOWS]
        },
    }
    assert statement(trust, "SessionsOfThisRoleAndOperators")["Condition"] == {
        "ArnLike": {"aws:PrincipalArn": [run.outputs["previewRoleArn"]]}
    }
    for path in READ_ONLY_WORKFLOWS:
        job = next(iter(_workflow(Path(path).name)["jobs"].values()))
        assert job["environment"]["name"] == "preview-${{ matrix.stack }}", path


def test_a_repository_id_pins_both_roles_to_this_repository(monkeypatch):
    from offline.runner import run_bootstrap

    account = {
        "kind": "environment",
        "github": {
            "repository": REPOSITORY,
            "repositoryId": "123456",
            "subjectRepository": "csg-org@42/compact-connect-pulumi@123456",
            "deployEnvironment": "prod",
            "releaseTagPattern": "cc-prod-*",
        },
    }
    run = run_bootstrap("prod", extra_config={"compact-connect-bootstrap:account": account})

    for role, sid, env in (
        ("DeployRole", "ReleaseTagsThroughDeployWorkflow", "prod"),
        ("PreviewRole", "PreviewAndDriftRuns", "preview-prod"),
    ):
        equals = statement(_trust(run, role), sid)["Condition"]["StringEquals"]
        assert equals[f"{HOST}:repository_id"] == "123456"
        assert equals[f"{HOST}:sub"] == f"repo:csg-org@42/compact-connect-pulumi@123456:environment:{env}"


def test_both_roles_carry_the_boundary_and_the_deploy_role_holds_exactly_it(environment_account):
    run = environment_account
    boundary = boundary_arn(run.config.account_id)
    deploy, preview = run.named(ROLE, "DeployRole"), run.named(ROLE, "PreviewRole")

    assert deploy.inputs["permissionsBoundary"] == preview.inputs["permissionsBoundary"] == boundary
    assert deploy.inputs["name"] == run.config.deploy_role_name
    assert deploy.inputs["maxSessionDuration"] == 7200  # deploy.yml's 120-minute jobs
    assert preview.inputs["maxSessionDuration"] == 3600
    attached = {(a.name, a.inputs["policyArn"]) for a in run.of_type(ATTACHMENT)}
    assert attached == {("DeployRolePermissions", boundary), ("PreviewRoleReadOnly", READ_ONLY_ACCESS_ARN)}
    assert not any(a.inputs["policyArn"].endswith("/AdministratorAccess") for a in run.of_type(ATTACHMENT))


def test_the_preview_role_reads_the_state_and_config_secrets_but_no_data(environment_account):
    run = environment_account
    env, account, region = run.config.environment_name, run.config.account_id, run.config.region
    policy = document(run.named("aws:iam/rolePolicy:RolePolicy", "PreviewRoleStateNotData"), "policy")
    state_bucket = f"arn:aws:s3:::{run.outputs['stateBucket']}"
    [key] = run.of_type("aws:kms/key:Key")
    secrets = [
        f"arn:aws:secretsmanager:{region}:{account}:secret:compact-connect/env/{env}/recaptcha/token-??????",
        f"arn:aws:secretsmanager:{region}:{account}:secret:compact-connect/env/{env}/statsig/server-key-??????",
    ]

    assert statement(policy, "ReadTheState")["Resource"] == f"{state_bucket}/*"
    assert statement(policy, "ListTheState")["Resource"] == state_bucket
    assert statement(policy, "DecryptTheStateAndTheStackSecrets")["Resource"] == key.outputs["arn"]
    assert statement(policy, "ReadTheSecretsTheStackConfigHolds")["Resource"] == secrets
    through_secrets_manager = statement(policy, "DecryptThoseSecretsThroughSecretsManager")["Condition"]
    assert through_secrets_manager == {
        "StringEquals": {"kms:ViaService": f"secretsmanager.{region}.amazonaws.com"},
        "ArnLike": {"kms:EncryptionContext:SecretARN": secrets},
    }
    no_data = statement(policy, "NoDataReads")
    assert no_data["Effect"] == "Deny" and no_data["Action"] == list(DATA_READS)
    assert no_data["NotResource"] == secrets
    for read in (
        "dynamodb:Query",
        "dynamodb:GetRecords",
        "sqs:ReceiveMessage",
        "logs:GetLogEvents",
        "es:ESHttp*",
    ):
        assert read in DATA_READS
    objects = statement(policy, "NoObjectReadsButTheState")
    assert (objects["Effect"], objects["NotResource"]) == ("Deny", f"{state_bucket}/*")


def test_github_oidc_provider_and_the_opensearch_service_linked_role(environment_account):
    run = environment_account
    [provider] = run.of_type("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
    assert provider.inputs["url"] == f"https://{HOST}"
    assert provider.inputs["clientIdLists"] == ["sts.amazonaws.com"]
    [linked] = run.of_type("aws:iam/serviceLinkedRole:ServiceLinkedRole")
    assert linked.inputs["awsServiceName"] == "opensearchservice.amazonaws.com"


def test_backup_accounts_have_no_roles_to_assume(backup_account):
    assert backup_account.of_type(ROLE) == []
    assert backup_account.of_type("aws:iam/openIdConnectProvider:OpenIdConnectProvider") == []
