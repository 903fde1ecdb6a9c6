"""Every account the main program deploys into (or copies backups to) has its bootstrap stack, and the
two agree: same account, same region, the deploy role the main stack assumes, the vaults its backups name.
Every bootstrap stack previews clean through the policy pack."""

from __future__ import annotations

import copy
import json

import pytest

from bootstrap.config import NAMESPACE, parse_bootstrap_config
from components.config import NAMESPACE as MAIN_NAMESPACE
from components.config import ConfigError, parse_stack_config
from offline import preview
from offline.stack_file import BOOTSTRAP_ROOT, available_stacks, load_stack_config, namespace_values
from tests.bootstrap.runs import BACKUP_STACKS, ENVIRONMENT_STACKS, STACKS, bootstrap_run
from tests.components.runs import program_run

DEPLOYED = [stack for stack in available_stacks() if stack != "local"]


def _main(stack: str):
    return parse_stack_config(namespace_values(load_stack_config(stack), MAIN_NAMESPACE))


def _raw(stack: str) -> dict:
    return copy.deepcopy(namespace_values(load_stack_config(stack, BOOTSTRAP_ROOT), NAMESPACE))


def test_every_deployed_environment_has_its_bootstrap_stack():
    assert sorted(ENVIRONMENT_STACKS) == sorted(DEPLOYED)


@pytest.mark.parametrize("stack", DEPLOYED)
def test_the_bootstrap_makes_the_role_the_main_stack_assumes_in_its_account(stack):
    main = _main(stack)
    bootstrap = bootstrap_run(stack)

    assert (bootstrap.config.account_id, bootstrap.config.region) == (main.account_id, main.region)
    assert bootstrap.outputs["deployRoleArn"] == main.deploy_role_arn
    assert bootstrap.config.environment_name == main.environment_name


def test_every_backup_destination_has_its_bootstrap_stack():
    destinations = {str(_main(s).environment_name): _main(s) for s in DEPLOYED if _main(s).backup_config}
    assert sorted(BACKUP_STACKS) == sorted(f"{env}-backup" for env in destinations)
    for env, main in destinations.items():
        backup = bootstrap_run(f"{env}-backup")
        config, account = main.backup_config, backup.config.account
        assert config is not None
        assert (backup.config.account_id, backup.config.region) == (
            config.backup_account_id,
            config.backup_region,
        )
        assert (account.general_vault_name, account.ssn_vault_name) == (
            config.general_vault_name,
            config.ssn_vault_name,
        )
        assert account.source_account_ids == (main.account_id,)
        assert account.source_regions == (main.region,)


@pytest.mark.parametrize("stack", [s for s in DEPLOYED if _main(s).backup_config])
def test_the_main_programs_copies_land_in_the_bootstrap_vaults_and_outlive_their_lock(stack):
    backup = bootstrap_run(f"{stack}-backup")
    copies = [
        copy
        for plan in program_run(stack).of_type("aws:backup/plan:Plan")
        for rule in plan.inputs["rules"]
        for copy in rule["copyActions"]
    ]
    vaults = {backup.outputs["generalVaultArn"], backup.outputs["ssnVaultArn"]}
    assert {copy["destinationVaultArn"] for copy in copies} == vaults
    # A vault lock refuses a recovery point kept for less than its minimum: the copy job would fail.
    assert all(
        copy["lifecycle"]["deleteAfter"] >= backup.config.account.min_retention_days for copy in copies
    )


@pytest.mark.parametrize("stack", STACKS)
def test_every_bootstrap_stack_previews_clean_through_the_pack(stack, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(preview, "run_bootstrap", bootstrap_run)
    target = tmp_path / "preview.json"

    assert preview.main([f"bootstrap/{stack}", "--json", str(target)]) == 0

    document = json.loads(target.read_text())
    assert document["stack"] == f"bootstrap/{stack}"
    assert document["violations"] == []
    assert f"Stack bootstrap/{stack}:" in capsys.readouterr().out


def test_a_bad_bootstrap_stack_file_exits_2_naming_the_key(monkeypatch, capsys):
    from offline import runner

    real = runner.load_stack_config

    def without_compliance(stack, root):
        values = real(stack, root)
        del values[f"{NAMESPACE}:account"]["complianceAfterDays"]
        return values

    monkeypatch.setattr(runner, "load_stack_config", without_compliance)

    assert preview.main(["bootstrap/prod-backup"]) == 2
    error = capsys.readouterr().err
    assert "bootstrap/Pulumi.prod-backup.yaml" in error and "account.complianceAfterDays" in error


BAD_CONFIGS = {
    # case -> (stack, change, the key the message must name)
    "prod-deployed-from-test": (
        "prod",
        lambda raw: raw["account"]["github"].update(deployEnvironment="test"),
        "account.github.deployEnvironment",
    ),
    "test-without-ci-deploys": (
        "test",
        lambda raw: [raw["account"]["github"].pop(k) for k in ("deployEnvironment", "releaseTagPattern")],
        "account.github.deployEnvironment",
    ),
    "tags-without-environment": (
        "sandbox",
        lambda raw: raw["account"]["github"].update(releaseTagPattern="cc-test-*"),
        "deployEnvironment and releaseTagPattern",
    ),
    "any-tag": (
        "prod",
        lambda raw: raw["account"]["github"].update(releaseTagPattern="*"),
        "account.environment.github.releaseTagPattern",
    ),
    "operator-of-another-account": (
        "sandbox",
        lambda raw: raw["account"].update(operatorRoleArnPatterns=["arn:aws:iam::999999999999:role/Admin"]),
        "account.operatorRoleArnPatterns",
    ),
    "retention-under-90-days": (
        "test-backup",
        lambda raw: raw["account"].update(minRetentionDays=30),
        "account.backup.minRetentionDays",
    ),
    "unknown-key": ("prod", lambda raw: raw.update(deployRole="x"), "deployRole"),
}


@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_bad_configs_are_refused_naming_the_key(case):
    stack, change, key = BAD_CONFIGS[case]
    raw = _raw(stack)
    change(raw)
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        parse_bootstrap_config(raw)


def test_structured_values_arrive_as_json_strings_from_the_engine():
    raw = _raw("prod")
    raw["account"] = json.dumps(raw["account"])
    assert parse_bootstrap_config(raw) == parse_bootstrap_config(_raw("prod"))
