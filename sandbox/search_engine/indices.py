"""The engine's state — indices, aliases, documents with their versions — and the operations the REST
surface offers on it. One lock serialises writes and searches: the sandbox's load is a few requests at a
time, and a search never sees half a bulk request.

Versioning is OpenSearch's: an internal version counts writes; ``version_type=external`` accepts a write
only with a version above the stored one (``external_gte``: at least it), so a writer that stamps each
document with its source's update time never lets a stale update overwrite a newer one. A deleted
document's version is kept, so a late write older than the delete is refused too (OpenSearch keeps it
for ``index.gc_deletes``, 60 s by default; the local engine keeps it for good).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sandbox.search_engine.analysis import analyzers
from sandbox.search_engine.errors import EngineError
from sandbox.search_engine.fields import (
    IndexMapping,
    MappingError,
    Prepared,
    parse_mapping,
    prepare,
)
from sandbox.search_engine.queries import Compiler, InnerHits
from sandbox.search_engine.query_values import QueryError
from sandbox.search_engine.ranking import hit, search_after_values, sort_key, sort_spec, sort_values, total

MAX_RESULT_WINDOW = 10_000
TRACK_TOTAL_HITS = 10_000


@dataclass
class Document:
    version: int
    seq_no: int
    prepared: Prepared | None  # None: deleted, its version kept


@dataclass
class Index:
    name: str
    settings: dict[str, Any]
    mapping: IndexMapping
    documents: dict[str, Document] = field(default_factory=dict)
    created: int = field(default_factory=lambda: int(time.time() * 1000))

    def live(self) -> list[tuple[str, Prepared]]:
        return [(doc_id, doc.prepared) for doc_id, doc in self.documents.items() if doc.prepared is not None]


@dataclass(frozen=True)
class Write:
    """One index or delete: what ``_doc`` and each line of ``_bulk`` ask for."""

    action: str  # index | create | delete
    index: str
    doc_id: str
    source: Mapping[str, Any] | None = None
    version: int | None = None
    version_type: str = "internal"


class Engine:
    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._indices: dict[str, Index] = {}
        self._aliases: dict[str, set[str]] = {}
        self._lock = threading.RLock()
        self._seq_no = 0
        self._clock = clock

    # ---- indices and aliases ------------------------------------------------------------------------

    def create_index(self, name: str, body: Mapping[str, Any]) -> dict[str, Any]:
        with self._lock:
            if name in self._indices or name in self._aliases:
                raise EngineError(
                    400, "resource_already_exists_exception", f"index [{name}] already exists", name
                )
            if not name or name != name.lower() or name.startswith(("_", "-", "+")):
                raise EngineError(400, "invalid_index_name_exception", f"Invalid index name [{name}]", name)
            settings = dict(body.get("settings") or {})
            try:
                mapping = parse_mapping(body.get("mappings") or {}, analyzers(settings))
            except (MappingError, ValueError) as error:
                raise EngineError(400, "mapper_parsing_exception", str(error), name) from None
            self._indices[name] = Index(name, settings, mapping)
            for alias in body.get("aliases") or {}:
                self._aliases.setdefault(alias, set()).add(name)
            return {"acknowledged": True, "shards_acknowledged": True, "index": name}

    def delete_index(self, name: str) -> dict[str, Any]:
        with self._lock:
            for index in self.resolve(name, concrete_only=True):
                del self._indices[index.name]
                for members in self._aliases.values():
                    members.discard(index.name)
            self._aliases = {alias: members for alias, members in self._aliases.items() if members}
            return {"acknowledged": True}

    def exists(self, name: str) -> bool:
        with self._lock:
            return name in self._indices or name in self._aliases

    def describe(self, name: str) -> dict[str, Any]:
        with self._lock:
            return {
                index.name: {
                    "aliases": {a: {} for a, members in self._aliases.items() if index.name in members},
                    "mappings": index.mapping.source,
                    "settings": {
                        "index": {**index.settings.get("index", {}), "creation_date": str(index.created)}
                    },
                }
                for index in self.resolve(name)
            }

    def aliases_of(self, name: str | None) -> dict[str, Any]:
        """``GET /_alias/{name}``: each index holding the alias, with it."""
        with self._lock:
            if name is not None and name not in self._aliases:
                raise EngineError(404, "aliases_not_found_exception", f"alias [{name}] missing")
            answer: dict[str, Any] = {}
            for alias, members in self._aliases.items():
                if name is None or alias == name:
                    for member in members:
                        answer.setdefault(member, {"aliases": {}})["aliases"][alias] = {}
            return answer

    def update_aliases(self, actions: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """``POST /_aliases``: every action or none."""
        with self._lock:
            aliases = {alias: set(members) for alias, members in self._aliases.items()}
            for entry in actions:
                if not isinstance(entry, Mapping) or len(entry) != 1:
                    raise EngineError(
                        400, "illegal_argument_exception", "each alias action is one of add, remove"
                    )
                ((verb, spec),) = entry.items()
                names = spec.get("indices") or [spec.get("index")]
                alias = spec.get("alias")
                if verb not in ("add", "remove") or not alias or not all(names):
                    raise EngineError(400, "illegal_argument_exception", f"unsupported alias action [{verb}]")
                for index in names:
                    if index not in self._indices:
                        raise EngineError(404, "index_not_found_exception", f"no such index [{index}]", index)
                    if verb == "add":
                        aliases.setdefault(alias, set()).add(index)
                    elif index not in aliases.get(alias, set()):
                        raise EngineError(404, "aliases_not_found_exception", f"aliases [{alias}] missing")
                    else:
                        aliases[alias].discard(index)
            self._aliases = {alias: members for alias, members in aliases.items() if members}
            return {"acknowledged": True}

    def resolve(self, target: str, concrete_only: bool = False) -> list[Index]:
        """Indices named by an index name, an alias, or a comma-separated list of them."""
        if target in ("_all", "*"):
            return list(self._indices.values())
        found: list[Index] = []
        for name in target.split(","):
            if name in self._indices:
                found.append(self._indices[name])
            elif name in self._aliases and not concrete_only:
                found.extend(self._indices[member] for member in sorted(self._aliases[name]))
            else:
                raise EngineError(404, "index_not_found_exception", f"no such index [{name}]", name)
        return found

    def _write_target(self, target: str) -> Index:
        indices = self.resolve(target) if target in self._aliases or target in self._indices else []
        if not indices:
            raise EngineError(404, "index_not_found_exception", f"no such index [{target}]", target)
        if len(indices) > 1:
            raise EngineError(
                400,
                "illegal_argument_exception",
                f"no write index is defined for alias [{target}]; it points to several indices",
            )
        return indices[0]

    # ---- documents ----------------------------------------------------------------------------------

    def write(self, request: Write) -> dict[str, Any]:
        """One index, create or delete; the answer as ``_doc`` and ``_bulk`` report it (``status`` 200,
        201, 404 or 409)."""
        with self._lock:
            index = self._write_target(request.index)
            stored = index.documents.get(request.doc_id)
            current = stored.version if stored is not None else None
            live = stored is not None and stored.prepared is not None
            version = self._next_version(request, current, live, index.name)
            if request.action == "delete":
                if not live:
                    answer = self._answer(index, request.doc_id, version or 1, "not_found", 404)
                    if request.version_type.startswith("external"):
                        index.documents[request.doc_id] = Document(version or 1, self._next_seq(), None)
                    return answer
                index.documents[request.doc_id] = Document(version, self._next_seq(), None)
                return self._answer(index, request.doc_id, version, "deleted", 200)
            try:
                prepared = prepare(index.mapping, request.source or {})
            except MappingError as error:
                raise EngineError(400, error.kind, str(error), index.name) from None
            index.documents[request.doc_id] = Document(version, self._next_seq(), prepared)
            return self._answer(
                index, request.doc_id, version, "updated" if live else "created", 200 if live else 201
            )

    def _next_version(self, request: Write, current: int | None, live: bool, index: str) -> int:
        conflict = EngineError(
            409,
            "version_conflict_engine_exception",
            f"[{request.doc_id}]: version conflict, current version [{current}] is higher or equal to "
            f"the one provided [{request.version}]",
            index,
        )
        if request.action == "create" and live:
            raise EngineError(
                409,
                "version_conflict_engine_exception",
                f"[{request.doc_id}]: document already exists",
                index,
            )
        if request.version_type == "internal":
            if request.version is not None:
                raise EngineError(
                    400,
                    "action_request_validation_exception",
                    "internal versioning can not be used for optimistic "
                    "concurrency control; use if_seq_no and if_primary_term",
                )
            return (current or 0) + 1
        if request.version is None or request.version < 0:
            raise EngineError(400, "action_request_validation_exception", "an external version is required")
        if current is not None:
            if request.version_type == "external" and request.version <= current:
                raise conflict
            if request.version_type == "external_gte" and request.version < current:
                raise conflict
        return request.version

    def _next_seq(self) -> int:
        self._seq_no += 1
        return self._seq_no

    def _answer(self, index: Index, doc_id: str, version: int, result: str, status: int) -> dict[str, Any]:
        return {
            "_index": index.name,
            "_id": doc_id,
            "_version": version,
            "result": result,
            "_shards": {"total": 1, "successful": 1, "failed": 0},
            "_seq_no": index.documents[doc_id].seq_no if doc_id in index.documents else 0,
            "_primary_term": 1,
            "status": status,
        }

    def get(self, target: str, doc_id: str) -> dict[str, Any]:
        with self._lock:
            for index in self.resolve(target):
                stored = index.documents.get(doc_id)
                if stored is not None and stored.prepared is not None:
                    return {
                        "_index": index.name,
                        "_id": doc_id,
                        "_version": stored.version,
                        "_seq_no": stored.seq_no,
                        "_primary_term": 1,
                        "found": True,
                        "_source": stored.prepared.source,
                    }
            return {"_index": target, "_id": doc_id, "found": False}

    # ---- search -------------------------------------------------------------------------------------

    def search(self, target: str, body: Mapping[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        unknown = set(body) - {"query", "from", "size", "sort", "search_after", "track_total_hits", "_source"}
        if unknown:
            raise EngineError(
                400, "parsing_exception", f"unknown key(s) {sorted(unknown)} in the search body"
            )
        start, size = int(body.get("from") or 0), int(body.get("size", 10))
        if start < 0 or size < 0:
            raise EngineError(400, "illegal_argument_exception", "[from] and [size] must be non-negative")
        if start + size > MAX_RESULT_WINDOW:
            raise EngineError(
                400,
                "illegal_argument_exception",
                "Result window is too large, from + size must be less than or equal to: "
                f"[{MAX_RESULT_WINDOW}] but was [{start + size}]",
            )
        with self._lock:
            indices = self.resolve(target)
            matched: list[tuple[Index, str, Prepared, float, InnerHits]] = []
            for index in indices:
                try:
                    matcher = Compiler(index.mapping, self._clock()).compile(
                        body.get("query") or {"match_all": {}}
                    )
                except QueryError as error:
                    raise EngineError(400, error.kind, str(error), index.name) from None
                for doc_id, doc in index.live():
                    hits: InnerHits = {}
                    score = matcher(doc, hits)
                    if score is not None:
                        matched.append((index, doc_id, doc, score, hits))
        order = sort_spec(body.get("sort"))
        keyed = [(sort_values(order, entry[2], entry[3], entry[0].mapping), entry) for entry in matched]
        keyed.sort(key=lambda item: sort_key(order, item[0]))
        if body.get("search_after") is not None:
            if start not in (0, -1):
                raise EngineError(
                    400,
                    "illegal_argument_exception",
                    "[from] parameter must be set to 0 when [search_after] is used",
                )
            if not order:
                raise EngineError(400, "illegal_argument_exception", "[search_after] needs a [sort]")
            after = sort_key(order, search_after_values(order, body["search_after"], indices[0].mapping))
            keyed = [item for item in keyed if sort_key(order, item[0]) > after]
        page = keyed[start : start + size]
        return {
            "took": int((time.perf_counter() - started) * 1000),
            "timed_out": False,
            "_shards": {"total": len(indices), "successful": len(indices), "skipped": 0, "failed": 0},
            "hits": {
                **total(len(matched), body.get("track_total_hits", TRACK_TOTAL_HITS)),
                "max_score": None if order else max((entry[3] for entry in matched), default=None),
                "hits": [
                    hit(values, index.name, doc_id, doc, score, inner, bool(order))
                    for values, (index, doc_id, doc, score, inner) in page
                ],
            },
        }
