"""The staff jurisdiction routes through the staff configuration function's real handler."""

from __future__ import annotations

import pytest

from configuration.admin_api import lambda_handler
from core.models.configuration import ConfiguredState
from tests.functions.configuration.conftest import (
    COMPACT_ADMIN,
    JURISDICTION,
    JURISDICTIONS,
    OHIO_ADMIN,
    OTHER_COMPACT_ADMIN,
    READ_GENERAL_ONLY,
    call,
    compact_record,
    jurisdiction_body,
)
from tests.functions.conftest import api_event

pytestmark = pytest.mark.usefixtures("callers")

KENTUCKY_ADMIN = ["profile", "aslp/readGeneral", "ky/aslp.admin"]


def _get(scopes: list[str] | None = OHIO_ADMIN, jurisdiction: str = "oh", compact: str = "aslp"):
    path = {"compact": compact, "jurisdiction": jurisdiction}
    return call(lambda_handler, api_event("GET", JURISDICTION, path, scopes=scopes))


def _put(body, scopes: list[str] | None = OHIO_ADMIN, jurisdiction: str = "oh", compact: str = "aslp"):
    path = {"compact": compact, "jurisdiction": jurisdiction}
    return call(lambda_handler, api_event("PUT", JURISDICTION, path, body=body, scopes=scopes))


def _list(scopes: list[str] | None, compact: str = "aslp"):
    return call(lambda_handler, api_event("GET", JURISDICTIONS, {"compact": compact}, scopes=scopes))


# ---- member list ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scopes", "expected"),
    [
        (READ_GENERAL_ONLY, 200),
        (["profile", "oh/aslp.readGeneral"], 200),
        (COMPACT_ADMIN, 200),
        (OTHER_COMPACT_ADMIN, 403),
        (["profile"], 403),
    ],
    ids=["read-general", "jurisdiction-read-general", "compact-admin", "other-compact", "profile-only"],
)
def test_any_staff_reader_of_the_compact_lists_its_members(members, scopes, expected):
    assert _list(scopes)[0] == expected


def test_the_staff_list_is_the_public_list(members):
    status, body = _list(READ_GENERAL_ONLY)

    assert status == 200
    assert body == [
        {"jurisdictionName": "Ohio", "postalAbbreviation": "oh", "compact": "aslp"},
        {"jurisdictionName": "Kentucky", "postalAbbreviation": "ky", "compact": "aslp"},
        {"jurisdictionName": "Nebraska", "postalAbbreviation": "ne", "compact": "aslp"},
    ]
    assert _list(["coun/readGeneral"], compact="coun") == (200, [])


def test_listing_needs_claims_and_a_known_compact(members):
    assert _list(None)[0] == 401
    status, body = _list(["nursing/readGeneral"], compact="nursing")
    assert status == 400 and "nursing" in body["message"]


# ---- authorisation of the configuration routes ----------------------------------------------------


@pytest.mark.parametrize(
    ("scopes", "expected"),
    [
        (OHIO_ADMIN, 200),
        (COMPACT_ADMIN, 403),
        (KENTUCKY_ADMIN, 403),
        (OTHER_COMPACT_ADMIN, 403),
        (READ_GENERAL_ONLY, 403),
        (["profile", "aslp/readGeneral", "oh/aslp.write"], 403),
    ],
    ids=["ohio-admin", "compact-admin", "other-state-admin", "other-compact-admin", "read-general", "write"],
)
def test_only_the_jurisdictions_own_admins_read_and_write_its_configuration(aws, scopes, expected):
    assert _get(scopes)[0] == expected
    assert _put(jurisdiction_body(), scopes)[0] == expected


def test_requests_without_claims_are_401(aws):
    assert _get(scopes=None)[0] == 401
    assert _put(jurisdiction_body(), scopes=None)[0] == 401


@pytest.mark.parametrize(
    ("compact", "jurisdiction", "named"),
    [("nursing", "oh", "nursing"), ("aslp", "ca", "'ca' is not an active member"), ("aslp", "zz", "zz")],
    ids=["unknown-compact", "non-member", "unknown-code"],
)
def test_the_path_must_name_an_active_member_of_a_known_compact(aws, compact, jurisdiction, named):
    """Asked by an admin whose records are real (no record can grant a scope in an unknown compact or a
    non-member jurisdiction, so no current token holds one)."""
    for status, body in (
        _get(COMPACT_ADMIN, jurisdiction, compact),
        _put(jurisdiction_body(), COMPACT_ADMIN, jurisdiction, compact),
    ):
        assert status == 400
        assert named in body["message"]


# ---- GET ------------------------------------------------------------------------------------------


def test_an_unconfigured_jurisdiction_reads_as_the_empty_default(aws):
    status, body = _get()

    assert status == 200
    assert body == {
        "compact": "aslp",
        "jurisdictionName": "Ohio",
        "postalAbbreviation": "oh",
        "privilegeFees": [
            {"licenseTypeAbbreviation": "aud", "amount": None, "militaryRate": None},
            {"licenseTypeAbbreviation": "slp", "amount": None, "militaryRate": None},
        ],
        "jurisprudenceRequirements": {"required": False, "linkToDocumentation": None},
        "jurisdictionOperationsTeamEmails": [],
        "jurisdictionAdverseActionsNotificationEmails": [],
        "jurisdictionSummaryReportNotificationEmails": [],
        "licenseeRegistrationEnabled": False,
    }


