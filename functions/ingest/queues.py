"""The queues of the license pipeline (spec §5.2, §7.1), declared apart from the functions that consume
them: a sender (the license upload functions) imports the queue it sends to without the consumers'
declarations and the detail models of the events those publish."""

from __future__ import annotations

from core.catalog import KeyName
from core.queues import QueueSpec

HOURS = 3600

LICENSE_PREPROCESSING_QUEUE = QueueSpec(
    key="license_preprocessing",
    resource_name="LicensePreprocessingQueue",
    env_var="LICENSE_PREPROCESSING_QUEUE_URL",
    visibility_timeout_seconds=480,
    retention_seconds=12 * HOURS,
    encryption_key=KeyName.SSN,  # messages carry full SSNs
)

LICENSE_INGEST_QUEUE = QueueSpec(
    key="license_ingest",
    resource_name="LicenseIngestQueue",
    env_var="LICENSE_INGEST_QUEUE_URL",
    visibility_timeout_seconds=1200,
    retention_seconds=12 * HOURS,
)

DATA_EVENTS_QUEUE = QueueSpec(
    key="data_events",
    resource_name="DataEventsQueue",
    env_var="DATA_EVENTS_QUEUE_URL",
    visibility_timeout_seconds=60,
    retention_seconds=1 * HOURS,
)
