"""DynamoDB condition expressions parsed once, not on every request that carries them.

moto parses a ``ConditionExpression`` into a tree on every request, and a transaction's twice (its
handler checks the names and values used, the backend evaluates): about a twentieth of the sandbox's
time in an ingest, whose writes repeat a handful of conditions (``attribute_not_exists(pk)``,
``#updated = :updated``) row after row. A tree depends only on the expression, its names and its values,
and evaluating it changes nothing, so the sandbox keeps the trees of the last :data:`REMEMBERED`
distinct requests' conditions, with what the parser noted of the names and values it used (moto's
handlers refuse unused ones from those notes). An expression that fails to parse is parsed, and fails,
every time (``tests/sandbox/test_parsed_conditions.py``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from moto.dynamodb.comparisons import ConditionExpressionParser

REMEMBERED = 4096

_parse = ConditionExpressionParser.parse
_trees: dict[tuple[str | None, str, str], _Parsed] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class _Parsed:
    tree: Any
    names_found: tuple[str, ...]
    values_found: tuple[str, ...]


def install() -> None:
    """Called once by ``sandbox.emulator.start_emulator``: the sandbox is its own process."""
    ConditionExpressionParser.parse = _remembered_parse  # type: ignore[method-assign]


def _remembered_parse(self: ConditionExpressionParser) -> Any:
    # repr tells apart every value moto parses into (str, bytes, Decimal-free JSON, lists, dicts):
    # equal reprs are equal names and values; unequal reprs of equal dicts only cost a parse.
    names, values = self.expression_attribute_names, self.expression_attribute_values
    key = (self.condition_expression, repr(names), repr(values))
    parsed = _trees.get(key)
    if parsed is None:
        names_before, values_before = len(self.expr_attr_names_found), len(self.expr_attr_values_found)
        tree = _parse(self)
        parsed = _Parsed(
            tree,
            tuple(self.expr_attr_names_found[names_before:]),
            tuple(self.expr_attr_values_found[values_before:]),
        )
        with _lock:
            if len(_trees) >= REMEMBERED:
                del _trees[next(iter(_trees))]
            _trees[key] = parsed
        return tree
    self.expr_attr_names_found.extend(parsed.names_found)
    self.expr_attr_values_found.extend(parsed.values_found)
    return parsed.tree
