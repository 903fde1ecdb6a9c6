"""`scripts/expiration_reminders`: run today's privilege expiration reminders now (30 days, 7 days and
the day of, spec §7.6), instead of waiting for the daily 04:00 UTC run — to see them in the sandbox's
mailbox, or to send again, after a failure, to the practitioners the run could not reach.

On the running sandbox it runs each compact's workflow as its state machine would (the job again while
it answers ``IN_PROGRESS``, the failure email to the compact's operations team on ``BATCH_FAILURE``). In
AWS it starts an execution of the compact's state machine and waits for it:

    scripts/expiration_reminders --sandbox                   # every compact
    scripts/expiration_reminders --sandbox --compact aslp
    scripts/expiration_reminders --state-machine <ARN of cc-prod-ExpirationReminders-aslp>

Nobody is reminded twice of the same expiration: running it again sends only what was not sent. Prints
each compact's last answer (``sent``, ``alreadySent``, ``noEmail``, ``failed``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from search.functions import EXPIRATION_REMINDER_WORKFLOW
from toolkit import workflow_commands
from toolkit.manifest import MANIFEST


def main(argv: list[str] | None = None, manifest_path: Path = MANIFEST) -> int:
    command = workflow_commands.parser("scripts/expiration_reminders", __doc__ or "")
    return workflow_commands.main(command, EXPIRATION_REMINDER_WORKFLOW, argv, manifest_path)


if __name__ == "__main__":
    sys.exit(main())
