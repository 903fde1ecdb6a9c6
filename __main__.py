"""CompactConnect backend: reads the typed stack config, composes the components, exports outputs.

Each component gets its own settings from ``components.stack_args`` (derived from the stack config
once) and the resources it is wired to; none of them sees the whole configuration.
"""

import dataclasses
from collections.abc import Iterable

import pulumi

from catalog import BUCKET_TRIGGERS, CONSUMERS, PIPES, QUEUES, SCHEDULES, WORKFLOWS, functions_for, routes_of
from components import stack_args
from components.api import Api
from components.app_secrets import AppSecrets
from components.backup_vaults import VaultKind, backup_role_arn
from components.backups import Backups
from components.boundary import bounded_roles
from components.bucket_triggers import BucketTriggers
from components.chatbot import SlackAlarms
from components.config import NAMESPACE, load_from_pulumi
from components.configuration_upload import ConfigurationUpload
from components.dashboard import DashboardSources, EnvironmentDashboard
from components.disaster_recovery import DisasterRecovery, restore_role_arn
from components.email_identity import EmailIdentity
from components.email_service import EmailService
from components.feature_flags import GateRuleResource
from components.grants import Resources, SearchTarget
from components.lambda_function import FunctionDependencies, LambdaFunction
from components.network import Network
from components.persistent import Persistent
from components.platform import ApiGatewayAccount, FunctionBundle
from components.provider import environment_provider
from components.provider_identity import ProviderIdentity
from components.public_form_alarms import PublicFormAlarms
from components.queues import ProcessingQueue, QueueConsumer
from components.schedules import Schedules
from components.search_domain import SearchDomain, search_grant
from components.search_indices import SearchIndices
from components.ssn_access import SsnExemptions
from components.ssn_alarms import SsnAccessAlarms
from components.staff_identity import StaffIdentity
from components.state_identity import StateIdentity
from components.stream_pipes import StreamPipeComponent
from components.workflows import CompactWorkflow
from configuration.routes import CONFIGURATION_UPLOADER
from core.api_catalog import ApiName, AuthKind
from core.catalog import FunctionSpec, KeyName
from core.secrets import ALL_SECRETS
from core.tables import SSN, TABLES_BY_KEY
from core.user_pools import UserPoolName
from feature_flags.declarations import FLAGS
from notifications.functions import EMAIL_SERVICE
from provider_users.functions import CUSTOM_MESSAGE as PROVIDER_CUSTOM_MESSAGE
from providers.ssn_routes import PROVIDER_SSN_API
from search.functions import SEARCH_INDEX_MANAGER
from staff_auth.functions import CUSTOM_MESSAGE, PRE_TOKEN

config = load_from_pulumi()
pulumi.runtime.register_stack_transformation(bounded_roles(config.account_id))
in_account = pulumi.ResourceOptions(providers=[environment_provider(config)])

backup_args = stack_args.backups(config)
ssn_path = [spec for spec in functions_for(config.public_lookup_enabled) if spec.ssn_access]
persistent = Persistent(
    "Persistent",
    stack_args.persistent(config),
    opts=in_account,
    ssn_functions=[spec.name for spec in ssn_path],
    ssn_bulk_functions=[spec.name for spec in ssn_path if spec.bulk is not None],
    ssn_exemptions=SsnExemptions(
        # Backups of the SSN table are made by AWS Backup as its SSN role and by the table's restore
        # machine before a recovery (both created later, named in advance).
        backup_role_arns=(
            restore_role_arn(config.account_id, str(config.environment_name), SSN),
            *(
                (backup_role_arn(config.account_id, str(config.environment_name), VaultKind.SSN),)
                if backup_args
                else ()
            ),
        )
    ),
)
slack_args = stack_args.slack_alarms(config)
if slack_args:
    SlackAlarms(slack_args, persistent.alarm_topic.arn, opts=in_account)
if backup_args:
    Backups(
        backup_args,
        tables=persistent.tables,
        buckets=persistent.buckets,
        alarm_topic_arn=persistent.alarm_topic.arn,
        opts=in_account,
    )
bundle = FunctionBundle(stack_args.function_bundle(config), opts=in_account)
api_account = ApiGatewayAccount(stack_args.common(config), opts=in_account)
keys = {KeyName.SHARED: persistent.shared_key, KeyName.SSN: persistent.ssn_key}
queues = {
    spec.key: ProcessingQueue(
        spec,
        stack_args.processing_queue(config),
        keys[spec.encryption_key],
        persistent.alarm_topic.arn,
        opts=in_account,
    )
    for spec in QUEUES
}

secret_config = pulumi.Config(NAMESPACE)
app_secrets = AppSecrets(
    stack_args.app_secrets(config),
    ALL_SECRETS,
    {spec.key: secret_config.get_secret(spec.config_key) for spec in ALL_SECRETS},
    persistent.shared_key,
    opts=in_account,
)

network = Network(stack_args.network(config), opts=in_account)
search = SearchDomain(
    stack_args.search_domain(config),
    subnet_ids=network.subnet_ids,
    security_group_id=network.search_security_group.id,
    alarm_topic_arn=persistent.alarm_topic.arn,
    opts=in_account,
)

