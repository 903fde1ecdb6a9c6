"""`scripts/adopt` on the reference deployment, built as CloudFormation stacks on the emulator
(tests/reference_deployment.py): the block it writes names each of the reference's stateful resources under
the program's key and parses as the program parses it; the retain check lists exactly the resources whose
templates do not retain them; anything it cannot place stops it; and after the stacks are deleted the
adopted resources are all still there, as the inventory shows."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
import yaml
from moto import mock_aws

from components.adoption import Adoption
from ops import adopt
from ops.adoption_block import ADOPT_KEY, plain
from ops.adoption_sources import deletion_order
from tests.reference_deployment import ReferenceDeployment, deploy_reference
from tests.reference_templates import RETAIN, logical_id
from tests.sandbox.moto_environment import point_boto3_at_moto

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def session(monkeypatch: pytest.MonkeyPatch) -> Iterator[boto3.Session]:
    # Whatever an earlier test in this worker left in the environment (a sandbox's AWS_ENDPOINT_URL),
    # boto3 must reach mock_aws here.
    point_boto3_at_moto(monkeypatch)
    with mock_aws():
        yield boto3.Session(
            region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
        )


@pytest.fixture
def stack_file(tmp_path: Path) -> Path:
    path = tmp_path / "Pulumi.test.yaml"
    shutil.copy(ROOT / "Pulumi.test.yaml", path)
    return path


def run(session: boto3.Session, stack_file: Path, *extra: str, environment: str = "test") -> int:
    return adopt.main(
        ["--environment", environment, "--stack-file", str(stack_file), *extra], session=session
    )


def block_of(stdout: str) -> Adoption:
    return Adoption.model_validate(yaml.safe_load(stdout)["config"][ADOPT_KEY])


def not_retained(stderr: str) -> set[str]:
    """The logical ids the retain check lists."""
    section = stderr.split("Not retained", 1)[1].split("CloudFormation deletes these", 1)[0]
    return set(re.findall(r"^  [^/\s]+/(\w+) \(", section, flags=re.MULTILINE))


def test_the_block_names_each_stateful_resource_under_the_programs_key(session, stack_file, capsys):
    deployment = deploy_reference(session, environment="test")

    assert run(session, stack_file) == 0

    out, err = capsys.readouterr()
    assert plain(block_of(out)) == deployment.expected_adoption()
    assert "Every stateful resource is retained: ready." in err
    for path in deployment.kept():
        assert deployment.resources[path][1] in err.split("Kept, not adopted", 1)[1].split("Replaced", 1)[0]


def test_custom_sign_in_domains_are_adopted_and_their_certificates_kept(session, stack_file, capsys):
    deployment = deploy_reference(
        session, zone="test.example.org", not_retained={"StaffUsersGreen/StaffAuthCert"}
    )

    assert run(session, stack_file) == 1

    out, err = capsys.readouterr()
    pools = plain(block_of(out))["userPools"]
    assert (pools["staff"]["domain"], pools["provider"]["domain"]) == (
        "staff-auth.test.example.org",
        "licensee-auth.test.example.org",
    )
    kept = err.split("Kept, not adopted", 1)[1].split("Rebuilt", 1)[0]
    assert deployment.resources["ProviderUsersGreen/LicenseeAuthCert"][1] in kept
    assert not_retained(err) == {deployment.resources["StaffUsersGreen/StaffAuthCert"][1]}


def test_the_retain_check_lists_exactly_what_is_not_retained(session, stack_file, capsys):
    left = {
        "ProviderTable",
        "StaffUsersGreen/UIClient",
        "DataEventBus",
        "LocalSSNBackupVault",  # in the stack nested in PersistentStack
        "ProviderUsersGreen/ProviderUserBackup/BackupBucket",  # kept, not adopted: retained all the same
    }
    deployment = deploy_reference(session, environment="test", not_retained=left)

    assert run(session, stack_file) == 1

    out, err = capsys.readouterr()
    assert not_retained(err) == {deployment.resources[path][1] for path in left}
    assert plain(block_of(out)) == deployment.expected_adoption()  # the block is still right
    assert "NOT READY" in err and "RemovalPolicy.RETAIN" in err


def test_as_the_reference_leaves_prod_the_bus_and_the_pools_parts_are_not_retained(session, tmp_path, capsys):
    """The CDK app retains prod's tables, buckets, keys, pools and vaults, never the bus, its archive or a
    pool's domain, UI client and resource servers: deleting the stacks as they are would lose those."""
    deployment = deploy_reference(session, environment="prod", retain_all=False)

    assert run(session, tmp_path / "Pulumi.prod.yaml", environment="prod") == 1

    expected = {
        logical
        for path, (_, logical, _) in deployment.resources.items()
        if path.startswith(("DataEventBus", "StaffUsersGreen/", "ProviderUsersGreen/", "StateAuthUsers/"))
        and not path.endswith(("UsersTable", "BackupBucket"))
    }
    assert not_retained(capsys.readouterr().err) == expected


