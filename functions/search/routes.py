"""Catalog entries of the search API (spec §2.3): staff with ``{compact}/readGeneral`` — and only that
compact-level scope — search the compact's providers and export their privileges.

The request bodies are the query language's models (:mod:`search.query_dsl`); they are recursive, so the
gateway checks only that the body is JSON and the function validates it, answering 400 with the place of
each problem."""

from __future__ import annotations

from core.api_catalog import READ_GENERAL, ApiName, Auth, AuthKind, Route
from search.functions import PROVIDER_SEARCH_API
from search.models import ExportResponse, SearchResponse
from search.query_dsl import ExportRequest, SearchRequest

_COMPACT = "/v1/compacts/{compact}"

ROUTES: tuple[Route, ...] = (
    Route(
        api=ApiName.SEARCH,
        method="POST",
        path=f"{_COMPACT}/providers/search",
        function=PROVIDER_SEARCH_API,
        operation="search_providers",
        auth=Auth(AuthKind.STAFF, READ_GENERAL),
        summary="Search the compact's providers with the query language (a subset of OpenSearch's)",
        request_model=SearchRequest,
        response_model=SearchResponse,
        tags=("search",),
        gateway_validates_body=False,
    ),
    Route(
        api=ApiName.SEARCH,
        method="POST",
        path=f"{_COMPACT}/privileges/export",
        function=PROVIDER_SEARCH_API,
        operation="export_privileges",
        auth=Auth(AuthKind.STAFF, READ_GENERAL),
        summary="Export the matching providers' privileges as CSV: a link valid for 60 seconds",
        request_model=ExportRequest,
        response_model=ExportResponse,
        tags=("search",),
        errors=(404,),
        gateway_validates_body=False,
    ),
)
