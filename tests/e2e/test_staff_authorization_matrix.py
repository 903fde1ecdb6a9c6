"""Issue #3: the authorisation matrix, over HTTP against the sandbox.

Every staff route x every kind of persona x own/other compact and jurisdiction, with the expected
status written out in a table (not computed from the code under test). Columns:

    CA      compact admin of aslp            CAo     compact admin of octp
    JA      jurisdiction admin, aslp/oh      JAk     jurisdiction admin, aslp/ky
    JW      jurisdiction writer, aslp/oh     RO      read-only staff user, aslp/oh
    SSN     readSSN user, aslp/oh

"Own" compact is aslp, "other" is octp; "own" jurisdiction is oh, "other" is ky. Mutating cases
act on a throwaway user (created by the compact admin for that case) or write back what is already
there, so every cell can run in any order.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.e2e.staff import StaffSession, persona

COLUMNS = ("CA", "CAo", "JA", "JAk", "JW", "RO", "SSN")
PERSONAS = {
    "CA": ("compact-admin", None, "aslp"),
    "CAo": ("compact-admin", None, "octp"),
    "JA": ("jurisdiction-admin", "oh", "aslp"),
    "JAk": ("jurisdiction-admin", "ky", "aslp"),
    "JW": ("jurisdiction-writer", "oh", "aslp"),
    "RO": ("read-only", "oh", "aslp"),
    "SSN": ("read-ssn", "oh", "aslp"),
}

#  case                                   CA   CAo  JA   JAk  JW   RO   SSN
MATRIX: dict[str, tuple[int, ...]] = {
    "list jurisdictions, own compact":    (200, 403, 200, 200, 200, 200, 200),
    "list jurisdictions, other compact":  (403, 200, 403, 403, 403, 403, 403),
    "get compact, own":                   (200, 403, 403, 403, 403, 403, 403),
    "get compact, other":                 (403, 200, 403, 403, 403, 403, 403),
    "put compact, own":                   (200, 403, 403, 403, 403, 403, 403),
    "get jurisdiction oh":                (403, 403, 200, 403, 403, 403, 403),
    "get jurisdiction ky":                (403, 403, 403, 200, 403, 403, 403),
    "put jurisdiction oh":                (403, 403, 200, 403, 403, 403, 403),
    "put jurisdiction oh, other compact": (403, 403, 403, 403, 403, 403, 403),
    "list staff, own compact":            (200, 403, 200, 200, 403, 403, 403),
    "list staff, other compact":          (403, 200, 403, 403, 403, 403, 403),
    "get staff user in oh":               (200, 403, 200, 404, 403, 403, 403),
    "get staff user in ky":               (200, 403, 404, 200, 403, 403, 403),
    "create staff user in oh":            (200, 403, 200, 403, 403, 403, 403),
    "create staff user in ky":            (200, 403, 403, 200, 403, 403, 403),
    "grant compact readPrivate":          (200, 403, 403, 403, 403, 403, 403),
    "patch staff user in oh":             (200, 403, 200, 403, 403, 403, 403),
    "reinvite staff user in oh":          (200, 403, 200, 404, 403, 403, 403),
    "delete staff user in oh":            (200, 403, 200, 404, 403, 403, 403),
    "delete staff user in ky":            (200, 403, 404, 200, 403, 403, 403),
    "get me":                             (200, 200, 200, 200, 200, 200, 200),
    "patch me":                           (200, 200, 200, 200, 200, 200, 200),
}  # fmt: skip


@dataclass
class World:
    """The running sandbox plus helpers to prepare each case's target."""

    manifest: dict[str, Any]

    def session(self, column: str) -> StaffSession:
        name, jurisdiction, compact = PERSONAS[column]
        return persona(self.manifest, name, jurisdiction, compact)

    def user_id(self, name: str, jurisdiction: str | None, compact: str = "aslp") -> str:
        return next(
            user["userId"]
            for user in self.manifest["users"]
            if (user["persona"], user["jurisdiction"], user["compact"]) == (name, jurisdiction, compact)
        )

    def throwaway_user(self, jurisdiction: str) -> str:
        """A fresh writer in one aslp jurisdiction, created by the compact admin."""
        response = self.session("CA").call("POST", "/v1/compacts/aslp/staff-users", new_user(jurisdiction))
        assert response.status_code == 200, response.text
        return response.json()["userId"]


def new_user(jurisdiction: str, compact: str = "aslp") -> dict[str, Any]:
    return {
        "attributes": {
            "email": f"matrix-{uuid.uuid4().hex[:10]}@staff.sandbox.example",
            "givenName": "Matrix",
            "familyName": "Case",
        },
        "permissions": {compact: {"jurisdictions": {jurisdiction: {"actions": {"write": True}}}}},
    }


def jurisdiction_body(license_types: list[str]) -> dict[str, Any]:
    return {
        "privilegeFees": [{"licenseTypeAbbreviation": abbr, "amount": 50} for abbr in license_types],
        "jurisdictionOperationsTeamEmails": ["ops@state.example.gov"],
        "jurisdictionAdverseActionsNotificationEmails": ["adverse@state.example.gov"],
        "jurisdictionSummaryReportNotificationEmails": ["reports@state.example.gov"],
        "licenseeRegistrationEnabled": False,
        "jurisprudenceRequirements": {"required": False},
    }


