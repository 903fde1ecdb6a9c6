"""The published OpenAPI documents are a contract the sandbox keeps, checked by schemathesis.

Every operation of ``docs/openapi/{license,state,search}.json`` (CORS preflights included) is driven
against the running sandbox with inputs generated from the document itself, in three runs:

- **known**: valid inputs whose path names real things (compact ``aslp``, jurisdiction ``oh``, a provider
  licensed in ``ne`` with a privilege in ``oh`` and a past: an encumbrance, an investigation, history
  entries, a military affiliation; a staff user made for this module), so the 200 answers
  and their bodies are exercised, not only the errors; where no generated body could pass the rules a
  document cannot state, also one known-good body (:data:`KNOWN_BODIES`: a query window of a day, a
  configuration that keeps the stored states, an invitation, three license rows of the compact);
- **generated**: valid inputs with every parameter generated (other compacts, unknown ids...);
- **negative**: inputs that break the document somewhere (a wrong type, an unknown field or enum value,
  a pattern or length broken, a control character in a name...): they must be refused with a 4xx.

Each response must be described by the document (status code, content type, body schema, headers)
and must not be a 5xx; a negative input must be refused; a response to an authenticated request must
not also be given without the credentials (``ignored_auth``). Authenticated routes are called with
valid tokens of users made for this module (a compact admin of ``aslp``, a readSSN reader in ``oh``)
and, on the State API, the ``oh`` client's token with a fresh request signature per request.

Bounds, so that a run is repeatable and takes about a minute on two cores: Hypothesis is derandomized
(the same cases every run; no example database, no shrinking) and every operation has an example
budget (:data:`BUDGETS`, :data:`DEFAULT_BUDGET`). Operations that are slow or destructive are driven
with fewer examples rather than skipped:

- the public provider routes hold every answer at least a second: 2 known, 1 generated, 2 negative;
- the SSN read counts every well-formed attempt against its caller (the 6th is refused, the 7th
  disables the user) and the whole system (the 16th switches it off): at most 5 attempts are counted
  (3 known, 2 generated), by a reader made for this module, and the endpoint is switched on again
  before and after, which restarts the system-wide count;
- staff-user routes act only on users made here (the known ``userId`` is a throwaway user; generated
  ids name nobody), never on the shared personas;
- configuration written by the generated PUTs is put back as it was when the module ends.

Positive data acceptance is not checked: documents cannot state the rules that span fields or
records (a jurisdiction that is a member of the compact, ``inactive`` and ``eligible`` together, a
user the caller administers), so a valid-looking request may rightly be a documented 400/403/404.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import load_all_checks

from core.models.provider import Provider
from core.signature import sign_request
from ops import ssn_endpoint
from ops.generate_mock_licenses import mock_rows
from tests.e2e.providers import SandboxRecords
from tests.e2e.staff import StaffSession, new_staff_user
from tests.records import (
    make_adverse_action,
    make_investigation,
    make_license,
    make_license_update,
    make_privilege,
    make_privilege_update,
)
from toolkit.sandbox_process import ROOT, SandboxProcess
from toolkit.state_client import StateClient

pytestmark = pytest.mark.e2e

DOCS = ROOT / "docs" / "openapi"
APIS = ("license", "state", "search")
CONFIG = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})
SCHEMAS = {api: schemathesis.openapi.from_path(DOCS / f"{api}.json", config=CONFIG) for api in APIS}
OPERATIONS = [(api, result.ok()) for api, schema in SCHEMAS.items() for result in schema.get_all_operations()]

load_all_checks()
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.negative_data_rejection,
    schemathesis.checks.ignored_auth,
]

PASSWORD = "contract-passw0rd"
PROVIDER_SSN = "444-55-6601"
KNOWN = {"compact": "aslp", "jurisdiction": "oh", "licenseType": "slp"}
TIMEOUT = 15


@dataclass(frozen=True)
class Budget:
    """Examples per run of one operation (see the module docstring)."""

    known: int
    generated: int
    negative: int


DEFAULT_BUDGET = Budget(known=10, generated=8, negative=25)
PREFLIGHT_BUDGET = Budget(known=1, generated=1, negative=0)
_PUBLIC_LOOKUP = Budget(known=2, generated=1, negative=2)  # every answer takes at least 1 s
_PUBLIC_FORM = Budget(known=1, generated=1, negative=2)  # every answer takes 2 to 5 s
BUDGETS = {
    "POST /v1/provider-users/registration": _PUBLIC_FORM,
    "POST /v1/provider-users/initiateRecovery": _PUBLIC_FORM,
    "POST /v1/provider-users/verifyRecovery": _PUBLIC_FORM,
    "POST /v1/public/compacts/{compact}/providers/query": _PUBLIC_LOOKUP,
    "GET /v1/public/compacts/{compact}/providers/{providerId}": _PUBLIC_LOOKUP,
    (
        "GET /v1/public/compacts/{compact}/providers/{providerId}/jurisdiction/{jurisdiction}"
        "/licenseType/{licenseType}/history"
    ): _PUBLIC_LOOKUP,
    # Counted against the reader and the system: at most 5 attempts, below every limit.
    "GET /v1/compacts/{compact}/providers/{providerId}/ssn": Budget(known=3, generated=2, negative=3),
}


def budget_of(operation: Any) -> Budget:
    if operation.method.upper() == "OPTIONS":
        return PREFLIGHT_BUDGET
    budget = BUDGETS.get(operation.label, DEFAULT_BUDGET)
    if not (operation.path_parameters or operation.query or operation.body):
        return Budget(known=budget.known, generated=0, negative=0)  # no input to vary or to break
    return budget


# ---- the callers and the things they call about ---------------------------------------------------


def _provider_with_a_past(sandbox: SandboxProcess) -> Provider:
    """Licensed in ne with a privilege in oh, with something in every part of the detail, so their
    documented shapes meet served data: an encumbrance of the privilege (and its history entry), an open
    investigation of the license, a renewal in the license's history, a military affiliation with its
    document (compact admins get a download link)."""
    records = SandboxRecords(sandbox.manifest)
    provider = records.provider(
        PROVIDER_SSN, "ne", privileges=("oh",), military_status="approved", military_status_note="orders ok"
    )
    license_ = make_license(provider, ssn_last_four=PROVIDER_SSN[-4:])
    privilege = make_privilege(provider, "oh", 100)  # the records records.provider wrote
    when = datetime(2025, 7, 1, 16, tzinfo=UTC)
    records.put(
        make_adverse_action(privilege),
        make_investigation(license_),
        make_license_update(license_, "renewal", when, updated_values={"dateOfRenewal": "2025-07-01"}),
        make_privilege_update(
            privilege, "encumbrance", when, updated_values={"encumberedStatus": "encumbered"}
        ),
    )
    records.military_document(provider, "orders.pdf", b"%PDF-1.4 contract test")
    return provider


@dataclass
class Contract:
    sandbox: SandboxProcess
    admin: StaffSession
    reader: StaffSession
    state: StateClient
    known: dict[str, str]
    http: requests.Session
    targets: dict[str, str]

    def base_url(self, api: str) -> str:
        return self.sandbox.manifest["apis"][api]

    def known_path(self, operation: Any) -> dict[str, str]:
        """Known values of the operation's path parameters."""
        names = {parameter.name for parameter in operation.path_parameters}
        target = self.targets["DELETE" if operation.method.upper() == "DELETE" else "OTHER"]
        known = {**self.known, "userId": target}
        return {name: value for name, value in known.items() if name in names}

    def known_body(self, api: str, operation: Any) -> Any:
        """A body that passes the rules a document cannot state (windows, cross-field rules, the
        compact's own license types), for the routes whose generated bodies would never be accepted."""
        maker = KNOWN_BODIES.get((api, operation.label))
        return maker(self) if maker else None

    def admin_call(self, method: str, path: str) -> Any:
        response = self.admin.call(method, path)
        assert response.status_code == 200, response.text
        return response.json()

    def credentials(self, operation: Any, case: Any) -> dict[str, str]:
        """Headers that authenticate ``case`` as the route's caller: none on public routes, a staff
        token (the reader's for readSSN routes), or the state client's token and a fresh signature."""
        security = operation.definition.raw.get("security") or []
        if not security:
            return {}
        [(authorizer, scopes)] = security[0].items()
        if authorizer == "StateAuthPoolAuthorizer":
            signature = self.state_signature(case)
            return {"Authorization": self.state.token, **signature}
        session = self.reader if "aslp/readSSN" in scopes else self.admin
        return {"Authorization": session.token}

    def state_signature(self, case: Any) -> dict[str, str]:
        query = {name: str(value) for name, value in (case.query or {}).items()}
        client = self.state.client
        return sign_request(client["privateKeyPem"], case.method, case.formatted_path, query, client["keyId"])


