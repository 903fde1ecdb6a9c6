"""Privilege expiration reminders on moto and the local engine, through the workflow's rules: the
practitioners with an active privilege expiring in 30 days, 7 days or today get one email listing all
their active privileges; nobody twice for one expiration (also across runs, and for a reminder the
reference recorded); no email address, no reminder; a run near its time limit goes on where it stopped;
a failed send ends in ``BATCH_FAILURE`` naming who was not reminded, and a second run reaches them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.keys import provider_pk, provider_sk
from search import reminders, reminders_handler
from tests.functions.search.conftest import deliver
from tests.records import make_license, make_privilege, make_provider, put

SCHEDULED = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
TODAY = SCHEDULED.date()


class Context:
    function_name = "ExpirationReminderSender-aslp"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:ExpirationReminderSender-aslp"
    aws_request_id = "test"

    def __init__(self, remaining_ms: int = 600_000) -> None:
        self.remaining = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining


def holder(
    aws, name: str, expiring: list[date], email: str | None = "x@example.org", also_inactive: bool = False
):
    provider = make_provider(
        given_name=name, compact_connect_registered_email_address=email and f"{name.lower()}@example.org"
    )
    records = [provider, make_license(provider)]
    states = ["ky", "al", "ar", "co"]
    records += [
        make_privilege(provider, states[i], i + 1, date_of_expiration=day) for i, day in enumerate(expiring)
    ]
    if also_inactive:
        records.append(make_privilege(provider, "ak", 9, date_of_expiration=date(2020, 1, 1)))
    put(aws["provider"], *records)
    return provider


@pytest.fixture
def practitioners(aws, engine, mail, lambda_context):
    made = {
        "Thirty": holder(
            aws, "Thirty", [TODAY + timedelta(days=30), TODAY + timedelta(days=400)], also_inactive=True
        ),
        "Seven": holder(aws, "Seven", [TODAY + timedelta(days=7)]),
        "Today": holder(aws, "Today", [TODAY]),
        "Later": holder(aws, "Later", [TODAY + timedelta(days=8)]),
        "Silent": holder(aws, "Silent", [TODAY + timedelta(days=30)], email=None),
    }
    changes = [(provider_pk(p.compact, p.provider_id), provider_sk(p.compact)) for p in made.values()]
    assert deliver(*changes, lambda_context=lambda_context) == {"batchItemFailures": []}
    return made


def run(payload=None, remaining_ms=600_000):
    return reminders_handler.lambda_handler(
        payload or {"compact": "aslp", "scheduledTime": SCHEDULED.isoformat(), "processedBatchIds": []},
        Context(remaining_ms),
    )


def reminded(mail) -> list[str]:
    return sorted(message["To"] for message in mail.refresh() if "privileges expire" in message["Subject"])


def test_each_window_reminds_its_practitioners_once_with_all_their_active_privileges(practitioners, mail):
    answer = run()

    assert answer["status"] == "COMPLETE"
    assert (answer["sent"], answer["noEmail"], answer["failed"]) == (3, 1, 0)
    assert reminded(mail) == ["seven@example.org", "thirty@example.org", "today@example.org"]
    [thirty] = [m for m in mail if m["To"] == "thirty@example.org"]
    text = thirty.get_body(("plain",)).get_content()
    assert "Kentucky" in text and "Alabama" in text and "Alaska" not in text  # the inactive one is left out


def test_a_second_run_sends_nothing_again(practitioners, mail):
    run()
    again = run()
    assert (again["sent"], again["alreadySent"]) == (0, 3)
    assert len(reminded(mail)) == 3


def test_a_reminder_the_reference_recorded_is_not_sent_again(aws, practitioners, mail):
    provider = practitioners["Seven"]
    aws["event_state"].put_item(
        Item={
            "pk": f"aslp#EXPIRATION_REMINDER#{provider.provider_id}",
            "sk": f"privilege.expiration.7day#{(TODAY + timedelta(days=7)).isoformat()}",
            "compact": "aslp",
            "providerId": provider.provider_id,
            "expirationDate": (TODAY + timedelta(days=7)).isoformat(),
            "eventType": "privilege.expiration.7day",
            "status": "SUCCESS",
            "ttl": int((SCHEDULED + timedelta(days=89)).timestamp()),
        }
    )
    assert run()["alreadySent"] == 1
    assert "seven@example.org" not in reminded(mail)


def test_a_run_near_its_time_limit_goes_on_where_it_stopped(practitioners, mail):
    first = run(remaining_ms=1_000)
    # One practitioner handled, then it stops with where to go on.
    assert first["status"] == "IN_PROGRESS" and first["sent"] + first["noEmail"] == 1 and first["searchAfter"]
    answer = first
    while answer["status"] == "IN_PROGRESS":
        answer = run({k: v for k, v in answer.items() if k != "status"})
    assert answer["status"] == "COMPLETE" and answer["sent"] == 3
    assert len(reminded(mail)) == 3


def test_failed_sends_are_reported_and_sent_on_the_next_run(practitioners, mail, monkeypatch):
    real_send = reminders_handler.send_email

    def refusing(request):
        if "seven@example.org" in request["specificEmails"]:
            raise RuntimeError("the email service failed: throttled")
        return real_send(request)

    monkeypatch.setattr(reminders_handler, "send_email", refusing)
    answer = run()
    assert answer["status"] == "BATCH_FAILURE" and answer["failed"] == 1
    assert practitioners["Seven"].provider_id in answer["reminderFailureMessage"]

    monkeypatch.setattr(reminders_handler, "send_email", real_send)
    again = run()
    assert (again["status"], again["sent"], again["alreadySent"]) == ("COMPLETE", 1, 2)


def test_the_query_asks_for_active_privileges_expiring_that_day():
    query = reminders.expiring_on("aslp", date(2027, 1, 6))
    [compact, nested] = query["bool"]["filter"]
    assert compact == {"term": {"compact": "aslp"}}
    assert {"term": {"privileges.status": "active"}} in nested["nested"]["query"]["bool"]["filter"]
