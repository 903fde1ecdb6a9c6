"""CompactConnect backend: reads the typed stack config, composes the components, exports outputs."""

import json

import pulumi

from catalog import FUNCTIONS, routes_of
from components.api import Api
from components.config import load_from_pulumi
from components.configuration_upload import ConfigurationUpload
from components.lambda_function import FunctionDependencies, LambdaFunction
from components.persistent import Persistent
from components.platform import ApiGatewayAccount, FunctionBundle
from components.provider import environment_provider
from configuration.routes import CONFIGURATION_UPLOADER
from core.catalog import ApiName, KeyName

config = load_from_pulumi()
in_account = pulumi.ResourceOptions(providers=[environment_provider(config)])

persistent = Persistent("Persistent", config, opts=in_account)
bundle = FunctionBundle(config, opts=in_account)
api_account = ApiGatewayAccount(config, opts=in_account)

dependencies = FunctionDependencies(
    code=bundle.code,
    layer_arn=bundle.layer.arn,
    tables=persistent.tables,
    keys={KeyName.SHARED: persistent.shared_key, KeyName.SSN: persistent.ssn_key},
    alarm_topic_arn=persistent.alarm_topic.arn,
    environment={
        "ENVIRONMENT_NAME": str(config.environment_name),
        "ALLOWED_ORIGINS": json.dumps(config.allowed_origins),
        "COMPACTS": config.compacts.to_env(),
    },
)
functions = {spec.name: LambdaFunction(spec, config, dependencies, opts=in_account) for spec in FUNCTIONS}

ConfigurationUpload(config, functions[CONFIGURATION_UPLOADER.name], opts=in_account)


def enabled(route):
    return route.feature != "public_lookup" or config.public_lookup_enabled


license_api = Api(
    ApiName.LICENSE,
    config,
    [route for route in routes_of(ApiName.LICENSE) if enabled(route)],
    functions,
    authorizer_arns={},
    alarm_topic_arn=persistent.alarm_topic.arn,
    host_prefix="api",
    opts=in_account,
    depends_on_account=api_account.account,
)

pulumi.export("environment", str(config.environment_name))
pulumi.export("licenseApiUrl", license_api.url)
pulumi.export("tables", {key: table.name for key, table in persistent.tables.items()})
