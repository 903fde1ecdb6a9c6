"""The encumbrance notification listener on moto (spec §7.2): Ohio encumbers the license of a provider
with privileges in Kentucky and Nebraska; the provider and the three states' adverse-action lists get one
email each — not again for the privileges that follow the license, not again when an event is delivered
twice or relayed with a new id."""

from __future__ import annotations

from notifications import encumbrances
from tests.functions.adverse_actions.board import (
    KENTUCKY_ADMIN,
    LICENSE,
    OHIO_ADMIN,
    PRIVILEGE,
    call,
    deliver,
    lift,
)
from tests.functions.notifications.conftest import LISTS, PRACTITIONER
from tests.records import put


def notify(context, *events) -> None:
    assert deliver(encumbrances.lambda_handler, context, *events) == []


def test_the_provider_and_every_state_concerned_are_told_once(holder, bus, mail, lambda_context):
    assert call(LICENSE, holder, "oh", OHIO_ADMIN)[0] == 200
    [placed] = bus.of("license.encumbrance")

    notify(lambda_context, ("license.encumbrance", placed))
    notify(lambda_context, ("license.encumbrance", placed))  # delivered again
    cascaded = {**placed, "jurisdiction": "ky", "licenseJurisdiction": "oh"}
    notify(lambda_context, ("privilege.encumbrance", cascaded))  # the privilege following its license

    assert mail.to() == sorted([PRACTITIONER, *LISTS.values()])
    subjects = {message["To"]: message["Subject"] for message in mail}
    assert subjects[PRACTITIONER] == "Your speech-language pathologist license in Ohio is encumbered"
    assert subjects[LISTS["ne"]] == "License encumbered: Ada Lovelace"
    state_body = next(m for m in mail if m["To"] == LISTS["ky"]).get_body(("plain",)).get_content()
    assert holder.provider_id in state_body


def test_a_lift_tells_them_once_and_never_the_provider_without_an_email(
    aws, holder, bus, mail, lambda_context
):
    put(aws["provider"], holder.model_copy(update={"compact_connect_registered_email_address": None}))
    assert call(PRIVILEGE, holder, "ky", KENTUCKY_ADMIN)[0] == 200
    action_id = bus.of("privilege.encumbrance")[0]["adverseActionId"]
    assert lift(PRIVILEGE, holder, "ky", KENTUCKY_ADMIN, action_id)[0] == 200
    [lifted] = bus.of("privilege.encumbranceLifted")

    notify(lambda_context, ("privilege.encumbranceLifted", lifted))
    notify(lambda_context, ("privilege.encumbranceLifted", lifted))

    assert mail.to() == sorted(LISTS.values())
    subjects = {message["Subject"] for message in mail}
    assert subjects == {"Privilege encumbrance lifted: Ada Lovelace"}
