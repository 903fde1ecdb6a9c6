"""Every route of every API, and the sandbox's own endpoints, answer the hostile-input corpus
(``tests/e2e/hostile.py``) without a 5xx, change no table, and keep answering (issue #10).

Routes come from the catalog, so a new route is covered as soon as it is declared. Each route gets, with
and without valid credentials (public routes: without):

- every corpus body, its own request model filled with each hostile value (in every top-level field, and
  in every field at any depth, beside an unknown key so that nothing can be accepted), and a 10 MB body,
  with valid-looking path parameters (:data:`VALID_SEGMENTS`: they name nobody, so nothing is found to
  change);
- every hostile path segment in each path parameter in turn, and every hostile value in each query
  parameter;

and, with valid path parameters, every malformed ``Authorization`` header in place of the credentials and,
on the State API routes that check signatures, every tampering of a valid signature. The valid callers are
a compact admin of aslp (also admin and writer in oh) and a readSSN reader in oh made for this module, and
oh's state client with a fresh signature per request. The State API's token endpoint gets the corpus
bodies, the malformed ``Authorization`` headers and hostile form fields; each API answers hostile unknown
paths and methods as API Gateway does; the AWS emulator gets the corpus bodies and hostile fields on the
staff pool's sign-in and a DynamoDB read (which must be refused), and hostile pool ids on the JWKS path
(moto serves its one key for any pool).

The checks: no answer is a 5xx (or a dropped connection); a body every route must refuse is a 4xx; after
the corpus every table is as it was, except for the signature nonces the corpus itself spent — a valid
signature spends its nonce before the body is read, which is the replay defence working; and the sandbox
answers a public GET after every route. Failures are collected and reported together.

Bounds: the public routes hold every answer one to five seconds (``core.response_floor``), so their
requests are sent :data:`HELD_WORKERS` at a time, the others' :data:`WORKERS`; the SSN read records every
well-formed attempt of a valid caller before judging it, so that caller gets only what must be refused
before anything is recorded (:data:`COUNTS_ATTEMPTS`).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import botocore.session
import pytest
import requests

from catalog import ROUTES
from core.api_catalog import AuthKind, Route
from core.operational_keys import registration_attempts_pk, signature_nonce_pk, signature_nonce_sk
from core.signature import NONCE_HEADER, sign_request
from tests.e2e import hostile
from tests.e2e.practitioners import practitioner_tokens
from tests.e2e.probing import TIMEOUT, Anonymous, Answer, Caller, Probe, Sender
from tests.e2e.staff import StaffSession, new_staff_user
from tests.e2e.state import eventually, queue_drained, table_items
from toolkit.sandbox_process import SandboxProcess
from toolkit.state_client import StateClient

pytestmark = pytest.mark.e2e

PASSWORD = "hostile-corpus-passw0rd"
NOBODY = "00000000-0000-4000-8000-00000000c0de"
VALID_SEGMENTS = {
    "compact": "aslp",
    "jurisdiction": "oh",
    "licenseType": "slp",
    "providerId": NOBODY,
    "userId": NOBODY,
    "encumbranceId": NOBODY,
    "investigationId": NOBODY,
    "attestationId": "jurisprudence-confirmation",
    "flagId": "example-flag",
}
"""Valid-looking path values: a known compact, jurisdiction and license type, ids that name nobody."""
COUNTS_ATTEMPTS = frozenset({"GET /v1/compacts/{compact}/providers/{providerId}/ssn"})
"""Routes that record a valid caller's every well-formed attempt before judging it (the SSN read limits):
a body they ignore would be such an attempt, so their valid caller gets only what they must refuse first."""
EMULATOR_OPERATIONS = ("cognito-idp.InitiateAuth", "dynamodb.GetItem")
AWS_JSON = "application/x-amz-json-1.1"
PUBLIC_PROBE = "/v1/public/jurisdictions/live"
WORKERS = 16
HELD_WORKERS = 64
"""Public routes hold every answer to a floor (1 to 5 seconds, ``core.response_floor``) outside the
gateway's request lock: their probes are sent this many at a time, so the floors overlap."""


# ---- callers ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Staff:
    name: str
    token: str

    def headers(self, method: str, path: str, query: dict[str, str]) -> dict[str, str | bytes]:
        return {"Authorization": self.token}


