"""The cut-over from the reference deployment (issue #20), end to end on an emulator.

The reference runs in an emulator of its own: its CloudFormation stacks (:mod:`tests.reference_deployment`)
with a staff user, two registered practitioners with the reference's records, the compact configuration,
and a state's app client and signing key. ``scripts/adopt`` reads those stacks and writes the
``compact-connect:adopt`` block into a stack file; the sandbox starts over that emulator with that file
(``--aws-endpoint``, ``--adopt``), as the program's first ``pulumi up`` adopts the resources: it uses them
and provisions only the rest. Then the reference's users carry on — the staff user and a practitioner sign
in with the passwords they already had and read the reference's records, the state uploads its licenses
again with its client and signing key — and nothing the reference wrote is rewritten, nor does the first
upload after the cut-over add history.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests

from licenses.functions import BULK_UPLOAD_TRIGGER
from ops import adopt
from sandbox.events import upload_queue_key
from sandbox.resources import load_adoption
from tests.e2e.emulator_process import EmulatorProcess
from tests.e2e.reference_operations import configure_compacts, register_state_client
from tests.e2e.staff import TIMEOUT, StaffSession, cognito
from tests.e2e.state import eventually, queue_drained
from tests.reference_deployment import add_practitioner, add_staff_user, deploy_reference
from tests.reference_records import ReferenceProvider
from toolkit.manifest import ACCESS_KEY_ID, ROOT, SECRET_ACCESS_KEY
from toolkit.sandbox_process import SandboxNotStarted, SandboxProcess
from toolkit.state_client import StateClient, csv_file, post_upload, scan_pages

pytestmark = pytest.mark.e2e

DEPLOY_OWNED = "ACTIVE_MEMBER_JURISDICTIONS"
"""The active member lists: every deploy rewrites them from the stack config (the reference's did too)."""
START_TIMEOUT = 180  # over a second emulator, every call of the start takes two hops
STAFF = {"email": "ada.lovelace@example.org", "password": "reference-Passw0rd-2024"}
PRACTITIONER_PASSWORD = "practitioner-Passw0rd-2024"


@dataclass
class Reference:
    """The running reference deployment, what its users hold, and its block."""

    endpoint: str
    session: boto3.Session
    adoption: dict[str, Any]  # the block scripts/adopt wrote, as the stack file holds it
    state_client: dict[str, str]
    unchanged: ReferenceProvider  # its state re-sends its license as stored
    changing: ReferenceProvider  # its state sends a changed license

    def items(self, table: str) -> list[dict[str, Any]]:
        """A table's items, read from the reference's emulator itself."""
        dynamodb = self.session.resource("dynamodb", endpoint_url=self.endpoint)
        scanner = dynamodb.Table(self.adoption["tables"][table])
        return [item for page in scan_pages(scanner) for item in page["Items"]]


@dataclass
class Cutover:
    reference: Reference
    before: dict[str, list[dict[str, Any]]]  # each adopted table's items before the sandbox started
    sandbox: SandboxProcess

    @property
    def manifest(self) -> dict[str, Any]:
        return self.sandbox.manifest

    def partition(self, who: ReferenceProvider) -> list[dict[str, Any]]:
        return sorted((item for item in self.reference.items("provider") if item["pk"] == who.pk), key=_key)


def _key(item: dict[str, Any]) -> tuple[str, str]:
    return str(item["pk"]), str(item["sk"])


def _email(who: ReferenceProvider) -> str:
    return f"practitioner-{who.ssn[-7:-5]}@example.org"


def _reference(endpoint: str, config: Any, stack_file: Path) -> Reference:
    """The reference's stacks and users; then ``scripts/adopt --write`` on them, as an operator runs it."""
    session = boto3.Session(
        region_name="us-east-1", aws_access_key_id=ACCESS_KEY_ID, aws_secret_access_key=SECRET_ACCESS_KEY
    )
    deployment = deploy_reference(session, endpoint, environment="test")
    add_staff_user(
        session,
        endpoint,
        deployment,
        **STAFF,
        compact_actions=("readPrivate",),
        jurisdictions={"oh": {"write"}},
    )
    providers = [ReferenceProvider(str(uuid.uuid4()), ssn) for ssn in ("431-55-5599", "432-66-5599")]
    for who in providers:  # the corpus stores the last four 5599 for either
        add_practitioner(
            session, endpoint, deployment, who, email=_email(who), password=PRACTITIONER_PASSWORD
        )
    shutil.copy(ROOT / "Pulumi.test.yaml", stack_file)
    argv = ["--environment", "test", "--endpoint-url", endpoint, "--stack-file", str(stack_file), "--write"]
    assert adopt.main(argv, session=session) == 0
    adoption = load_adoption(stack_file).model_dump(mode="json", by_alias=True, exclude_defaults=True)
    dynamodb = session.resource("dynamodb", endpoint_url=endpoint)
    configuration = dynamodb.Table(adoption["tables"]["compact_configuration"])
    configure_compacts(configuration, config)
    state_pool = adoption["userPools"]["state"]["id"]
    state_client = register_state_client(
        session.client("cognito-idp", endpoint_url=endpoint), state_pool, configuration
    )
    return Reference(endpoint, session, adoption, state_client, *providers)


@pytest.fixture(scope="module")
def cutover(tmp_path_factory: pytest.TempPathFactory, local_config: Any) -> Iterator[Cutover]:
    directory: Path = tmp_path_factory.mktemp("cutover")
    upstream = EmulatorProcess(directory / "emulator.log", preload=("tests.moto_cloudformation",))
    try:
        stack_file = directory / "Pulumi.test.yaml"
        reference = _reference(upstream.endpoint, local_config, stack_file)
        before = {table: reference.items(table) for table in reference.adoption["tables"]}
        sandbox = SandboxProcess.start(
            directory / "manifest.json",
            *("--aws-endpoint", upstream.endpoint, "--adopt", str(stack_file)),
            timeout=START_TIMEOUT,
        )
    except SandboxNotStarted as error:
        upstream.stop()
        pytest.fail(str(error))
    except BaseException:
        upstream.stop()
        raise
    yield Cutover(reference, before, sandbox)
    sandbox.stop()
    upstream.stop()


def _emails(users: list[dict[str, Any]]) -> list[str]:
    return sorted(a["Value"] for user in users for a in user["Attributes"] if a["Name"] == "email")


def test_the_manifest_names_the_adopted_resources_and_the_sandbox_seeded_none_of_them(cutover):
    adoption, manifest, reference = cutover.reference.adoption, cutover.manifest, cutover.reference

    assert manifest["tables"] == adoption["tables"]
    assert {key: manifest["buckets"][key] for key in adoption["buckets"]} == adoption["buckets"]
    assert set(manifest["buckets"]) > set(adoption["buckets"])  # the rest provisioned as usual
    assert manifest["eventBus"] == adoption["eventBus"]
    for pool in ("staff", "provider", "state"):
        assert manifest["userPools"][pool]["id"] == adoption["userPools"][pool]["id"]
    assert manifest["userPools"]["staff"]["clientId"] == adoption["userPools"]["staff"]["uiClientId"]
    assert manifest["adopted"] == {"awsEndpoint": reference.endpoint, **adoption}
    # No personas, practitioners or state clients of the sandbox's own in the reference's pools.
    assert (manifest["users"], manifest["practitioners"], manifest["stateClients"]) == ([], [], [])
    idp = cognito(manifest)
    staff = idp.list_users(UserPoolId=adoption["userPools"]["staff"]["id"])["Users"]
    practitioners = idp.list_users(UserPoolId=adoption["userPools"]["provider"]["id"])["Users"]
    assert _emails(staff) == [STAFF["email"]]
    assert _emails(practitioners) == sorted(_email(who) for who in (reference.unchanged, reference.changing))


def test_the_reference_staff_user_signs_in_with_their_password_and_reads_the_reference_provider(cutover):
    who = cutover.reference.unchanged
    staff = StaffSession(cutover.manifest, STAFF["email"], STAFF["password"])

    detail = staff.call("GET", f"/v1/compacts/aslp/providers/{who.provider_id}")
    history = staff.call(
        "GET",
        f"/v1/compacts/aslp/providers/{who.provider_id}/privileges/jurisdiction/ne/licenseType/slp/history",
    )

    assert detail.status_code == 200, detail.text
    body = detail.json()
    assert (body["providerId"], body["givenName"], body["familyName"]) == (
        who.provider_id,
        "Björk",
        "Guðmundsdóttir",
    )
    assert [(lic["jurisdiction"], lic["licenseNumber"]) for lic in body["licenses"]] == [
        ("oh", "A0608337260")
    ]
    assert {p["privilegeId"]: p["status"] for p in body["privileges"]} == {
        "SLP-KY-7": "active",
        "SLP-NE-696d514f-2": "active",
    }
    assert history.status_code == 200, history.text
    assert "renewal" in [event["updateType"] for event in history.json()["events"]]


def test_a_reference_practitioner_signs_in_with_their_password_and_reads_their_own_records(cutover):
    who, pool = cutover.reference.unchanged, cutover.manifest["userPools"]["provider"]
    signed_in = cognito(cutover.manifest).initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=pool["clientId"],
        AuthParameters={"USERNAME": _email(who), "PASSWORD": PRACTITIONER_PASSWORD},
    )["AuthenticationResult"]

    me = requests.get(
        cutover.manifest["apis"]["license"] + "/v1/provider-users/me",
        headers={"Authorization": signed_in["IdToken"]},
        timeout=TIMEOUT,
    )

    assert me.status_code == 200, me.text
    body = me.json()
    assert (body["providerId"], [lic["jurisdiction"] for lic in body["licenses"]]) == (
        who.provider_id,
        ["oh"],
    )
    assert {p["privilegeId"] for p in body["privileges"]} == {"SLP-KY-7", "SLP-NE-696d514f-2"}


