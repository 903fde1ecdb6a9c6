"""A corpus of ``TransactWriteItems`` requests for the differential test of the sandbox's transactions:
three tables (the provider table as declared, with its stream and indexes; the users table as declared;
a table keyed by a number alone), written cases for every outcome, and generated ones over a few keys
so that conditions, collisions and rollbacks also meet by chance."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from boto3.dynamodb.types import TypeSerializer
from moto.core import DEFAULT_ACCOUNT_ID

from core.tables import PROVIDER, USERS
from sandbox.emulator import REGION
from sandbox.provision import table_definition

PROVIDERS = "cc-diff-provider"
STAFF = "cc-diff-users"
COUNTERS = "cc-diff-counters"
MISSING = "cc-diff-missing"

BELOW = "n < :limit"

_serialize = TypeSerializer().serialize

Entry = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Case:
    name: str
    request: dict[str, Any]
    """The keyword arguments of ``transact_write_items``."""


def table_definitions() -> list[dict[str, Any]]:
    counters = {
        "TableName": COUNTERS,
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "N"}],
    }
    return [table_definition(PROVIDER, PROVIDERS), table_definition(USERS, STAFF), counters]


def seed_items() -> list[tuple[str, dict[str, Any]]]:
    return [
        (PROVIDERS, typed(pk="p1", sk="a", n=1, note="seed", tags={"x"})),
        (PROVIDERS, typed(pk="p1", sk="b", n=2)),
        (PROVIDERS, typed(pk="p2", sk="a", n=5, licenseGSIPK="lic#oh", licenseGSISK="A-1")),
        (PROVIDERS, typed(pk="p4", sk="only", n=7)),
        (STAFF, typed(pk="u1", sk="aslp", role="admin")),
        (STAFF, typed(pk="u2", sk="aslp", role="read")),
        (COUNTERS, typed(id=1, n=10)),
        (COUNTERS, typed(id=2, n=0)),
    ]


def typed(**attributes: Any) -> dict[str, Any]:
    """Attributes in DynamoDB's JSON (``{"n": {"N": "1"}}``)."""
    return {name: _serialize(value) for name, value in attributes.items()}


def provider(pk: str, sk: str) -> dict[str, Any]:
    return typed(pk=pk, sk=sk)


def user(pk: str) -> dict[str, Any]:
    return typed(pk=pk, sk="aslp")


def counter(number: int) -> dict[str, Any]:
    return typed(id=number)


def exists(table: str) -> str:
    return f"attribute_exists({_hash_key(table)})"


def absent(table: str) -> str:
    return f"attribute_not_exists({_hash_key(table)})"


def _hash_key(table: str) -> str:
    return "id" if table == COUNTERS else "pk"


def arn_of(table: str) -> str:
    return f"arn:aws:dynamodb:{REGION}:{DEFAULT_ACCOUNT_ID}:table/{table}"


def put(table: str, item: dict[str, Any], condition: str | None = None, **options: Any) -> Entry:
    return _entry("Put", table, condition, Item=item, **options)


def update(
    table: str, key: dict[str, Any], expression: str, condition: str | None = None, **options: Any
) -> Entry:
    return _entry("Update", table, condition, Key=key, UpdateExpression=expression, **options)


def delete(table: str, key: dict[str, Any], condition: str | None = None, **options: Any) -> Entry:
    return _entry("Delete", table, condition, Key=key, **options)


def check(table: str, key: dict[str, Any], condition: str, **options: Any) -> Entry:
    return _entry("ConditionCheck", table, condition, Key=key, **options)


