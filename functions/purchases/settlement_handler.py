"""Handler of the transaction-history workflow's task (one function per compact): one run of
:func:`purchases.settlement.collect`."""

from __future__ import annotations

import os
from typing import Any

from aws_lambda_powertools import Logger

from core.catalog import SERVED_COMPACT_ENV_VAR
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
    served = os.environ.get(SERVED_COMPACT_ENV_VAR)  # its role reads only that compact's secret
    if served and run.compact != served:
        raise ValueError(f"this function collects for {served}, not {run.compact}")
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
