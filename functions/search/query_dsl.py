"""The subset of OpenSearch's query DSL staff search with (spec §2.3), checked before anything reaches
the engine.

Only the clauses the staff UI builds are accepted: ``match_all``, ``term``, ``terms`` (plain lists),
``match``, ``match_phrase_prefix``, ``range``, ``bool`` and ``nested`` (with ``inner_hits`` limited to
``from``, ``name`` and ``size``). Anything else — scripts, ``query_string`` (which can name any field
inside a string), ``more_like_this``, a terms lookup into another index — is refused with the place it
was found. Before the models see a query, two guards walk it without recursion: nesting deeper than 20
levels, and any ``index``/``_index`` key (the cross-index lookups), are refused.

Where the reference let through what OpenSearch itself refuses — a clause object naming two query
types, a ``term`` on two fields — and answered with the engine's 5xx, these models refuse it as a 400.
Sorting is limited to fields whose values may be echoed back (``lastSort``): never a personal one.
"""

from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_DEPTH = 20
"""The UI's deepest query is 13 levels; 20 leaves it room and stays far from Python's stack limit."""
CROSS_INDEX_KEYS = frozenset({"index", "_index"})
SORT_FIELDS = ("dateOfExpiration", "dateOfUpdate", "familyName.keyword", "givenName.keyword", "providerId")
MAX_CLAUSES = 100
"""Per ``bool`` occupant and per ``terms`` list: more than any form builds, fewer than the engine's cap."""

Scalar = str | int | float | bool
FieldName = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z_][A-Za-z0-9_.]*$")]


def _never_null(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """OpenAPI 3.0 has no ``null`` type: an optional key is documented as optional, never as null, and
    a field-keyed object as an object of those values (3.0 cannot constrain the keys themselves)."""
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)
        branches = prop.get("anyOf")
        if branches and {"type": "null"} in branches:
            prop.pop("anyOf")
            prop.pop("default", None)
            rest = [branch for branch in branches if branch != {"type": "null"}]
            prop.update(rest[0] if len(rest) == 1 else {"anyOf": rest})
        _keys_unconstrained(prop)


def _keys_unconstrained(node: Any) -> None:
    if isinstance(node, list):
        for entry in node:
            _keys_unconstrained(entry)
    if not isinstance(node, dict):
        return
    node.pop("propertyNames", None)
    patterns = node.pop("patternProperties", None)
    if patterns:
        (node["additionalProperties"],) = patterns.values()
    for value in node.values():
        _keys_unconstrained(value)


def _with_example(example: dict[str, Any]) -> Any:
    """The models' schema rules, and an example body (OpenAPI 3.0's ``example``) for clients' tools."""

    def extra(schema: dict[str, Any], model: type[BaseModel]) -> None:
        _never_null(schema, model)
        schema["example"] = example

    return extra


