"""Catalog declarations of the license ingest pipeline and the data-event log (spec §5.2, §7.1).

Batching windows are 5 seconds, not a minute: the ingest reporter reads 15-minute windows of the data
event table, and long windows once made errors land outside the window that reported them (anchors §4
item 4).
"""

from __future__ import annotations

from core.catalog import Access, FunctionSpec, TableGrant
from core.queues import QueueGrant, QueueSpec
from core.tables import COMPACT_CONFIGURATION, DATA_EVENT, EVENT_STATE, PROVIDER, SSN
from core.triggers import ConsumerSpec, EventPattern, ScheduleSpec
from ingest.events import LICENSE_DEACTIVATION, LICENSE_INGEST, LICENSE_INGEST_FAILURE
from ingest.queues import DATA_EVENTS_QUEUE, LICENSE_INGEST_QUEUE, LICENSE_PREPROCESSING_QUEUE
from notifications.functions import EMAIL_SERVICE
from providers.events import PROVIDER_HOME_JURISDICTION_CHANGE

PREPROCESS_LICENSES = FunctionSpec(
    name="PreprocessLicenses",
    handler="ingest.preprocess.lambda_handler",
    description="Resolves each uploaded row's SSN to a provider id and publishes it without the SSN.",
    grants=(TableGrant(SSN.key, Access.READ_WRITE),),
    queue_grants=(QueueGrant(LICENSE_PREPROCESSING_QUEUE.key, "consume"),),
    publishes=(LICENSE_INGEST, LICENSE_INGEST_FAILURE),
    ssn_access=True,
    timeout_seconds=120,
)

INGEST_LICENSES = FunctionSpec(
    name="IngestLicenses",
    handler="ingest.ingest.lambda_handler",
    description="Writes uploaded licenses, their history and the provider record they determine.",
    grants=(TableGrant(PROVIDER.key, Access.READ_WRITE),),
    queue_grants=(QueueGrant(LICENSE_INGEST_QUEUE.key, "consume"),),
    publishes=(LICENSE_DEACTIVATION, LICENSE_INGEST_FAILURE),
    timeout_seconds=300,
)

LOG_DATA_EVENTS = FunctionSpec(
    name="LogDataEvents",
    handler="ingest.data_events.lambda_handler",
    description="Logs every bus event (but home-state changes) per jurisdiction for ingest reports.",
    grants=(TableGrant(DATA_EVENT.key, Access.READ_WRITE),),
    queue_grants=(QueueGrant(DATA_EVENTS_QUEUE.key, "consume"),),
    timeout_seconds=28,
)

QUEUES: tuple[QueueSpec, ...] = (LICENSE_INGEST_QUEUE, DATA_EVENTS_QUEUE)
"""Queues listed by this package. The preprocessing queue is listed by the side that sends to it
(``licenses.routes.QUEUES``)."""

CONSUMERS: tuple[ConsumerSpec, ...] = (
    ConsumerSpec(
        function=PREPROCESS_LICENSES,
        queue=LICENSE_PREPROCESSING_QUEUE,
        batch_size=50,
        batching_window_seconds=5,
    ),
    ConsumerSpec(
        function=INGEST_LICENSES,
        queue=LICENSE_INGEST_QUEUE,
        batch_size=50,
        batching_window_seconds=5,
        source=EventPattern(events=(LICENSE_INGEST,)),
    ),
    ConsumerSpec(
        function=LOG_DATA_EVENTS,
        queue=DATA_EVENTS_QUEUE,
        batch_size=10,
        batching_window_seconds=5,
        source=EventPattern(every_event_except=(PROVIDER_HOME_JURISDICTION_CHANGE,)),
    ),
)

INGEST_REPORTER = FunctionSpec(
    name="IngestEventReporter",
    handler="ingest.reporter.lambda_handler",
    description="Emails each state its upload problems every 15 minutes, and a weekly summary.",
    grants=(
        TableGrant(DATA_EVENT.key, Access.READ),
        TableGrant(EVENT_STATE.key, Access.READ_WRITE),
        TableGrant(COMPACT_CONFIGURATION.key, Access.READ),
    ),
    invokes=(EMAIL_SERVICE.name,),
    timeout_seconds=600,  # well inside its 15-minute period, so runs do not overlap
    memory_mb=512,
)

SCHEDULES: tuple[ScheduleSpec, ...] = (
    ScheduleSpec(
        "IngestReportEvery15Minutes", INGEST_REPORTER, "*/15 * ? * * *", (("eventType", "frequent"),)
    ),
    ScheduleSpec("IngestReportWeekly", INGEST_REPORTER, "0 1 ? * SAT *", (("eventType", "weekly"),)),
)
"""The reference's ReportingStack: every quarter hour, and Saturdays at 01:00 UTC (spec §7.6)."""
