"""Repository of the users table (spec §4.6): one staff-user record per (user, compact).

Permission changes are read-check-write: the handler reads a record, decides with pure rules whether
the caller may act on it, and writes. To keep that decision valid, every permission write and every
delete is conditioned on the record's ``revision`` being the one that was read (optimistic locking):
a concurrent change makes the write fail, and the caller re-reads and decides again instead of
silently overwriting it. Records written before revisions existed read as revision 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from core import keys
from core.aws import client_error
from core.clock import now_utc
from core.models.base import to_dynamo
from core.models.enums import StaffUserStatus
from core.models.staff_user import StaffUser, StaffUserPermissions, StoredStaffUser

if TYPE_CHECKING:
    from boto3.dynamodb.conditions import ConditionBase
    from botocore.exceptions import ClientError


FAM_GIV = "famGiv"
"""The users table's name GSI and its sort-key attribute (same name): partition = ``sk`` (one per
compact), sorted by family then given name (:func:`core.keys.user_fam_giv`)."""

_MAX_QUERY_BATCH = 1000
_CONFLICT_REASONS = {"ConditionalCheckFailed", "TransactionConflict"}
# `attributes` is a DynamoDB reserved word.
_RENAME_NAMES = {
    "#attributes": "attributes",
    "#given": "givenName",
    "#family": "familyName",
    "#famGiv": FAM_GIV,
    "#updated": "dateOfUpdate",
}


def _is_conflict(error: ClientError) -> bool:
    """A condition failed (or a transaction collided): the record changed, so re-read and retry.

    Any other cancellation reason (a malformed request...) is a bug and propagates."""
    code = error.response.get("Error", {}).get("Code")
    if code == "TransactionCanceledException":
        reasons = {reason.get("Code") for reason in error.response.get("CancellationReasons", [])}
        return bool(reasons & _CONFLICT_REASONS)
    return code == "ConditionalCheckFailedException"


def _unchanged_since_read(user: StoredStaffUser) -> Any:
    """The record still exists at the revision it was read at."""
    from boto3.dynamodb.conditions import Attr

    same: ConditionBase = Attr("revision").eq(user.revision)
    if user.revision == 0:
        same = Attr("revision").not_exists() | same
    return Attr("pk").exists() & same


class UsersRepository:
    """Takes a boto3 ``Table`` so tests and the sandbox can point it anywhere."""

    def __init__(self, table: Any) -> None:
        self.table = table

    # ---- reads -------------------------------------------------------------------------------

    def records_of(self, user_id: str) -> list[StoredStaffUser]:
        """Every compact record of one user, in compact order (strongly consistent)."""
        from boto3.dynamodb.conditions import Key

        query: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(keys.user_pk(user_id)),
            "ConsistentRead": True,
        }
        records: list[StoredStaffUser] = []
        while True:
            page = self.table.query(**query)
            records += [StoredStaffUser.from_item(item) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return records
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def get(self, compact: str, user_id: str) -> StoredStaffUser | None:
        key = {"pk": keys.user_pk(user_id), "sk": keys.user_sk(compact)}
        item = self.table.get_item(Key=key, ConsistentRead=True).get("Item")
        return StoredStaffUser.from_item(item) if item else None

    def page_by_family_name(
        self,
        compact: str,
        page_size: int,
        start_key: dict[str, str] | None,
        accept: Callable[[StaffUser], bool],
    ) -> tuple[list[StoredStaffUser], dict[str, str] | None]:
        """Up to ``page_size`` accepted users of ``compact`` in name order, and the key to resume from.

        DynamoDB's ``Limit`` counts items *evaluated*, so a filtered page read with it comes back short
        or empty while more matches follow. Here the index is read in batches until the page is full
        and one more accepted user is known to exist, or the index ends: pages are always full except
        the last, the resume key is the last *returned* user's (nothing skipped, nothing repeated), and
        no key is returned when nothing follows.
        """
        from boto3.dynamodb.conditions import Key

        users: list[StoredStaffUser] = []
        last_item: dict[str, Any] = {}
        query: dict[str, Any] = {
            "IndexName": FAM_GIV,
            "KeyConditionExpression": Key("sk").eq(keys.user_sk(compact)),
            "Limit": page_size + 1,
        }
        if start_key:
            query["ExclusiveStartKey"] = start_key
        while True:
            page = self.table.query(**query)
            for item in page.get("Items", []):
                user = StoredStaffUser.from_item(item)
                if not accept(user):
                    continue
                if len(users) == page_size:
                    return users, {name: last_item[name] for name in ("pk", "sk", FAM_GIV)}
                users.append(user)
                last_item = item
            if "LastEvaluatedKey" not in page:
                return users, None
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
            query["Limit"] = min(query["Limit"] * 2, _MAX_QUERY_BATCH)

    # ---- writes ------------------------------------------------------------------------------

    def create(self, user: StaffUser) -> bool:
        """Write a new record; ``False`` (nothing written) when the user already has one in the compact."""
        from boto3.dynamodb.conditions import Attr

        try:
            self.table.put_item(Item=user.to_item(), ConditionExpression=Attr("pk").not_exists())
        except client_error() as error:
            if _is_conflict(error):
                return False
            raise
        return True

    def replace_permissions(
        self, user: StoredStaffUser, permissions: StaffUserPermissions
    ) -> StoredStaffUser | None:
        """Set the record's permissions; ``None`` when it changed or vanished since it was read."""
        try:
            response = self.table.update_item(
                Key={"pk": user.pk, "sk": user.sk},
                UpdateExpression="SET #permissions = :permissions, #updated = :updated, #revision = :next",
                ConditionExpression=_unchanged_since_read(user),
                ExpressionAttributeNames={
                    "#permissions": "permissions",
                    "#updated": "dateOfUpdate",
                    "#revision": "revision",
                },
                ExpressionAttributeValues={
                    ":permissions": to_dynamo(permissions.model_dump(by_alias=True)),
                    ":updated": keys.iso_utc(now_utc()),
                    ":next": user.revision + 1,
                },
                ReturnValues="ALL_NEW",
            )
        except client_error() as error:
            if _is_conflict(error):
                return None
            raise
        return StoredStaffUser.from_item(response["Attributes"])

    def mark_active(self, user: StaffUser) -> None:
        """The first sign-in makes an invited user's record active; a record deleted meanwhile fails
        the update (and so the sign-in)."""
        self.table.update_item(
            Key={"pk": user.pk, "sk": user.sk},
            UpdateExpression="SET #status = :active",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":active": StaffUserStatus.ACTIVE.value},
        )

    def delete(self, user: StoredStaffUser) -> bool:
        """Delete the record; ``False`` when it changed or vanished since it was read."""
        try:
            self.table.delete_item(
                Key={"pk": user.pk, "sk": user.sk}, ConditionExpression=_unchanged_since_read(user)
            )
        except client_error() as error:
            if _is_conflict(error):
                return False
            raise
        return True

    def rename(self, records: Sequence[StaffUser], given_name: str, family_name: str) -> bool:
        """Set the names (and the name index key) on all of a user's records at once, or on none.

        ``False`` when one of the records vanished meanwhile: nothing was written.
        """
        values = {
            ":given": given_name,
            ":family": family_name,
            ":famGiv": keys.user_fam_giv(family_name, given_name),
            ":updated": keys.iso_utc(now_utc()),
        }
        updates = [
            {
                "Update": {
                    "TableName": self.table.name,
                    "Key": {"pk": record.pk, "sk": record.sk},
                    "UpdateExpression": (
                        "SET #attributes.#given = :given, #attributes.#family = :family, "
                        "#famGiv = :famGiv, #updated = :updated"
                    ),
                    "ConditionExpression": "attribute_exists(pk)",
                    "ExpressionAttributeNames": _RENAME_NAMES,
                    "ExpressionAttributeValues": values,
                }
            }
            for record in records
        ]
        try:
            # The resource's client serializes plain Python values, as the Table methods do.
            self.table.meta.client.transact_write_items(TransactItems=updates)
        except client_error() as error:
            if _is_conflict(error):
                return False
            raise
        return True
