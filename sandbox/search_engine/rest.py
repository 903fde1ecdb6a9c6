"""The engine's HTTP surface: OpenSearch's REST paths, bodies and error shapes for the operations of
:mod:`.indices`, so ``opensearch-py`` (the client the functions use everywhere) talks to it unchanged.
Requests are not signed-checked: like the AWS emulator, the stand-in trusts its loopback callers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.wrappers import Request, Response

from sandbox.search_engine.errors import EngineError
from sandbox.search_engine.indices import Engine, Write
from sandbox.serving import LocalService

VERSION = {"number": "2.19.0", "distribution": "opensearch", "build_flavor": "local-stand-in"}


class SearchEngineStandIn(LocalService):
    thread_name = "search-engine"

    def __init__(self, engine: Engine | None = None) -> None:
        self.engine = engine or Engine()
        self.requests: list[tuple[str, str]] = []
        """Every request's method and path, in order (tests hold the functions' grants to them)."""

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        self.requests.append((request.method, request.path.lstrip("/")))
        try:
            status, body = self.route(request.method, request.path, request.args, request.get_data())
        except EngineError as error:
            status, body = error.status, error.body()
        except json.JSONDecodeError as error:
            status, body = (
                400,
                EngineError(400, "parse_exception", f"request body is not JSON: {error}").body(),
            )
        payload = b"" if request.method == "HEAD" else json.dumps(body).encode()
        return Response(payload, status=status, content_type="application/json; charset=UTF-8")(
            environ, start_response
        )

    def route(self, method: str, path: str, args: Any, raw: bytes) -> tuple[int, Any]:
        parts = [part for part in path.split("/") if part]
        engine = self.engine
        if not parts:
            return 200, {"name": "local", "cluster_name": "sandbox", "version": VERSION, "tagline": "local"}
        if parts == ["_bulk"] or parts[1:] == ["_bulk"]:
            return 200, self._bulk(raw, parts[0] if len(parts) == 2 else None, args)
        if parts == ["_aliases"] and method == "POST":
            return 200, engine.update_aliases(_json(raw).get("actions", []))
        if parts[0] == "_alias" or (len(parts) == 3 and parts[1] == "_alias"):
            return self._alias(method, parts)
        if parts == ["_search"]:
            return 200, engine.search("_all", _json(raw))
        index = parts[0]
        if len(parts) == 1:
            return self._index(method, index, raw)
        operation = parts[1]
        if operation == "_search" and method in ("GET", "POST"):
            return 200, engine.search(index, _json(raw))
        if operation == "_refresh":
            engine.resolve(index)
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if operation == "_count":
            hits = engine.search(
                index, {"query": _json(raw).get("query"), "size": 0, "track_total_hits": True}
            )
            return 200, {"count": hits["hits"]["total"]["value"]}
        if operation == "_mapping" and method == "GET":
            return 200, {
                name: {"mappings": info["mappings"]} for name, info in engine.describe(index).items()
            }
        if operation in ("_doc", "_create") and len(parts) == 3:
            return self._document(method, operation, index, parts[2], args, raw)
        raise EngineError(
            400, "illegal_argument_exception", f"the local engine does not serve {method} {path}"
        )

    def _index(self, method: str, index: str, raw: bytes) -> tuple[int, Any]:
        if method == "PUT":
            return 200, self.engine.create_index(index, _json(raw))
        if method == "HEAD":
            return (200 if self.engine.exists(index) else 404), {}
        if method == "GET":
            return 200, self.engine.describe(index)
        if method == "DELETE":
            return 200, self.engine.delete_index(index)
        raise EngineError(405, "method_not_allowed", f"{method} is not allowed on an index")

    def _alias(self, method: str, parts: list[str]) -> tuple[int, Any]:
        if parts[0] == "_alias":
            name = parts[1] if len(parts) > 1 else None
            if method == "HEAD":
                return (200 if self._has_alias(name) else 404), {}
            return 200, self.engine.aliases_of(name)
        index, _, alias = parts
        if method == "HEAD":
            return (200 if self._has_alias(alias, index) else 404), {}
        verb = {"PUT": "add", "POST": "add", "DELETE": "remove"}.get(method)
        if verb is None:
            raise EngineError(405, "method_not_allowed", f"{method} is not allowed on an alias")
        return 200, self.engine.update_aliases([{verb: {"index": index, "alias": alias}}])

    def _has_alias(self, alias: str | None, index: str | None = None) -> bool:
        held = self.engine.aliases_of(None)
        return any(alias in info["aliases"] for name, info in held.items() if index in (None, name))

    def _document(
        self, method: str, operation: str, index: str, doc_id: str, args: Any, raw: bytes
    ) -> tuple[int, Any]:
        if method in ("GET", "HEAD"):
            found = self.engine.get(index, doc_id)
            return (200 if found["found"] else 404), found
        if method not in ("PUT", "POST", "DELETE"):
            raise EngineError(405, "method_not_allowed", f"{method} is not allowed on a document")
        action = "delete" if method == "DELETE" else "create" if operation == "_create" else "index"
        if args.get("op_type") == "create":
            action = "create"
        answer = self.engine.write(
            Write(
                action,
                index,
                doc_id,
                None if action == "delete" else _json(raw),
                int(args["version"]) if "version" in args else None,
                args.get("version_type", "internal"),
            )
        )
        return answer.pop("status"), answer

    def _bulk(self, raw: bytes, default_index: str | None, args: Any) -> dict[str, Any]:
        lines = [line for line in raw.decode().split("\n") if line.strip()]
        require_alias = args.get("require_alias") == "true"
        items: list[dict[str, Any]] = []
        position = 0
        while position < len(lines):
            action_line = json.loads(lines[position])
            if not isinstance(action_line, dict) or len(action_line) != 1:
                raise EngineError(400, "illegal_argument_exception", f"malformed action line {position + 1}")
            ((action, meta),) = action_line.items()
            if action not in ("index", "create", "delete"):
                raise EngineError(400, "illegal_argument_exception", f"unsupported bulk action [{action}]")
            source = None
            if action != "delete":
                position += 1
                if position >= len(lines):
                    raise EngineError(400, "illegal_argument_exception", "the bulk body ends before a source")
                source = json.loads(lines[position])
            position += 1
            write = Write(
                action,
                meta.get("_index") or default_index or "",
                str(meta.get("_id")),
                source,
                meta.get("version"),
                meta.get("version_type", "internal"),
            )
            items.append({action: self._bulk_item(write, require_alias)})
        return {
            "took": 0,
            "errors": any(item[next(iter(item))]["status"] >= 300 for item in items),
            "items": items,
        }

    def _bulk_item(self, write: Write, require_alias: bool) -> dict[str, Any]:
        try:
            if require_alias and not self._has_alias(write.index):
                raise EngineError(
                    404,
                    "index_not_found_exception",
                    f"[require_alias] request flag is [true] and [{write.index}] is not an alias",
                    write.index,
                )
            return self.engine.write(write)
        except EngineError as error:
            return {
                "_index": write.index,
                "_id": write.doc_id,
                "status": error.status,
                "error": {"type": error.kind, "reason": error.reason, "index": write.index},
            }


def _json(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        return {}
    body = json.loads(raw)
    if not isinstance(body, dict):
        raise EngineError(400, "parse_exception", "the request body must be a JSON object")
    return body
