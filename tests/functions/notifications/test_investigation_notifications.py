"""The investigation notification listener on moto (spec §7.2, §7.5): Ohio opens and closes an
investigation of the license of a provider with privileges in Kentucky and Nebraska; the three states'
adverse-action lists hear of each once — the provider never — however often the events arrive."""

from __future__ import annotations

from adverse_actions import investigation_api
from notifications import investigations
from tests.functions.adverse_actions.board import LICENSE, OHIO_ADMIN, call, deliver
from tests.functions.notifications.conftest import LISTS

INVESTIGATION = LICENSE.replace("/encumbrance", "/investigation")


def investigate(holder, method="POST", body=None, extra=None, path=INVESTIGATION):
    status, _ = call(path, holder, "oh", OHIO_ADMIN, body, method, extra, investigation_api.lambda_handler)
    assert status == 200


def notify(context, *events) -> None:
    assert deliver(investigations.lambda_handler, context, *events) == []


def test_the_states_hear_of_an_investigation_opened_and_closed_once_each(holder, bus, mail, lambda_context):
    investigate(holder)
    [opened] = bus.of("license.investigation")
    notify(lambda_context, ("license.investigation", opened), ("license.investigation", opened))

    assert mail.to() == sorted(LISTS.values())
    assert {m["Subject"] for m in mail} == {
        "Investigation opened: Ada Lovelace, speech-language pathologist license in Ohio"
    }
    body = next(m for m in mail if m["To"] == LISTS["ne"]).get_body(("plain",)).get_content()
    assert holder.provider_id in body

    investigate(
        holder,
        "PATCH",
        {"action": "close"},
        {"investigationId": opened["investigationId"]},
        INVESTIGATION + "/{investigationId}",
    )
    [closed] = bus.of("license.investigationClosed")
    notify(lambda_context, ("license.investigationClosed", closed))
    notify(lambda_context, ("license.investigationClosed", closed))

    closings = [m for m in mail.refresh() if m["Subject"].startswith("Investigation closed")]
    assert sorted(m["To"] for m in closings) == sorted(LISTS.values())
