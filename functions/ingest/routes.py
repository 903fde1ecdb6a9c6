"""Catalog declarations of the license ingest pipeline and the data-event log (spec §5.2, §7.1).

Batching windows are 5 seconds, not a minute: the ingest reporter reads 15-minute windows of the data
event table, and long windows once made errors land outside the window that reported them (anchors §4
item 4).
"""

from __future__ import annotations

from core.catalog import (
    Access,
    ConsumerSpec,
    EventPattern,
    FunctionSpec,
    KeyName,
    QueueGrant,
    QueueSpec,
    TableGrant,
)
from core.tables import DATA_EVENT, PROVIDER, SSN
from ingest.events import LICENSE_DEACTIVATION, LICENSE_INGEST, LICENSE_INGEST_FAILURE
from providers.events import PROVIDER_HOME_JURISDICTION_CHANGE

HOURS = 3600

LICENSE_PREPROCESSING_QUEUE = QueueSpec(
    key="license_preprocessing",
    resource_name="LicensePreprocessingQueue",
    env_var="LICENSE_PREPROCESSING_QUEUE_URL",
    visibility_timeout_seconds=480,
    retention_seconds=12 * HOURS,
    encryption_key=KeyName.SSN,  # messages carry full SSNs
)

PREPROCESS_LICENSES = FunctionSpec(
    name="PreprocessLicenses",
    handler="ingest.preprocess.lambda_handler",
    description="Resolves each uploaded row's SSN to a provider id and publishes it without the SSN.",
    grants=(TableGrant(SSN.key, Access.READ_WRITE),),
    queue_grants=(QueueGrant(LICENSE_PREPROCESSING_QUEUE.key, "consume"),),
    publishes=(LICENSE_INGEST, LICENSE_INGEST_FAILURE),
    ssn_role="license_ingest",
    timeout_seconds=120,
)

LICENSE_INGEST_QUEUE = QueueSpec(
    key="license_ingest",
    resource_name="LicenseIngestQueue",
    env_var="LICENSE_INGEST_QUEUE_URL",
    visibility_timeout_seconds=1200,
    retention_seconds=12 * HOURS,
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

DATA_EVENTS_QUEUE = QueueSpec(
    key="data_events",
    resource_name="DataEventsQueue",
    env_var="DATA_EVENTS_QUEUE_URL",
    visibility_timeout_seconds=60,
    retention_seconds=1 * HOURS,
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
"""Queues listed by this package. The preprocessing queue is declared above, beside its consumer, and
listed by the upload side (``licenses.routes.QUEUES``), which imports it from here to send to it."""

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
