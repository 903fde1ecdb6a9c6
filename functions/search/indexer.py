"""Keeps the search index in step with the provider table (the provider-change pipe's consumer).

Each message says a provider's partition changed. The indexer reads the provider's records as they are
now and writes the whole document — never a patch of the change itself — with the document's version
(:func:`search.documents.document_version`) and ``version_type=external_gte``: whatever order the
messages arrive in, and however often one is delivered, the index ends with the newest document. A
provider whose records are gone is deleted the same way. Changes of one provider in a batch are indexed
once; each compact's documents go in one ``_bulk`` request through its alias. A message whose document
could not be written is reported failed, retried by SQS, and dead-lettered after three receives.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from core.catalog import SearchAccess
from core.keys import provider_pk
from core.repositories.providers import ProviderRepository
from core.resources import granted, serves
from core.tables import PROVIDER
from search.client import search_client
from search.documents import document_version, provider_document
from search.functions import PROVIDER_INDEXER
from search.index_layout import alias

logger = Logger()

ProviderKey = tuple[str, str]  # (compact, providerId)
WRITTEN = frozenset({200, 201})
SETTLED_DELETE = 404  # nothing to delete: the document was never indexed, or is gone already
NEWER_INDEXED = 409  # the index holds a document at least as new


@dataclass(frozen=True)
class ProviderChange:
    """One message: which provider's partition changed, and when."""

    message_id: str
    provider: ProviderKey
    changed_at: datetime | None

    @classmethod
    def parse(cls, message_id: str, body: str) -> ProviderChange:
        fields = json.loads(body)
        compact, marker, provider_id = str(fields["pk"]).partition("#PROVIDER#")
        if not marker or not compact or not provider_id or provider_pk(compact, provider_id) != fields["pk"]:
            raise ValueError(f"not a provider partition: {fields['pk']!r}")
        seconds = fields.get("changedAt")
        changed_at = datetime.fromtimestamp(float(seconds), UTC) if seconds not in (None, "") else None
        return cls(message_id, (compact, provider_id), changed_at)


def latest_changes(changes: Iterable[ProviderChange]) -> dict[ProviderKey, datetime | None]:
    """Each provider once, with the time of its latest change in the batch."""
    latest: dict[ProviderKey, datetime | None] = {}
    for change in changes:
        known = latest.get(change.provider)
        if change.provider not in latest or (
            change.changed_at and (known is None or change.changed_at > known)
        ):
            latest[change.provider] = change.changed_at
    return latest


def bulk_lines(compact: str, providers: dict[str, datetime | None]) -> list[dict[str, Any]]:
    """The ``_bulk`` body for a compact's providers: an index (or, for a provider without records, a
    delete) of each, versioned. Items name no index: the request's path (the alias) does, and the
    domain refuses explicit indices in bulk bodies (``rest.action.multi.allow_explicit_index``)."""
    repository = ProviderRepository(granted().table(PROVIDER))
    lines: list[dict[str, Any]] = []
    for provider_id, changed_at in providers.items():
        records = repository.records(compact, provider_id, history=0)
        meta = {
            "_id": provider_id,
            "version": document_version(records, changed_at),
            "version_type": "external_gte",
        }
        if records.provider is None:
            lines.append({"delete": meta})
        else:
            lines += [{"index": meta}, provider_document(records)]
    return lines


def index(changes: dict[ProviderKey, datetime | None]) -> set[ProviderKey]:
    """Writes the documents; returns the providers whose document could not be written."""
    failed: set[ProviderKey] = set()
    by_compact: dict[str, dict[str, datetime | None]] = {}
    for (compact, provider_id), changed_at in changes.items():
        by_compact.setdefault(compact, {})[provider_id] = changed_at
    client = search_client(SearchAccess.INDEX)
    for compact, providers in by_compact.items():
        try:
            answer = client.bulk(index=alias(compact), body=bulk_lines(compact, providers))
        except Exception:
            logger.exception("Could not index the compact's providers", extra={"compact": compact})
            failed |= {(compact, provider_id) for provider_id in providers}
            continue
        for item in answer["items"]:
            ((action, result),) = item.items()
            status = result["status"]
            if (
                status in WRITTEN
                or status == NEWER_INDEXED
                or (action == "delete" and status == SETTLED_DELETE)
            ):
                continue
            logger.error("A document was refused", extra={"compact": compact, "result": result})
            failed.add((compact, str(result["_id"])))
    return failed


@serves(PROVIDER_INDEXER)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    changes: list[ProviderChange] = []
    failures: list[str] = []
    for record in event.get("Records", []):
        try:
            changes.append(ProviderChange.parse(record["messageId"], record["body"]))
        except (KeyError, TypeError, ValueError) as error:
            logger.error(
                "Unreadable provider change",
                extra={"message_id": record.get("messageId"), "error": str(error)},
            )
            failures.append(record["messageId"])
    failed = index(latest_changes(changes))
    failures += [change.message_id for change in changes if change.provider in failed]
    logger.info(
        "Indexed",
        extra={
            "changes": len(changes),
            "providers": len({c.provider for c in changes}),
            "failed": len(failures),
        },
    )
    return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in failures]}
