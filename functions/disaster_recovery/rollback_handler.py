"""Handler of the license upload rollback state machine's task: one run of
:func:`disaster_recovery.rollback.run_rollback`.

An input the state machine should not have sent (a window longer than a week or in the future, an unknown
compact...) is answered ``{"status": "FAILED", "error": ...}`` naming the field, so the execution fails
with that sentence rather than a stack trace, and nothing is read or written.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from core.aws import s3_client
from core.buckets import DISASTER_RECOVERY_RESULTS, BucketAccess
from core.outbox import Outbox
from core.repositories.providers import ProviderRepository
from core.resources import granted, serves
from core.tables import PROVIDER, TRANSACTION_HISTORY
from disaster_recovery.functions import LICENSE_UPLOAD_ROLLBACK
from disaster_recovery.models import RollbackRequest, refusal
from disaster_recovery.revert_writes import ProviderReverter, Rollback
from disaster_recovery.rollback import RollbackPorts, run_rollback, window_of
from disaster_recovery.rollback_store import ResultsStore, UploadIndex

logger = Logger()


@serves(LICENSE_UPLOAD_ROLLBACK)
@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    try:
        request = RollbackRequest.model_validate(event)
    except ValidationError as error:
        answer = refusal(error)
        logger.warning("Rollback refused", extra={"error": answer["error"]})
        return answer
    resources = granted()
    providers = resources.table(PROVIDER)
    bucket = resources.bucket(DISASTER_RECOVERY_RESULTS, BucketAccess.READ)
    resources.bucket(DISASTER_RECOVERY_RESULTS, BucketAccess.WRITE)  # it saves the report there too
    rollback = Rollback(window_of(request), request.rollback_reason, request.execution_name)
    reverter = ProviderReverter(
        ProviderRepository(providers), Outbox(resources.table(TRANSACTION_HISTORY)), rollback
    )
    ports = RollbackPorts(
        providers=UploadIndex(providers).providers,
        revert=reverter.revert,
        results=ResultsStore(s3_client(), bucket),
        remaining_ms=context.get_remaining_time_in_millis,
    )
    with logger.append_context_keys(
        compact=request.compact, jurisdiction=request.jurisdiction, execution=request.execution_name
    ):
        answer = run_rollback(request, ports)
    logger.info("Rollback run", extra={"answer": answer})
    return answer
