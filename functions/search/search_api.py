"""Handlers of the search API (spec §2.3).

Every query runs on the compact's alias and inside a filter on the compact, so no document of another
compact can come back whatever the index holds; the caller must hold ``{compact}/readGeneral`` for the
compact in the path. Hits are served through the search document's model, so a field outside it never
reaches a caller. An export asks the engine for up to 10,000 providers at once (its result window) and
refuses a query matching that many as too broad; the CSV goes to the export bucket under the caller and
the time, and the answer is a link that works for 60 seconds.
"""

from __future__ import annotations

import io
from typing import Any

from opensearchpy import RequestError

from core.api_catalog import READ_GENERAL
from core.buckets import EXPORT_RESULTS, BucketAccess
from core.catalog import SearchAccess
from core.clock import now_utc
from core.csv_export import ENCODING, write_csv
from core.errors import AccessDenied, InvalidRequest, NotFound
from core.http import RouteTable
from core.lookups import known_compact
from core.resources import granted
from search.client import search_client
from search.export import EXPORT_COLUMNS, export_rows
from search.functions import PROVIDER_SEARCH_API
from search.index_layout import alias
from search.models import ExportResponse, SearchedProvider, SearchResponse, SearchTotal
from search.query_dsl import ExportRequest, SearchRequest
from search.routes import ROUTES

table = RouteTable.serving(PROVIDER_SEARCH_API, ROUTES)

PAGE_SIZE = 100
TIE_BREAKER = "providerId"
"""Appended to a sort without it, so providers with equal sort values keep one order and ``search_after``
pages never skip or repeat one at a page's edge (``lastSort`` then carries the provider id too)."""
EXPORT_LIMIT = 10_000
LINK_SECONDS = 60
PRIVILEGES = "privileges"
INNER_HITS_SIZE = 100
"""The engine's most matched nested objects per hit (``index.max_inner_result_window``): an export
reports every matched privilege, not OpenSearch's default three."""
TOO_BROAD = "Search scope too broad. Please narrow your search."


def _authorised(compact: str) -> None:
    known_compact(compact)
    if not table.principal().has_compact_level_action(compact, READ_GENERAL.action):
        raise AccessDenied(f"searching {compact} needs {compact}/{READ_GENERAL.action}")


def _within_compact(compact: str, query: dict[str, Any]) -> dict[str, Any]:
    return {"bool": {"filter": [{"term": {"compact": compact}}], "must": [query]}}


def _search(compact: str, body: dict[str, Any]) -> dict[str, Any]:
    try:
        return search_client(SearchAccess.QUERY).search(index=alias(compact), body=body)
    except RequestError as error:  # what the models let through and the engine still refuses
        info = error.info if isinstance(error.info, dict) else {}
        raise InvalidRequest(f"Invalid search: {info.get('error', {}).get('reason', error.error)}") from None


@table.operation("search_providers")
def search_providers(compact: str, body: SearchRequest) -> SearchResponse:
    _authorised(compact)
    request = body.model_dump(by_alias=True, exclude_none=True)
    request["query"] = _within_compact(compact, request["query"])
    request.setdefault("size", PAGE_SIZE)
    if "sort" in request and not any(TIE_BREAKER in entry for entry in request["sort"]):
        request["sort"].append({TIE_BREAKER: {"order": "asc"}})
    hits = _search(compact, request)["hits"]
    providers = [SearchedProvider.model_validate(hit["_source"]) for hit in hits["hits"]]
    last_sort = hits["hits"][-1].get("sort") if hits["hits"] else None
    return SearchResponse(
        providers=providers, total=SearchTotal.model_validate(hits["total"]), last_sort=last_sort
    )


def _with_all_matched_privileges(query: Any) -> Any:
    """The query with each ``nested`` privilege clause that asks for its matches asking for all of them."""
    if isinstance(query, list):
        return [_with_all_matched_privileges(entry) for entry in query]
    if not isinstance(query, dict):
        return query
    copied = {key: _with_all_matched_privileges(value) for key, value in query.items()}
    nested = copied.get("nested")
    if isinstance(nested, dict) and nested.get("path") == PRIVILEGES and "inner_hits" in nested:
        nested["inner_hits"] = {
            **nested["inner_hits"],
            "from": 0,
            "size": INNER_HITS_SIZE,
            "name": PRIVILEGES,
        }
    return copied


@table.operation("export_privileges")
def export_privileges(compact: str, body: ExportRequest) -> ExportResponse:
    _authorised(compact)
    query = _with_all_matched_privileges(body.model_dump(by_alias=True, exclude_none=True)["query"])
    hits = _search(compact, {"query": _within_compact(compact, query), "size": EXPORT_LIMIT})["hits"]
    if hits["total"]["value"] >= EXPORT_LIMIT:
        raise InvalidRequest(TOO_BROAD)
    rows = []
    for hit in hits["hits"]:
        inner = hit.get("inner_hits", {}).get(PRIVILEGES)
        matched = [entry["_source"] for entry in inner["hits"]["hits"]] if inner is not None else None
        rows += export_rows(hit["_source"], matched)
    if not rows:
        raise NotFound("The search parameters did not match any privileges.")
    out = io.StringIO(newline="")
    write_csv(out, EXPORT_COLUMNS, rows)
    return ExportResponse(file_url=_publish(compact, out.getvalue().encode(ENCODING)))


def _publish(compact: str, content: bytes) -> str:
    """Stores the CSV under the caller and the time; answers a link that works for a minute."""
    from core.aws import s3_client

    bucket = granted().bucket(EXPORT_RESULTS, BucketAccess.WRITE)
    granted().bucket(EXPORT_RESULTS, BucketAccess.READ)  # the link reads with this function's grant
    caller = table.principal().user_id
    key = f"compact/{compact}/privilegeSearch/caller/{caller}/time/{now_utc().isoformat()}/export.csv"
    s3 = s3_client()
    s3.put_object(Bucket=bucket, Key=key, Body=content, ContentType="text/csv; charset=utf-8")
    return str(
        s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=LINK_SECONDS)
    )


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return table(event, context)
