"""drift.yml: every deployed stack refreshed nightly and on demand as its read-only preview role, and the
drift issue opened (or commented on) only when something drifted — the only job that may write issues.
The workflow helpers are tests/workflow_files.py's."""

from __future__ import annotations

from typing import Any

from tests.workflow_files import (
    AWS_CREDENTIALS_ACTION,
    DEPLOYED_STACKS,
    PROJECT,
    PULUMI_ACTION,
    WORKFLOWS,
    _all_jobs,
    _effective_permissions,
    _events,
    _grants,
    _jobs,
    _runs,
    _step_index,
    _uses,
)


def _drift_job() -> dict[str, Any]:
    return _jobs(WORKFLOWS["drift.yml"])["drift"]


def test_drift_runs_on_a_schedule_and_on_demand_for_every_deployed_stack():
    workflow = WORKFLOWS["drift.yml"]
    assert _events(workflow) == {"schedule", "workflow_dispatch"}
    assert len(workflow["on"]["schedule"]) == 1
    assert set(_jobs(workflow)) == {"drift"}
    job = _drift_job()
    assert sorted(job["strategy"]["matrix"]["stack"]) == DEPLOYED_STACKS
    assert job["strategy"]["fail-fast"] is False
    # One check per stack at a time; never cancelled half-way through writing the issue.
    assert job["concurrency"] == {"group": "drift-${{ matrix.stack }}", "cancel-in-progress": False}


def test_drift_reads_through_the_preview_role_and_writes_only_issues():
    workflow, job = WORKFLOWS["drift.yml"], _drift_job()
    assert workflow["permissions"] == {}
    assert job["permissions"] == {"contents": "read", "id-token": "write", "issues": "write"}
    # The preview-<stack> environment holds the read-only role; the deploy environments are never used.
    assert job["environment"] == {"name": "preview-${{ matrix.stack }}", "deployment": False}
    credentials = job["steps"][_step_index(job, _uses(AWS_CREDENTIALS_ACTION))]["with"]
    assert credentials["role-to-assume"] == "${{ vars.AWS_ROLE_ARN }}"


def test_no_other_job_may_write_issues():
    writers = [
        f"{name}:{job_id}"
        for name, job_id, job, workflow in _all_jobs()
        if _grants(_effective_permissions(job, workflow), "issues", "write")
    ]
    assert writers == ["drift.yml:drift"]


def test_drift_refreshes_without_writing_state_as_the_preview_role():
    job = _drift_job()
    install = job["steps"][_step_index(job, _uses(PULUMI_ACTION))]
    assert install["uses"] == f"{PULUMI_ACTION}@v7" and "with" not in install, "the CLI only"
    refresh_index = _step_index(job, _runs("pulumi refresh"))
    refresh = job["steps"][refresh_index]
    assert _step_index(job, _runs("bash scripts/bootstrap")) < refresh_index  # the program runs
    assert _step_index(job, _uses(AWS_CREDENTIALS_ACTION)) < refresh_index
    script = refresh["run"]
    assert "--preview-only" in script and "--run-program" in script and "--json" in script
    assert 'pulumi config set compact-connect:deployRoleArn "$PREVIEW_ROLE_ARN"' in script
    assert script.index("pulumi config set") < script.index("pulumi refresh")
    assert refresh["env"]["PREVIEW_ROLE_ARN"] == "${{ vars.AWS_ROLE_ARN }}"
    assert job["env"]["PULUMI_STACK"] == f"${{{{ vars.PULUMI_ORG }}}}/{PROJECT}/${{{{ matrix.stack }}}}"
    assert job["env"]["PULUMI_BACKEND_URL"] == "${{ vars.PULUMI_BACKEND_URL }}"


def test_drift_opens_or_comments_on_the_stacks_drift_issue_only_when_something_drifted():
    job = _drift_job()
    report_index = _step_index(job, _runs("scripts/drift_report"))
    report = job["steps"][report_index]
    issue_index = _step_index(job, _runs('title="Drift in the ${STACK} stack"'))
    issue = job["steps"][issue_index]
    assert report_index < issue_index
    assert issue["if"] == f"steps.{report['id']}.outputs.drifted == 'true'"
    assert issue["env"] == {"GH_TOKEN": "${{ github.token }}", "GH_REPO": "${{ github.repository }}"}
    script = issue["run"]
    assert "gh issue list --label drift --state open" in script
    assert 'gh issue comment "$number" --body-file drift.md' in script
    assert 'gh issue create --title "$title" --label drift --body-file drift.md' in script
