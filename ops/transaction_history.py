"""`scripts/transaction_history`: collect what Authorize.Net settled now, instead of waiting for the
daily 02:00 UTC run (payments_security §1.10).

On the running sandbox it runs each compact's workflow as its state machine would — the collector again
while it answers ``IN_PROGRESS``, the failure email to the compact's operations team on
``BATCH_FAILURE`` — collecting up to now (the scheduled run stops at the day's 01:00 UTC cut-off). In AWS
it starts an execution of the compact's state machine and waits for it:

    scripts/transaction_history --sandbox                      # every compact
    scripts/transaction_history --sandbox --compact aslp
    scripts/transaction_history --state-machine <ARN of cc-prod-TransactionHistory-aslp>

Storing is idempotent, so running it again (or after a point-in-time restore) duplicates nothing. Prints
each compact's last answer (``status``, the batches processed, ``batchFailureErrorMessage``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from purchases.functions import TRANSACTION_HISTORY_WORKFLOW
from toolkit import workflow_commands
from toolkit.manifest import MANIFEST


def main(argv: list[str] | None = None, manifest_path: Path = MANIFEST) -> int:
    command = workflow_commands.parser("scripts/transaction_history", __doc__ or "")
    return workflow_commands.main(
        command,
        TRANSACTION_HISTORY_WORKFLOW,
        argv,
        manifest_path,
        start=lambda now: {"endTime": now.isoformat()},
    )


if __name__ == "__main__":
    sys.exit(main())
