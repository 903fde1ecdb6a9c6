"""Repository of the SSN table (spec §4.1, payments_security §4.6): the only code that handles full SSNs
at rest.

The table's resource policy denies ``GetItem`` and ``Query`` on the table itself (SSN-bearing keys must
never show up in CloudTrail data events); only the ``ssnIndex`` GSI, keyed by provider, may be read.
So the SSN -> provider lookup is done without a read: a conditional put that, when the mapping already
exists, returns the existing item in its error (``ReturnValuesOnConditionCheckFailure``). One call either
creates the mapping or reveals it, and two concurrent uploads of the same person agree on one id.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, cast

from core import keys
from core.aws import client_error
from core.models.operational import SsnRecord
from core.tables import SSN_INDEX


class SsnRepository:
    """Takes a boto3 ``Table`` so tests and the sandbox can point it anywhere."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def get_or_create_provider_id(self, compact: str, ssn: str) -> str:
        """The provider id of this person in this compact, created (a new UUID4) on first sight.

        Identity is per compact: the same SSN gets a different id in each compact (rule 1).
        """
        record = SsnRecord(compact=compact, ssn=ssn, provider_id=str(uuid.uuid4()))
        try:
            self.table.put_item(
                Item=record.to_item(),
                ConditionExpression="attribute_not_exists(pk)",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except client_error() as error:
            if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise
            # ReturnValuesOnConditionCheckFailure puts the stored item here; botocore's type omits it.
            existing = cast("Mapping[str, Any] | None", error.response.get("Item"))
            if not existing:
                # Real DynamoDB always returns the item here; never guess an id.
                raise RuntimeError("the SSN mapping exists but its provider id was not returned") from None
            from boto3.dynamodb.types import TypeDeserializer

            return str(TypeDeserializer().deserialize(existing["providerId"]))
        return record.provider_id

    def ssn_of_provider(self, compact: str, provider_id: str) -> str | None:
        """The full SSN of a provider, read through ``ssnIndex`` (the audited SSN endpoint's read)."""
        from boto3.dynamodb.conditions import Key

        page = self.table.query(
            IndexName=SSN_INDEX,
            KeyConditionExpression=Key("providerIdGSIpk").eq(keys.ssn_provider_gsi_pk(compact, provider_id)),
        )
        items = page.get("Items", [])
        return str(items[0]["ssn"]) if items else None