def _configuration_items(sandbox: SandboxProcess) -> tuple[Any, list[dict[str, Any]]]:
    session = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1")
    table = session.resource("dynamodb", endpoint_url=sandbox.manifest["awsEndpoint"]).Table(
        sandbox.manifest["tables"]["compact_configuration"]
    )
    return table, table.scan()["Items"]


@contextlib.contextmanager
def _configuration_restored(sandbox: SandboxProcess) -> Iterator[None]:
    """The compact configuration as it was before: the generated PUTs may make jurisdictions live."""
    table, before = _configuration_items(sandbox)
    try:
        yield
    finally:
        _, after = _configuration_items(sandbox)
        with table.batch_writer() as batch:
            for item in after:
                batch.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})
            for item in before:
                batch.put_item(Item=item)


@pytest.fixture(scope="module")
def contract(sandbox: SandboxProcess) -> Iterator[Contract]:
    def switch_on() -> None:
        argv = ["enable", "--sandbox", "--reason", "contract test: restart the system-wide count"]
        assert ssn_endpoint.main(argv, manifest_path=sandbox.manifest_path) == 0

    manifest = sandbox.manifest
    # The admin of aslp and of oh, and oh's writer: every staff route it calls with known values can
    # answer 200 (the jurisdiction routes accept only that jurisdiction's own admins and writers).
    admin = new_staff_user(
        sandbox.manifest_path,
        PASSWORD,
        ("compact-admin", None),
        ("jurisdiction-admin", "oh"),
        ("jurisdiction-writer", "oh"),
    )
    reader = new_staff_user(sandbox.manifest_path, PASSWORD, ("read-ssn", "oh"))
    provider = _provider_with_a_past(sandbox)
    state = StateClient(manifest, next(c for c in manifest["stateClients"] if c["jurisdiction"] == "oh"))
    known = {**KNOWN, "providerId": provider.provider_id}
    switch_on()
    with _configuration_restored(sandbox), requests.Session() as http:
        yield Contract(
            sandbox=sandbox,
            admin=StaffSession(manifest, admin["email"], PASSWORD),
            reader=StaffSession(manifest, reader["email"], PASSWORD),
            state=state,
            known=known,
            http=http,
            # Users for the routes that act on one: the delete has one of its own.
            targets={
                method: new_staff_user(sandbox.manifest_path, PASSWORD, ("read-only", "oh"))["userId"]
                for method in ("DELETE", "OTHER")
            },
        )
    switch_on()