def test_a_stateful_resource_no_rule_places_stops_it(session, stack_file, capsys):
    mystery = {"Type": "AWS::DynamoDB::Table", "Properties": _TABLE, **RETAIN}
    deploy_reference(session, extra={"PersistentStack": {logical_id("AuditTable"): mystery}})

    assert run(session, stack_file, "--write") == 1

    out, err = capsys.readouterr()
    assert "stateful resources no rule places" in err and logical_id("AuditTable") in err
    assert ADOPT_KEY not in stack_file.read_text() and not out


def test_two_candidates_for_one_of_the_programs_tables_stops_it(session, stack_file, capsys):
    copy = {"Type": "AWS::DynamoDB::Table", "Properties": _TABLE, **RETAIN}
    deploy_reference(session, extra={"EventStateStack": {logical_id("ProviderTable"): copy}})

    assert run(session, stack_file) == 1

    err = capsys.readouterr().err.split("two or more candidates for tables.provider:", 1)[1]
    assert f"Test-PersistentStack/{logical_id('ProviderTable')}" in err
    assert f"Test-EventStateStack/{logical_id('ProviderTable')}" in err


def test_missing_stacks_are_named(session, stack_file, capsys):
    assert run(session, stack_file) == 1
    assert "no CloudFormation stack named Test-*" in capsys.readouterr().err

    deploy_reference(session)
    session.client("cloudformation").delete_stack(StackName="Test-StateAuthStack")
    assert run(session, stack_file) == 1
    assert "missing reference stacks: Test-StateAuthStack" in capsys.readouterr().err


def test_a_resource_gone_from_under_its_stack_is_refused(session, stack_file, capsys):
    deployment = deploy_reference(session)
    session.client("dynamodb").delete_table(TableName=deployment.physical("DataEventTable"))

    assert run(session, stack_file) == 1

    assert "DataEventTable" in capsys.readouterr().err.split("cannot adopt:", 1)[1]


def test_named_stacks_give_the_same_block(session, stack_file, capsys):
    deployment = deploy_reference(session)
    names = [arg for name in deployment.stacks for arg in ("--cfn-stack", name)]

    assert run(session, stack_file, *names) == 0

    out, err = capsys.readouterr()
    assert plain(block_of(out)) == deployment.expected_adoption()
    assert "--cfn-stack Test-VpcStack" in err  # the steps repeat the command as run


def test_write_puts_the_block_in_the_stack_file_and_changes_nothing_else(session, stack_file):
    original = stack_file.read_text()
    deployment = deploy_reference(session)

    assert run(session, stack_file, "--write") == 0
    assert run(session, stack_file, "--write") == 0  # again: the block is replaced, not added twice

    written = stack_file.read_text()
    assert written.count(f"{ADOPT_KEY}:") == 1
    assert written.replace(_block_text(written), "") == original
    config = yaml.safe_load(written)["config"]
    assert config[ADOPT_KEY] == deployment.expected_adoption()


def test_write_keeps_comments_and_keys_after_the_config(session, tmp_path):
    path = tmp_path / "Pulumi.test.yaml"
    original = (
        "# Test.\nconfig:\n  compact-connect:environmentName: test  # keep me\n"
        "  compact-connect:compacts:\n    aslp: {}\n\n# trailing comment\nencryptedkey: abc\n"
    )
    path.write_text(original)
    deploy_reference(session)

    assert run(session, path, "--write") == 0

    written = path.read_text()
    assert written.replace(_block_text(written), "") == original
    assert yaml.safe_load(written)["encryptedkey"] == "abc"


