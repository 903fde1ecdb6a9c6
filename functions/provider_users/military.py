"""A practitioner's military affiliation (spec §9.5): declaring one (with presigned uploads of its proof
documents), the uploads arriving, and ending it.

A declaration makes every earlier affiliation inactive and starts ``initializing``; the first of its
documents to arrive in S3 makes it ``active`` and the provider ``militaryStatus=tentative`` until a compact
admin audits it; ending it removes the provider's military status. Each step writes its history record
with the records it changes, in one transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.aws import s3_client
from core.buckets import PROVIDER_USERS, BucketAccess
from core.errors import InvalidRequest, NotFound
from core.keys import iso_utc
from core.models.enums import (
    MilitaryAffiliationStatus,
    MilitaryAffiliationType,
    MilitaryStatus,
    UpdateCategory,
)
from core.models.military import MilitaryAffiliation
from core.models.provider_records import ProviderRecords
from core.repositories.providers import GuardedPut, ProviderRepository
from core.resources import granted
from provider_users.provider_changes import provider_update
from providers.records import PROVIDER_NOT_FOUND

DOCUMENT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "docx")
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
UPLOAD_SECONDS = 600
DOCUMENT_TYPE = "military-affiliations"
ENDED = "Military affiliation updated successfully"

_INACTIVE = MilitaryAffiliationStatus.INACTIVE
_INITIALIZING = MilitaryAffiliationStatus.INITIALIZING


@dataclass(frozen=True)
class Declared:
    record: MilitaryAffiliation
    uploads: list[dict[str, Any]]  # presigned POSTs: {url, fields}, one per file, in order


def document_prefix(compact: str, provider_id: str) -> str:
    """Where a provider's military documents live: the upload consumer reads the provider from it."""
    return f"compact/{compact}/provider/{provider_id}/document-type/{DOCUMENT_TYPE}/"


def owner_of(key: str) -> tuple[str, str] | None:
    """(compact, provider id) of a military document's key, or None for any other object."""
    parts = key.split("/")
    if (
        len(parts) < 7
        or parts[0] != "compact"
        or parts[2] != "provider"
        or parts[4:6] != ["document-type", DOCUMENT_TYPE]
    ):
        return None
    return parts[1], parts[3]


def document_key(compact: str, provider_id: str, declared_at: datetime, file_name: str) -> str:
    stem, extension = _split(file_name)
    return f"{document_prefix(compact, provider_id)}{iso_utc(declared_at)}/{uuid.uuid4()}#{stem}.{extension}"


def declare(
    repository: ProviderRepository,
    compact: str,
    provider_id: str,
    affiliation_type: MilitaryAffiliationType,
    file_names: list[str],
    now: datetime,
) -> Declared:
    """Record the declaration and presign one upload per file (10 MB at most, for 10 minutes)."""
    keys = [document_key(compact, provider_id, now, name) for name in file_names]  # 400 for a bad name
    records = _records(repository, compact, provider_id)
    record = MilitaryAffiliation(
        provider_id=provider_id,
        compact=compact,
        affiliation_type=affiliation_type,
        file_names=file_names,
        document_keys=keys,
        date_of_upload=now,
        status=_INITIALIZING,
    )
    puts = [_with_status(old, _INACTIVE) for old in records.military_affiliations if old.status != _INACTIVE]
    repository.put_guarded([*puts, GuardedPut(record)])
    bucket = granted().bucket(PROVIDER_USERS, BucketAccess.WRITE)
    uploads = [
        s3_client().generate_presigned_post(
            Bucket=bucket,
            Key=key,
            Conditions=[["content-length-range", 0, MAX_DOCUMENT_BYTES]],
            ExpiresIn=UPLOAD_SECONDS,
        )
        for key in keys
    ]
    return Declared(record=record, uploads=uploads)


def document_arrived(repository: ProviderRepository, key: str, now: datetime) -> bool:
    """The declaration the document ``key`` belongs to becomes active, if it is still waiting for its
    documents (any other waiting one becomes inactive), and the provider tentatively military. False when
    the key names no waiting declaration: a later document of an active one, a late upload to a
    superseded one, a redelivered notification, or an object outside the military documents."""
    owner = owner_of(key)
    if owner is None:
        return False
    records = _records(repository, *owner)
    arrived = next((a for a in records.military_affiliations if key in a.document_keys), None)
    if arrived is None or arrived.status != _INITIALIZING:
        return False
    provider = records.provider
    assert provider is not None
    military = provider.model_copy(
        update={"military_status": MilitaryStatus.TENTATIVE, "military_status_note": ""}
    )
    others = [a for a in records.military_affiliations if a.status == _INITIALIZING and a is not arrived]
    puts = [_with_status(other, _INACTIVE) for other in others]
    puts.append(_with_status(arrived, MilitaryAffiliationStatus.ACTIVE))
    history = provider_update(provider, military, UpdateCategory.MILITARY_FILE_UPLOAD, now)
    puts += [GuardedPut(military, read=provider), GuardedPut(history, guard=False)]
    repository.put_guarded(puts)
    return True


def end(repository: ProviderRepository, compact: str, provider_id: str, now: datetime) -> str:
    """The practitioner is no longer affiliated: no military status, no active or pending affiliation."""
    records = _records(repository, compact, provider_id)
    provider = records.provider
    assert provider is not None
    ongoing = [a for a in records.military_affiliations if a.status != _INACTIVE]
    if not ongoing and provider.military_status is None and provider.military_status_note is None:
        return ENDED  # nothing to end: no history record of nothing
    civilian = provider.model_copy(update={"military_status": None, "military_status_note": None})
    puts = [_with_status(a, _INACTIVE) for a in ongoing]
    puts.append(GuardedPut(civilian, read=provider))
    puts.append(
        GuardedPut(
            provider_update(provider, civilian, UpdateCategory.MILITARY_AFFILIATION_ENDED, now), guard=False
        )
    )
    repository.put_guarded(puts)
    return ENDED


def _records(repository: ProviderRepository, compact: str, provider_id: str) -> ProviderRecords:
    records = repository.records(compact, provider_id, consistent=True, history=0)
    if records.provider is None:
        raise NotFound(PROVIDER_NOT_FOUND)
    return records


def _with_status(affiliation: MilitaryAffiliation, status: MilitaryAffiliationStatus) -> GuardedPut:
    return GuardedPut(affiliation.model_copy(update={"status": status}), read=affiliation)


def _split(file_name: str) -> tuple[str, str]:
    """(stem, lower-cased extension) of an accepted document's name; 400 naming ``fileNames`` otherwise."""
    stem, dot, extension = file_name.rpartition(".")
    if not dot or not stem or extension.lower() not in DOCUMENT_EXTENSIONS:
        raise InvalidRequest(
            f"fileNames: {file_name!r} is not a supported document; use one of "
            f"{', '.join(DOCUMENT_EXTENSIONS)}"
        )
    return stem, extension.lower()