@dataclass(frozen=True)
class SigningState:
    """The state client: its token and a fresh signature of the path as the server decodes it, changed by
    ``tampering``. Every nonce it signs with is remembered, to tell its own nonces from other writes."""

    client: StateClient
    nonces: list[str]
    name: str = "state client"
    tampering: dict[str, str] = field(default_factory=dict)

    def tampered(self, name: str, changes: dict[str, str]) -> SigningState:
        return SigningState(self.client, self.nonces, f"state client, {name}", changes)

    def headers(self, method: str, path: str, query: dict[str, str]) -> dict[str, str | bytes]:
        client = self.client.client
        signature = sign_request(client["privateKeyPem"], method, unquote(path), query, client["keyId"])
        self.nonces.append(signature[NONCE_HEADER])
        return {"Authorization": self.client.token, **signature, **self.tampering}


@dataclass(frozen=True)
class Callers:
    admin: Staff
    reader: Staff
    state: SigningState
    practitioner: Staff

    def valid(self, route: Route) -> Caller | None:
        """The caller whose credentials the route accepts: none for public routes."""
        if route.auth.kind is AuthKind.STATE:
            return self.state
        if route.auth.kind is AuthKind.STAFF:
            read_ssn = route.auth.scopes is not None and route.auth.scopes.action == "readSSN"
            return self.reader if read_ssn else self.admin
        if route.auth.kind is AuthKind.PROVIDER:
            return self.practitioner
        return None


# ---- probes -----------------------------------------------------------------------------------------


def _path(route: Route, segments: dict[str, str]) -> str:
    path = route.path
    for name in route.path_params:
        path = path.replace(f"{{{name}}}", segments.get(name, VALID_SEGMENTS[name]))
    return path


def _bodies(route: Route) -> list[hostile.Body]:
    own = list(hostile.model_bodies(route.request_model)) if route.request_model else []
    return [*hostile.BODIES, *own, hostile.HUGE_BODY]


def route_probes(route: Route, base: str, callers: Callers) -> Iterator[Probe]:
    """The corpus for one route: bodies, path and query values with and without valid credentials, then
    malformed credentials and tampered signatures."""
    valid = callers.valid(route)
    valid_path = _path(route, {})
    probe = _prober(route.key, route.method, base)
    for caller in [Anonymous(), *([valid] if valid else [])]:
        counted = caller is valid and route.key in COUNTS_ATTEMPTS
        for body in _bodies(route):
            if body.refused or not counted:
                yield probe(f"body: {body.name}", caller, valid_path, body=body, refused=body.refused)
        for name in route.path_params:
            for value_name, value in hostile.SEGMENTS.items():
                yield probe(f"path {name}: {value_name}", caller, _path(route, {name: value}))
        for parameter in route.query_params:
            for value_name, value in hostile.QUERY_VALUES.items():
                query = {parameter.name: value}
                yield probe(f"query {parameter.name}: {value_name}", caller, valid_path, query)
    for name, authorization in hostile.AUTHORIZATION.items():
        yield probe(f"Authorization: {name}", Anonymous(f"Authorization {name}", authorization), valid_path)
    if route.auth.signature:
        for name, changes in hostile.SIGNATURE_TAMPERING.items():
            yield probe(f"signature: {name}", callers.state.tampered(name, changes), valid_path)


def _prober(target: str, method: str, base: str) -> Callable[..., Probe]:
    def probe(
        payload: str,
        caller: Caller,
        path: str,
        query: dict[str, str] | None = None,
        **rest: Any,
    ) -> Probe:
        return Probe(target, payload, caller, method, base, path, query or {}, **rest)

    return probe


def token_endpoint_probes(sandbox: SandboxProcess, state: StateClient) -> Iterator[Probe]:
    """The State API's token endpoint (the sandbox's stand-in for Cognito's ``/oauth2/token``)."""
    client = state.client
    basic = "Basic " + base64.b64encode(f"{client['clientId']}:{client['clientSecret']}".encode()).decode()
    valid = Anonymous("client credentials", basic)
    base, path = sandbox.manifest["apis"]["state"], "/oauth2/token"
    probe = _prober("POST /oauth2/token", "POST", base)
    grant = {"grant_type": "client_credentials"}
    yield probe("valid request", valid, path, form=grant)
    for caller in (Anonymous(), valid):
        for body in (*hostile.BODIES, hostile.HUGE_BODY):
            yield probe(f"body: {body.name}", caller, path, body=body, refused=True)
    for name, authorization in hostile.AUTHORIZATION.items():
        caller = Anonymous(f"Authorization {name}", authorization)
        yield probe(f"Authorization: {name}", caller, path, form=grant, refused=True)
    for name, form in hostile.TOKEN_FORMS.items():
        yield probe(f"form: {name}", valid, path, form=form, refused=True)


