"""What a query clause matches, and how it scores, on prepared documents (:mod:`.fields`).

A query is compiled once per search into a matcher: a function from a prepared document (or nested
object) to its score, or None when it does not match. The semantics are OpenSearch's for each clause
kind and field type:

- ``term``/``terms``: the exact value — a keyword's whole value, or one *indexed term* of a text field
  (so ``term`` ``Smith`` on an analysed name matches nothing, ``smith`` matches), a date's instant;
- ``match``: the query analysed as the field is (text) or taken whole (other types); any term matches
  (``operator: or``, the default) or all must (``and``), with optional ``fuzziness`` (edit distance,
  ``AUTO`` = 0/1/2 by term length, transpositions counted once) and ``minimum_should_match``;
- ``match_phrase_prefix``: the analysed terms at consecutive positions, the last one as a prefix (a
  keyword's whole value as a prefix);
- ``range``: on dates with date math (``now-30d/d``; ``gt``/``lte`` round up, ``gte``/``lt`` down), on
  numbers, or on keywords by their order;
- ``bool``: ``must`` and ``filter`` all, ``must_not`` none, ``should`` at least
  ``minimum_should_match`` (default 1 when nothing else is required, else 0); scores add, ``filter``'s
  do not count;
- ``nested``: the inner query matches one nested object at ``path``; ``score_mode`` combines the
  objects' scores; with ``inner_hits`` the matching objects are reported.

The values inside a clause (fuzziness, ``minimum_should_match``, date math) are read by
:mod:`.query_values`. Relevance is a count of matched clauses weighted by ``boost``, not BM25: scores
order results sensibly, but only a field sort gives the order OpenSearch would.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sandbox.search_engine.fields import (
    BOOLEAN,
    DATE,
    KEYWORD,
    NUMBER,
    TEXT,
    IndexMapping,
    Leaf,
    MappingError,
    Prepared,
    date_millis,
)
from sandbox.search_engine.query_values import (
    DAY_MILLIS,
    QueryError,
    date_math,
    edit_limit,
    minimum_should_match,
    within_edits,
)

InnerHits = dict[str, tuple[str, list[tuple[int, Prepared, float]], int, int]]
"""Per document: an ``inner_hits`` name -> its nested path, the matching objects with their offset, and
the page of them to report (``from``, ``size``: 0 and 3 unless asked)."""
INNER_HITS_WINDOW = 100  # index.max_inner_result_window
Matcher = Callable[[Prepared, InnerHits | None], float | None]
KNOWN = ("match_all", "term", "terms", "match", "match_phrase_prefix", "range", "bool", "nested")


@dataclass(frozen=True)
class Compiler:
    mapping: IndexMapping
    now: datetime

    def compile(self, clause: Any, scope: str = "") -> Matcher:
        if not isinstance(clause, Mapping) or len(clause) != 1:
            raise QueryError("a query clause is an object with exactly one query type")
        ((kind, body),) = clause.items()
        if kind not in KNOWN:
            raise QueryError(f"unknown query [{kind}]")
        if kind == "match_all":
            boost = float((body or {}).get("boost", 1.0))
            return lambda doc, hits: boost
        if kind == "bool":
            return self._bool(body, scope)
        if kind == "nested":
            return self._nested(body, scope)
        if not isinstance(body, Mapping):
            raise QueryError(f"[{kind}] query malformed, no field")
        fields = {name: value for name, value in body.items() if not (kind == "terms" and name == "boost")}
        if len(fields) != 1:
            raise QueryError(f"[{kind}] query doesn't support multiple fields, found {sorted(fields)}")
        ((field_name, spec),) = fields.items()
        leaf = self.mapping.leaves.get(field_name)
        if leaf is None:
            return lambda doc, hits: None  # an unmapped field matches nothing
        builder = {
            "term": self._term,
            "terms": self._terms,
            "match": self._match,
            "match_phrase_prefix": self._phrase_prefix,
            "range": self._range,
        }[kind]
        test, boost = builder(field_name, leaf, spec, body)

        def leaf_matcher(doc: Prepared, hits: InnerHits | None) -> float | None:
            values = doc.values.get(field_name)
            if not values:
                return None
            return boost if any(test(value) for value in values) else None

        return leaf_matcher

    # ---- leaves: each returns a test of one indexed value, and the clause's boost --------------------

    def _term(self, name: str, leaf: Leaf, spec: Any, body: Any) -> tuple[Callable[[Any], bool], float]:
        value, boost, insensitive = spec, 1.0, False
        if isinstance(spec, Mapping):
            value, boost = spec.get("value"), float(spec.get("boost", 1.0))
            insensitive = bool(spec.get("case_insensitive", False))
        return self._equals(name, leaf, [value], insensitive), boost

    def _terms(self, name: str, leaf: Leaf, spec: Any, body: Any) -> tuple[Callable[[Any], bool], float]:
        if not isinstance(spec, list):
            raise QueryError(f"[terms] query does not support [{name}] as an object (no terms lookups)")
        return self._equals(name, leaf, spec, False), float(body.get("boost", 1.0))

    def _equals(self, name: str, leaf: Leaf, wanted: list[Any], insensitive: bool) -> Callable[[Any], bool]:
        if leaf.kind == TEXT:
            terms = {str(value) for value in wanted}
            return lambda positions: any(terms & position for position in positions)
        if leaf.kind == KEYWORD and insensitive:
            lowered = {_keyword(value).lower() for value in wanted}
            return lambda value: value.lower() in lowered
        targets = {self._value(name, leaf, value) for value in wanted}
        return lambda value: value in targets

    def _value(self, name: str, leaf: Leaf, value: Any, round_up: bool | None = None) -> Any:
        """A query value as the field indexes it (dates through date math)."""
        try:
            if leaf.kind == DATE:
                return self._date(value, round_up)
            if leaf.kind == BOOLEAN:
                return value in (True, "true")
            if leaf.kind == NUMBER:
                return float(value)
        except (MappingError, TypeError, ValueError) as error:
            raise QueryError(
                f"failed to create query: {error} (field [{name}])", "query_shard_exception"
            ) from None
        return _keyword(value)

    def _match(self, name: str, leaf: Leaf, spec: Any, body: Any) -> tuple[Callable[[Any], bool], float]:
        options: Mapping[str, Any] = spec if isinstance(spec, Mapping) else {"query": spec}
        boost = float(options.get("boost", 1.0))
        if leaf.kind != TEXT:
            return self._equals(name, leaf, [options.get("query")], False), boost
        assert leaf.analyzer is not None
        wanted = leaf.analyzer.positions(str(options.get("query", "")))
        if not wanted:
            return (lambda positions: False), boost
        required = len(wanted) if str(options.get("operator", "or")).lower() == "and" else 1
        required = max(required, minimum_should_match(options.get("minimum_should_match"), len(wanted)))
        fuzziness = options.get("fuzziness")

        def matches(position_terms: frozenset[str], indexed: frozenset[str]) -> bool:
            if position_terms & indexed:
                return True
            if fuzziness in (None, 0, "0"):
                return False
            return any(
                within_edits(query_term, term, edit_limit(fuzziness, query_term))
                for query_term in position_terms
                for term in indexed
            )

        def test(positions: Any) -> bool:
            found = sum(1 for query_position in wanted if any(matches(query_position, p) for p in positions))
            return found >= required

        return test, boost

    def _phrase_prefix(
        self, name: str, leaf: Leaf, spec: Any, body: Any
    ) -> tuple[Callable[[Any], bool], float]:
        options: Mapping[str, Any] = spec if isinstance(spec, Mapping) else {"query": spec}
        boost = float(options.get("boost", 1.0))
        query = str(options.get("query", ""))
        if leaf.kind != TEXT:
            return (lambda value: isinstance(value, str) and value.startswith(query)), boost
        assert leaf.analyzer is not None
        wanted = leaf.analyzer.positions(query)
        if not wanted:
            return (lambda positions: False), boost
        *whole, last = wanted

        def test(positions: Any) -> bool:
            for start in range(len(positions) - len(wanted) + 1):
                if all(whole[i] & positions[start + i] for i in range(len(whole))) and any(
                    term.startswith(prefix) for prefix in last for term in positions[start + len(whole)]
                ):
                    return True
            return False

        return test, boost

    def _range(self, name: str, leaf: Leaf, spec: Any, body: Any) -> tuple[Callable[[Any], bool], float]:
        if not isinstance(spec, Mapping):
            raise QueryError(f"[range] query malformed on field [{name}]")
        unknown = set(spec) - {"gte", "gt", "lte", "lt", "format", "boost", "time_zone"}
        if unknown:
            raise QueryError(f"[range] query does not support {sorted(unknown)}")
        rounding = {"gte": False, "gt": True, "lte": True, "lt": False}
        bounds = {
            op: self._value(name, leaf, spec[op], rounding[op]) for op in rounding if spec.get(op) is not None
        }
        checks = {
            "gte": lambda v, b: v >= b,
            "gt": lambda v, b: v > b,
            "lte": lambda v, b: v <= b,
            "lt": lambda v, b: v < b,
        }

        def test(value: Any) -> bool:
            if leaf.kind == TEXT:
                return False
            return all(checks[op](value, bound) for op, bound in bounds.items())

        return test, float(spec.get("boost", 1.0))

    def _date(self, value: Any, round_up: bool | None) -> int:
        """A date, or date math: ``now``/``<date>||`` then ``+1d``-style steps, then ``/d`` rounding."""
        if not isinstance(value, str) or ("now" not in value and "||" not in value):
            millis = date_millis(value)
            if round_up and isinstance(value, str) and len(value) == len("2026-01-01"):
                return millis + DAY_MILLIS - 1  # a day's missing time is its last millisecond for gt and lte
            return millis
        anchor_text, _, math = value.partition("||") if "||" in value else ("now", "", value[3:])
        anchor = (
            self.now if anchor_text == "now" else datetime.fromtimestamp(date_millis(anchor_text) / 1000, UTC)
        )
        return date_math(anchor, math, round_up)

    # ---- compound clauses ---------------------------------------------------------------------------

    def _bool(self, body: Any, scope: str) -> Matcher:
        if not isinstance(body, Mapping):
            raise QueryError("[bool] query malformed")
        unknown = set(body) - {"must", "must_not", "should", "filter", "minimum_should_match", "boost"}
        if unknown:
            raise QueryError(f"[bool] query does not support {sorted(unknown)}")

        def clauses(key: str) -> list[Matcher]:
            value = body.get(key) or []
            return [self.compile(c, scope) for c in (value if isinstance(value, list) else [value])]

        must, must_not, should, filters = (clauses(k) for k in ("must", "must_not", "should", "filter"))
        default = 1 if should and not (must or filters) else 0  # should alone: at least one
        minimum = (
            minimum_should_match(body.get("minimum_should_match"), len(should))
            if "minimum_should_match" in body
            else default
        )
        boost = float(body.get("boost", 1.0))

        def matcher(doc: Prepared, hits: InnerHits | None) -> float | None:
            score = 0.0
            for clause in must:
                found = clause(doc, hits)
                if found is None:
                    return None
                score += found
            for clause in filters:
                if clause(doc, hits) is None:
                    return None
            if any(clause(doc, None) is not None for clause in must_not):
                return None
            matched = 0
            for clause in should:
                found = clause(doc, hits)
                if found is not None:
                    matched += 1
                    score += found
            if matched < minimum:
                return None
            return score * boost

        return matcher

    def _nested(self, body: Any, scope: str) -> Matcher:
        if not isinstance(body, Mapping) or "path" not in body or "query" not in body:
            raise QueryError("[nested] requires 'path' and 'query'")
        unknown = set(body) - {"path", "query", "inner_hits", "score_mode", "ignore_unmapped", "boost"}
        if unknown:
            raise QueryError(f"[nested] query does not support {sorted(unknown)}")
        path = body["path"]
        if not self.mapping.objects.get(path):
            if body.get("ignore_unmapped"):
                return lambda doc, hits: None
            raise QueryError(
                f"[nested] failed to find nested object under path [{path}]", "query_shard_exception"
            )
        inner = self.compile(body["query"], path)
        mode = body.get("score_mode", "avg")
        wants_hits = body.get("inner_hits") is not None
        options = body.get("inner_hits") or {}
        name = str(options.get("name", path))
        start, size = int(options.get("from", 0)), int(options.get("size", 3))
        if start + size > INNER_HITS_WINDOW:
            raise QueryError(
                f"inner_hits from + size must be at most [{INNER_HITS_WINDOW}]", "illegal_argument_exception"
            )
        combine: dict[str, Callable[[list[float]], float]] = {
            "avg": lambda s: sum(s) / len(s),
            "max": max,
            "min": min,
            "sum": sum,
            "none": lambda s: 0.0,
        }

        def matcher(doc: Prepared, hits: InnerHits | None) -> float | None:
            found = []
            for offset, child in enumerate(doc.nested.get(path, [])):
                score = inner(child, None)
                if score is not None:
                    found.append((offset, child, score))
            if not found:
                return None
            if wants_hits and hits is not None:
                hits[name] = (path, found, start, size)
            return combine[mode]([score for _, _, score in found]) * float(body.get("boost", 1.0))

        return matcher


def _keyword(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
