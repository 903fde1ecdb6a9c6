"""POST /v1/provider-users/registration (spec §9.1, payments_security §3.3), on moto with the real
reCAPTCHA verification against the siteverify stand-in."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.repositories.providers import ProviderRepository
from tests.functions.moto_clients import moto_client
from tests.functions.provider_users.registration_world import (
    ADDRESS,
    INVITATION,
    LOW_SCORE_TOKEN,
    MULTIPLE_REGISTRATION,
    World,
)
from tests.records import make_license, make_provider, put

PROCESSED = {"status": 200, "body": {"message": "request processed"}}


def sent(mail) -> list[tuple[str, str]]:
    return [(message["To"], message["Subject"]) for message in mail.refresh()]


def test_a_licensee_registers_an_account_for_their_provider_record(world: World, mail):
    assert world.register(world.form()) == PROCESSED

    assert sent(mail) == [("ada.new@example.org", INVITATION)]  # Cognito's, with the temporary password

    accounts = world.accounts()
    assert set(accounts) == {"ada.new@example.org"}
    assert accounts["ada.new@example.org"]["custom:compact"] == "aslp"
    assert accounts["ada.new@example.org"]["custom:providerId"] == world.provider.provider_id
    assert accounts["ada.new@example.org"]["email_verified"] == "true"
    stored = world.stored_provider()
    assert stored["compactConnectRegisteredEmailAddress"] == "ada.new@example.org"
    assert stored["currentHomeJurisdiction"] == "oh"  # the matched license's state
    [update] = world.provider_updates()
    assert update["updateType"] == "registration"
    assert update["updatedValues"] == {
        "compactConnectRegisteredEmailAddress": "ada.new@example.org",
        "currentHomeJurisdiction": "oh",
    }
    assert update["previous"]["currentHomeJurisdiction"] == "unknown"


def test_names_match_regardless_of_case(world: World):
    assert world.register(world.form(givenName="ADA", familyName="lovelace")) == PROCESSED

    assert set(world.accounts()) == {"ada.new@example.org"}


def test_registering_again_answers_the_same_and_tells_the_registered_address(world: World, mail):
    assert world.register(world.form()) == PROCESSED
    again = world.register(world.form(email="someone.else@example.org"), address="203.0.113.50")

    assert again == PROCESSED
    assert set(world.accounts()) == {"ada.new@example.org"}  # no second account
    assert sent(mail) == [("ada.new@example.org", INVITATION), ("ada.new@example.org", MULTIPLE_REGISTRATION)]
    assert len(world.provider_updates()) == 1


def test_an_unused_invitation_a_day_old_is_resent_or_moved_to_the_new_address(world: World, mail):
    assert world.register(world.form()) == PROCESSED
    world.later(timedelta(days=2))

    assert world.register(world.form(), address="203.0.113.51") == PROCESSED  # same address: resent
    assert set(world.accounts()) == {"ada.new@example.org"}
    assert sent(mail) == [("ada.new@example.org", INVITATION)] * 2  # no "someone tried" email

    assert world.register(world.form(email="ada.moved@example.org"), address="203.0.113.52") == PROCESSED
    assert set(world.accounts()) == {"ada.moved@example.org"}
    assert sent(mail)[-1] == ("ada.moved@example.org", INVITATION)
    assert world.stored_provider()["compactConnectRegisteredEmailAddress"] == "ada.moved@example.org"


def test_an_address_that_already_has_an_account_is_told_instead(world: World, mail):
    other = make_provider(
        given_name="Grace",
        family_name="Hopper",
        ssn_last_four="1111",
        compact_connect_registered_email_address=None,
    )
    grace_license = make_license(other, given_name="Grace", family_name="Hopper", ssn_last_four="1111")
    put(world.tables["provider"], other, grace_license)
    assert world.register(world.form()) == PROCESSED

    grace = world.form(givenName="Grace", familyName="Hopper", partialSocial="1111")
    assert world.register(grace, address="203.0.113.53") == PROCESSED  # ada.new@ is taken

    assert world.accounts()["ada.new@example.org"]["custom:providerId"] == world.provider.provider_id
    assert sent(mail)[-1] == ("ada.new@example.org", MULTIPLE_REGISTRATION)
    grace_record = world.tables["provider"].get_item(Key={"pk": other.pk, "sk": other.sk})["Item"]
    assert "compactConnectRegisteredEmailAddress" not in grace_record


@pytest.mark.parametrize(
    "change",
    [
        {"dob": "1985-12-11"},
        {"partialSocial": "0000"},
        {"familyName": "Byron"},
        {"licenseType": "audiologist"},
        {"jurisdiction": "ky"},  # configured but not live: refused below, before any lookup
    ][:4],
)
def test_a_form_that_matches_no_license_answers_the_same_and_creates_nothing(world: World, mail, change):
    assert world.register(world.form(**change)) == PROCESSED

    assert world.accounts() == {}
    assert sent(mail) == []
    assert "compactConnectRegisteredEmailAddress" not in world.stored_provider()


def test_two_licensees_nobody_can_tell_apart_are_not_registered(world: World):
    twin = make_provider(current_home_jurisdiction="unknown", compact_connect_registered_email_address=None)
    put(world.tables["provider"], twin, make_license(twin, middle_name=None))

    assert world.register(world.form()) == PROCESSED

    assert world.accounts() == {}


@pytest.mark.parametrize(
    ("token", "outcome"), [(LOW_SCORE_TOKEN, "low score"), ("forged-token", "unknown token")]
)
def test_a_refused_recaptcha_is_403_and_creates_nothing(world: World, token, outcome):
    answer = world.register(world.form(token=token))

    assert answer == {"status": 403, "body": {"message": "Access denied"}}, outcome
    assert world.accounts() == {}


def test_a_fourth_attempt_from_one_address_within_15_minutes_is_429(world: World):
    strangers = [world.form(givenName=f"Nobody{n}") for n in range(3)]
    assert [world.register(form) for form in strangers] == [PROCESSED] * 3
    world.later(timedelta(minutes=14))

    refused = world.register(world.form())
    assert refused == {"status": 429, "body": {"message": "Rate limit exceeded. Please try again later."}}
    assert world.accounts() == {}
    assert world.register(world.form(), address="203.0.113.99") == PROCESSED  # another address

    world.later(timedelta(minutes=2))  # the first three are now older than 15 minutes
    assert world.register(world.form(email="ada.third@example.org")) == PROCESSED


def test_every_answer_takes_at_least_two_seconds(world: World):
    world.register(world.form())  # registered
    world.register(world.form(dob="1970-01-01"), address="203.0.113.60")  # no such licensee
    world.register(world.form(token=LOW_SCORE_TOKEN), address="203.0.113.61")  # refused
    world.register({"compact": "aslp"}, address="203.0.113.62")  # invalid

    assert len(world.waits) == 4
    assert all(0 < wait <= 2.0 for wait in world.waits)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"jurisdiction": "ky"}, "Registration is not currently available for Kentucky."),
        ({"jurisdiction": "ne"}, "Registration is not currently available for Nebraska."),
        ({"licenseType": "occupational therapist"}, "licenseType: 'occupational therapist' is not a license"),
        ({"compact": "nope"}, "compact: 'nope' is not a compact of this environment"),
        ({"dob": "1985-02-30"}, "dob"),
        ({"partialSocial": "12345"}, "partialSocial"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_closed_or_invalid_forms_are_400_naming_why(world: World, change, message):
    answer = world.register(world.form(**change))

    assert answer["status"] == 400
    assert message in answer["body"]["message"]
    assert world.accounts() == {}


def test_a_compact_not_open_for_registration_is_400(world: World):
    from core.repositories.configuration import ConfigurationRepository
    from tests.functions.configuration.conftest import compact_record

    repository = ConfigurationRepository(world.tables["compact_configuration"])
    stored = repository.compact_configuration("aslp")
    repository.put_compact_configuration(compact_record(licensee_registration_enabled=False), stored)

    answer = world.register(world.form())

    assert answer == {
        "status": 400,
        "body": {
            "message": "Registration is not currently available for the "
            "Audiology and Speech Language Pathology compact."
        },
    }


def test_the_account_is_deleted_when_the_record_cannot_be_written(world: World, monkeypatch):
    def refuse(self, puts):
        raise RuntimeError("the table is unavailable")

    monkeypatch.setattr(ProviderRepository, "put_guarded", refuse)

    with pytest.raises(RuntimeError):  # Lambda reports it; API Gateway answers 502
        world.register(world.form())
    assert world.accounts() == {}


def test_an_unreachable_verifier_is_503_and_nothing_is_registered(world: World, monkeypatch):
    monkeypatch.setenv("RECAPTCHA_VERIFY_URL", "http://127.0.0.1:9/recaptcha/api/siteverify")  # nobody there

    answer = world.register(world.form())

    assert answer["status"] == 503
    assert world.accounts() == {}


def test_a_rotated_secret_is_read_again(world: World):
    assert world.register(world.form(email="first@example.org", givenName="Nobody")) == PROCESSED
    world.stand_in.secret = "rotated-secret"  # Google now knows only the new one
    moto_client("secretsmanager").put_secret_value(
        SecretId="compact-connect/env/test/recaptcha/token", SecretString='{"token": "rotated-secret"}'
    )

    assert world.register(world.form()) == PROCESSED  # the cached old value is refused, then re-read

    assert set(world.accounts()) == {"ada.new@example.org"}


def test_the_attempt_is_recorded_under_the_callers_address(world: World):
    world.register(world.form())

    attempts = world.tables["rate_limiting"].scan()["Items"]
    assert [item["pk"] for item in attempts] == [f"IP#{ADDRESS}"]
    assert int(attempts[0]["ttl"]) == int(world.clock[0].timestamp()) + 15 * 60


def test_a_simultaneous_registration_of_the_same_licensee_wins_once(world: World, mail, monkeypatch):
    """Another registration is written between this one's account and its record: this one steps back."""
    from provider_users.provider_pool import ProviderPool

    create = ProviderPool.create

    def create_then_lose_the_race(pool, email, compact, provider_id):
        create(pool, email, compact, provider_id)
        item = world.stored_provider()
        world.tables["provider"].put_item(
            Item={**item, "compactConnectRegisteredEmailAddress": "winner@example.org"}
        )

    monkeypatch.setattr(ProviderPool, "create", create_then_lose_the_race)

    assert world.register(world.form()) == PROCESSED

    assert world.accounts() == {}  # this registration's account is gone again
    assert world.stored_provider()["compactConnectRegisteredEmailAddress"] == "winner@example.org"
    assert sent(mail)[-1] == ("winner@example.org", MULTIPLE_REGISTRATION)
