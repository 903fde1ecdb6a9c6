"""A practitioner's military affiliation (spec §9.5): declared with presigned uploads, activated by the
first document's arrival, ended by the practitioner."""

from __future__ import annotations

import json

import pytest

from core.buckets import PROVIDER_USERS
from tests.functions.conftest import api_event
from tests.functions.moto_clients import moto_client
from tests.functions.provider_users.registration_world import World
from tests.records import make_military_affiliation, put

MILITARY = "/v1/provider-users/me/military-affiliation"


@pytest.fixture
def practitioner(world: World, monkeypatch):
    monkeypatch.setenv(PROVIDER_USERS.env_var, "provider-users")
    moto_client("s3").create_bucket(Bucket="provider-users")
    return world


def call(world: World, method: str, body) -> dict:
    from provider_users import account_api

    claims = {"sub": "s", "custom:compact": "aslp", "custom:providerId": world.provider.provider_id}
    response = account_api.lambda_handler(api_event(method, MILITARY, body=body, claims=claims), None)
    return {"status": response["statusCode"], "body": json.loads(response["body"])}


def declaration(*names: str) -> dict:
    return {"affiliationType": "militaryMember", "fileNames": list(names)}


def uploaded(world: World, key: str, event_name: str = "ObjectCreated:Post") -> None:
    """What S3 tells the consumer when the browser's POST lands (keys arrive URL-encoded)."""
    from urllib.parse import quote_plus

    from provider_users import military_uploads

    event = {
        "Records": [
            {
                "eventName": event_name,
                "s3": {"bucket": {"name": "provider-users"}, "object": {"key": quote_plus(key, safe="/")}},
            }
        ]
    }
    military_uploads.lambda_handler(event, None)


def affiliations(world: World) -> list[dict]:
    items = world.tables["provider"].scan()["Items"]
    return sorted((i for i in items if i["type"] == "militaryAffiliation"), key=lambda i: i["dateOfUpload"])


def test_declaring_presigns_one_upload_per_document_and_ends_the_earlier_affiliation(practitioner: World):
    put(practitioner.tables["provider"], make_military_affiliation(practitioner.provider))

    answer = call(
        practitioner,
        "POST",
        {"affiliationType": "militaryMemberSpouse", "fileNames": ["orders.PDF", "id card.png"]},
    )

    assert answer["status"] == 200, answer
    body = answer["body"]
    assert (body["status"], body["affiliationType"]) == ("initializing", "militaryMemberSpouse")
    assert [upload["fields"]["key"].rsplit("#", 1)[1] for upload in body["documentUploadFields"]] == [
        "orders.pdf",
        "id card.png",
    ]
    assert all("documentKeys" not in body and upload["url"] for upload in body["documentUploadFields"])
    assert [a["status"] for a in affiliations(practitioner)] == ["inactive", "initializing"]


@pytest.mark.parametrize("names", [["orders.exe"], ["noextension"], [".pdf"], ["../x.pdf"], []])
def test_unsupported_documents_are_400_naming_file_names(practitioner: World, names):
    answer = call(practitioner, "POST", {"affiliationType": "militaryMember", "fileNames": names})

    assert answer["status"] == 400 and "fileNames" in answer["body"]["message"]
    assert affiliations(practitioner) == []


def test_the_first_document_to_arrive_activates_the_affiliation(practitioner: World):
    declared = call(
        practitioner, "POST", {"affiliationType": "militaryMember", "fileNames": ["a.pdf", "b.pdf"]}
    )["body"]
    keys = [upload["fields"]["key"] for upload in declared["documentUploadFields"]]

    uploaded(practitioner, keys[0], "ObjectCreated:Copy")  # a copy is not an upload
    assert affiliations(practitioner)[0]["status"] == "initializing"
    uploaded(practitioner, keys[0])
    uploaded(practitioner, keys[1])  # nothing pending any more: nothing changes

    assert [a["status"] for a in affiliations(practitioner)] == ["active"]
    stored = practitioner.stored_provider()
    assert (stored["militaryStatus"], stored["militaryStatusNote"]) == ("tentative", "")
    assert [u["updateType"] for u in practitioner.provider_updates()] == ["militaryFileUpload"]


def test_ending_removes_the_military_status(practitioner: World):
    declared = call(practitioner, "POST", {"affiliationType": "militaryMember", "fileNames": ["a.pdf"]})[
        "body"
    ]
    uploaded(practitioner, declared["documentUploadFields"][0]["fields"]["key"])

    answer = call(practitioner, "PATCH", {"status": "inactive"})

    assert answer == {"status": 200, "body": {"message": "Military affiliation updated successfully"}}
    assert [a["status"] for a in affiliations(practitioner)] == ["inactive"]
    stored = practitioner.stored_provider()
    assert "militaryStatus" not in stored and "militaryStatusNote" not in stored
    ended = [u for u in practitioner.provider_updates() if u["updateType"] == "militaryAffiliationEnded"]
    assert ended[0]["removedValues"] == ["militaryStatus", "militaryStatusNote"]


def test_only_inactive_may_be_patched(practitioner: World):
    answer = call(practitioner, "PATCH", {"status": "active"})

    assert answer["status"] == 400 and "status" in answer["body"]["message"]


def test_a_late_upload_to_a_superseded_declaration_activates_nothing(practitioner: World):
    first = call(practitioner, "POST", declaration("old.pdf"))["body"]
    call(practitioner, "POST", declaration("new.pdf"))

    uploaded(practitioner, first["documentUploadFields"][0]["fields"]["key"])

    assert [a["status"] for a in affiliations(practitioner)] == ["inactive", "initializing"]
    assert "militaryStatus" not in practitioner.stored_provider()


def test_ending_nothing_writes_no_history(practitioner: World):
    assert call(practitioner, "PATCH", {"status": "inactive"})["status"] == 200

    assert practitioner.provider_updates() == []
