"""`scripts/preview`: exit codes and the --json document CI and reviewers rely on."""

from __future__ import annotations

import json

import pytest

from offline import preview
from policies.evaluate import Violation
from tests.components.runs import ADOPTION_EXAMPLE, program_run


@pytest.fixture
def local_run_once(monkeypatch):
    """The local stack's program, run once per test worker and shared with the component tests (the
    run is the same whoever asks; what is under test here is what the command does with it)."""
    monkeypatch.setattr(preview, "run_program", program_run)


def test_a_clean_stack_exits_0_and_writes_the_json_document(local_run_once, tmp_path, capsys):
    target = tmp_path / "local.json"

    assert preview.main(["local", "--json", str(target)]) == 0

    document = json.loads(target.read_text())
    assert document["stack"] == "local"
    assert document["violations"] == []
    resource = document["resources"][0]
    assert {"urn", "type", "name", "parent", "inputs"} <= set(resource)
    assert "Stack local:" in capsys.readouterr().out


def test_the_json_document_shows_no_secret_value(tmp_path, monkeypatch):
    from offline import runner

    def with_secrets(stack):
        return runner.run_program(
            stack,
            extra_config={
                "compact-connect:recaptchaSecret": "recaptcha-plaintext",
                "compact-connect:statsigServerKey": "server-plaintext",
                "compact-connect:statsigConsoleKey": "console-plaintext",
            },
        )

    monkeypatch.setattr(preview, "run_program", with_secrets)
    target = tmp_path / "prod.json"
    assert preview.main(["prod", "--json", str(target)]) == 0
    document = target.read_text()
    assert "plaintext" not in document and "[secret]" in document


def test_a_mandatory_violation_exits_1(local_run_once, monkeypatch, capsys):
    def one_violation(_stack):
        return [Violation("probe-rule", "mandatory", "urn:pulumi:local::x::y", "broken on purpose")]

    monkeypatch.setattr(preview, "evaluate", one_violation)

    assert preview.main(["local"]) == 1
    assert "[mandatory] probe-rule" in capsys.readouterr().out


def test_an_advisory_violation_does_not_fail(local_run_once, monkeypatch):
    monkeypatch.setattr(preview, "evaluate", lambda _stack: [Violation("probe", "advisory", None, "note")])

    assert preview.main(["local"]) == 0


def test_bad_configuration_exits_2_naming_the_key(monkeypatch, capsys):
    from offline import runner

    real = runner.load_stack_config

    def vulnerable_prod(stack):
        values = real(stack)
        values["compact-connect:securityProfile"] = "VULNERABLE"
        return values

    monkeypatch.setattr(runner, "load_stack_config", vulnerable_prod)

    assert preview.main(["prod"]) == 2
    assert "compact-connect:securityProfile" in capsys.readouterr().err


def test_an_unknown_stack_is_refused():
    with pytest.raises(SystemExit):
        preview.main(["staging"])


def test_an_adoption_file_previews_the_cut_over(tmp_path, capsys, monkeypatch):
    """scripts/preview prod --adopt FILE: the reference's resources imported, 0 violations (the run is
    the component tests' adopting run; what is under test is what the command does with it)."""
    passed = []

    def adopting(stack, extra_config):
        passed.append(extra_config)
        return program_run(stack, ADOPTION_EXAMPLE)

    monkeypatch.setattr(preview, "run_program", adopting)
    target = tmp_path / "prod.json"
    assert preview.main(["prod", "--adopt", str(ADOPTION_EXAMPLE), "--json", str(target)]) == 0
    assert passed == [preview.adoption_config(ADOPTION_EXAMPLE)]
    document = json.loads(target.read_text())
    assert len(document["imports"]) == 117 and document["violations"] == []
    assert "Adopted (imported, not created): 117" in capsys.readouterr().out