def _entry(
    operation: str,
    table: str,
    condition: str | None,
    values: dict[str, Any] | None = None,
    names: dict[str, str] | None = None,
    old: bool = False,
    **fields: Any,
) -> Entry:
    """One entry; ``values`` are plain Python (typed here), ``old`` asks for the item as it was if the
    condition fails."""
    request: dict[str, Any] = {"TableName": table, **fields}
    if condition is not None:
        request["ConditionExpression"] = condition
    if values:
        request["ExpressionAttributeValues"] = {
            f":{name}": _serialize(value) for name, value in values.items()
        }
    if names:
        request["ExpressionAttributeNames"] = names
    if old:
        request["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
    return {operation: request}


def transaction(name: str, *entries: Entry, token: str | None = None) -> Case:
    request: dict[str, Any] = {"TransactItems": list(entries)}
    if token is not None:
        request["ClientRequestToken"] = token
    return Case(name, request)


def written_cases() -> list[Case]:
    """Every outcome by design, each case meeting the tables the earlier ones left."""
    return [*_successes(), *_cancellations(), *_refusals(), *_tokens()]


def _writes_everywhere(tag: str) -> list[Entry]:
    """Successful writes to every table (and the provider table's stream), ahead of a failure that
    must undo them; ``tag`` keeps each case's new items apart."""
    return [
        put(PROVIDERS, typed(pk=f"p-{tag}", sk="a", n=1)),
        update(PROVIDERS, provider("p1", "a"), "SET n = n + :one", values={"one": 1}),
        delete(PROVIDERS, provider("p4", "only")),
        update(STAFF, user("u1"), "SET #r = :r", values={"r": tag}, names={"#r": "role"}),
        put(COUNTERS, typed(id=100, n=1, tag=tag)),
        delete(COUNTERS, counter(2)),
    ]


def _successes() -> list[Case]:
    return [
        transaction(
            "puts in three tables",
            put(PROVIDERS, typed(pk="p3", sk="a", n=1, tags={"a", "b"}, doc={"k": [1, "two", None]})),
            put(STAFF, typed(pk="u3", sk="aslp", role="write")),
            put(COUNTERS, typed(id=4, n=4)),
        ),
        transaction(
            "updates that set, add, remove and append, and one that creates its item",
            update(
                PROVIDERS,
                provider("p1", "a"),
                "SET note = :note ADD tags :tags",
                values={"note": "x", "tags": {"y"}},
            ),
            update(
                PROVIDERS,
                provider("p1", "b"),
                "REMOVE n SET #l = list_append(if_not_exists(#l, :e), :e)",
                values={"e": [1]},
                names={"#l": "log"},
            ),
            update(COUNTERS, counter(1), "ADD n :d", values={"d": -3}),
            update(PROVIDERS, provider("p9", "new"), "SET n = :zero", values={"zero": 0}),
        ),
        transaction(
            "deletes of present and absent items",
            delete(PROVIDERS, provider("p9", "new")),
            delete(STAFF, user("nobody")),
            delete(COUNTERS, counter(99)),
        ),
        transaction(
            "conditions that hold, beside conditional writes",
            check(PROVIDERS, provider("p2", "a"), exists(PROVIDERS)),
            check(COUNTERS, counter(2), BELOW, values={"limit": 1}),
            put(STAFF, typed(pk="u4", sk="aslp", role="read"), absent(STAFF)),
            update(COUNTERS, counter(4), "SET n = n + :x", "n = :four", values={"x": 2, "four": 4}),
            delete(PROVIDERS, provider("p3", "a"), "contains(tags, :t)", values={"t": "a"}),
        ),
        transaction(
            "a condition check on an absent item of an absent partition",
            check(PROVIDERS, provider("ghost", "a"), absent(PROVIDERS)),
            put(COUNTERS, typed(id=5, n=5)),
        ),
        transaction(
            "tables named by ARN",
            put(arn_of(PROVIDERS), typed(pk="p5", sk="a", n=1)),
            update(arn_of(COUNTERS), counter(5), "SET n = n + :one", values={"one": 1}),
            check(arn_of(STAFF), user("u1"), exists(STAFF)),
        ),
        transaction(
            "one hundred entries",
            *[put(PROVIDERS, typed(pk="bulk", sk=f"{index:03}", n=index)) for index in range(60)],
            *[put(COUNTERS, typed(id=1000 + index, n=index)) for index in range(40)],
        ),
    ]


def _cancellations() -> list[Case]:
    return [
        transaction(
            "a failed put condition, asking for the item, after writes everywhere",
            *_writes_everywhere("put"),
            put(PROVIDERS, typed(pk="p2", sk="a", n=0), absent(PROVIDERS), old=True),
        ),
        transaction(
            "a failed update condition on an absent item, asking for it",
            *_writes_everywhere("update"),
            update(
                PROVIDERS, provider("p7", "a"), "SET n = :one", exists(PROVIDERS), values={"one": 1}, old=True
            ),
        ),
        transaction(
            "a failed delete condition",
            *_writes_everywhere("delete"),
            delete(COUNTERS, counter(1), "n > :limit", values={"limit": 100}),
        ),
        transaction(
            "a failed condition check, asking for the item",
            *_writes_everywhere("check"),
            check(STAFF, user("u2"), "#r = :r", values={"r": "admin"}, names={"#r": "role"}, old=True),
        ),
        transaction(
            "failures between successes: reasons in order",
            put(COUNTERS, typed(id=200, n=1)),
            check(COUNTERS, counter(1), absent(COUNTERS), old=True),
            update(PROVIDERS, provider("p1", "b"), "SET n = :n", values={"n": 9}),
            delete(PROVIDERS, provider("p2", "a"), "n = :n", values={"n": 6}, old=True),
            check(PROVIDERS, provider("ghost2", "a"), exists(PROVIDERS), old=True),
            put(STAFF, typed(pk="u9", sk="aslp")),
        ),
        transaction(
            "absent tables for a delete and a condition check",
            *_writes_everywhere("missing"),
            delete(MISSING, provider("p1", "a")),
            check(MISSING, provider("p1", "b"), exists(PROVIDERS)),
        ),
        transaction(
            "one item by name and by ARN (two items to moto), then a failure",
            update(PROVIDERS, provider("p2", "a"), "SET n = n + :one", values={"one": 1}),
            update(arn_of(PROVIDERS), provider("p2", "a"), "SET n = n + :one", values={"one": 1}),
            check(STAFF, user("u1"), absent(STAFF)),
        ),
        transaction(
            "the last item of a partition deleted, a new partition made, then a failure",
            delete(PROVIDERS, provider("p5", "a")),
            put(PROVIDERS, typed(pk="p-new", sk="a")),
            update(PROVIDERS, provider("p-new2", "a"), "SET n = :one", values={"one": 1}),
            check(COUNTERS, counter(1), absent(COUNTERS)),
        ),
        transaction(
            "a number out of range: a reason, not a refusal, after writes everywhere",
            *_writes_everywhere("range"),
            put(COUNTERS, {**counter(7), "big": {"N": "1e130"}}),
        ),
    ]


def _refusals() -> list[Case]:
    return [
        transaction(
            "two operations on one item, after writes everywhere",
            *_writes_everywhere("twice"),
            put(PROVIDERS, typed(pk="p2", sk="a", n=1)),
            check(PROVIDERS, provider("p2", "a"), exists(PROVIDERS)),
        ),
        transaction(
            "two operations on one item by update and delete",
            update(COUNTERS, counter(1), "SET n = :n", values={"n": 1}),
            delete(COUNTERS, counter(1)),
        ),
        transaction("101 entries", *[put(COUNTERS, typed(id=2000 + index)) for index in range(101)]),
        transaction(
            "an entry naming two operations, first",
            {**put(COUNTERS, typed(id=300)), **delete(COUNTERS, counter(301))},
            put(COUNTERS, typed(id=302)),
        ),
        transaction("an update expression that does not parse", update(COUNTERS, counter(1), "SET n = = 1")),
        transaction(
            "an update adding a number to a string, after writes everywhere",
            *_writes_everywhere("operand"),
            update(STAFF, user("u2"), "ADD #r :one", values={"one": 1}, names={"#r": "role"}),
        ),
        transaction(
            "an update of a key attribute, after writes everywhere",
            *_writes_everywhere("key"),
            update(PROVIDERS, provider("p1", "b"), "SET sk = :sk", values={"sk": "c"}),
        ),
        transaction(
            "a put with a key of the wrong type, after writes everywhere",
            *_writes_everywhere("type"),
            put(COUNTERS, typed(id="one")),
        ),
        transaction(
            "a delete without its sort key, after writes everywhere",
            *_writes_everywhere("incomplete"),
            delete(PROVIDERS, typed(pk="p1")),
        ),
        transaction("a put into an absent table", put(MISSING, typed(pk="p1", sk="a"))),
        transaction(
            "an item over 400 KB, after writes everywhere",
            *_writes_everywhere("size"),
            update(PROVIDERS, provider("p1", "b"), "SET payload = :big", values={"big": "x" * 410_000}),
        ),
    ]


def _tokens() -> list[Case]:
    """moto never sees ``ClientRequestToken``: a replay is a new request (AWS would answer it as the
    first was answered, for ten minutes). Both implementations must treat it alike."""
    claim = put(COUNTERS, typed(id=400, n=1), absent(COUNTERS))
    return [
        transaction("a token's first request", claim, token="token-1"),
        transaction("the same token replayed", claim, token="token-1"),
        transaction("the same token with other entries", put(COUNTERS, typed(id=401)), token="token-1"),
    ]


def generated_cases(count: int, seed: int) -> list[Case]:
    """``count`` transactions of one to five entries over few keys (so entries collide and conditions
    go both ways), from a fixed seed: the same corpus on every run."""
    rng = random.Random(seed)
    return [
        transaction(f"generated {index}", *[_random_entry(rng) for _ in range(rng.randint(1, 5))])
        for index in range(count)
    ]


def _random_entry(rng: random.Random) -> Entry:
    table = rng.choice([PROVIDERS, STAFF, COUNTERS])
    if table == COUNTERS:
        key = counter(rng.randint(1, 8))
    elif table == STAFF:
        key = user(rng.choice(["u1", "u2", "u5", "u6", "u7", "u8"]))
    else:
        key = provider(rng.choice(["p1", "p2", "g1", "g2"]), rng.choice(["a", "b", "c", "d"]))
    condition = rng.choice([None, None, None, exists(table), absent(table), BELOW])
    values = {"limit": rng.randint(0, 8)} if condition == BELOW else {}
    old = rng.random() < 0.5
    operation = rng.choice(["Put", "Update", "Update", "Delete", "ConditionCheck"])
    if operation == "Put":
        item = {**key, **typed(n=rng.randint(0, 9), tags={rng.choice("xyz")})}
        return put(table, item, condition, values=values, old=old)
    if operation == "Update":
        expression = rng.choice(["SET n = if_not_exists(n, :zero) + :step", "ADD tags :tags", "REMOVE tags"])
        used = {"zero": 0, "step": rng.randint(1, 3)} if ":step" in expression else {}
        if ":tags" in expression:
            used = {"tags": {rng.choice("xyz")}}
        return update(table, key, expression, condition, values={**values, **used}, old=old)
    if operation == "Delete":
        return delete(table, key, condition, values=values, old=old)
    return check(table, key, condition or exists(table), values=values, old=old)