def current_compact_configuration(world: World) -> dict[str, Any]:
    """What is stored now, as a PUT body: writing it back changes nothing."""
    stored = world.session("CA").call("GET", "/v1/compacts/aslp").json()
    body = {key: stored[key] for key in (
        "compactCommissionFee", "compactOperationsTeamEmails", "compactAdverseActionsNotificationEmails",
        "compactSummaryReportNotificationEmails", "licenseeRegistrationEnabled", "configuredStates",
    )}  # fmt: skip
    if body["compactCommissionFee"]["feeAmount"] is None:
        body["compactCommissionFee"]["feeAmount"] = 3.5
    return body


Action = Callable[[World, StaffSession], Any]


def _staff(path: str) -> str:
    return f"/v1/compacts/aslp/staff-users{path}"


ACTIONS: dict[str, Action] = {
    "list jurisdictions, own compact": lambda w, s: s.call("GET", "/v1/compacts/aslp/jurisdictions"),
    "list jurisdictions, other compact": lambda w, s: s.call("GET", "/v1/compacts/octp/jurisdictions"),
    "get compact, own": lambda w, s: s.call("GET", "/v1/compacts/aslp"),
    "get compact, other": lambda w, s: s.call("GET", "/v1/compacts/octp"),
    "put compact, own": lambda w, s: s.call("PUT", "/v1/compacts/aslp", current_compact_configuration(w)),
    "get jurisdiction oh": lambda w, s: s.call("GET", "/v1/compacts/aslp/jurisdictions/oh"),
    "get jurisdiction ky": lambda w, s: s.call("GET", "/v1/compacts/aslp/jurisdictions/ky"),
    "put jurisdiction oh": lambda w, s: s.call(
        "PUT", "/v1/compacts/aslp/jurisdictions/oh", jurisdiction_body(["aud", "slp"])
    ),
    "put jurisdiction oh, other compact": lambda w, s: s.call(
        "PUT", "/v1/compacts/octp/jurisdictions/oh", jurisdiction_body(["ot", "ota"])
    ),
    "list staff, own compact": lambda w, s: s.call("GET", _staff("")),
    "list staff, other compact": lambda w, s: s.call("GET", "/v1/compacts/octp/staff-users"),
    "get staff user in oh": lambda w, s: s.call("GET", _staff(f"/{w.user_id('jurisdiction-writer', 'oh')}")),
    "get staff user in ky": lambda w, s: s.call("GET", _staff(f"/{w.user_id('jurisdiction-writer', 'ky')}")),
    "create staff user in oh": lambda w, s: s.call("POST", _staff(""), new_user("oh")),
    "create staff user in ky": lambda w, s: s.call("POST", _staff(""), new_user("ky")),
    "grant compact readPrivate": lambda w, s: s.call(
        "PATCH",
        _staff(f"/{w.throwaway_user('oh')}"),
        {"permissions": {"aslp": {"actions": {"readPrivate": True}}}},
    ),
    "patch staff user in oh": lambda w, s: s.call(
        "PATCH",
        _staff(f"/{w.throwaway_user('oh')}"),
        {"permissions": {"aslp": {"jurisdictions": {"oh": {"actions": {"readPrivate": True}}}}}},
    ),
    "reinvite staff user in oh": lambda w, s: s.call("POST", _staff(f"/{w.throwaway_user('oh')}/reinvite")),
    "delete staff user in oh": lambda w, s: s.call("DELETE", _staff(f"/{w.throwaway_user('oh')}")),
    "delete staff user in ky": lambda w, s: s.call("DELETE", _staff(f"/{w.throwaway_user('ky')}")),
    "get me": lambda w, s: s.call("GET", "/v1/staff-users/me"),
    "patch me": lambda w, s: s.call("PATCH", "/v1/staff-users/me", {"attributes": {"familyName": "Sandbox"}}),
}

CELLS = [
    pytest.param(case, column, expected, id=f"{case} | {column}")
    for case, row in MATRIX.items()
    for column, expected in zip(COLUMNS, row, strict=True)
]


@pytest.fixture(scope="module")
def world(sandbox) -> World:
    return World(sandbox.manifest)


def test_every_case_has_an_action():
    assert set(ACTIONS) == set(MATRIX)


@pytest.mark.parametrize(("case", "column", "expected"), CELLS)
def test_matrix_cell(world, case, column, expected):
    response = ACTIONS[case](world, world.session(column))

    assert response.status_code == expected, f"{case} as {column}: {response.status_code} {response.text}"


@pytest.mark.parametrize("token", [None, "not-a-jwt", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"])
def test_missing_or_bad_tokens_are_401(world, token):
    import requests

    headers = {"Authorization": token} if token else {}
    response = requests.get(
        world.manifest["apis"]["license"] + "/v1/staff-users/me", headers=headers, timeout=10
    )

    assert (response.status_code, response.json()) == (401, {"message": "Unauthorized"})
