"""Lambda functions: supported runtimes, one role each, an explicit log group, API-sized timeouts."""

from __future__ import annotations

import re
from collections.abc import Mapping

from policies.aws_types import APIGW_INTEGRATION, APIGW_REST_API, LAMBDA_FUNCTION, LOG_GROUP
from policies.model import ADVISORY, MANDATORY, SECRET_SIGNATURE_KEY, ResourceView, Rule, StackView

FUNCTION = (LAMBDA_FUNCTION,)
ALLOWED_RUNTIMES = frozenset({"python3.12", "python3.13", "python3.14", "nodejs24.x"})
API_GATEWAY_TIMEOUT_SECONDS = 29
LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3


SECRET_LIKE_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|PRIVATE|API_KEY|SERVER_KEY|CONSOLE_KEY|TRANSACTION_KEY")
REFERENCE_SUFFIXES = ("_ARN", "_NAME", "_ID", "_URL", "_ENDPOINT")
"""A variable that names where a secret is (its ARN...) is fine; one that holds it is not."""


def environment_holds_no_secrets(function: ResourceView, stack: StackView) -> list[str]:
    """A function's environment is readable by anyone who may read its configuration, and shown in
    previews and consoles: secrets are read at run time from Secrets Manager, by ARN."""
    environment = function.props.get("environment")
    variables = environment.get("variables") if isinstance(environment, Mapping) else None
    if not isinstance(variables, Mapping):
        return []
    problems = []
    for name, value in variables.items():
        if isinstance(value, Mapping) and SECRET_SIGNATURE_KEY in value:
            problems.append(f"environment variable {name} holds a secret value: read it at run time, by ARN")
        elif (
            SECRET_LIKE_NAME.search(name.upper()) and not name.upper().endswith(REFERENCE_SUFFIXES) and value
        ):
            problems.append(
                f"environment variable {name} looks like a secret: pass its ARN ({name}_ARN) instead"
            )
    return problems


def uses_allowed_runtime(function: ResourceView, stack: StackView) -> list[str]:
    """Only runtimes the project builds, tests and patches; container images carry their own runtime."""
    if function.get("packageType") == "Image":
        return []
    runtime = function.get("runtime")
    if runtime in ALLOWED_RUNTIMES:
        return []
    return [f"runtime {runtime!r} is not one of {', '.join(sorted(ALLOWED_RUNTIMES))}"]


def role_identity(function: ResourceView) -> tuple[str, ...]:
    """The referenced role resources, else the literal role ARN."""
    referenced = function.refs("role")
    if referenced:
        return tuple(sorted(referenced))
    arn = function.get("role")
    return (str(arn),) if arn else ()


def has_own_role(function: ResourceView, stack: StackView) -> list[str]:
    """A shared role grants every function the union of their permissions. No exception, not even on
    the SSN path: the SSN key policy names each SSN-path function's role, so one role per function
    keeps what the upload handlers can do apart from what the SSN read route can."""
    identity = role_identity(function)
    if not identity:
        return []
    sharing = [
        other.label
        for other in stack.by_type(LAMBDA_FUNCTION)
        if other is not function and role_identity(other) == identity
    ]
    if not sharing:
        return []
    return [f"role is shared with function(s) {', '.join(sorted(sharing))}; give each function its own role"]


def _log_group_for(function: ResourceView, stack: StackView) -> ResourceView | None:
    if stack.referenced(function, "loggingConfig", LOG_GROUP):
        return stack.referenced(function, "loggingConfig", LOG_GROUP)[0]
    configured = function.get("loggingConfig", "logGroup")
    name = function.get("name")
    wanted = {value for value in (configured, f"/aws/lambda/{name}" if name else None) if value}
    for group in stack.by_type(LOG_GROUP):
        if group.get("name") in wanted or function.urn in group.refs("name"):
            return group
    return None


def has_log_group(function: ResourceView, stack: StackView) -> list[str]:
    """Without an explicit log group Lambda creates one on first invoke: untagged, never expiring, and
    outside Pulumi's control."""
    if _log_group_for(function, stack) is not None:
        return []
    return [
        "needs an aws.cloudwatch.LogGroup: set loggingConfig.logGroup to it, or name it "
        "/aws/lambda/<function name>"
    ]


def api_functions(stack: StackView) -> set[str]:
    """URNs of functions an API invokes: referenced by a RestApi `body` or an Integration `uri`."""
    urns = {urn for api in stack.by_type(APIGW_REST_API) for urn in api.refs("body")}
    urns.update(urn for integration in stack.by_type(APIGW_INTEGRATION) for urn in integration.refs("uri"))
    return urns


def fits_api_gateway_timeout(function: ResourceView, stack: StackView) -> list[str]:
    """API Gateway gives up after 29 s; a longer Lambda timeout only keeps paying for an abandoned call."""
    if function.urn not in api_functions(stack):
        return []
    timeout = function.get("timeout", default=LAMBDA_DEFAULT_TIMEOUT_SECONDS)
    if isinstance(timeout, int | float) and timeout <= API_GATEWAY_TIMEOUT_SECONDS:
        return []
    return [f"timeout {timeout} s exceeds API Gateway's {API_GATEWAY_TIMEOUT_SECONDS} s integration limit"]


RULES: tuple[Rule, ...] = (
    Rule(
        "lambda-environment-holds-no-secrets",
        "No function environment variable holds a secret (a Pulumi secret or a secret-like name): "
        "functions read secrets from Secrets Manager by ARN.",
        MANDATORY,
        FUNCTION,
        environment_holds_no_secrets,
    ),
    Rule(
        "lambda-runtime-allowed",
        f"Lambda runtimes are one of {', '.join(sorted(ALLOWED_RUNTIMES))}.",
        MANDATORY,
        FUNCTION,
        uses_allowed_runtime,
    ),
    Rule(
        "lambda-role-not-shared",
        "Each Lambda function has its own IAM role, on the SSN path too.",
        MANDATORY,
        FUNCTION,
        has_own_role,
        cross_resource=True,
    ),
    Rule(
        "lambda-log-group-defined",
        "Each Lambda function has an explicit CloudWatch log group managed by the program.",
        MANDATORY,
        FUNCTION,
        has_log_group,
        cross_resource=True,
    ),
    Rule(
        "lambda-api-timeout",
        f"Functions behind API Gateway time out within {API_GATEWAY_TIMEOUT_SECONDS} seconds.",
        ADVISORY,
        FUNCTION,
        fits_api_gateway_timeout,
        cross_resource=True,
    ),
)
