"""The whole catalog: every route, function, event and table of the backend, gathered from the domain
packages. Components, the sandbox, the OpenAPI renderer and the tests all start here."""

from __future__ import annotations

from collections.abc import Iterable

from adverse_actions import events as adverse_action_events
from adverse_actions import functions as adverse_action_functions
from adverse_actions import routes as adverse_actions
from configuration import admin_routes as configuration_admin
from configuration import attestation_routes as attestations
from configuration import routes as configuration
from core.api_catalog import ApiName, Route
from core.catalog import FunctionSpec
from core.events import EventSpec
from core.queues import QueueSpec
from core.tables import ALL_TABLES, TABLES_BY_KEY
from core.triggers import BucketTrigger, ConsumerSpec, ScheduleSpec, StreamPipe, WorkflowSpec
from disaster_recovery import events as disaster_recovery_events
from disaster_recovery import functions as disaster_recovery
from event_relay import functions as event_relay
from feature_flags import routes as feature_flags
from ingest import events as ingest_events
from ingest import routes as ingest
from licenses import functions as license_pipeline
from licenses import routes as licenses
from notifications import functions as notifications
from provider_users import functions as provider_users_functions
from provider_users import public_routes as provider_public
from provider_users import routes as provider_users
from providers import events as provider_events
from providers import routes as providers
from providers import ssn_routes as provider_ssn
from public_lookup import routes as public_lookup
from purchases import events as purchase_events
from purchases import functions as purchase_functions
from purchases import routes as purchases
from search import functions as search_functions
from search import routes as search
from staff_auth import functions as staff_auth
from staff_users import routes as staff_users
from state_api import routes as state_api
from user_pool_export import functions as user_pool_export

__all__ = [
    "ALL_TABLES",
    "BUCKET_TRIGGERS",
    "CONSUMERS",
    "EVENTS",
    "FUNCTIONS",
    "PIPES",
    "QUEUES",
    "ROUTES",
    "SCHEDULES",
    "TABLES_BY_KEY",
    "WORKFLOWS",
    "copies_of",
    "deployed_functions",
    "functions_for",
    "functions_of",
    "routes_of",
]

ROUTES: tuple[Route, ...] = (
    *configuration.ROUTES,
    *configuration_admin.ROUTES,
    *staff_users.ROUTES,
    *state_api.ROUTES,
    *licenses.ROUTES,
    *providers.ROUTES,
    *provider_ssn.ROUTES,
    *public_lookup.ROUTES,
    *provider_users.ROUTES,
    *provider_public.ROUTES,
    *attestations.ROUTES,
    *purchases.ROUTES,
    *adverse_actions.ROUTES,
    *search.ROUTES,
    *feature_flags.ROUTES,
)

# Every event type of the data event bus (DESIGN §3: declared once, with its detail model).
EVENTS: tuple[EventSpec, ...] = (
    *ingest_events.EVENTS,
    *provider_events.EVENTS,
    *purchase_events.EVENTS,
    *adverse_action_events.EVENTS,
    *disaster_recovery_events.EVENTS,
)

# Queues, their consumers, and the functions started by uploads (DESIGN §3: declared once).
QUEUES: tuple[QueueSpec, ...] = (
    *ingest.QUEUES,
    *licenses.QUEUES,
    *notifications.QUEUES,
    *adverse_action_functions.QUEUES,
    *search_functions.QUEUES,
)
CONSUMERS: tuple[ConsumerSpec, ...] = (
    *ingest.CONSUMERS,
    *notifications.CONSUMERS,
    *adverse_action_functions.CONSUMERS,
    *search_functions.CONSUMERS,
)
# Table streams into queues (EventBridge Pipes in AWS).
PIPES: tuple[StreamPipe, ...] = search_functions.PIPES
BUCKET_TRIGGERS: tuple[BucketTrigger, ...] = (
    license_pipeline.BULK_UPLOAD_TRIGGER,
    provider_users_functions.MILITARY_DOCUMENT_TRIGGER,
)
SCHEDULES: tuple[ScheduleSpec, ...] = (
    *ingest.SCHEDULES,
    *purchase_functions.SCHEDULES,
    *event_relay.SCHEDULES,
    *user_pool_export.SCHEDULES,
)
WORKFLOWS: tuple[WorkflowSpec, ...] = (*purchase_functions.WORKFLOWS, *search_functions.WORKFLOWS)

# Functions that no route serves (deploy-time jobs, queue consumers) are listed explicitly.
_STANDALONE_FUNCTIONS: tuple[FunctionSpec, ...] = (
    configuration.CONFIGURATION_UPLOADER,
    staff_auth.PRE_TOKEN,
    staff_auth.CUSTOM_MESSAGE,
    provider_users_functions.CUSTOM_MESSAGE,
    notifications.EMAIL_SERVICE,
    *search_functions.STANDALONE,
    *disaster_recovery.STANDALONE,  # run by their state machines
)


def _unique_functions() -> tuple[FunctionSpec, ...]:
    seen: dict[str, FunctionSpec] = {}
    candidates = [route.function for route in ROUTES] + list(_STANDALONE_FUNCTIONS)
    candidates += [consumer.function for consumer in CONSUMERS]
    candidates += [trigger.function for trigger in BUCKET_TRIGGERS]
    candidates += [schedule.function for schedule in SCHEDULES]
    candidates += [workflow.function for workflow in WORKFLOWS]
    for spec in candidates:
        existing = seen.setdefault(spec.name, spec)
        if existing != spec:
            raise ValueError(f"two different functions are both named {spec.name}")
    return tuple(seen.values())


FUNCTIONS: tuple[FunctionSpec, ...] = _unique_functions()


def _enabled(route: Route, public_lookup_enabled: bool) -> bool:
    """Whether an environment serves the route (beta switches the public lookup family off)."""
    return public_lookup_enabled or route.feature != "public_lookup"


def routes_of(api: ApiName, public_lookup_enabled: bool = True) -> list[Route]:
    """The routes an API serves in an environment."""
    return [route for route in ROUTES if route.api is api and _enabled(route, public_lookup_enabled)]


def functions_for(public_lookup_enabled: bool = True) -> list[FunctionSpec]:
    """The functions an environment deploys: all but those whose every route it switches off (beta
    deploys no public lookup function, not merely no public lookup routes)."""
    served = {route.function.name for route in ROUTES if _enabled(route, public_lookup_enabled)}
    routed = {route.function.name for route in ROUTES}
    return [spec for spec in FUNCTIONS if spec.name in served or spec.name not in routed]


def deployed_functions(compacts: Iterable[str], public_lookup_enabled: bool = True) -> list[FunctionSpec]:
    """Every function as an environment deploys it: a per-compact function once per compact
    (``{name}-{compact}``), every other function once."""
    return [copy for spec in functions_for(public_lookup_enabled) for copy in copies_of(spec, compacts)]


def copies_of(spec: FunctionSpec, compacts: Iterable[str]) -> list[FunctionSpec]:
    """The functions one declaration deploys: one per compact for a per-compact function."""
    return [spec.for_compact(c) for c in compacts] if spec.per_compact else [spec]


def functions_of(api: ApiName) -> list[FunctionSpec]:
    return list({route.function.name: route.function for route in routes_of(api)}.values())