def test_nothing_the_reference_wrote_is_rewritten(cutover):
    """Every item the reference left is still there as it was: none re-seeded, none rewritten by the
    start or by reading. Only the deploy-owned active member lists may be rewritten, and the provider
    whose state sends a changed license may change (its test says exactly how)."""
    changing = cutover.reference.changing.pk

    for table, before in cutover.before.items():
        now = {_key(item): item for item in cutover.reference.items(table)}
        kept = [item for item in before if DEPLOY_OWNED not in item["pk"] and item["pk"] != changing]
        assert [now.get(_key(item)) for item in kept] == kept, table
    new_attestations = [
        item
        for item in cutover.reference.items("compact_configuration")
        if item.get("type") == "attestation" and item not in cutover.before["compact_configuration"]
    ]
    assert new_attestations == []  # the deploy-time upload found the reference's versions current


def _drained(cutover: Cutover, *queues: str) -> None:
    for queue in (*queues, "license_preprocessing", "license_ingest"):
        eventually(lambda queue=queue: queue_drained(cutover.manifest, queue))


def _posted(cutover: Cutover, state: StateClient, rows: list[dict[str, str]]) -> None:
    response = state.call("POST", f"{state.base()}/licenses", rows)
    assert response.status_code == 200, response.text
    _drained(cutover)


