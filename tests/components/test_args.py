"""Component argument models: secure defaults, validators that refuse unsafe combinations (naming the
field), the stack-to-args mapping for every stack file, and components that never see StackConfig."""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from components import stack_args
from components.args import ComponentArgs
from components.config import NAMESPACE, Environment, SecurityProfile, StackConfig, parse_stack_config
from components.custom_domain import ApiDomainArgs
from components.persistent import PersistentArgs
from components.staff_identity import StaffIdentityArgs
from components.waf import ApiFirewallArgs
from offline.stack_file import available_stacks, load_stack_config, namespace_values

COMPONENTS_DIR = Path(__file__).resolve().parents[2] / "components"
# The only modules that may know the whole configuration: the model itself, the program-level
# provider, and the mapping from it to every component's args.
KNOWS_THE_STACK = {"config.py", "provider.py", "stack_args.py"}
PROD_ORIGIN = "https://app.compactconnect.org"


@cache
def stack(name: str) -> StackConfig:
    return parse_stack_config(copy.deepcopy(namespace_values(load_stack_config(name), NAMESPACE)))


def rebuilt(args: ComponentArgs, **change: Any) -> ComponentArgs:
    """The same model with some fields changed, validated again (``model_copy`` would skip that)."""
    return type(args)(**({name: getattr(args, name) for name in type(args).model_fields} | change))


# (stack whose derived args are the safe starting point, how to derive them, unsafe change, field named)
REFUSED: list[tuple[str, Callable[[StackConfig], ComponentArgs], dict[str, Any], str]] = [
    # Persistent: prod data is retained, origins are https and not local, access logs locked long enough.
    ("prod", stack_args.persistent, {"retain_data": False, "access_log_lock_days": None}, "retain_data"),
    (
        "prod",
        stack_args.persistent,
        {"allowed_origins": (PROD_ORIGIN, "http://localhost:3018")},
        "allowed_origins",
    ),
    ("test", stack_args.persistent, {"allowed_origins": ("https://*.example.org",)}, "allowed_origins"),
    ("test", stack_args.persistent, {"allowed_origins": ("http://app.example.org",)}, "allowed_origins"),
    ("prod", stack_args.persistent, {"access_log_lock_days": 30}, "access_log_lock_days"),
    ("prod", stack_args.persistent, {"access_log_lock_days": None}, "access_log_lock_days"),
    ("local", stack_args.persistent, {"access_log_lock_days": 90}, "access_log_lock_days"),
    ("prod", stack_args.persistent, {"alarm_emails": ()}, "alarm_emails"),
    ("test", stack_args.persistent, {"event_archive_retention_days": 30}, "event_archive_retention_days"),
    # Staff pool: MFA, the VULNERABLE profile, deletion protection, callback origins, certificate region.
    (
        "local",
        stack_args.staff_identity,
        {"mfa_required": False, "security_profile": "RECOMMENDED"},
        "mfa_required",
    ),
    ("prod", stack_args.staff_identity, {"mfa_required": False}, "mfa_required"),
    ("beta", stack_args.staff_identity, {"security_profile": "VULNERABLE"}, "security_profile"),
    ("prod", stack_args.staff_identity, {"retain_data": False}, "retain_data"),
    ("prod", stack_args.staff_identity, {"allowed_origins": ("http://localhost:3018",)}, "allowed_origins"),
    ("test", stack_args.staff_identity, {"region": "us-west-2"}, "host"),
    ("test", stack_args.staff_identity, {"host": "staff-auth.example.org"}, "host"),
    ("local", stack_args.staff_identity, {"host": "staff-auth.example.org"}, "host"),
    # State pool: deletion protection in prod.
    ("prod", stack_args.state_identity, {"retain_data": False}, "retain_data"),
    # APIs: only the custom domain in prod, rate limiting outside developer sandboxes, log floors.
    (
        "prod",
        lambda c: stack_args.api(c, "api"),
        {"default_endpoint_enabled": True},
        "default_endpoint_enabled",
    ),
    (
        "local",
        lambda c: stack_args.api(c, "api"),
        {"default_endpoint_enabled": False},
        "default_endpoint_enabled",
    ),
    ("test", lambda c: stack_args.api(c, "api"), {"rate_limit_per_ip": False}, "rate_limit_per_ip"),
    ("prod", lambda c: stack_args.api(c, "api"), {"log_retention_days": 7}, "log_retention_days"),
    (
        "prod",
        lambda c: stack_args.api(c, "api"),
        {"allowed_origins": ("http://127.0.0.1:3018",)},
        "allowed_origins",
    ),
    ("prod", lambda c: stack_args.api(c, "api"), {"host": "api.example.org"}, "host"),
    # Email: prod publishes a DMARC policy.
    ("prod", stack_args.email_identity, {"dmarc_report_email": None}, "dmarc_report_email"),
    # Every model refuses what it does not know and names malformed settings.
    ("prod", stack_args.lambda_function, {"memory_mb": 512}, "memory_mb"),
    ("prod", stack_args.processing_queue, {"name_prefix": "prod"}, "name_prefix"),
    ("prod", stack_args.queue_consumer, {"account_id": "12345"}, "account_id"),
]

