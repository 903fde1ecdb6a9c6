"""The sandbox's remembered condition trees (sandbox/parsed_conditions.py): the transaction and query
corpora get the same answers and leave the same tables with trees remembered as with every condition
parsed afresh (each corpus run twice, so the second run answers from remembered trees), a remembered
tree carries the parser's notes of the names and values it used, a malformed expression fails every
time, and no more than ``REMEMBERED`` trees are kept."""

from __future__ import annotations

import pytest
from moto.dynamodb.comparisons import ConditionExpressionParser
from moto.dynamodb.models.dynamo_type import DynamoType, Item

from sandbox import parsed_conditions
from tests.sandbox import test_fast_queries as queries
from tests.sandbox import test_fast_transactions as transactions
from tests.sandbox.moto_environment import point_boto3_at_moto


@pytest.fixture
def remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    point_boto3_at_moto(monkeypatch)
    monkeypatch.setattr(ConditionExpressionParser, "parse", ConditionExpressionParser.__dict__["parse"])
    monkeypatch.setattr(parsed_conditions, "_trees", {})
    parsed_conditions.install()


@pytest.fixture(scope="module")
def parsed_afresh() -> dict[str, list[object]]:
    with pytest.MonkeyPatch.context() as patch:
        point_boto3_at_moto(patch)
        return {
            "transactions": transactions.run(transactions.CORPUS),
            "queries": queries.run(queries.CORPUS),
        }


def test_both_corpora_answer_the_same_from_remembered_trees(parsed_afresh, remembered, monkeypatch):
    monkeypatch.setattr(
        transactions.DynamoDBBackend,
        "transact_write_items",
        transactions.fast_transactions.transact_write_items,
    )
    for _run in ("first", "remembered"):
        assert transactions.run(transactions.CORPUS) == parsed_afresh["transactions"]
        assert queries.run(queries.CORPUS) == parsed_afresh["queries"]
    assert parsed_conditions._trees  # the corpora's conditions were remembered


def parse(expression: str, names: dict[str, str] | None, values: dict[str, dict[str, str]] | None):
    parser = ConditionExpressionParser(expression, names, values)
    return parser, parser.parse()


def test_a_remembered_tree_notes_the_names_and_values_it_uses_and_evaluates_alike(remembered):
    expression = "#n = :v AND attribute_exists(nickname)"
    names, values = {"#n": "name", "#unused": "x"}, {":v": {"S": "Ada"}}
    attributes = {"pk": {"S": "p"}, "name": {"S": "Ada"}, "nickname": {"N": "1"}}
    item = object.__new__(Item)  # not BaseModel.__new__: moto would track it for its dashboard
    item.__init__(DynamoType({"S": "p"}), None, attributes)

    first, first_tree = parse(expression, names, values)
    again, again_tree = parse(expression, names, values)

    assert again_tree is first_tree
    assert again.expr_attr_names_found == first.expr_attr_names_found == ["#n", "nickname"]
    assert again.expr_attr_values_found == first.expr_attr_values_found == [":v"]
    assert again_tree.expr(item) is True
    _other, other_tree = parse(expression, names, {":v": {"S": "Grace"}})
    assert other_tree is not first_tree and other_tree.expr(item) is False


def test_a_malformed_expression_fails_every_time_and_is_not_remembered(remembered):
    for _attempt in range(2):
        with pytest.raises(ValueError, match="Bad function expression"):
            parse("attribute_exists(", None, None)
        with pytest.raises(KeyError, match=":missing"):
            parse("a = :missing", None, {})
    assert parsed_conditions._trees == {}


def test_no_more_than_remembered_trees_are_kept(remembered, monkeypatch):
    monkeypatch.setattr(parsed_conditions, "REMEMBERED", 3)
    for number in range(5):
        parse("n < :limit", None, {":limit": {"N": str(number)}})

    kept = [key[2] for key in parsed_conditions._trees]
    assert kept == [repr({":limit": {"N": str(number)}}) for number in (2, 3, 4)]


def test_installing_swaps_the_parse_method_and_importing_does_not(monkeypatch):
    assert ConditionExpressionParser.parse is not parsed_conditions._remembered_parse
    monkeypatch.setattr(ConditionExpressionParser, "parse", ConditionExpressionParser.__dict__["parse"])

    parsed_conditions.install()

    assert ConditionExpressionParser.parse is parsed_conditions._remembered_parse
