"""Trust policies of the deploy and preview roles: which GitHub workflow runs (and which sessions) may
assume them.

What STS can check in a GitHub token. ``aud`` and ``sub`` always; since February 2026 also GitHub's own
claims ``repository``, ``repository_id``, ``environment``, ``ref``, ``job_workflow_ref``, ``workflow``,
``actor`` (and a few more) as ``token.actions.githubusercontent.com:<claim>`` condition keys. Not
``ref_protected``: whether a tag is protected is enforced on GitHub's side (the environment's deployment
rule admits only release tags; a tag ruleset limits who may push them). So the deploy role requires all
of: the audience of aws-actions/configure-aws-credentials; the subject of this repository's deploy
environment (a job bound to an environment has ``repo:<repo>:environment:<env>`` as subject); a release
tag as the ref; and deploy.yml, at that tag, as the workflow that runs the job. A workflow added on a
branch, a reusable workflow called from elsewhere, or a job in the environment started from a branch,
gets nothing. The preview role (read-only) admits the preview-<stack> environment from preview.yml and
drift.yml only.

Both roles also trust their own sessions: the main program's AWS provider assumes
``compact-connect:deployRoleArn`` even when the job already runs as that role (the preview and drift runs
point it at the preview role). Naming a role as its own principal is refused when the role is created, so
the statement names the account and requires ``aws:PrincipalArn`` to be the role (or an operator role
pattern from the config).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bootstrap.config import GitHubTrust

OIDC_HOST = "token.actions.githubusercontent.com"
OIDC_URL = f"https://{OIDC_HOST}"
STS_AUDIENCE = "sts.amazonaws.com"
"""The audience aws-actions/configure-aws-credentials asks GitHub for."""
DEPLOY_WORKFLOW = ".github/workflows/deploy.yml"
READ_ONLY_WORKFLOWS = (".github/workflows/preview.yml", ".github/workflows/drift.yml")
PREVIEW_ENVIRONMENT_PREFIX = "preview-"


def oidc_provider_arn(account_id: str) -> str:
    return f"arn:aws:iam::{account_id}:oidc-provider/{OIDC_HOST}"


def _claim(name: str) -> str:
    return f"{OIDC_HOST}:{name}"


def _github_statement(
    sid: str, provider_arn: str, github: GitHubTrust, environment: str, like: dict[str, Any]
) -> dict[str, Any]:
    equals = {
        _claim("aud"): STS_AUDIENCE,
        _claim("sub"): f"repo:{github.subject}:environment:{environment}",
    }
    if github.repository_id:
        equals[_claim("repository_id")] = github.repository_id
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": {"Federated": provider_arn},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": equals, "StringLike": like},
    }


def _own_sessions(account_id: str, principal_patterns: Sequence[str]) -> dict[str, Any]:
    return {
        "Sid": "SessionsOfThisRoleAndOperators",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
        "Action": "sts:AssumeRole",
        "Condition": {"ArnLike": {"aws:PrincipalArn": list(principal_patterns)}},
    }


def deploy_trust_policy(
    account_id: str, github: GitHubTrust, role_arn: str, operator_patterns: Sequence[str]
) -> dict[str, Any]:
    """Release tags through deploy.yml in the account's deploy environment; the role's own sessions and
    the configured operator roles. No GitHub statement where the account is not deployed by CI."""
    statements = []
    if github.deploy_environment is not None and github.release_tag_pattern is not None:
        tag_ref = f"refs/tags/{github.release_tag_pattern}"
        like = {
            _claim("ref"): tag_ref,
            _claim("job_workflow_ref"): f"{github.repository}/{DEPLOY_WORKFLOW}@{tag_ref}",
        }
        statements.append(
            _github_statement(
                "ReleaseTagsThroughDeployWorkflow",
                oidc_provider_arn(account_id),
                github,
                str(github.deploy_environment),
                like,
            )
        )
    statements.append(_own_sessions(account_id, [role_arn, *operator_patterns]))
    return {"Version": "2012-10-17", "Statement": statements}


def preview_environment(environment: str) -> str:
    return f"{PREVIEW_ENVIRONMENT_PREFIX}{environment}"


def preview_trust_policy(
    account_id: str, github: GitHubTrust, environment: str, role_arn: str
) -> dict[str, Any]:
    """The preview-<env> GitHub environment through preview.yml or drift.yml (any ref: pull requests run
    from their branches), and the role's own sessions."""
    like = {_claim("job_workflow_ref"): [f"{github.repository}/{path}@*" for path in READ_ONLY_WORKFLOWS]}
    return {
        "Version": "2012-10-17",
        "Statement": [
            _github_statement(
                "PreviewAndDriftRuns",
                oidc_provider_arn(account_id),
                github,
                preview_environment(environment),
                like,
            ),
            _own_sessions(account_id, [role_arn]),
        ],
    }
