"""`scripts/drift_report`: which steps of a refresh digest are drift, and the report the drift issue gets."""

from __future__ import annotations

import json

from ops import drift_report

STACK_URN = "urn:pulumi:prod::compact-connect::pulumi:pulumi:Stack::compact-connect-prod"
TABLE_URN = (
    "urn:pulumi:prod::compact-connect::"
    "compact-connect:components:Persistent$aws:dynamodb/table:Table::ProviderTable"
)
QUEUE_URN = "urn:pulumi:prod::compact-connect::aws:sqs/queue:Queue::IngestQueue"
PROVIDER_URN = "urn:pulumi:prod::compact-connect::pulumi:providers:aws::prod-account"
BUCKET_URN = "urn:pulumi:prod::compact-connect::aws:s3/bucket:Bucket::Uploads"

DIGEST = {
    "steps": [
        {"op": "same", "urn": STACK_URN},
        {"op": "refresh", "urn": BUCKET_URN, "detailedDiff": None},
        {"op": "update", "urn": PROVIDER_URN, "diffReasons": ["assumeRoles"]},
        {
            "op": "update",
            "urn": TABLE_URN,
            "diffReasons": ["pointInTimeRecovery"],
            "detailedDiff": {"pointInTimeRecovery.enabled": {"kind": "update", "inputDiff": False}},
        },
        {"op": "delete", "urn": QUEUE_URN, "detailedDiff": None},
    ],
    "changeSummary": {"same": 2, "update": 2, "delete": 1},
}


def test_updates_and_deletes_of_resources_are_drift_providers_and_unchanged_ones_are_not():
    assert drift_report.drifted(DIGEST) == [
        drift_report.Drifted(
            "update", "aws:dynamodb/table:Table", "ProviderTable", ("pointInTimeRecovery.enabled",)
        ),
        drift_report.Drifted("delete", "aws:sqs/queue:Queue", "IngestQueue", ()),
    ]


def test_the_report_names_the_stack_resources_and_properties_but_no_value(tmp_path, monkeypatch):
    digest = tmp_path / "refresh.json"
    secret_step = {
        "op": "update",
        "urn": "urn:pulumi:prod::compact-connect::aws:secretsmanager/secretVersion:SecretVersion::Token",
        "detailedDiff": {"secretString": {"kind": "update"}},
        "oldState": {"inputs": {"secretString": "hunter2"}},
        "newState": {"inputs": {"secretString": "hunter3"}},
    }
    digest.write_text(json.dumps({**DIGEST, "steps": [*DIGEST["steps"], secret_step]}))
    outputs = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    for key, value in (
        ("GITHUB_SERVER_URL", "https://github.com"),
        ("GITHUB_REPOSITORY", "o/r"),
        ("GITHUB_RUN_ID", "7"),
    ):
        monkeypatch.setenv(key, value)
    out = tmp_path / "drift.md"

    assert drift_report.main([str(digest), "--stack", "prod", "--out", str(out)]) == 0

    report = out.read_text()
    assert report.startswith("`pulumi refresh --preview-only` found 3 drifted resource(s) in stack **prod**.")
    assert "Run: https://github.com/o/r/actions/runs/7" in report
    assert (
        "| update | `aws:dynamodb/table:Table` | `ProviderTable` | `pointInTimeRecovery.enabled` |" in report
    )
    assert "| delete | `aws:sqs/queue:Queue` | `IngestQueue` | — |" in report
    assert "`secretString`" in report and "hunter" not in report
    assert outputs.read_text() == "drifted=true\n"


def test_no_drift_says_so(tmp_path, monkeypatch):
    digest = tmp_path / "refresh.json"
    digest.write_text(json.dumps({"steps": DIGEST["steps"][:3], "changeSummary": {"same": 2}}))
    outputs = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))

    drift_report.main([str(digest), "--stack", "test", "--out", str(tmp_path / "drift.md")])

    assert outputs.read_text() == "drifted=false\n"


def test_a_long_report_stays_within_an_issue_body():
    items = [
        drift_report.Drifted("update", "aws:iam/role:Role", f"Role{i:05d}", ("inlinePolicies",))
        for i in range(5000)
    ]
    report = drift_report.render("prod", items, None)
    assert len(report) <= drift_report.MAX_REPORT_CHARS + 100
    assert report.endswith("more (see the run's log).")