def gateway_probes(sandbox: SandboxProcess) -> Iterator[Probe]:
    """Hostile paths that match no route, and methods no route has, on each API."""
    for api, base in sandbox.manifest["apis"].items():
        probe = _prober(f"{api} API gateway", "GET", base)
        for name, segment in hostile.SEGMENTS.items():
            yield probe(f"unknown path: {name}", Anonymous(), f"/v1/{segment}", refused=True)
        for method in ("TRACE", "PROPFIND", "FOO", "OPTIONS"):
            yield _prober(f"{api} API gateway", method, base)(f"method {method}", Anonymous(), "/v1/..")


@dataclass(frozen=True)
class AwsCaller:
    """A raw AWS JSON-protocol call to the emulator: the operation in ``X-Amz-Target``, no signature (the
    emulator reads none)."""

    target: str
    name: str = "AWS JSON client"

    def headers(self, method: str, path: str, query: dict[str, str]) -> dict[str, str | bytes]:
        return {"X-Amz-Target": self.target}


def _operation(qualified: str) -> Any:
    """``cognito-idp.InitiateAuth`` → botocore's model of the operation."""
    service, name = qualified.split(".")
    return botocore.session.get_session().get_service_model(service).operation_model(name)


def emulator_probes(sandbox: SandboxProcess) -> Iterator[Probe]:
    """The staff pool's endpoints on the emulator (sign-in, JWKS) and a DynamoDB read, read-only calls
    a client of the sandbox makes directly: the corpus bodies, and hostile values in every field of the
    operation's input."""
    base = sandbox.manifest["awsEndpoint"]
    probe = _prober("AWS emulator", "POST", base)
    for qualified in EMULATOR_OPERATIONS:
        operation = _operation(qualified)
        caller = AwsCaller(f"{operation.service_model.metadata['targetPrefix']}.{operation.name}")
        filled = [
            hostile.Body(
                f"every field {name}",
                json.dumps(dict.fromkeys(operation.input_shape.members, value)).encode(),
                AWS_JSON,
            )
            for name, value in hostile.FIELD_VALUES.items()
        ]
        for body in (*hostile.BODIES, *filled, hostile.HUGE_BODY):
            yield probe(f"{qualified} body: {body.name}", caller, "/", body=body, refused=True)
    jwks = _prober("AWS emulator", "GET", base)
    for name, segment in hostile.SEGMENTS.items():
        yield jwks(f"JWKS of pool: {name}", Anonymous(), f"/{segment}/.well-known/jwks.json")


# ---- tables ----------------------------------------------------------------------------------------


def settled(sandbox: SandboxProcess) -> dict[str, set[str]]:
    """Every table's items (as canonical JSON), once the asynchronous pipelines have nothing in flight."""
    manifest = sandbox.manifest

    def drained() -> bool:
        return all(queue_drained(manifest, queue) for queue in manifest["queues"])

    eventually(drained)
    return {
        table: {json.dumps(item, sort_keys=True, default=str) for item in table_items(manifest, table)}
        for table in manifest["tables"]
    }


REGISTRATION_ATTEMPTS = registration_attempts_pk("127.0.0.1")
"""The corpus's well-formed registrations are counted against its address before they are judged (and at
most three are, before the rate limit refuses the rest): the rate limit working, not a change it made."""
SCHEDULED = frozenset({"ingestReportWatermark"})
"""Item types the sandbox's schedules write on their own (the quarter-hourly ingest report moves each
state's watermark), whenever a run of the corpus spans a quarter hour."""


def _expected(record: dict[str, Any], spent: set[tuple[str, str]]) -> bool:
    return (
        (record.get("pk"), record.get("sk")) in spent
        or record.get("pk") == REGISTRATION_ATTEMPTS
        or record.get("type") in SCHEDULED
    )


