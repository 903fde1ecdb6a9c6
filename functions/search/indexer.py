"""Keeps the search index in step with the provider table (the provider-change pipe's consumer).

Each message says a provider's partition changed. The indexer reads the provider's records as they are
now — consistently, so the read sees the write that sent the message — and writes the whole document,
never a patch of the change, versioned with the moment of that read (epoch milliseconds,
``version_type=external_gte``). A later read sees at least what an earlier one saw, so whatever order
messages arrive in and however often one is delivered, the engine keeps the document of the latest read
and refuses an older one (a 409, settled, not retried). A provider whose records are gone is deleted the
same way. Changes of one provider in a batch are read once; each compact's documents go in one ``_bulk``
request through its alias (``require_alias``: a write can never create a stray index in the alias's
name before the index manager has run). A message whose document could not be written is reported failed,
retried by SQS, and dead-lettered after three receives.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from core.catalog import SearchAccess
from core.clock import now_utc
from core.keys import provider_pk
from core.repositories.providers import ProviderRepository
from core.resources import granted, serves
from core.tables import PROVIDER
from search.client import search_client
from search.documents import provider_document
from search.functions import PROVIDER_INDEXER
from search.index_layout import alias

logger = Logger()

ProviderKey = tuple[str, str]  # (compact, providerId)
WRITTEN = frozenset({200, 201})
SETTLED_DELETE = 404  # nothing to delete: the document was never indexed, or is gone already
NEWER_INDEXED = 409  # the index holds a document read no earlier


@dataclass(frozen=True)
class ProviderChange:
    """One message: which provider's partition changed."""

    message_id: str
    provider: ProviderKey

    @classmethod
    def parse(cls, message_id: str, body: str) -> ProviderChange:
        pk = str(json.loads(body)["pk"])
        compact, marker, provider_id = pk.partition("#PROVIDER#")
        if not marker or not compact or not provider_id or provider_pk(compact, provider_id) != pk:
            raise ValueError(f"not a provider partition: {pk!r}")
        return cls(message_id, (compact, provider_id))


def bulk_lines(compact: str, provider_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The ``_bulk`` body for a compact's providers: an index (or, for a provider without records, a
    delete) of each, versioned by when its records were read. Items name no index: the request's path
    does."""
    repository = ProviderRepository(granted().table(PROVIDER))
    lines: list[dict[str, Any]] = []
    for provider_id in dict.fromkeys(provider_ids):
        read_at = now_utc()
        records = repository.records(compact, provider_id, consistent=True, history=0)
        meta = {
            "_id": provider_id,
            "version": int(read_at.timestamp() * 1000),
            "version_type": "external_gte",
        }
        if records.provider is None:
            lines.append({"delete": meta})
        else:
            lines += [{"index": meta}, provider_document(records)]
    return lines


def refused(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The items of a ``_bulk`` answer that were not written: neither written, nor older than what the
    index holds, nor a delete of what is not there."""
    found = []
    for item in answer["items"]:
        ((action, result),) = item.items()
        status = result["status"]
        if status in WRITTEN or status == NEWER_INDEXED or (action == "delete" and status == SETTLED_DELETE):
            continue
        found.append(result)
    return found


def index(providers: Iterable[ProviderKey]) -> set[ProviderKey]:
    """Writes the documents; returns the providers whose document could not be written."""
    failed: set[ProviderKey] = set()
    by_compact: dict[str, list[str]] = {}
    for compact, provider_id in providers:
        by_compact.setdefault(compact, []).append(provider_id)
    client = search_client(SearchAccess.INDEX)
    for compact, provider_ids in by_compact.items():
        try:
            answer = client.bulk(
                index=alias(compact), body=bulk_lines(compact, provider_ids), params={"require_alias": "true"}
            )
        except Exception:
            logger.exception("Could not index the compact's providers", extra={"compact": compact})
            failed |= {(compact, provider_id) for provider_id in provider_ids}
            continue
        for result in refused(answer):
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
    failed = index(change.provider for change in changes)
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
