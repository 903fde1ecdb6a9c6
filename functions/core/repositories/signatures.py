"""The State API's signature records: public keys in the compact-configuration table, and the nonces
that make a signed request single-use in the rate-limiting table (spec §1.4)."""

from __future__ import annotations

from typing import Any

from core import keys
from core.aws import client_error
from core.models.operational import SignatureNonce


class SigningKeyRepository:
    """Keys are read on every request, consistently and never cached: a key an operator deletes stops
    working at once."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def keys_of(self, compact: str, jurisdiction: str) -> dict[str, str]:
        """key id -> public key PEM of every key the state registered (one query; a state has a few)."""
        query: dict[str, Any] = {
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": keys.signing_keys_pk(compact, jurisdiction)},
            "ConsistentRead": True,
        }
        found: dict[str, str] = {}
        while True:
            page = self.table.query(**query)
            found.update({str(item["keyId"]): str(item["publicKey"]) for item in page.get("Items", [])})
            if "LastEvaluatedKey" not in page:
                return found
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def key(self, compact: str, jurisdiction: str, key_id: str) -> str | None:
        """The public key PEM registered under one key id, if any."""
        key = {
            "pk": keys.signing_keys_pk(compact, jurisdiction),
            "sk": keys.signing_key_sk(compact, jurisdiction, key_id),
        }
        item = self.table.get_item(Key=key, ConsistentRead=True).get("Item")
        return str(item["publicKey"]) if item else None


class NonceRepository:
    def __init__(self, table: Any) -> None:
        self.table = table

    def first_use(self, nonce: SignatureNonce) -> bool:
        """Record the nonce; False when it was recorded before (a replayed request)."""
        try:
            self.table.put_item(Item=nonce.to_item(), ConditionExpression="attribute_not_exists(pk)")
        except client_error() as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True
