"""The configuration writes: optimistic guards and the all-or-nothing jurisdiction join."""

from __future__ import annotations

import pytest

from configuration.admin_api import lambda_handler
from core.models.configuration import ConfiguredState, JurisdictionConfiguration, JurisprudenceRequirements
from core.repositories.configuration import ConcurrentUpdate, ConfigurationRepository, unchanged_since
from tests.functions.configuration.conftest import (
    JURISDICTION,
    OHIO_ADMIN,
    PAYMENT_FIELDS,
    call,
    compact_record,
    jurisdiction_body,
)
from tests.functions.conftest import api_event

pytestmark = pytest.mark.usefixtures("callers")

OHIO = ConfiguredState(postal_abbreviation="oh", is_live=False)
KENTUCKY = ConfiguredState(postal_abbreviation="ky", is_live=False)


def _ohio(enabled: bool = True) -> JurisdictionConfiguration:
    return JurisdictionConfiguration(
        compact="aslp",
        postal_abbreviation="oh",
        jurisdiction_name="Ohio",
        licensee_registration_enabled=enabled,
        jurisprudence_requirements=JurisprudenceRequirements(required=False),
    )


def test_the_join_writes_both_records(store, repository):
    compact = store(compact_record())

    repository.put_jurisdiction_configuration(_ohio(), None, compact=compact, configured_states=[OHIO])

    assert repository.jurisdiction_configuration("aslp", "oh") is not None
    assert repository.compact_configuration("aslp").configured_states == [OHIO]


def test_a_stale_compact_read_cancels_the_whole_transaction(store, repository):
    stale = store(compact_record())
    store(compact_record(configured_states=[KENTUCKY]))  # another jurisdiction joined meanwhile

    with pytest.raises(ConcurrentUpdate):
        repository.put_jurisdiction_configuration(_ohio(), None, compact=stale, configured_states=[OHIO])

    assert repository.jurisdiction_configuration("aslp", "oh") is None
    assert repository.compact_configuration("aslp").configured_states == [KENTUCKY]


def test_a_stale_jurisdiction_read_cancels_the_whole_transaction(store, repository):
    compact = store(compact_record())
    repository.put_jurisdiction_configuration(_ohio(enabled=False), None)  # we read "absent" before this

    with pytest.raises(ConcurrentUpdate):
        repository.put_jurisdiction_configuration(_ohio(), None, compact=compact, configured_states=[OHIO])

    assert repository.compact_configuration("aslp").configured_states == []


def test_the_handler_answers_409_and_writes_nothing_when_the_compact_changed(store, repository, monkeypatch):
    stale = store(compact_record())
    store(compact_record(configured_states=[KENTUCKY]))
    monkeypatch.setattr(ConfigurationRepository, "compact_configuration", lambda self, compact: stale)
    event = api_event(
        "PUT",
        JURISDICTION,
        {"compact": "aslp", "jurisdiction": "oh"},
        body=jurisdiction_body(licenseeRegistrationEnabled=True),
        scopes=OHIO_ADMIN,
    )

    status, body = call(lambda_handler, event)

    assert status == 409
    assert "reload" in body["message"]
    assert repository.jurisdiction_configuration("aslp", "oh") is None


def test_a_compact_put_over_a_stale_read_is_refused(store, repository):
    stale = store(compact_record())
    store(compact_record(configured_states=[OHIO]))

    with pytest.raises(ConcurrentUpdate):
        repository.put_compact_configuration(compact_record(), stale)

    assert repository.compact_configuration("aslp").configured_states == [OHIO]


def test_a_compact_put_does_not_overwrite_credentials_uploaded_meanwhile(store, repository):
    stale = store(compact_record())
    store(compact_record(payment_processor_public_fields=PAYMENT_FIELDS))

    with pytest.raises(ConcurrentUpdate):
        repository.put_compact_configuration(compact_record(), stale)


def test_creating_is_refused_when_someone_created_first(store, repository):
    store(compact_record())

    with pytest.raises(ConcurrentUpdate):
        repository.put_compact_configuration(compact_record(), None)


def test_an_absent_list_attribute_matches_an_empty_read(store, repository):
    """Items written before ``configuredStates`` existed load as [] and must still be updatable."""
    compact = store(compact_record())
    repository.table.update_item(
        Key={"pk": compact.pk, "sk": compact.sk}, UpdateExpression="REMOVE configuredStates"
    )
    read = repository.compact_configuration("aslp")

    repository.put_jurisdiction_configuration(_ohio(), None, compact=read, configured_states=[OHIO])

    assert repository.compact_configuration("aslp").configured_states == [OHIO]


def test_unchanged_since_names_absent_attributes_and_new_items():
    assert unchanged_since(None, ("dateOfUpdate",)) == {"ConditionExpression": "attribute_not_exists(pk)"}

    guard = unchanged_since(compact_record(), ("paymentProcessorPublicFields",))

    assert guard["ConditionExpression"] == "attribute_exists(pk) AND attribute_not_exists(#g0)"
    assert guard["ExpressionAttributeNames"] == {"#g0": "paymentProcessorPublicFields"}
    assert "ExpressionAttributeValues" not in guard