class _Dsl(BaseModel):
    """Keys as OpenSearch spells them (snake_case), nothing unknown."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, json_schema_extra=_never_null
    )


class MatchAll(_Dsl):
    boost: float | None = None


class TermValue(_Dsl):
    value: Scalar
    boost: float | None = None
    case_insensitive: bool | None = None


class MatchValue(_Dsl):
    query: Scalar
    operator: Literal["and", "or", "AND", "OR"] | None = None
    fuzziness: str | int | None = None
    minimum_should_match: str | int | None = None
    boost: float | None = None


class PhrasePrefixValue(_Dsl):
    query: str
    max_expansions: int | None = Field(default=None, ge=1, le=1000)
    slop: int | None = Field(default=None, ge=0, le=100)
    boost: float | None = None


class RangeValue(_Dsl):
    gte: Scalar | None = None
    gt: Scalar | None = None
    lte: Scalar | None = None
    lt: Scalar | None = None
    format: str | None = Field(default=None, max_length=100)
    boost: float | None = None

    @model_validator(mode="after")
    def _bounded(self) -> Self:
        if all(bound is None for bound in (self.gte, self.gt, self.lte, self.lt)):
            raise ValueError("a range needs at least one of gte, gt, lte and lt")
        return self


def _one_field(clause: str, fields: dict[str, Any] | None) -> None:
    if fields is not None and len(fields) != 1:
        raise ValueError(f"{clause}: exactly one field per clause, found {len(fields)}")


class Clause(_Dsl):
    """One query clause: exactly one of the accepted types."""

    match_all: MatchAll | None = None
    term: dict[FieldName, Scalar | TermValue] | None = None
    terms: dict[FieldName, Annotated[list[Scalar], Field(min_length=1, max_length=MAX_CLAUSES)]] | None = None
    match: dict[FieldName, Scalar | MatchValue] | None = None
    match_phrase_prefix: dict[FieldName, str | PhrasePrefixValue] | None = None
    range: dict[FieldName, RangeValue] | None = None
    bool: "BoolClause | None" = None
    nested: "NestedClause | None" = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                f"a clause is exactly one of {', '.join(type(self).model_fields)}; found {given}"
            )
        for name in ("term", "terms", "match", "match_phrase_prefix", "range"):
            _one_field(name, getattr(self, name))
        return self


Clauses = Annotated[list[Clause], Field(min_length=1, max_length=MAX_CLAUSES)]


class BoolClause(_Dsl):
    must: Clauses | None = None
    must_not: Clauses | None = None
    should: Clauses | None = None
    filter: Clauses | None = None
    minimum_should_match: str | int | None = None


class InnerHits(_Dsl):
    from_: int | None = Field(default=None, alias="from", ge=0, le=100)
    name: str | None = Field(default=None, max_length=100)
    size: int | None = Field(default=None, ge=0, le=100)


class NestedClause(_Dsl):
    path: FieldName
    query: Clause
    inner_hits: InnerHits | None = None
    score_mode: Literal["avg", "max", "min", "sum", "none"] | None = None
    ignore_unmapped: bool | None = None


Clause.model_rebuild()  # its bool and nested clauses hold clauses


def check_shape(query: Any) -> None:
    """The guards that run before the models: depth (walked without recursion, since the query may be
    deeper than Python can recurse) and cross-index keys, reported with where they were found."""
    pending: list[tuple[Any, int, str]] = [(query, 1, "query")]
    while pending:
        node, depth, path = pending.pop()
        if depth > MAX_DEPTH:
            raise ValueError(f"the query is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, dict):
            for key, value in node.items():
                if key in CROSS_INDEX_KEYS:
                    raise ValueError(f"cross-index lookups are not allowed ({path}.{key})")
                pending.append((value, depth + 1, f"{path}.{key}"))
        elif isinstance(node, list):
            pending.extend((item, depth + 1, f"{path}[{index}]") for index, item in enumerate(node))


SortField = Literal[
    "dateOfExpiration", "dateOfUpdate", "familyName.keyword", "givenName.keyword", "providerId"
]


class SortOrder(_Dsl):
    order: Literal["asc", "desc"]


class _Query(_Dsl):
    query: Clause

    @field_validator("query", mode="before")
    @classmethod
    def _guarded(cls, value: Any) -> Any:
        check_shape(value)
        return value


class SearchRequest(_Query):
    """``POST .../providers/search``: a query, a page (``from`` + ``size``, or ``search_after`` the last
    page's ``lastSort``) and an order."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        json_schema_extra=_with_example(
            {
                "query": {"match": {"familyName": "lovelace"}},
                "sort": [{"familyName.keyword": {"order": "asc"}}],
                "size": 50,
            }
        ),
    )

    from_: int | None = Field(default=None, alias="from", ge=0, le=9900)
    size: int | None = Field(default=None, ge=1, le=100)
    sort: (
        Annotated[list[dict[SortField, SortOrder]], Field(min_length=1, max_length=len(SORT_FIELDS))] | None
    ) = None
    search_after: Annotated[list[Scalar], Field(min_length=1, max_length=len(SORT_FIELDS))] | None = None

    @model_validator(mode="after")
    def _cursor_needs_order(self) -> Self:
        if self.search_after is not None and not self.sort:
            raise ValueError("search_after: needs the sort it continues")
        if self.sort is not None and any(len(entry) != 1 for entry in self.sort):
            raise ValueError("sort: one field per entry")
        return self


class ExportRequest(_Query):
    """``POST .../privileges/export``: the query whose providers' privileges are exported."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        json_schema_extra=_with_example(
            {
                "query": {
                    "nested": {
                        "path": "privileges",
                        "query": {"term": {"privileges.jurisdiction": "ky"}},
                        "inner_hits": {},
                    }
                }
            }
        ),
    )
