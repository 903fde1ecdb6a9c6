"""Handler of the expiration-reminder workflow's task (one function per compact): one run of
:func:`search.reminders.run_reminders`."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from core import settings
from core.catalog import SearchAccess
from core.clock import now_utc
from core.resources import granted, serves
from core.tables import EVENT_STATE
from notifications.client import send_email
from search.client import search_client
from search.functions import EXPIRATION_REMINDERS
from search.index_layout import alias
from search.reminders import ReminderLog, ReminderPorts, ReminderRun, run_reminders

logger = Logger()


@serves(EXPIRATION_REMINDERS)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    run = ReminderRun.model_validate(event)
    settings.check_served_compact(run.compact)
    client = search_client(SearchAccess.QUERY)
    ports = ReminderPorts(
        search=lambda body: client.search(index=alias(run.compact), body=body),
        log=ReminderLog(granted().table(EVENT_STATE)),
        send=send_email,
        remaining_ms=context.get_remaining_time_in_millis,
        now=now_utc,
    )
    with logger.append_context_keys(compact=run.compact):
        answer = run_reminders(run, ports)
    logger.info("Reminders", extra={"answer": {k: v for k, v in answer.items() if k != "searchAfter"}})
    return answer
