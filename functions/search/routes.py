"""Catalog entries of the search API (spec §2.3): staff with ``{compact}/readGeneral`` — and only that
compact-level scope — search the compact's providers and export their privileges.

The request bodies are the query language's models (:mod:`search.query_dsl`); they are recursive, so the
gateway checks only that the body is JSON and the function validates it, answering 400 with the place of
each problem."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from core.api_catalog import READ_GENERAL, ApiName, Auth, AuthKind, Route
from search.functions import PROVIDER_SEARCH_API
from search.models import ExportResponse, SearchResponse
from search.query_dsl import ExportRequest, SearchRequest


def _search_route(
    path: str,
    operation: str,
    summary: str,
    request_model: type[BaseModel],
    response_model: type[BaseModel],
    errors: tuple[Literal[404], ...] = (),
) -> Route:
    return Route(
        api=ApiName.SEARCH,
        method="POST",
        path=f"/v1/compacts/{{compact}}/{path}",
        function=PROVIDER_SEARCH_API,
        operation=operation,
        auth=Auth(AuthKind.STAFF, READ_GENERAL),
        summary=summary,
        request_model=request_model,
        response_model=response_model,
        tags=("search",),
        errors=errors,
        gateway_validates_body=False,
    )


ROUTES: tuple[Route, ...] = (
    _search_route(
        "providers/search",
        "search_providers",
        "Search the compact's providers with the query language (a subset of OpenSearch's)",
        SearchRequest,
        SearchResponse,
    ),
    _search_route(
        "privileges/export",
        "export_privileges",
        "Export the matching providers' privileges as CSV: a link valid for 60 seconds",
        ExportRequest,
        ExportResponse,
        errors=(404,),
    ),
)
