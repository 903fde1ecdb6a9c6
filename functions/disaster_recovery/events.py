"""The events of a license upload rollback (spec §7.1), declared once: each license and privilege put back
as it was before a state's bad upload. Their one consumer, by design, is the data-event log, which keeps
them per jurisdiction for audits."""

from __future__ import annotations

from core.events import EventSpec
from disaster_recovery.models import RevertDetail

DISASTER_RECOVERY_SOURCE = "org.compactconnect.disaster-recovery"

_EXAMPLE = {
    "eventTime": "2026-03-12T09:30:00+00:00",
    "compact": "aslp",
    "jurisdiction": "oh",
    "providerId": "89a6377e-c3a5-40e5-bca5-317ec854c570",
    "licenseType": "audiologist",
    "rollbackReason": "The file of 2026-03-10 held another state's licensees",
    "startTime": "2026-03-10T00:00:00+00:00",
    "endTime": "2026-03-10T23:59:59+00:00",
    "rollbackExecutionName": "oh-upload-2026-03-10",
}

LICENSE_REVERT = EventSpec(
    detail_type="license.revert",
    source=DISASTER_RECOVERY_SOURCE,
    model=RevertDetail,
    description=(
        "A license the rollback put back as it was before the jurisdiction's uploads in the window "
        "(startTime to endTime), or deleted when those uploads had created it."
    ),
    example=_EXAMPLE,
    only_logged=True,
)

PRIVILEGE_REVERT = EventSpec(
    detail_type="privilege.revert",
    source=DISASTER_RECOVERY_SOURCE,
    model=RevertDetail,
    description=(
        "A privilege (in the jurisdiction it names) that a reverted upload had deactivated with its home "
        "license, active again as it was before the window."
    ),
    example={**_EXAMPLE, "jurisdiction": "ky"},
    only_logged=True,
)

EVENTS: tuple[EventSpec, ...] = (LICENSE_REVERT, PRIVILEGE_REVERT)
