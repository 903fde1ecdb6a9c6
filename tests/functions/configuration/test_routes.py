"""The configuration catalog entries: who may call each route, and which function may write."""

from __future__ import annotations

import pytest

from configuration import admin_routes, routes
from configuration.admin_routes import CONFIGURATION_ADMIN_API
from configuration.routes import CONFIGURATION_API
from core.api_catalog import ADMIN, READ_GENERAL, AuthKind
from core.catalog import Access

STAFF_RULES = {
    "GET /v1/compacts/{compact}": READ_GENERAL,
    "PUT /v1/compacts/{compact}": ADMIN,
    "GET /v1/compacts/{compact}/jurisdictions": READ_GENERAL,
    "GET /v1/compacts/{compact}/jurisdictions/{jurisdiction}": READ_GENERAL,
    "PUT /v1/compacts/{compact}/jurisdictions/{jurisdiction}": ADMIN,
}
ROUTES = (*routes.ROUTES, *admin_routes.ROUTES)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.key)
def test_public_routes_are_served_read_only_and_staff_routes_by_the_admin_function(route):
    if route.auth.is_public:
        assert route.function == CONFIGURATION_API
    else:
        assert route.function == CONFIGURATION_ADMIN_API
        assert route.auth.kind is AuthKind.STAFF
        assert route.auth.scopes == STAFF_RULES[route.key]


def test_only_the_admin_function_may_write_the_configuration_table():
    def configuration_access(function):
        return {grant.access for grant in function.grants if grant.table == "compact_configuration"}

    assert configuration_access(CONFIGURATION_API) == {Access.READ}
    assert configuration_access(CONFIGURATION_ADMIN_API) == {Access.READ_WRITE}
    assert {route.key for route in ROUTES if not route.auth.is_public} == set(STAFF_RULES)


def test_writes_carry_a_request_model_and_every_staff_route_a_response_model():
    for route in ROUTES:
        assert (route.request_model is not None) == (route.method == "PUT"), route.key
        assert route.response_model is not None, route.key
