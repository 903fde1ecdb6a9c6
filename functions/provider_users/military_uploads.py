"""The provider-users bucket's ObjectCreated notifications (spec §9.5): a practitioner's military document
arrived, so the declaration it belongs to becomes active. Copies (``ObjectCreated:Copy``) and objects
outside the military-documents prefix are ignored; a later document of an active declaration, a late one
of a superseded declaration and a redelivered notification change nothing."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools import Logger

from core.clock import now_utc
from core.repositories.providers import ProviderRepository
from core.resources import granted, serves
from core.tables import PROVIDER
from provider_users.functions import MILITARY_DOCUMENT_UPLOADS
from provider_users.military import document_arrived, owner_of

logger = Logger()


@serves(MILITARY_DOCUMENT_UPLOADS)
def lambda_handler(event: dict[str, Any], context: Any) -> None:
    repository = ProviderRepository(granted().table(PROVIDER))
    for record in event.get("Records", []):
        if record.get("eventName", "").endswith(":Copy"):
            continue
        key = unquote_plus(record["s3"]["object"]["key"])  # S3 event keys are URL-encoded
        if owner_of(key) is None:
            logger.warning("an object outside the military documents arrived", key=key)
        elif document_arrived(repository, key, now_utc()):
            logger.info("military affiliation active", key=key)