dependencies = FunctionDependencies(
    code=bundle.code,
    layer_arn=bundle.layer.arn,
    resources=Resources(
        tables=persistent.tables,
        keys=keys,
        queues={key: queue.queue for key, queue in queues.items()},
        queue_specs={spec.key: spec for spec in QUEUES},
        buckets=persistent.buckets,
        event_bus=persistent.event_bus,
        secrets=app_secrets.secrets,
        compact_secret_arn=lambda secret, compact: (
            f"arn:aws:secretsmanager:{config.region}:{config.account_id}:secret:"
            f"{secret.secret_name(str(config.environment_name), compact)}-??????"
        ),
        compacts=tuple(config.compacts.compacts),
        search=SearchTarget(
            domain_arn=search.domain.arn,
            endpoint=search.domain.endpoint,
            subnet_ids=network.subnet_ids,
            security_group_id=network.function_security_group.id,
            region=config.region,
            account_id=config.account_id,
        ),
    ),
    alarm_topic_arn=persistent.alarm_topic.arn,
    environment=config.function_environment,
    ssn_roles=persistent.ssn_roles,
)


def build_functions(specs: Iterable[FunctionSpec], deps: FunctionDependencies) -> dict[str, LambdaFunction]:
    args = stack_args.lambda_function(config)
    return {spec.name: LambdaFunction(spec, args, deps, opts=in_account) for spec in specs}


# Two passes: the pool's triggers must exist before the pool, and functions that administer the
# pool (pool_grants) need the pool; no trigger has pool grants, so there is no cycle.
email_identity = (
    EmailIdentity("EmailIdentity", stack_args.email_identity(config), opts=in_account)
    if config.domain_name
    else None
)
# The email service is built by its own component (it alone may send as the environment), first, so
# that the functions that send email may be granted invoking it.
email_service = EmailService(stack_args.email_service(config), dependencies, email_identity, opts=in_account)
dependencies = dataclasses.replace(
    dependencies,
    resources=dataclasses.replace(
        dependencies.resources, functions={EMAIL_SERVICE.name: email_service.function.function}
    ),
)
deployed = [
    spec
    for spec in functions_for(config.public_lookup_enabled)
    if spec is not EMAIL_SERVICE and not spec.per_compact  # per-compact functions: their workflows build them
]
functions = build_functions([spec for spec in deployed if not spec.pool_grants], dependencies)
functions[EMAIL_SERVICE.name] = email_service.function
staff = StaffIdentity(
    "StaffIdentity",
    stack_args.staff_identity(config),
    users_table=persistent.tables["users"],
    pre_token=functions[PRE_TOKEN.name].function,
    custom_message=functions[CUSTOM_MESSAGE.name].function,
    email_identity=email_identity,
    opts=in_account,
)
providers = ProviderIdentity(
    "ProviderIdentity",
    stack_args.provider_identity(config),
    custom_message=functions[PROVIDER_CUSTOM_MESSAGE.name].function,
    email_identity=email_identity,
    opts=in_account,
)
with_pools = dataclasses.replace(
    dependencies,
    resources=dataclasses.replace(
        dependencies.resources,
        user_pools={UserPoolName.STAFF: staff.user_pool, UserPoolName.PROVIDER: providers.user_pool},
        user_pool_clients={UserPoolName.STAFF: staff.ui_client, UserPoolName.PROVIDER: providers.ui_client},
    ),
)
functions |= build_functions([spec for spec in deployed if spec.pool_grants], with_pools)

for consumer in CONSUMERS:
    QueueConsumer(
        consumer,
        stack_args.queue_consumer(config),
        queues[consumer.queue.key],
        functions[consumer.function.name].function,
        persistent.event_bus,
        opts=in_account,
    )
for bucket_key in sorted({trigger.bucket for trigger in BUCKET_TRIGGERS}):
    BucketTriggers(
        f"{bucket_key}-triggers",
        stack_args.bucket_triggers(config),
        persistent.buckets[bucket_key],
        [(t, functions[t.function.name].function) for t in BUCKET_TRIGGERS if t.bucket == bucket_key],
        opts=in_account,
    )

Schedules(stack_args.common(config), SCHEDULES, functions, opts=in_account)
compact_workflows = [
    (
        compact,
        CompactWorkflow(
            workflow,
            compact,
            stack_args.compact_workflow(config),
            dependencies,
            email_service.function.function,
            opts=in_account,
        ),
    )
    for workflow in WORKFLOWS
    for compact in config.compacts.compacts
]

ConfigurationUpload(
    stack_args.configuration_upload(config), functions[CONFIGURATION_UPLOADER.name], opts=in_account
)

license_api = Api(
    ApiName.LICENSE,
    stack_args.api(config, host_prefix="api"),
    routes_of(ApiName.LICENSE, config.public_lookup_enabled),
    functions,
    authorizer_arns={AuthKind.STAFF: staff.user_pool.arn, AuthKind.PROVIDER: providers.user_pool.arn},
    alarm_topic_arn=persistent.alarm_topic.arn,
    opts=in_account,
    depends_on_account=api_account.account,
)

