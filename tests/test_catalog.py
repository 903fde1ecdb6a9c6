"""The catalog is the single declaration everything is built from: check it holds together."""

from __future__ import annotations

import importlib

import pytest

from catalog import ALL_TABLES, FUNCTIONS, ROUTES, TABLES_BY_KEY
from core.api_catalog import AuthKind
from core.http import RouteTable


def _module_of(handler: str):
    return importlib.import_module(handler.rpartition(".")[0])


def test_route_keys_and_operations_are_unique_per_api():
    keys = [(route.api, route.key) for route in ROUTES]
    operations = [(route.function.name, route.operation) for route in ROUTES]
    assert len(set(keys)) == len(keys)
    assert len(set(operations)) == len(operations)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.key)
def test_every_route_is_bound_to_a_handler_in_its_function(route):
    module = _module_of(route.function.handler)
    tables = [value for value in vars(module).values() if isinstance(value, RouteTable)]

    assert any(route.operation in table.bound_operations for table in tables), route.operation


@pytest.mark.parametrize("spec", FUNCTIONS, ids=lambda spec: spec.name)
def test_every_function_handler_is_importable_and_callable(spec):
    handler = getattr(_module_of(spec.handler), spec.handler.rpartition(".")[2])
    assert callable(handler)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.key)
def test_protected_routes_name_their_scopes(route):
    if route.auth.kind in (AuthKind.STAFF, AuthKind.STATE):
        assert route.auth.scopes is not None
    if route.auth.is_public:
        assert route.auth.scopes is None and route.auth.signature is None


def test_every_grant_names_a_declared_table():
    for spec in FUNCTIONS:
        for grant in spec.grants:
            assert grant.table in TABLES_BY_KEY, f"{spec.name} grants unknown table {grant.table}"


def test_tables_have_unique_keys_env_vars_and_names():
    for attribute in ("key", "env_var", "resource_name"):
        values = [getattr(table, attribute) for table in ALL_TABLES]
        assert len(set(values)) == len(values), attribute


def test_api_gateway_timeout_is_respected_by_route_functions():
    for route in ROUTES:
        assert route.function.timeout_seconds <= 29, route.function.name