# ---- bodies the documents cannot promise will be accepted -------------------------------------------------

_EMAILS = ["contract@example.org"]


def _compact_configuration(contract: Contract) -> dict[str, Any]:
    """The current configuration with every field set (its states cannot be added or removed here)."""
    current = contract.admin_call("GET", "/v1/compacts/aslp")
    return {
        "compactCommissionFee": {"feeType": "FLAT_RATE", "feeAmount": 3.5},
        "compactOperationsTeamEmails": _EMAILS,
        "compactAdverseActionsNotificationEmails": _EMAILS,
        "compactSummaryReportNotificationEmails": _EMAILS,
        "licenseeRegistrationEnabled": current["licenseeRegistrationEnabled"],
        "configuredStates": [
            {"postalAbbreviation": state["postalAbbreviation"], "isLive": state["isLive"]}
            for state in current["configuredStates"]
        ],
    }


def _jurisdiction_configuration(contract: Contract) -> dict[str, Any]:
    current = contract.admin_call("GET", "/v1/compacts/aslp/jurisdictions/oh")
    return {
        "privilegeFees": [
            {"licenseTypeAbbreviation": fee["licenseTypeAbbreviation"], "amount": 50}
            for fee in current["privilegeFees"]
        ],
        "jurisprudenceRequirements": {"required": False},
        "jurisdictionOperationsTeamEmails": _EMAILS,
        "jurisdictionAdverseActionsNotificationEmails": _EMAILS,
        "jurisdictionSummaryReportNotificationEmails": _EMAILS,
        "licenseeRegistrationEnabled": current["licenseeRegistrationEnabled"],
    }


