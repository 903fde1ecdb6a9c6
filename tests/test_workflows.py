"""GitHub Actions workflows: valid against GitHub's workflow schema, and wired the way the project relies on.

The schema is the one check-jsonschema vendors (``--builtin-schema vendor.github-workflows``), so this runs
offline; the subprocess is given an unreachable proxy to prove it. actionlint is not used: its PyPI wrapper
downloads a binary.
"""

from __future__ import annotations

import os
import re

import pytest
import yaml

from tests.workflow_files import (
    AWS_CREDENTIALS_ACTION,
    DEPLOYED_STACKS,
    PROJECT,
    PROVIDER_ROLE_OVERRIDE,
    PULUMI_ACTION,
    ROOT,
    SCRIPT_REF,
    WORKFLOW_FILES,
    WORKFLOWS,
    WORKFLOWS_DIR,
    _action,
    _all_jobs,
    _effective_permissions,
    _events,
    _grants,
    _jobs,
    _runs,
    _step_index,
    _uses,
    _validate,
)

# ---------------------------------------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------------------------------------


def test_the_project_workflows_exist():
    assert {"check.yml", "preview.yml", "deploy.yml", "drift.yml"} <= set(WORKFLOWS)


def test_every_workflow_matches_the_github_workflow_schema():
    result = _validate("vendor.github-workflows", WORKFLOW_FILES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_job_has_a_timeout():
    # GitHub's default is six hours; a hung `pulumi up` should not hold the environment that long.
    result = _validate("custom.github-workflows-require-timeout", WORKFLOW_FILES)
    assert result.returncode == 0, result.stdout + result.stderr


VALID_WORKFLOW = """\
name: ok
on:
  pull_request:
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - uses: actions/checkout@v7
      - run: echo ok
"""

# case -> (workflow text, the location the validator must report)
BROKEN_WORKFLOWS = {
    "unknown-event": (VALID_WORKFLOW.replace("pull_request:", "pull_requests:"), "$.on"),
    "job-without-runner": (VALID_WORKFLOW.replace("    runs-on: ubuntu-latest\n", ""), "$.jobs.build"),
    "bad-permission-level": (VALID_WORKFLOW.replace("contents: read", "contents: admin"), "$.permissions"),
    "misspelt-step-key": (VALID_WORKFLOW.replace("- run: echo ok", "- runs: echo ok"), "$.jobs.build"),
    "steps-not-a-list": (VALID_WORKFLOW.split("    steps:")[0] + "    steps: echo ok\n", "$.jobs.build"),
}


def test_schema_check_accepts_a_valid_workflow(tmp_path):
    # The control for the negative cases below: they fail because of what was broken, nothing else.
    path = tmp_path / "ok.yml"
    path.write_text(VALID_WORKFLOW)
    result = _validate("vendor.github-workflows", [path])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("case", sorted(BROKEN_WORKFLOWS))
def test_schema_check_rejects_an_invalid_workflow(tmp_path, case):
    path = tmp_path / f"{case}.yml"
    text, location = BROKEN_WORKFLOWS[case]
    path.write_text(text)
    result = _validate("vendor.github-workflows", [path])
    assert result.returncode != 0
    assert f"{path.name}::{location}:" in result.stdout + result.stderr


def test_timeout_check_rejects_a_job_without_timeout(tmp_path):
    path = tmp_path / "no-timeout.yml"
    path.write_text(VALID_WORKFLOW.replace("    timeout-minutes: 5\n", ""))
    assert _validate("custom.github-workflows-require-timeout", [path]).returncode != 0


# ---------------------------------------------------------------------------------------------------------
# Rules for every workflow
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_no_workflow_runs_untrusted_code_with_secrets(name):
    # pull_request_target (and workflow_run) run with the base repository's secrets and write token.
    assert not _events(WORKFLOWS[name]) & {"pull_request_target", "workflow_run"}
    assert "pull_request_target" not in (WORKFLOWS_DIR / name).read_text()


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_every_workflow_sets_least_privilege_permissions(name):
    workflow = WORKFLOWS[name]
    assert "permissions" in workflow, f"{name}: declare top-level permissions (the default token is broad)"
    assert workflow["permissions"] in ({}, {"contents": "read"}), f"{name}: top level grants only read"
    for job_id, job in _jobs(workflow).items():
        permissions = _effective_permissions(job, workflow)
        assert permissions not in ("write-all", "read-all"), f"{name}:{job_id}"


def test_actions_are_pinned_to_a_major_version_or_commit():
    pinned = re.compile(r"^[\w.-]+/[\w./-]+@(v\d+|[0-9a-f]{40})$")
    for name, job_id, job, _ in _all_jobs():
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses and not uses.startswith("./"):
                assert pinned.match(uses), f"{name}:{job_id}: {uses}"


def test_every_job_that_assumes_an_aws_role_gets_an_oidc_token():
    assuming = []
    for name, job_id, job, workflow in _all_jobs():
        aws_steps = [s for s in job.get("steps", []) if _action(s) == AWS_CREDENTIALS_ACTION]
        permissions = _effective_permissions(job, workflow)
        if not aws_steps:
            # Least privilege the other way round: no OIDC token where no role is assumed.
            assert not _grants(permissions, "id-token", "write"), f"{name}:{job_id}"
            continue
        assuming.append(f"{name}:{job_id}")
        assert _grants(permissions, "id-token", "write"), f"{name}:{job_id} needs id-token: write"
        assert _grants(permissions, "contents", "read"), f"{name}:{job_id} needs contents: read"
        for step in aws_steps:
            inputs = step.get("with", {})
            assert inputs.get("role-to-assume", "").startswith("${{ vars."), f"{name}:{job_id}"
            # OIDC only: no long-lived keys anywhere.
            assert not {"aws-access-key-id", "aws-secret-access-key"} & set(inputs), f"{name}:{job_id}"
    assert assuming, "the preview and deploy jobs assume AWS roles"


def test_pulumi_runs_with_the_policy_pack_a_token_from_secrets_and_a_bootstrapped_venv():
    pulumi_jobs = 0
    for name, job_id, job, _ in _all_jobs():
        steps = job.get("steps", [])
        for index, step in enumerate(steps):
            # Without a command the action only installs the CLI (drift.yml runs it itself).
            if _action(step) != PULUMI_ACTION or "command" not in step.get("with", {}):
                continue
            pulumi_jobs += 1
            where = f"{name}:{job_id}"
            inputs = step["with"]
            assert inputs["policyPacks"] == "policies", where
            assert inputs["stack-name"].startswith(f"${{{{ vars.PULUMI_ORG }}}}/{PROJECT}/"), where
            # The account's state bucket (the bootstrap's backend) when set, else Pulumi Cloud.
            assert inputs["cloud-url"] == "${{ vars.PULUMI_BACKEND_URL }}", where
            assert step["env"]["PULUMI_ACCESS_TOKEN"] == "${{ secrets.PULUMI_ACCESS_TOKEN }}", where
            # Pulumi.yaml names .venv as the program's virtualenv; the offline preview is the fast check.
            assert _step_index(job, _runs("bash scripts/bootstrap")) < index, where
            assert _step_index(job, _runs("scripts/preview")) < index, where
            assert _step_index(job, _uses(AWS_CREDENTIALS_ACTION)) < index, where
    assert pulumi_jobs == 4, "one preview job, three deploy jobs"


def test_every_script_a_workflow_runs_exists_and_is_executable():
    referenced = set()
    for _, _, job, _ in _all_jobs():
        for step in job.get("steps", []):
            referenced.update(SCRIPT_REF.findall(step.get("run", "")))
    assert {"bootstrap", "test", "preview", "build_layer"} <= referenced
    missing = sorted(s for s in referenced if not os.access(ROOT / "scripts" / s, os.X_OK))
    assert not missing, "missing or not executable: " + ", ".join(f"scripts/{s}" for s in missing)


# ---------------------------------------------------------------------------------------------------------
# check.yml
# ---------------------------------------------------------------------------------------------------------


def test_check_runs_the_project_test_command_on_pull_requests_and_main():
    workflow = WORKFLOWS["check.yml"]
    assert {"pull_request", "push"} <= _events(workflow)
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["group"]
    test = _jobs(workflow)["test"]
    _step_index(test, _runs("scripts/test"))
    setup = test["steps"][_step_index(test, _uses("actions/setup-python"))]["with"]
    assert setup["cache"] == "pip"
    assert setup["cache-dependency-path"] == "pyproject.toml"


def test_check_lints_with_the_venv_ruff_after_bootstrap():
    lint = _jobs(WORKFLOWS["check.yml"])["lint"]
    bootstrap = _step_index(lint, _runs("bash scripts/bootstrap"))
    assert bootstrap < _step_index(lint, _runs(".venv/bin/ruff check"))
    assert bootstrap < _step_index(lint, _runs(".venv/bin/ruff format --check"))


# ---------------------------------------------------------------------------------------------------------
# preview.yml
# ---------------------------------------------------------------------------------------------------------


def test_preview_covers_every_deployed_stack_file():
    assert DEPLOYED_STACKS, "no Pulumi.<stack>.yaml found"
    workflow = WORKFLOWS["preview.yml"]
    assert _events(workflow) == {"pull_request"}
    job = _jobs(workflow)["preview"]
    assert sorted(job["strategy"]["matrix"]["stack"]) == DEPLOYED_STACKS
    assert job["strategy"]["fail-fast"] is False


def test_preview_posts_a_policy_checked_diff_on_the_pull_request():
    job = _jobs(WORKFLOWS["preview.yml"])["preview"]
    step = job["steps"][_step_index(job, _uses(PULUMI_ACTION))]
    assert step["uses"] == f"{PULUMI_ACTION}@v7"
    assert step["with"] == {
        "command": "preview",
        "stack-name": f"${{{{ vars.PULUMI_ORG }}}}/{PROJECT}/${{{{ matrix.stack }}}}",
        "cloud-url": "${{ vars.PULUMI_BACKEND_URL }}",
        "config-map": PROVIDER_ROLE_OVERRIDE,
        "comment-on-pr": True,
        "always-include-summary": True,
        "edit-pr-comment": True,
        "policyPacks": "policies",
        "diff": True,
        "suppress-progress": True,
    }
    assert _grants(job["permissions"], "pull-requests", "write")
    # Previews never touch the deploy environments (and so never wait for prod's reviewers).
    assert job["environment"]["name"] == "preview-${{ matrix.stack }}"
    assert job["environment"]["deployment"] is False


def test_preview_offline_check_runs_without_cloud_credentials():
    job = _jobs(WORKFLOWS["preview.yml"])["preview"]
    offline = job["steps"][_step_index(job, _runs("scripts/preview"))]
    assert "if" not in offline, "the offline preview runs for fork pull requests too"
    for action in (AWS_CREDENTIALS_ACTION, PULUMI_ACTION):
        cloud = job["steps"][_step_index(job, _uses(action))]
        assert cloud["if"] == "env.CLOUD_PREVIEW == 'true'"
    assert "github.event.pull_request.head.repo.full_name == github.repository" in job["env"]["CLOUD_PREVIEW"]


def test_the_provider_role_override_is_the_config_pulumi_actions_expects():
    # pulumi/actions reads config-map as YAML: {key: {value, secret}}.
    assert yaml.safe_load(PROVIDER_ROLE_OVERRIDE) == {
        "compact-connect:deployRoleArn": {"value": "${{ vars.AWS_ROLE_ARN }}", "secret": False}
    }


# ---------------------------------------------------------------------------------------------------------
# deploy.yml
# ---------------------------------------------------------------------------------------------------------

DEPLOY_TAGS = {"test": "cc-test-", "beta": "cc-prod-", "prod": "cc-prod-"}


def test_deploy_triggers_are_exactly_the_release_tags():
    workflow = WORKFLOWS["deploy.yml"]
    assert workflow["on"] == {"push": {"tags": ["cc-test-*", "cc-prod-*"]}}
    assert set(_jobs(workflow)) == set(DEPLOY_TAGS)


def test_prod_deploys_only_after_beta():
    prod = _jobs(WORKFLOWS["deploy.yml"])["prod"]
    needs = prod["needs"]
    assert (needs if isinstance(needs, list) else [needs]) == ["beta"]


@pytest.mark.parametrize("stack", sorted(DEPLOY_TAGS))
def test_deploy_job_updates_its_own_stack_from_its_own_environment(stack):
    job = _jobs(WORKFLOWS["deploy.yml"])[stack]
    assert job["environment"] == stack
    assert job["if"] == f"startsWith(github.ref, 'refs/tags/{DEPLOY_TAGS[stack]}')"
    # One deploy at a time per environment, never cancelled half-way.
    assert job["concurrency"] == {"group": f"deploy-{stack}", "cancel-in-progress": False}
    assert job["env"]["STACK"] == stack

    up_index = _step_index(job, _uses(PULUMI_ACTION))
    up = job["steps"][up_index]
    assert up["uses"] == f"{PULUMI_ACTION}@v7"
    assert up["with"]["command"] == "up"
    assert up["with"]["stack-name"] == f"${{{{ vars.PULUMI_ORG }}}}/{PROJECT}/{stack}"
    assert up["with"]["refresh"] is True
    assert up["with"]["policyPacks"] == "policies"
    assert _step_index(job, _runs("scripts/build_layer")) < up_index
    assert "upsert" not in up["with"], "a mistyped stack name must fail, not create a stack"


def test_deploy_jobs_differ_only_in_their_stack():
    jobs = _jobs(WORKFLOWS["deploy.yml"])

    def normalised(stack: str) -> str:
        job = {k: v for k, v in jobs[stack].items() if k not in ("needs", "if")}
        return re.sub(rf"\b{stack}\b", "<stack>", yaml.safe_dump(job, sort_keys=True))

    assert normalised("test") == normalised("beta") == normalised("prod")


def test_deploy_credentials_last_the_whole_job_and_the_deploy_role_allows_it():
    # The program's provider re-assumes the deploy role from the job's session until the job ends.
    from bootstrap.deploy_identity import DEPLOY_SESSION_SECONDS

    for stack, job in _jobs(WORKFLOWS["deploy.yml"]).items():
        credentials = job["steps"][_step_index(job, _uses(AWS_CREDENTIALS_ACTION))]["with"]
        duration = credentials["role-duration-seconds"]
        assert job["timeout-minutes"] * 60 <= duration <= DEPLOY_SESSION_SECONDS, stack
