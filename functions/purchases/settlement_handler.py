"""Handler of the transaction-history workflow's task (one function per compact): one run of
:func:`purchases.settlement.collect`."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from core import settings
from core.clock import now_utc
from core.repositories.configuration import ConfigurationRepository
from core.repositories.providers import ProviderRepository
from core.repositories.transactions import TransactionRepository
from core.resources import granted, serves
from core.tables import COMPACT_CONFIGURATION, PROVIDER, TRANSACTION_HISTORY
from purchases.credentials import processor_for
from purchases.functions import TRANSACTION_HISTORY_COLLECTOR
from purchases.settlement import HistoryPorts, HistoryRun, collect

logger = Logger()


@serves(TRANSACTION_HISTORY_COLLECTOR)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    run = HistoryRun.model_validate(event)
    settings.check_served_compact(run.compact)
    resources = granted()
    ports = HistoryPorts(
        configuration=ConfigurationRepository(resources.table(COMPACT_CONFIGURATION)),
        transactions=TransactionRepository(resources.table(TRANSACTION_HISTORY)),
        providers=ProviderRepository(resources.table(PROVIDER)),
        processor=processor_for,
        now=now_utc,
    )
    with logger.append_context_keys(compact=run.compact):
        return collect(run, ports)
