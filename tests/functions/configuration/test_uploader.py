"""The deploy-time uploader: active members and the attestation version-bump rule."""

from __future__ import annotations

import copy

import pytest
import yaml
from pydantic import ValidationError

from components.configuration_upload import ATTESTATIONS_FILE
from configuration.uploader import lambda_handler
from core.repositories.configuration import ConfigurationRepository


def _payload(compacts: dict[str, list[str]] | None = None) -> dict:
    attestations = yaml.safe_load(ATTESTATIONS_FILE.read_text())["attestations"]
    return {"compacts": compacts or {"aslp": ["oh", "ky"], "coun": ["al"]}, "attestations": attestations}


def test_first_upload_writes_version_1_of_every_attestation_and_the_active_members(aws):
    result = lambda_handler(_payload(), None)

    repository = ConfigurationRepository(aws["compact_configuration"])
    assert len(result["attestationsWritten"]["aslp"]) == 11
    latest = repository.latest_attestation("aslp", "jurisprudence-confirmation")
    assert latest is not None and latest.version == "1"
    members = repository.active_members("aslp")
    assert [(m.postal_abbreviation, m.jurisdiction_name) for m in members.active_member_jurisdictions] == [
        ("oh", "Ohio"),
        ("ky", "Kentucky"),
    ]


def test_rerunning_with_the_same_input_writes_nothing(aws):
    lambda_handler(_payload(), None)
    result = lambda_handler(_payload(), None)

    assert result["attestationsWritten"] == {}
    assert (
        len(
            ConfigurationRepository(aws["compact_configuration"]).attestation_versions(
                "aslp", "jurisprudence-confirmation"
            )
        )
        == 1
    )


def test_changed_text_bumps_only_that_attestation(aws):
    lambda_handler(_payload(), None)
    changed = _payload()
    changed["attestations"] = copy.deepcopy(changed["attestations"])
    changed["attestations"][0]["text"] += " Amended."

    result = lambda_handler(changed, None)

    repository = ConfigurationRepository(aws["compact_configuration"])
    first_id = changed["attestations"][0]["attestationId"]
    assert result["attestationsWritten"] == {"aslp": [f"{first_id}@2"], "coun": [f"{first_id}@2"]}
    assert repository.latest_attestation("aslp", first_id).text.endswith("Amended.")
    assert repository.latest_attestation("aslp", "scope-of-practice-attestation").version == "1"


def test_versions_past_nine_stay_in_numeric_order(aws):
    payload = _payload({"aslp": ["oh"]})
    for revision in range(11):
        payload["attestations"][0]["description"] = f"revision {revision}"
        lambda_handler(payload, None)

    latest = ConfigurationRepository(aws["compact_configuration"]).latest_attestation(
        "aslp", payload["attestations"][0]["attestationId"]
    )
    assert (latest.version, latest.description) == ("11", "revision 10")


def test_shrinking_the_member_list_replaces_it(aws):
    lambda_handler(_payload({"aslp": ["oh", "ky"]}), None)
    lambda_handler(_payload({"aslp": ["oh"]}), None)

    members = ConfigurationRepository(aws["compact_configuration"]).active_members("aslp")
    assert [m.postal_abbreviation for m in members.active_member_jurisdictions] == ["oh"]


def test_an_unknown_jurisdiction_fails_the_upload_and_writes_nothing(aws):
    with pytest.raises(ValidationError, match="unknown jurisdictions zz"):
        lambda_handler(_payload({"aslp": ["oh", "zz"]}), None)

    assert aws["compact_configuration"].scan()["Items"] == []