# The safe neighbour of some of the refusals above: the same change where it is allowed.
ACCEPTED: list[tuple[str, Callable[[StackConfig], ComponentArgs], dict[str, Any]]] = [
    ("local", stack_args.persistent, {"retain_data": False, "access_log_lock_days": None}),
    (
        "test",
        stack_args.persistent,
        {"allowed_origins": ("https://app.example.org", "http://localhost:3018")},
    ),
    ("prod", stack_args.persistent, {"access_log_lock_days": 365, "event_archive_retention_days": 365}),
    ("local", stack_args.staff_identity, {"mfa_required": False, "security_profile": "VULNERABLE"}),
    ("prod", stack_args.staff_identity, {"mfa_required": True}),
    ("local", stack_args.state_identity, {"retain_data": False}),
    ("local", lambda c: stack_args.api(c, "api"), {"rate_limit_per_ip": False}),
    ("test", lambda c: stack_args.api(c, "api"), {"default_endpoint_enabled": True}),
    ("prod", lambda c: stack_args.api(c, "api"), {"log_retention_days": 90}),
    ("test", stack_args.email_identity, {"dmarc_report_email": None}),
]


@pytest.mark.parametrize(("stack_name", "derive", "change", "field"), REFUSED)
def test_an_unsafe_combination_is_refused_naming_the_field(stack_name, derive, change, field):
    safe = derive(stack(stack_name))

    with pytest.raises(ValidationError) as refused:
        rebuilt(safe, **change)

    error = refused.value.errors()[0]
    named = ".".join(str(part) for part in error["loc"]) or error["msg"].removeprefix("Value error, ")
    assert named.startswith(field), refused.value


@pytest.mark.parametrize(("stack_name", "derive", "change"), ACCEPTED)
def test_the_safe_combination_is_accepted(stack_name, derive, change):
    args = rebuilt(derive(stack(stack_name)), **change)

    assert all(getattr(args, name) == value for name, value in change.items())


def test_defaults_are_the_secure_choice():
    """Leaving a setting out never relaxes anything."""
    persistent = PersistentArgs(
        tags={},
        environment=Environment.PROD,
        name_prefix="cc-prod",
        account_id="444444444444",
        region="us-east-1",
        allowed_origins=(PROD_ORIGIN,),
        alarm_emails=("ops@example.org",),
    )
    assert persistent.retain_data
    assert persistent.access_log_lock_days == 90
    assert persistent.event_archive_retention_days == 180

    staff = StaffIdentityArgs(
        tags={},
        environment=Environment.PROD,
        name_prefix="cc-prod",
        region="us-east-1",
        compacts=stack("prod").compacts,
        allowed_origins=(PROD_ORIGIN,),
    )
    assert (staff.retain_data, staff.mfa_required, staff.security_profile) == (
        True,
        True,
        SecurityProfile.RECOMMENDED,
    )

    firewall = ApiFirewallArgs(tags={}, name_prefix="cc-prod", account_id="444444444444")
    assert firewall.rate_limit_per_ip and firewall.log_retention_days == 30


def test_args_are_frozen():
    args = stack_args.persistent(stack("prod"))

    with pytest.raises(ValidationError, match="frozen"):
        args.retain_data = False  # type: ignore[misc]


def test_narrow_hands_a_child_its_own_settings_and_validates_them_again():
    api = stack_args.api(stack("prod"), "api")

    firewall = api.narrow(ApiFirewallArgs)
    domain = api.narrow(ApiDomainArgs)

    assert (firewall.name_prefix, firewall.account_id, firewall.rate_limit_per_ip) == (
        "cc-prod",
        api.account_id,
        True,
    )
    assert (domain.host, domain.domain_name) == ("api.compactconnect.org", "compactconnect.org")
    with pytest.raises(ValidationError, match="host"):
        stack_args.api(stack("local"), "api").narrow(ApiDomainArgs)  # local has no custom domain


@pytest.mark.parametrize("stack_name", available_stacks())
def test_every_stack_file_gives_every_component_valid_args(stack_name):
    config = stack(stack_name)
    builders = [
        stack_args.common,
        stack_args.persistent,
        stack_args.function_bundle,
        stack_args.lambda_function,
        stack_args.processing_queue,
        stack_args.queue_consumer,
        stack_args.bucket_triggers,
        stack_args.configuration_upload,
        stack_args.staff_identity,
        stack_args.state_identity,
        lambda c: stack_args.api(c, "api"),
        lambda c: stack_args.api(c, "state-api"),
    ]
    if config.domain_name:
        builders.append(stack_args.email_identity)

    for build in builders:
        args = build(config)
        assert args.tags == config.tags and args.retain_data is config.retains_data


@pytest.mark.parametrize(
    ("stack_name", "expected"),
    [
        # (default endpoint, rate limiting, MFA, prefix-domain suffix)
        ("local", (True, False, False, "-local")),
        ("sandbox", (True, False, False, "-sandbox")),
        ("test", (False, True, True, "-test")),
        ("beta", (False, True, True, "-beta")),
        ("prod", (False, True, True, "")),
    ],
)
def test_environment_decisions_are_made_once_in_stack_args(stack_name, expected):
    config = stack(stack_name)
    api, staff = stack_args.api(config, "api"), stack_args.staff_identity(config)

    assert (
        api.default_endpoint_enabled,
        api.rate_limit_per_ip,
        staff.mfa_required,
        staff.prefix_domain_suffix,
    ) == (expected)
    assert stack_args.state_identity(config).prefix_domain_suffix == staff.prefix_domain_suffix


def test_components_do_not_see_the_stack_config():
    """Components take what they need: only the config model, the provider and the mapping know it."""
    offenders = []
    for module in sorted(COMPONENTS_DIR.glob("*.py")):
        if module.name in KNOWS_THE_STACK:
            continue
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom) and any(alias.name == "StackConfig" for alias in node.names):
                offenders.append(module.name)

    assert offenders == []