def _state_window(_: Contract) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {"query": {"startDateTime": (now - timedelta(days=1)).isoformat(), "endDateTime": now.isoformat()}}


_OH_WRITE = {"aslp": {"jurisdictions": {"oh": {"actions": {"write": True}}}}}
KNOWN_BODIES: dict[tuple[str, str], Any] = {
    ("license", "PUT /v1/compacts/{compact}"): _compact_configuration,
    ("license", "PUT /v1/compacts/{compact}/jurisdictions/{jurisdiction}"): _jurisdiction_configuration,
    ("license", "POST /v1/compacts/{compact}/staff-users"): lambda _: {
        "attributes": {
            "email": f"contract-invitee-{uuid.uuid4().hex[:8]}@example.org",
            "givenName": "Contract",
            "familyName": "Invitee",
        },
        "permissions": _OH_WRITE,
    },
    ("license", "PATCH /v1/compacts/{compact}/staff-users/{userId}"): lambda _: {"permissions": _OH_WRITE},
    ("state", "POST /v1/compacts/{compact}/jurisdictions/{jurisdiction}/licenses"): lambda _: list(
        mock_rows(3, ("speech-language pathologist",), "oh", seed=7)
    ),
    ("state", "POST /v1/compacts/{compact}/jurisdictions/{jurisdiction}/providers/query"): _state_window,
}


# ---- the test -------------------------------------------------------------------------------------------


def _drive(contract: Contract, api: str, operation: Any, case: Any) -> None:
    """Send the case as its caller would and hold the answer to the document."""
    headers = contract.credentials(operation, case)
    transport = {"base_url": contract.base_url(api), "session": contract.http, "headers": headers}
    response = case.call(**transport, timeout=TIMEOUT)
    case.validate_response(response, checks=CHECKS, headers=headers, transport_kwargs=transport)


@pytest.mark.parametrize(("api", "operation"), OPERATIONS, ids=[f"{a} {op.label}" for a, op in OPERATIONS])
def test_every_answer_is_described_by_the_document(contract: Contract, api: str, operation: Any) -> None:
    known_path = contract.known_path(operation)
    known_body = contract.known_body(api, operation)
    runs: list[tuple[GenerationMode, dict[str, Any], int]] = []
    if known_body is not None:
        runs.append((GenerationMode.POSITIVE, {"path_parameters": known_path, "body": known_body}, 1))
    budget = budget_of(operation)
    runs += [
        (GenerationMode.POSITIVE, {"path_parameters": known_path}, budget.known),
        (GenerationMode.POSITIVE, {}, budget.generated),
        (GenerationMode.NEGATIVE, {}, budget.negative),
    ]
    for mode, fixed, examples in runs:
        if examples == 0:
            continue

        @settings(
            max_examples=examples,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode, **fixed))
        def run_case(case: Any) -> None:
            _drive(contract, api, operation, case)

        run_case()
