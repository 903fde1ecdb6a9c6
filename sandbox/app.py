"""Brings the backend up locally: emulator, tables, seeded configuration, the three APIs."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import boto3

from catalog import (
    BUCKET_TRIGGERS,
    CONSUMERS,
    FUNCTIONS,
    PIPES,
    QUEUES,
    SCHEDULES,
    WORKFLOWS,
    copies_of,
    routes_of,
)
from components.adoption import Adoption
from components.config import StackConfig
from components.configuration_upload import uploader_payload
from configuration.routes import CONFIGURATION_UPLOADER
from core.api_catalog import ApiName, AuthKind
from core.buckets import BUCKETS_BY_KEY
from core.catalog import SEARCH_ENDPOINT_ENV_VAR, FunctionSpec
from core.secrets import RECAPTCHA_SECRET
from core.tables import COMPACT_CONFIGURATION, TABLES_BY_KEY, USERS
from core.user_pools import USER_POOL_CLIENT_ENV_VARS, USER_POOL_ENV_VARS, UserPoolName
from feature_flags.declarations import FLAGS_BY_NAME
from feature_flags.gates import OFFLINE_ENV_VAR, OVERRIDES_ENV_VAR
from ingest.reporter import SETTLE_SECONDS
from notifications.sending import FROM_ADDRESS
from provider_users.functions import CUSTOM_MESSAGE as PROVIDER_CUSTOM_MESSAGE
from provider_users.recaptcha import VERIFY_URL_ENV_VAR
from sandbox import invitations
from sandbox.authorizer import Authorizer, ProviderPoolVerifier, StaffPoolVerifier
from sandbox.emulator import REGION, Emulator, start_emulator
from sandbox.events import LocalQueue, Pump, create_queue, notify_uploads, route_bus_events, upload_queue_key
from sandbox.gateway import LocalApi
from sandbox.identity import seed_personas
from sandbox.invitations import PoolMail
from sandbox.invoke import invoke
from sandbox.mailbox import MAIL_DOMAIN, Mailbox, create_mail_identity
from sandbox.payment_processor import PaymentProcessorStandIn
from sandbox.payments import serve_payments
from sandbox.practitioners import Cast, seed_practitioners
from sandbox.recaptcha import RecaptchaStandIn
from sandbox.resources import (
    DEMO_CONFIGURATION,
    PAYMENT_CREDENTIALS,
    PRACTITIONERS,
    STAFF_PERSONAS,
    STATE_CLIENTS,
    adoption_manifest,
    provision,
)
from sandbox.schedules import Scheduler
from sandbox.search_engine.rest import SearchEngineStandIn
from sandbox.seed import seed_demo_configuration
from sandbox.state_auth import seed_state_clients
from sandbox.stream_pipes import StreamPipeReader
from search.functions import SEARCH_INDEX_MANAGER
from staff_auth.functions import CUSTOM_MESSAGE


@dataclass(frozen=True)
class Ports:
    """Fixed defaults keep URLs stable for a local UI; 0 picks free ports (tests)."""

    emulator: int = 5050
    license: int = 3100
    state: int = 3101
    search: int = 3102
    mailbox: int = 3103
    recaptcha: int = 3104
    payment_processor: int = 3105
    search_engine: int = 3106

    @classmethod
    def ephemeral(cls) -> Ports:
        return cls(0, 0, 0, 0, 0, 0, 0, 0)


@dataclass
class Sandbox:
    config: StackConfig
    emulator: Emulator
    tables: dict[str, str]
    buckets: dict[str, str]
    event_bus: str
    apis: dict[ApiName, LocalApi] = field(default_factory=dict)
    urls: dict[ApiName, str] = field(default_factory=dict)
    live_jurisdictions: dict[str, list[str]] = field(default_factory=dict)
    user_pools: dict[str, dict[str, str]] = field(default_factory=dict)
    users: list[dict[str, Any]] = field(default_factory=list)
    queues: dict[str, str] = field(default_factory=dict)
    pump: Pump | None = None
    pipes: StreamPipeReader = field(default_factory=StreamPipeReader)
    search_engine: SearchEngineStandIn | None = None  # None: a real OpenSearch (``--opensearch``)
    search_url: str = ""
    flags: dict[str, bool] = field(default_factory=dict)
    scheduler: Scheduler | None = None
    mailbox: Mailbox = field(default_factory=Mailbox)
    mailbox_url: str = ""
    state_clients: list[dict[str, str]] = field(default_factory=list)
    recaptcha: RecaptchaStandIn | None = None
    payment_processor: PaymentProcessorStandIn = field(default_factory=PaymentProcessorStandIn)
    payment_processor_url: str = ""
    cast: Cast = field(default_factory=Cast)
    adopted: dict[str, Any] = field(default_factory=dict)  # over a running emulator: what it adopted there
    started_in_seconds: float = 0.0

    def manifest(self) -> dict[str, Any]:
        return {
            "environment": str(self.config.environment_name),
            "region": REGION,
            "awsEndpoint": self.emulator.endpoint,
            "apis": {api.value: url for api, url in self.urls.items()},
            "tables": self.tables,
            "buckets": self.buckets,
            "eventBus": self.event_bus,
            "queues": self.queues,
            "userPools": self.user_pools,
            "users": self.users,
            "stateClients": self.state_clients,
            "mailbox": self.mailbox_url,
            "searchEngine": self.search_url,
            "flags": self.flags,
            "recaptcha": self.recaptcha.manifest() if self.recaptcha is not None else {},
            "paymentProcessor": {
                "tokenizeUrl": f"{self.payment_processor_url}/tokenize",
                "ledgerUrl": f"{self.payment_processor_url}/ledger",
                "settleUrl": f"{self.payment_processor_url}/settle",
            },
            "practitioners": self.cast.practitioners,
            "registrable": self.cast.registrable,
            "demo": {"liveJurisdictions": self.live_jurisdictions},
            **({"adopted": self.adopted} if self.adopted else {}),
            "startedInSeconds": round(self.started_in_seconds, 3),
            "pid": os.getpid(),  # the sandbox's process, for tools that watch its memory
        }

    def stop(self) -> None:
        """The pumps first (no new batch starts), then every server at once: each takes up to its
        polling interval to notice, and one after another they added up to seconds."""
        if self.scheduler is not None:
            self.scheduler.stop()
        self.pipes.stop()
        if self.pump is not None:
            self.pump.stop()
        stops = [api.stop for api in self.apis.values()] + [self.mailbox.stop, self.emulator.stop]
        if self.search_engine is not None:
            stops.append(self.search_engine.stop)
        stops.append(self.payment_processor.stop)
        if self.recaptcha is not None:
            stops.append(self.recaptcha.stop)
        stopping = [threading.Thread(target=stop) for stop in stops]
        for thread in stopping:
            thread.start()
        for thread in stopping:
            thread.join()


def start_sandbox(
    config: StackConfig,
    ports: Ports,
    opensearch_url: str | None = None,
    flag_overrides: Mapping[str, bool] | None = None,
    aws_endpoint: str | None = None,
    adoption: Adoption | None = None,
) -> Sandbox:
    """Everything up and seeded. ``opensearch_url`` points search at a running OpenSearch instead of the
    in-process stand-in; ``flag_overrides`` turn feature flags on or off for this run; ``aws_endpoint``
    runs over that running emulator instead of one of its own, using the resources ``adoption`` names
    there instead of provisioning (and seeding) them (:mod:`sandbox.resources`)."""
    started = time.perf_counter()
    adoption = adoption or Adoption()
    emulator = start_emulator(ports.emulator, aws_endpoint)
    resources = provision(config, adoption, emulator.endpoint)
    tables, buckets, bus_name = resources.tables, resources.buckets, resources.bus_name
    staff_pool, provider_pool = resources.staff_pool, resources.provider_pool
    state_pool = resources.state_pool
    queues = {spec.key: create_queue(spec, config.name_prefix) for spec in QUEUES}
    _set_function_environment(config, tables, buckets, bus_name)
    flags = evaluate_flags_offline(config, flag_overrides or {})
    emulator.lambdas.host(hosted_functions(config))
    create_mail_identity(MAIL_DOMAIN)
    os.environ.update({spec.env_var: queues[spec.key].url for spec in QUEUES})
    os.environ[USER_POOL_ENV_VARS[UserPoolName.STAFF]] = staff_pool.pool_id
    os.environ[USER_POOL_ENV_VARS[UserPoolName.PROVIDER]] = provider_pool.pool_id
    os.environ[USER_POOL_ENV_VARS[UserPoolName.STATE]] = state_pool.pool_id
    os.environ[USER_POOL_CLIENT_ENV_VARS[UserPoolName.STAFF]] = staff_pool.client_id
    os.environ[USER_POOL_CLIENT_ENV_VARS[UserPoolName.PROVIDER]] = provider_pool.client_id

    recaptcha = start_recaptcha(config, ports.recaptcha)

    search_engine = None if opensearch_url else SearchEngineStandIn()
    search_url = opensearch_url or search_engine.serve(ports.search_engine)  # type: ignore[union-attr]
    os.environ[SEARCH_ENDPOINT_ENV_VAR] = search_url
    invoke(CONFIGURATION_UPLOADER, uploader_payload(config))  # what `pulumi up` does on deploy
    invoke(SEARCH_INDEX_MANAGER, {})  # likewise
    sandbox = Sandbox(config=config, emulator=emulator, tables=tables, buckets=buckets, event_bus=bus_name)
    sandbox.adopted = adoption_manifest(adoption, aws_endpoint) if aws_endpoint else {}
    if DEMO_CONFIGURATION.may_run(adoption):
        sandbox.live_jurisdictions = seed_demo_configuration(config, tables[COMPACT_CONFIGURATION.key])
    if STAFF_PERSONAS.may_run(adoption):
        sandbox.users = seed_personas(config, staff_pool, tables[USERS.key])
    sandbox.recaptcha = recaptcha
    sandbox.search_engine, sandbox.search_url = search_engine, search_url
    sandbox.flags = flags
    sandbox.payment_processor_url = serve_payments(
        config, sandbox.payment_processor, ports.payment_processor, PAYMENT_CREDENTIALS.may_run(adoption)
    )
    if PRACTITIONERS.may_run(adoption):
        sandbox.cast = seed_practitioners(config, sandbox.live_jurisdictions, provider_pool)
    sender = f"no-reply@{MAIL_DOMAIN}"
    invitations.install(staff_pool.pool_id, PoolMail(CUSTOM_MESSAGE, "staff", sender))
    invitations.install(provider_pool.pool_id, PoolMail(PROVIDER_CUSTOM_MESSAGE, "provider", sender))
    sandbox.mailbox_url = sandbox.mailbox.serve(ports.mailbox)
    sandbox.scheduler = Scheduler(SCHEDULES, WORKFLOWS, config.compacts.compacts)
    sandbox.scheduler.start()
    sandbox.pump, upload_queues = _start_pipelines(config, queues, buckets, bus_name, resources.bus_account)
    for pipe in PIPES:
        sandbox.pipes.start(
            pipe, tables[pipe.table], queues[pipe.queue.key].url, list(config.compacts.compacts)
        )
    sandbox.queues = {
        key: served_at(queue.url, emulator.endpoint) for key, queue in {**queues, **upload_queues}.items()
    }
    authorizer = Authorizer(config.compacts)
    authorizer.add_pool(
        AuthKind.STAFF,
        StaffPoolVerifier(staff_pool.issuer, staff_pool.jwks_url, frozenset({staff_pool.client_id})),
    )
    authorizer.add_pool(
        AuthKind.PROVIDER,
        ProviderPoolVerifier(
            provider_pool.issuer, provider_pool.jwks_url, frozenset({provider_pool.client_id})
        ),
    )
    authorizer.add_pool(AuthKind.STATE, state_pool)
    api_ports = {ApiName.LICENSE: ports.license, ApiName.STATE: ports.state, ApiName.SEARCH: ports.search}
    endpoints = {ApiName.STATE: {"/oauth2/token": state_pool.token_endpoint}}
    for api, port in api_ports.items():
        routes = routes_of(api, config.public_lookup_enabled)
        local_api = LocalApi(api.value, routes, config.allowed_origins, authorizer, endpoints.get(api))
        sandbox.apis[api] = local_api
        sandbox.urls[api] = local_api.serve(port)
    state_pool.token_url = f"{sandbox.urls[ApiName.STATE]}/oauth2/token"
    sandbox.user_pools = {
        "staff": staff_pool.manifest(),
        "provider": provider_pool.manifest(),
        "state": state_pool.manifest(),
    }
    if STATE_CLIENTS.may_run(adoption):
        sandbox.state_clients = seed_state_clients(config, state_pool, tables[COMPACT_CONFIGURATION.key])
    sandbox.started_in_seconds = time.perf_counter() - started
    return sandbox


def evaluate_flags_offline(config: StackConfig, overrides: Mapping[str, bool]) -> dict[str, bool]:
    """Feature flags evaluate from their declarations, with no StatSig (its SDK's offline mode); returns
    each declared flag's value for this run (before any flag's conditions)."""
    unknown = set(overrides) - set(FLAGS_BY_NAME)
    if unknown:
        raise ValueError(f"--flag: no such flag {sorted(unknown)}; declared: {sorted(FLAGS_BY_NAME)}")
    os.environ[OFFLINE_ENV_VAR] = "true"
    os.environ[OVERRIDES_ENV_VAR] = json.dumps(dict(overrides))
    environment = str(config.environment_name)
    return {
        name: overrides.get(name, flag.starts_enabled(environment)) for name, flag in FLAGS_BY_NAME.items()
    }


def start_recaptcha(config: StackConfig, port: int) -> RecaptchaStandIn:
    """The siteverify stand-in, and its secret where the program puts the real one (Secrets Manager, under
    the environment's name); the functions are told both, as the program tells them the secret's ARN."""
    hostname = urlsplit(config.allowed_origins[0]).hostname or "localhost"
    stand_in = RecaptchaStandIn(hostname)
    arn = boto3.client("secretsmanager").create_secret(
        Name=RECAPTCHA_SECRET.secret_name(str(config.environment_name)),
        SecretString=json.dumps({RECAPTCHA_SECRET.field: stand_in.secret}),
    )["ARN"]
    os.environ[RECAPTCHA_SECRET.env_var] = arn
    os.environ[VERIFY_URL_ENV_VAR] = stand_in.serve(port)
    return stand_in


def hosted_functions(config: StackConfig) -> dict[str, FunctionSpec]:
    """Every function by its deployed name; a per-compact function once per compact, as AWS has it (one
    process hosts them all, so each compact's copy runs the same handler with the same grants)."""
    return {
        deployed_name(config, copy): spec
        for spec in FUNCTIONS
        for copy in copies_of(spec, config.compacts.compacts)
    }


def deployed_name(config: StackConfig, spec: FunctionSpec) -> str:
    """A function's name as the program deploys it (``cc-local-EmailNotificationService``)."""
    return f"{config.name_prefix}-{spec.name}"


def served_at(queue_url: str, endpoint: str) -> str:
    """A queue's URL on the emulator's endpoint. The sandbox creates its queues in-process, so moto names
    them by AWS's own host; clients outside the process reach them (by the same path) on the emulator."""
    return endpoint + urlsplit(queue_url).path


def _start_pipelines(
    config: StackConfig, queues: dict[str, LocalQueue], buckets: dict[str, str], bus_name: str, account: str
) -> tuple[Pump, dict[str, LocalQueue]]:
    """Bus rules and upload notifications into queues, and the pump that feeds the consumers. Returns
    the pump and the upload notification queues (``uploads-<function>``), which the catalog does not
    declare (in AWS, S3 invokes the function directly) but a client watching the pipeline needs."""
    pump = Pump()
    uploads: dict[str, LocalQueue] = {}
    for consumer in CONSUMERS:
        queue = queues[consumer.queue.key]
        if consumer.source is not None:
            route_bus_events(consumer, queue, bus_name, account)
        pump.consume(consumer.function, queue, consumer.batch_size)
    for trigger in BUCKET_TRIGGERS:
        queue = notify_uploads(trigger, buckets[trigger.bucket], config.name_prefix)
        uploads[upload_queue_key(trigger)] = queue
        pump.consume_uploads(trigger.function, queue)
    return pump, uploads


def _set_function_environment(
    config: StackConfig, tables: dict[str, str], buckets: dict[str, str], bus_name: str
) -> None:
    """One process hosts every function, so it carries the union of their environments."""
    os.environ.update(
        {
            **config.function_environment,
            "POWERTOOLS_SERVICE_NAME": "sandbox",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_METRICS_NAMESPACE": "compact-connect-local",
            "EVENT_BUS_NAME": bus_name,
            FROM_ADDRESS: f"noreply@{MAIL_DOMAIN}",
            SETTLE_SECONDS: "0",  # the emulator's indexes have no replication lag to wait out
            **{spec.name_env_var: deployed_name(config, spec) for spec in FUNCTIONS},
            **{TABLES_BY_KEY[key].env_var: name for key, name in tables.items()},
            **{BUCKETS_BY_KEY[key].env_var: name for key, name in buckets.items()},
        }
    )