def test_put_then_get_round_trips_and_derives_the_name(aws, repository):
    assert _put(jurisdiction_body()) == (200, {"message": "ok"})

    status, body = _get()
    assert status == 200
    assert body == {
        "compact": "aslp",
        "jurisdictionName": "Ohio",
        "postalAbbreviation": "oh",
        "privilegeFees": [
            {"licenseTypeAbbreviation": "aud", "amount": 100, "militaryRate": 50.25},
            {"licenseTypeAbbreviation": "slp", "amount": 75.5, "militaryRate": None},
        ],
        "jurisprudenceRequirements": {"required": True, "linkToDocumentation": "https://oh.example.gov/law"},
        "jurisdictionOperationsTeamEmails": ["ops@oh.example.gov"],
        "jurisdictionAdverseActionsNotificationEmails": ["adverse@oh.example.gov"],
        "jurisdictionSummaryReportNotificationEmails": ["summary@oh.example.gov"],
        "licenseeRegistrationEnabled": False,
    }
    assert repository.compact_configuration("aslp") is None  # registration off: the compact is untouched


# ---- PUT rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fees", "named"),
    [
        ([{"licenseTypeAbbreviation": "aud", "amount": 1}], "missing license types slp"),
        (
            [
                {"licenseTypeAbbreviation": "aud", "amount": 1},
                {"licenseTypeAbbreviation": "aud", "amount": 2},
                {"licenseTypeAbbreviation": "slp", "amount": 1},
            ],
            "duplicate license types aud",
        ),
        (
            [
                {"licenseTypeAbbreviation": "aud", "amount": 1},
                {"licenseTypeAbbreviation": "slp", "amount": 1},
                {"licenseTypeAbbreviation": "ot", "amount": 1},
            ],
            "invalid license types ot",
        ),
        ([], "missing license types aud, slp"),
    ],
    ids=["missing", "duplicate", "other-compacts-type", "empty"],
)
def test_privilege_fees_must_cover_each_license_type_once(aws, fees, named):
    status, body = _put(jurisdiction_body(privilegeFees=fees))

    assert status == 400
    assert "privilegeFees" in body["message"] and named in body["message"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"privilegeFees": [{"licenseTypeAbbreviation": "aud", "amount": -5}]}, "privilegeFees.0.amount"),
        (
            {"privilegeFees": [{"licenseTypeAbbreviation": "aud", "amount": 1, "militaryRate": 0.001}]},
            "militaryRate",
        ),
        ({"privilegeFees": [{"licenseTypeAbbreviation": "aud", "amount": 1, "extra": 1}]}, "extra"),
        ({"jurisprudenceRequirements": {"linkToDocumentation": "x"}}, "jurisprudenceRequirements.required"),
        (
            {"jurisdictionAdverseActionsNotificationEmails": []},
            "jurisdictionAdverseActionsNotificationEmails",
        ),
        ({"jurisdictionOperationsTeamEmails": ["a@b.org"] * 11}, "jurisdictionOperationsTeamEmails"),
        ({"jurisdictionName": "Not Ohio"}, "jurisdictionName"),
    ],
    ids=[
        "negative",
        "military-decimals",
        "extra-fee-key",
        "missing-required",
        "empty-list",
        "eleven",
        "name",
    ],
)
def test_invalid_bodies_are_400_naming_the_field(aws, change, field):
    status, body = _put(jurisdiction_body(**change))

    assert status == 400
    assert field in body["message"]


def test_registration_cannot_be_switched_off_once_enabled(aws, store, repository):
    store(compact_record())
    assert _put(jurisdiction_body(licenseeRegistrationEnabled=True))[0] == 200

    status, body = _put(jurisdiction_body(licenseeRegistrationEnabled=False))

    assert status == 400
    assert "cannot be disabled" in body["message"]
    assert repository.jurisdiction_configuration("aslp", "oh").licensee_registration_enabled is True


def test_enabling_registration_joins_the_compacts_configured_states_not_live(aws, store, repository):
    store(compact_record(configured_states=[ConfiguredState(postal_abbreviation="ky", is_live=True)]))

    assert _put(jurisdiction_body(licenseeRegistrationEnabled=True)) == (200, {"message": "ok"})

    compact = repository.compact_configuration("aslp")
    assert [state.model_dump(by_alias=True) for state in compact.configured_states] == [
        {"postalAbbreviation": "ky", "isLive": True},
        {"postalAbbreviation": "oh", "isLive": False},
    ]
    assert repository.jurisdiction_configuration("aslp", "oh").licensee_registration_enabled is True


def test_a_state_already_listed_is_not_listed_twice_nor_made_not_live(aws, store, repository):
    store(compact_record(configured_states=[ConfiguredState(postal_abbreviation="oh", is_live=True)]))

    assert _put(jurisdiction_body(licenseeRegistrationEnabled=True))[0] == 200
    assert _put(jurisdiction_body(licenseeRegistrationEnabled=True))[0] == 200

    states = repository.compact_configuration("aslp").configured_states
    assert states == [ConfiguredState(postal_abbreviation="oh", is_live=True)]


def test_enabling_registration_before_the_compact_is_configured_is_400_and_writes_nothing(aws, repository):
    status, body = _put(jurisdiction_body(licenseeRegistrationEnabled=True))

    assert status == 400
    assert "compact must be configured" in body["message"]
    assert repository.jurisdiction_configuration("aslp", "oh") is None
    assert repository.compact_configuration("aslp") is None


def test_the_same_jurisdiction_is_configured_separately_per_compact(aws, store, repository):
    octp_body = jurisdiction_body(
        privilegeFees=[
            {"licenseTypeAbbreviation": "ot", "amount": 10},
            {"licenseTypeAbbreviation": "ota", "amount": 5},
        ]
    )
    assert _put(octp_body, scopes=["oh/octp.admin"], compact="octp")[0] == 200
    assert _put(octp_body, scopes=OHIO_ADMIN)[0] == 400  # aslp needs aud and slp

    assert repository.jurisdiction_configuration("octp", "oh") is not None
    assert repository.jurisdiction_configuration("aslp", "oh") is None
