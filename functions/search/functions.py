"""Catalog entries of provider search (spec §2.3, infra.md SearchPersistentStack, SearchAPIStack): the
path that keeps the index in step with the provider table, the jobs that create and refill the indices,
and the search API's function. Every function here runs inside the network, with only its own access to
the domain (``SearchAccess``)."""

from __future__ import annotations

from core.buckets import EXPORT_RESULTS, BucketAccess, BucketGrant
from core.catalog import COMPACT_PLACEHOLDER, Access, FunctionSpec, SearchAccess, TableGrant
from core.operational_keys import expiration_reminder_pk
from core.queues import QueueGrant, QueueSpec
from core.tables import EVENT_STATE, PROVIDER
from core.triggers import ConsumerSpec, StreamPipe, WorkflowSpec
from notifications.functions import EMAIL_SERVICE

INDEXER_TIMEOUT_SECONDS = 60

SEARCH_INDEXING_QUEUE = QueueSpec(
    key="search_indexing",
    resource_name="SearchIndexingQueue",
    env_var="SEARCH_INDEXING_QUEUE_URL",
    visibility_timeout_seconds=6 * INDEXER_TIMEOUT_SECONDS,
    retention_seconds=4 * 24 * 60 * 60,
)

PROVIDER_CHANGE_MESSAGE = (
    '{"pk": "<$.dynamodb.Keys.pk.S>", "sk": "<$.dynamodb.Keys.sk.S>", "eventName": "<$.eventName>"}'
)
"""What the queue holds of a provider-table change: its keys and kind — never the item's images, which
carry birth dates the search documents leave out."""

PROVIDER_CHANGES_PIPE = StreamPipe(
    name="ProviderChangesPipe",
    table=PROVIDER.key,
    queue=SEARCH_INDEXING_QUEUE,
    key_prefix="{compact}#PROVIDER#",
    message_template=PROVIDER_CHANGE_MESSAGE,
)

PROVIDER_INDEXER = FunctionSpec(
    name="ProviderSearchIndexer",
    handler="search.indexer.lambda_handler",
    description="Re-indexes each changed provider's search document, the newest change winning.",
    grants=(TableGrant(PROVIDER.key, Access.READ),),
    queue_grants=(QueueGrant(SEARCH_INDEXING_QUEUE.key, "consume"),),
    search=SearchAccess.INDEX,
    timeout_seconds=INDEXER_TIMEOUT_SECONDS,
    memory_mb=512,
)

SEARCH_INDEX_MANAGER = FunctionSpec(
    name="SearchIndexManager",
    handler="search.index_manager.lambda_handler",
    description="On deploy: creates each compact's provider index of the current mapping and its alias.",
    search=SearchAccess.MANAGE,
    timeout_seconds=120,
)

PROVIDER_REINDEX = FunctionSpec(
    name="ProviderSearchReindex",
    handler="search.reindex.lambda_handler",
    description="Fills a compact's index from the provider table (backfill, or a new mapping), in runs.",
    grants=(TableGrant(PROVIDER.key, Access.READ),),
    search=SearchAccess.MANAGE,
    timeout_seconds=900,
    memory_mb=1024,
)

PROVIDER_SEARCH_API = FunctionSpec(
    name="ProviderSearchApi",
    handler="search.search_api.lambda_handler",
    description="Staff provider search and privilege export over the compact's provider index.",
    bucket_grants=(
        BucketGrant(EXPORT_RESULTS.key, BucketAccess.WRITE),
        BucketGrant(EXPORT_RESULTS.key, BucketAccess.READ),
    ),
    search=SearchAccess.QUERY,
    memory_mb=1024,
)

EXPIRATION_REMINDERS = FunctionSpec(
    name="ExpirationReminderSender",
    handler="search.reminders_handler.lambda_handler",
    description="Reminds practitioners 30, 7 and 0 days before their privileges expire, once each.",
    grants=(
        TableGrant(
            EVENT_STATE.key, Access.READ_WRITE, partitions=(expiration_reminder_pk(COMPACT_PLACEHOLDER, "*"),)
        ),
    ),
    invokes=(EMAIL_SERVICE.name,),
    search=SearchAccess.QUERY,
    per_compact=True,  # each compact's function reaches only its own index and reminder records
    timeout_seconds=15 * 60,
    memory_mb=512,
)

EXPIRATION_REMINDER_WORKFLOW = WorkflowSpec(
    name="ExpirationReminders",
    function=EXPIRATION_REMINDERS,
    cron="0 4 * * ? *",  # midnight at UTC-4, the day the expiration dates are kept in
    failure_template="privilegeExpirationReminderFailure",
    failure_variable="reminderFailureMessage",
)

QUEUES: tuple[QueueSpec, ...] = (SEARCH_INDEXING_QUEUE,)
PIPES: tuple[StreamPipe, ...] = (PROVIDER_CHANGES_PIPE,)
CONSUMERS: tuple[ConsumerSpec, ...] = (
    ConsumerSpec(
        function=PROVIDER_INDEXER, queue=SEARCH_INDEXING_QUEUE, batch_size=50, batching_window_seconds=1
    ),
)
STANDALONE: tuple[FunctionSpec, ...] = (SEARCH_INDEX_MANAGER, PROVIDER_REINDEX)
WORKFLOWS: tuple[WorkflowSpec, ...] = (EXPIRATION_REMINDER_WORKFLOW,)