# Provider search (issue #17): each function that reaches the domain is admitted with its own access,
# the index manager runs on deploy, and the provider table's changes reach the indexer through a pipe.
search.admit(
    [
        search_grant(functions[spec.name].role.arn, spec.search, list(config.compacts.compacts))
        for spec in deployed
        if spec.search is not None
    ]
    + [
        search_grant(workflow.function.role.arn, workflow.function.spec.search, [compact])
        for compact, workflow in compact_workflows
        if workflow.function.spec.search is not None
    ]
)
SearchIndices(
    stack_args.common(config),
    functions[SEARCH_INDEX_MANAGER.name],
    search.domain_policy,
    opts=in_account,
)
for pipe in PIPES:
    StreamPipeComponent(
        pipe,
        stack_args.stream_pipe(config),
        table=persistent.tables[pipe.table],
        table_key=keys[TABLES_BY_KEY[pipe.table].encryption_key],
        queue=queues[pipe.queue.key].queue,
        dead_letters=queues[pipe.queue.key].dead_letters,
        queue_key=keys[pipe.queue.encryption_key],
        opts=in_account,
    )
search_api = Api(
    ApiName.SEARCH,
    stack_args.api(config, host_prefix="search"),
    routes_of(ApiName.SEARCH),
    functions,
    authorizer_arns={AuthKind.STAFF: staff.user_pool.arn},
    alarm_topic_arn=persistent.alarm_topic.arn,
    opts=in_account,
    depends_on_account=api_account.account,
)

SsnAccessAlarms(
    stack_args.common(config),
    service=PROVIDER_SSN_API.name,
    rest_api_name=license_api.rest_api.name,
    stage_name=license_api.stage.stage_name,
    topic_arn=persistent.alarm_topic.arn,
    opts=in_account,
)

PublicFormAlarms(
    "RegistrationAlarms", stack_args.registration_alarms(config), persistent.alarm_topic.arn, opts=in_account
)
for alarms_name, alarms_args in stack_args.recovery_alarms(config):
    PublicFormAlarms(alarms_name, alarms_args, persistent.alarm_topic.arn, opts=in_account)

state = StateIdentity("StateIdentity", stack_args.state_identity(config), opts=in_account)
state_api = Api(
    ApiName.STATE,
    stack_args.api(config, host_prefix="state-api"),
    routes_of(ApiName.STATE),
    functions,
    authorizer_arns={AuthKind.STATE: state.user_pool.arn},
    alarm_topic_arn=persistent.alarm_topic.arn,
    opts=in_account,
    depends_on_account=api_account.account,
)

recovery = DisasterRecovery(
    stack_args.disaster_recovery(config),
    functions={name: function.function for name, function in functions.items()},
    tables=persistent.tables,
    keys=keys,
    alarm_topic_arn=persistent.alarm_topic.arn,
    opts=in_account,
)

EnvironmentDashboard(
    stack_args.dashboard(config),
    DashboardSources(
        apis={
            "License API": license_api.rest_api.name,
            "State API": state_api.rest_api.name,
            "Search API": search_api.rest_api.name,
        },
        functions={name: function.function.name for name, function in functions.items()},
        queues={key: (queue.queue.name, queue.dead_letters.name) for key, queue in queues.items()},
        search_domain=search.domain.domain_name,
        pipeline=[spec.name for spec in deployed if spec.handler.startswith(("ingest.", "licenses."))],
        purchases=[spec.name for spec in deployed if spec.handler.startswith("purchases.")],
        email=EMAIL_SERVICE.name,
    ),
    opts=in_account,
)

# Feature flags (issue #18): this environment's rule on each declared flag's StatSig gate.
console_key = secret_config.get_secret("statsigConsoleKey")
if console_key is None:
    pulumi.log.warn(
        "statsigConsoleKey is not set, so the flags' StatSig rules cannot be created (StatSig's console API "
        "key). Set it with: pulumi config set --secret compact-connect:statsigConsoleKey <value>"
    )
for flag in FLAGS:
    GateRuleResource(flag, str(config.environment_name), console_key or "")

pulumi.export("environment", str(config.environment_name))
pulumi.export("searchDomainEndpoint", search.domain.endpoint)
pulumi.export("licenseApiUrl", license_api.url)
pulumi.export("stateApiUrl", state_api.url)
pulumi.export("searchApiUrl", search_api.url)
pulumi.export("stateAuthUserPoolId", state.user_pool.id)
pulumi.export("stateAuthTokenUrl", state.token_url)
pulumi.export("staffUserPoolId", staff.user_pool.id)
pulumi.export("staffUiClientId", staff.ui_client.id)
pulumi.export("providerUserPoolId", providers.user_pool.id)
pulumi.export("providerUiClientId", providers.ui_client.id)
pulumi.export("tables", {key: table.name for key, table in persistent.tables.items()})
pulumi.export(
    "recoveryStateMachines",
    {
        "restore": {key: machine.arn for key, machine in recovery.restore_machines.items()},
        "licenseUploadRollback": recovery.rollback_machine.arn,
    },
)
