"""Handlers of a table's two recovery steps (:mod:`disaster_recovery.table_sync`). Every protected table
has its own two functions (``disaster_recovery.functions``), all deployed with these two handlers: each
invocation runs as the declaration its function was deployed from — the one whose name ends its deployed
name — so it reaches exactly its own table and that table's restored copies, as its role does in AWS.

Input ``{incidentId, sourceTableName, destinationTableName, tableNameRecoveryConfirmation, cursor?}``;
a bad one is answered ``{"status": "FAILED", "error": ...}`` naming the field, and nothing is touched.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from core.aws import kms_client
from core.catalog import BulkAccess, FunctionSpec
from core.resources import GrantedResources, running_as
from core.tables import TABLES_BY_KEY
from disaster_recovery.functions import TABLE_CLEANUP, TABLE_COPY
from disaster_recovery.models import SyncRequest, refusal
from disaster_recovery.table_sync import CursorSeal, check_source, check_target, clear, copy

logger = Logger()


def deployed_as(steps: Mapping[str, FunctionSpec], function_name: str) -> FunctionSpec:
    """The declaration a function was deployed from: named ``{prefix}-{name}`` in AWS, ``{name}`` in the
    sandbox."""
    for spec in steps.values():
        if function_name == spec.name or function_name.endswith(f"-{spec.name}"):
            return spec
    raise LookupError(f"{function_name} is not one of the tables' recovery functions")


def _run(event: dict[str, Any], context: LambdaContext, steps: Mapping[str, FunctionSpec]) -> dict[str, Any]:
    spec = deployed_as(steps, context.function_name)
    assert spec.bulk is not None
    table = TABLES_BY_KEY[spec.bulk.table]
    with running_as(spec) as resources:
        live = resources.bulk_table(table, spec.bulk.access)
        try:
            request = SyncRequest.model_validate(event)
            check_target(request, live.name)
            if spec.bulk.access is BulkAccess.COPY_RESTORED:
                check_source(request)
                seal = _seal(resources, request)
                if request.cursor:
                    seal.open(request.cursor)  # refused here, before anything is written
        except ValueError as error:  # pydantic's ValidationError is one
            answer = refusal(error)
            logger.warning("Recovery step refused", extra={"error": answer["error"]})
            return answer
        with logger.append_context_keys(incident=request.incident_id, table=live.name):
            if spec.bulk.access is BulkAccess.CLEAR:
                answer = clear(request, live, context.get_remaining_time_in_millis)
            else:
                source = resources.restored_table(table, request.source_table_name)
                answer = copy(request, source, live, seal, context.get_remaining_time_in_millis)
            logger.info(
                "Recovery step run", extra={"answer": {k: v for k, v in answer.items() if k != "cursor"}}
            )
        return answer


def _seal(resources: GrantedResources, request: SyncRequest) -> CursorSeal:
    context = {"incidentId": request.incident_id, "table": request.destination_table_name}
    return CursorSeal(kms_client(), resources.bulk_table_key_arn(), context)


@logger.inject_lambda_context
def cleanup(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Delete every item of the live table."""
    return _run(event, context, TABLE_CLEANUP)


@logger.inject_lambda_context
def copy_restored(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Copy every item of the incident's restored table into the live table."""
    return _run(event, context, TABLE_COPY)