def unexpected_changes(
    before: dict[str, set[str]], after: dict[str, set[str]], spent: set[tuple[str, str]]
) -> list[str]:
    """Items added or removed, less the nonce records of the corpus's own valid signatures (``spent``:
    their keys), its registration attempts and what the schedules wrote meanwhile."""
    changes = []
    for table in before:
        for item in sorted(after[table] - before[table]):
            if not _expected(json.loads(item), spent):
                changes.append(f"{table}: added {item[:300]}")
        for item in sorted(before[table] - after[table]):
            if not _expected(json.loads(item), spent):
                changes.append(f"{table}: removed {item[:300]}")
    return changes


# ---- the test --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def callers(sandbox: SandboxProcess, state: StateClient) -> Callers:
    """The module's callers, each having made one request already: a staff token's first request runs the
    pre-token trigger, which records the user's first sign-in (a write that belongs before the snapshot)."""
    manifest_path = sandbox.manifest_path
    admin = new_staff_user(
        manifest_path, PASSWORD, ("compact-admin", None), ("jurisdiction-admin", "oh"),
        ("jurisdiction-writer", "oh"), prefix="hostile",
    )  # fmt: skip
    reader = new_staff_user(manifest_path, PASSWORD, ("read-ssn", "oh"), prefix="hostile")
    sessions = [StaffSession(sandbox.manifest, user["email"], PASSWORD) for user in (admin, reader)]
    for session in sessions:
        assert session.call("GET", "/v1/staff-users/me").status_code == 200
    assert state.token
    tokens = practitioner_tokens(sandbox.manifest, "hostile.practitioner@example.org", "aslp", NOBODY)
    return Callers(Staff("compact admin", sessions[0].token), Staff("readSSN reader", sessions[1].token),
                   SigningState(state, []), Staff("practitioner", tokens["IdToken"]))  # fmt: skip


def _targets(sandbox: SandboxProcess, callers: Callers) -> list[tuple[str, Iterator[Probe], bool]]:
    """Every catalog route, then the token endpoint, the gateways' unknown paths and the emulator; each
    with whether its answers are held to a floor (the public routes)."""
    targets = [
        (route.key, route_probes(route, sandbox.url(route.api.value, ""), callers), route.auth.is_public)
        for route in ROUTES
    ]
    return [
        *targets,
        ("POST /oauth2/token", token_endpoint_probes(sandbox, callers.state.client), False),
        ("gateways", gateway_probes(sandbox), False),
        ("AWS emulator", emulator_probes(sandbox), False),
    ]


def _unreached(answers: list[Answer], callers: Callers) -> list[str]:
    """Protected routes whose valid caller never got past the authorizer: their corpus would prove little."""
    reached = {
        answer.probe.target
        for answer in answers
        if answer.probe.caller in (callers.admin, callers.reader, callers.state, callers.practitioner)
        and answer.status not in (401, 403)
    }
    return [route.key for route in ROUTES if not route.auth.is_public and route.key not in reached]


def test_the_hostile_corpus_meets_no_5xx_and_changes_nothing(
    sandbox: SandboxProcess, callers: Callers
) -> None:
    before = settled(sandbox)
    sender = Sender()
    answers: list[Answer] = []
    unanswered: list[str] = []
    with ThreadPoolExecutor(WORKERS) as pool, ThreadPoolExecutor(HELD_WORKERS) as held_pool:
        for target, probes, held in _targets(sandbox, callers):
            answers += sender.send_all(probes, held_pool if held else pool)
            if requests.get(sandbox.url("license", PUBLIC_PROBE), timeout=TIMEOUT).status_code != 200:
                unanswered.append(target)
    sender.close()
    state = callers.state.client
    spent = {
        (signature_nonce_pk(state.compact, state.jurisdiction), signature_nonce_sk(nonce))
        for nonce in callers.state.nonces
    }
    changes = unexpected_changes(before, settled(sandbox), spent)
    failures = [answer.line() for answer in answers if answer.failed]
    summary = f"hostile corpus: {len(answers)} requests to {len(ROUTES)} routes and the sandbox's endpoints"
    print(summary)
    assert not failures, f"{summary}; {len(failures)} failed:\n" + "\n".join(failures)
    assert not unanswered, f"the sandbox stopped answering after: {unanswered}"
    assert not changes, f"{summary}; tables changed:\n" + "\n".join(changes)
    assert not _unreached(answers, callers), "valid credentials were refused on every request to these routes"