def _uploaded(cutover: Cutover, state: StateClient, rows: list[dict[str, str]]) -> None:
    """A CSV file through the presigned POST, into the adopted bulk-upload bucket."""
    posted = post_upload(state.bulk_upload(), csv_file(rows))
    assert posted.status_code in (200, 201, 204), posted.text
    _drained(cutover, upload_queue_key(BULK_UPLOAD_TRIGGER))


def test_the_states_first_upload_after_the_cutover_writes_no_duplicate_history(cutover):
    """The state's client and signing key carry on; the licenses the reference holds, sent again (posted,
    then in a file), change nothing; a license that did change gets exactly one history record."""
    reference = cutover.reference
    state = StateClient(cutover.manifest, reference.state_client)
    unchanged_before = cutover.partition(reference.unchanged)
    changing_before = cutover.partition(reference.changing)

    _posted(cutover, state, [reference.unchanged.upload_row(), reference.changing.upload_row()])
    _uploaded(cutover, state, [reference.unchanged.upload_row(), reference.changing.upload_row()])
    after_resend = cutover.partition(reference.unchanged), cutover.partition(reference.changing)
    _posted(cutover, state, [{**reference.changing.upload_row(), "phoneNumber": "+13215550000"}])
    changed = cutover.partition(reference.changing)

    assert after_resend == (unchanged_before, changing_before)
    assert cutover.partition(reference.unchanged) == unchanged_before
    previous = {_key(item) for item in changing_before}
    (update,) = [item for item in changed if _key(item) not in previous]
    assert update["type"] == "licenseUpdate" and update["updateType"] == "other"
    assert update["updatedValues"] == {"phoneNumber": "+13215550000"}
    (license_record,) = [item for item in changed if item["type"] == "license"]
    assert license_record["phoneNumber"] == "+13215550000"