def test_after_the_stacks_are_deleted_every_adopted_resource_is_where_it_was(session, stack_file, capsys):
    deployment = deploy_reference(session)
    assert run(session, stack_file, "--write") == 0
    capsys.readouterr()
    assert run(session, stack_file, "--inventory") == 0
    before = json.loads(capsys.readouterr().out)

    cloudformation = session.client("cloudformation")
    for name in deletion_order(deployment.stacks):
        cloudformation.delete_stack(StackName=name)
    assert run(session, stack_file, "--inventory") == 0

    after = json.loads(capsys.readouterr().out)
    assert after == before
    assert not session.client("sqs").list_queues().get("QueueUrls")  # what is not retained is gone
    assert not [entry for entry in after.values() if isinstance(entry, str)]  # nothing "missing"
    assert set(before) >= {"tables.provider", "tables.ssn", "userPools.staff", "keys.ssn", "eventBus"}


def test_the_steps_delete_stacks_in_an_order_cloudformation_accepts(session, stack_file, capsys):
    deployment = deploy_reference(session)

    run(session, stack_file)

    err = capsys.readouterr().err
    steps = err.split("stacks=(", 1)[1].split(")", 1)[0].split()
    for later, earlier in (
        ("Test-PersistentStack", "Test-EventStateStack"),
        ("Test-PersistentStack", "Test-ProviderUsersStack"),
        ("Test-StateAuthStack", "Test-StateAPIStack"),
    ):
        assert steps.index(earlier) < steps.index(later)
    stage = f"--rest-api-id {deployment.physical('StateApi')} --stage-name prod"
    assert stage in err  # frozen first


def test_a_secret_the_program_creates_moves_into_the_stack_config_before_pulumi_up(
    session, stack_file, capsys
):
    """The reference's operators made its reCAPTCHA secret by hand, under the name the program creates."""
    deploy_reference(session)
    name = "compact-connect/env/test/recaptcha/token"
    session.client("secretsmanager").create_secret(Name=name, SecretString='{"token": "t"}')

    run(session, stack_file)

    err = capsys.readouterr().err
    copy = err.index(f"get-secret-value --region us-east-1 --secret-id {name}")
    delete = err.index(f"delete-secret --region us-east-1 --secret-id {name} --force-delete-without-recovery")
    assert err.index("2. Confirm") < copy < err.index("3. Delete") < delete < err.index("4. Deploy")
    assert "compact-connect:recaptchaSecret '<its token>'" in err


def test_the_staff_user_and_the_practitioner_sign_in_with_their_passwords(session):
    from tests.reference_deployment import add_practitioner, add_staff_user
    from tests.reference_records import ReferenceProvider

    deployment = deploy_reference(session, environment="sandbox")
    add_staff_user(session, None, deployment, email="ada@example.org", password="staff-passw0rd-1")
    who = ReferenceProvider(provider_id="89a6377e-c3a5-40e5-bca5-317ec854c570", ssn="123-45-5599")
    add_practitioner(session, None, deployment, who, email="bjork@example.com", password="pract-passw0rd-1")

    assert _signs_in(session, deployment, "staff", "ada@example.org", "staff-passw0rd-1")
    assert _signs_in(session, deployment, "provider", "bjork@example.com", "pract-passw0rd-1")
    provider = session.resource("dynamodb").Table(deployment.physical("ProviderTable"))
    assert provider.get_item(Key={"pk": who.pk, "sk": "aslp#PROVIDER"}).get("Item")


def _signs_in(
    session: boto3.Session, deployment: ReferenceDeployment, pool: str, email: str, password: str
) -> bool:
    result = session.client("cognito-idp").admin_initiate_auth(
        UserPoolId=deployment.physical(deployment.pool_path(pool, "pool")),
        ClientId=deployment.physical(deployment.pool_path(pool, "client")),
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )
    return bool(result["AuthenticationResult"]["AccessToken"])


def _block_text(text: str) -> str:
    """The block's lines as written: its key and every deeper-indented line after it."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{ADOPT_KEY}:")
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines))
    return "".join(lines[start:end])


_TABLE = {
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    "AttributeDefinitions": [
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "S"},
    ],
    "BillingMode": "PAY_PER_REQUEST",
}
