"""The security baseline shared by the human-facing user pools (staff now, provider next).

spec/infra.md §2.1: one place decides MFA, threat protection, password and device rules, the UI
client's OAuth settings and the hosted domain, so the two pools cannot drift apart. Each builder
takes the owning component (its children get ``parent=owner``) and the pool's ``UserPoolArgs``;
what differs between pools (attributes, triggers, names) is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Self

import pulumi_aws as aws
from pydantic import Field, model_validator

from components.adoption import AdoptedUserPool
from components.args import (
    ComponentArgs,
    EnvironmentName,
    NamePrefix,
    Origins,
    Region,
    check_host,
    check_origins,
    refuse,
    require_developer_environment,
    require_retained_in_prod,
)
from components.base import CompactConnectComponent
from components.config import SecurityProfile
from components.custom_domain import create_validated_certificate, environment_zone
from components.email_identity import EmailIdentity
from core.compacts import CompactCatalog
from core.resource_servers import resource_servers

COGNITO_CERTIFICATE_REGION = "us-east-1"
"""Cognito custom domains sit behind CloudFront, which only takes us-east-1 certificates."""
SENDER_DISPLAY_NAME = "CompactConnect"
UI_OAUTH_SCOPES = ("openid", "email", "phone", "profile", "aws.cognito.signin.user.admin")
UI_CALLBACK_PATHS = ("/auth/callback/{role}/jcc", "/auth/callback")
UI_LOGOUT_PATHS = ("/Login", "/Dashboard", "/Logout")
RISK_EMAIL_SUBJECT = "CompactConnect: Account Security Alert"
_RISK_TEXT = (
    "We detected an unusual sign-in to your CompactConnect account {username} at {login-time} "
    "from {ip-address} ({city}, {country}). We asked for your multi-factor code before letting it "
    "through. If this was not you, change your password now and tell your compact administrator."
)


PrefixDomainSuffix = Annotated[
    str,
    Field(
        pattern=r"^(-[a-z0-9]+)?$",
        description="Appended to a pool's Cognito prefix domain: prefix domains are global within a "
        "region, so every environment but prod adds `-<env>`.",
    ),
]


class UserPoolArgs(ComponentArgs):
    """The settings of the baseline every human-facing pool shares. Deletion protection follows
    ``retain_data`` (required in prod)."""

    environment: EnvironmentName
    name_prefix: NamePrefix
    region: Region
    compacts: CompactCatalog = Field(description="One resource server per compact and active jurisdiction.")
    allowed_origins: Origins
    security_profile: SecurityProfile = Field(
        default=SecurityProfile.RECOMMENDED,
        description="RECOMMENDED: threat protection ENFORCED, a risk configuration, no password flows on "
        "the UI client. VULNERABLE (local and sandbox only) relaxes them for developers.",
    )
    mfa_required: bool = Field(
        default=True, description="TOTP MFA on every sign-in; optional only under the VULNERABLE profile."
    )
    host: str | None = Field(default=None, description="Custom managed-login host; None: a prefix domain.")
    domain_name: str | None = Field(default=None, description="The environment's hosted zone (for `host`).")
    prefix_domain_suffix: PrefixDomainSuffix = ""
    adopted_pool: AdoptedUserPool | None = Field(
        default=None,
        description="The reference's pool taken over where it stands, with its domain, UI client and "
        "resource servers (its users keep their passwords and MFA devices).",
    )

    @model_validator(mode="after")
    def _guard_rails(self) -> Self:
        require_retained_in_prod(self.environment, self.retain_data)
        check_origins(self.environment, self.allowed_origins)
        check_host(self.host, self.domain_name)
        if self.security_profile is SecurityProfile.VULNERABLE:
            require_developer_environment("security_profile", self.environment, "the VULNERABLE profile")
        elif not self.mfa_required:
            refuse("mfa_required", "MFA may be optional only under the VULNERABLE security profile")
        if self.host is not None and self.region != COGNITO_CERTIFICATE_REGION:
            refuse(
                "host",
                f"{self.host}: Cognito custom domains need a {COGNITO_CERTIFICATE_REGION} certificate; "
                f"this stack is in {self.region} and would need a second provider for it",
            )
        return self

    @property
    def recommended(self) -> bool:
        return self.security_profile is SecurityProfile.RECOMMENDED


def standard_attribute(name: str, *, required: bool = False) -> aws.cognito.UserPoolSchemaArgs:
    """A mutable standard attribute. Constraints are spelled out because Cognito returns them
    anyway, and the provider would otherwise see a diff on every preview."""
    return aws.cognito.UserPoolSchemaArgs(
        name=name,
        attribute_data_type="String",
        mutable=True,
        required=required,
        string_attribute_constraints=aws.cognito.UserPoolSchemaStringAttributeConstraintsArgs(
            min_length="0", max_length="2048"
        ),
    )


def create_user_pool(
    owner: CompactConnectComponent[Any],
    args: UserPoolArgs,
    name: str,
    *,
    pool_name: str,
    schemas: Sequence[aws.cognito.UserPoolSchemaArgs],
    lambda_config: aws.cognito.UserPoolLambdaConfigArgs | None,
    email: EmailIdentity | None,
) -> aws.cognito.UserPool:
    """A PLUS-tier pool: email sign-in, admin-created accounts only, TOTP MFA, threat protection.

    The VULNERABLE profile (local and sandbox only) relaxes threat protection to audit and lets MFA
    be optional, so developers can sign in with a password alone.
    """
    protection = "ENFORCED" if args.recommended else "AUDIT"
    adopted = args.adopted_pool
    return aws.cognito.UserPool(
        name,
        name=adopted.name if adopted else pool_name,
        username_attributes=["email"],
        username_configuration=aws.cognito.UserPoolUsernameConfigurationArgs(case_sensitive=False),
        auto_verified_attributes=["email"],
        schemas=list(schemas),
        admin_create_user_config=aws.cognito.UserPoolAdminCreateUserConfigArgs(
            allow_admin_create_user_only=True
        ),
        account_recovery_setting=aws.cognito.UserPoolAccountRecoverySettingArgs(
            recovery_mechanisms=[
                aws.cognito.UserPoolAccountRecoverySettingRecoveryMechanismArgs(
                    name="verified_email", priority=1
                )
            ]
        ),
        device_configuration=aws.cognito.UserPoolDeviceConfigurationArgs(
            challenge_required_on_new_device=True, device_only_remembered_on_user_prompt=True
        ),
        # OWASP ASVS 2.1.9: length over composition rules; history stops cycling back to old passwords.
        password_policy=aws.cognito.UserPoolPasswordPolicyArgs(
            minimum_length=12,
            require_numbers=True,
            require_lowercase=True,
            require_uppercase=False,
            require_symbols=False,
            temporary_password_validity_days=1,
            password_history_size=4,
        ),
        mfa_configuration="ON" if args.mfa_required else "OPTIONAL",
        software_token_mfa_configuration=aws.cognito.UserPoolSoftwareTokenMfaConfigurationArgs(enabled=True),
        user_pool_tier="PLUS",
        user_pool_add_ons={
            "advanced_security_mode": protection,
            "advanced_security_additional_flows": {"custom_auth_mode": protection},
        },
        deletion_protection="ACTIVE" if args.retain_data else "INACTIVE",
        email_configuration=(
            aws.cognito.UserPoolEmailConfigurationArgs(
                email_sending_account="DEVELOPER",
                from_email_address=f"{SENDER_DISPLAY_NAME} <{email.no_reply_address}>",
                source_arn=email.arn,
            )
            if email
            else aws.cognito.UserPoolEmailConfigurationArgs(email_sending_account="COGNITO_DEFAULT")
        ),
        lambda_config=lambda_config,
        tags=owner.tags,
        opts=owner.data_opts(import_=adopted.id if adopted else None),
    )


def allow_trigger(
    owner: CompactConnectComponent[Any], name: str, function: aws.lambda_.Function, pool: aws.cognito.UserPool
) -> aws.lambda_.Permission:
    """Cognito invokes triggers with its service principal; scope the grant to this one pool."""
    return aws.lambda_.Permission(
        name,
        action="lambda:InvokeFunction",
        function=function.name,
        principal="cognito-idp.amazonaws.com",
        source_arn=pool.arn,
        opts=owner.child_opts(),
    )


def create_ui_client(
    owner: CompactConnectComponent[Any],
    args: UserPoolArgs,
    name: str,
    pool: aws.cognito.UserPool,
    *,
    role: str,
    read_attributes: Sequence[str],
    write_attributes: Sequence[str],
) -> aws.cognito.UserPoolClient:
    """The web UI's public client: authorization code only (never implicit), short-lived tokens.

    ``role`` (``staff`` or ``licensee``) picks the UI's callback route. Hosts are the allowed
    origins: the UI domain, plus localhost only where ``allowLocalUi`` is set (never in prod: the
    args refuse it).
    """
    origins = args.allowed_origins
    flows = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    if not args.recommended:
        flows += ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH"]  # developer sandboxes only
    adopted = args.adopted_pool
    return aws.cognito.UserPoolClient(
        name,
        name=adopted.ui_client_name
        if adopted and adopted.ui_client_name
        else f"{args.name_prefix}-{role}-ui",
        user_pool_id=pool.id,
        generate_secret=False,
        allowed_oauth_flows=["code"],
        allowed_oauth_flows_user_pool_client=True,
        allowed_oauth_scopes=list(UI_OAUTH_SCOPES),
        supported_identity_providers=["COGNITO"],
        callback_urls=[f"{o}{path.format(role=role)}" for o in origins for path in UI_CALLBACK_PATHS],
        logout_urls=[f"{origin}{path}" for origin in origins for path in UI_LOGOUT_PATHS],
        explicit_auth_flows=flows,
        enable_token_revocation=True,
        prevent_user_existence_errors="ENABLED",
        access_token_validity=5,
        id_token_validity=5,
        refresh_token_validity=30,
        auth_session_validity=15,
        token_validity_units=aws.cognito.UserPoolClientTokenValidityUnitsArgs(
            access_token="minutes", id_token="minutes", refresh_token="days"
        ),
        read_attributes=list(read_attributes),
        write_attributes=list(write_attributes),
        opts=owner.child_opts(import_=adopted_client_id(adopted)),
    )


def create_domain(
    owner: CompactConnectComponent[Any],
    args: UserPoolArgs,
    name: str,
    pool: aws.cognito.UserPool,
    *,
    default_prefix: str,
) -> aws.cognito.UserPoolDomain:
    """The managed-login domain: ``args.host`` (certificate + alias) where the environment has a
    domain, else the Cognito prefix ``<default_prefix><prefix_domain_suffix>``."""
    host = args.host
    adopted = args.adopted_pool.domain if args.adopted_pool else None
    if host is None:
        return aws.cognito.UserPoolDomain(
            f"{name}-domain",
            domain=adopted or f"{default_prefix}{args.prefix_domain_suffix}",
            user_pool_id=pool.id,
            managed_login_version=2,
            opts=owner.child_opts(import_=adopted),
        )
    assert args.domain_name is not None  # the args refuse a host without its zone
    zone_id = environment_zone(owner, args.domain_name).zone_id
    validation = create_validated_certificate(owner, name, host, zone_id)
    domain = aws.cognito.UserPoolDomain(
        f"{name}-domain",
        domain=adopted or host,
        user_pool_id=pool.id,
        certificate_arn=validation.certificate_arn,
        managed_login_version=2,
        opts=owner.child_opts(import_=adopted),
    )
    aws.route53.Record(
        f"{name}-domain-alias",
        zone_id=zone_id,
        name=host,
        type="A",
        allow_overwrite=adopted is not None,  # the reference's record for an adopted domain is taken over
        aliases=[
            aws.route53.RecordAliasArgs(
                name=domain.cloudfront_distribution,
                zone_id=domain.cloudfront_distribution_zone_id,
                evaluate_target_health=False,
            )
        ],
        opts=owner.child_opts(),
    )
    return domain


def create_resource_servers(
    owner: CompactConnectComponent[Any],
    name: str,
    pool: aws.cognito.UserPool,
    compacts: CompactCatalog,
    adopted: AdoptedUserPool | None = None,
) -> dict[str, aws.cognito.ResourceServer]:
    """One resource server per compact and per active jurisdiction (core.resource_servers), so
    access tokens can carry ``aslp/admin`` or ``oh/aslp.write``; keyed by identifier. An adopted
    pool's existing servers are taken over (creating one whose identifier exists would fail)."""
    servers: dict[str, aws.cognito.ResourceServer] = {}
    existing = set(adopted.resource_servers) if adopted else set()
    for identifier, scopes in resource_servers(compacts).items():
        servers[identifier] = aws.cognito.ResourceServer(
            f"{name}-{identifier}",
            identifier=identifier,
            name=identifier,
            user_pool_id=pool.id,
            scopes=[
                aws.cognito.ResourceServerScopeArgs(
                    scope_name=scope, scope_description=_describe(identifier, scope)
                )
                for scope in scopes
            ],
            opts=owner.child_opts(
                import_=f"{adopted.id}|{identifier}" if adopted and identifier in existing else None
            ),
        )
    return servers


def adopted_client_id(adopted: AdoptedUserPool | None) -> str | None:
    """The import id of an adopted pool's UI client (``<pool id>/<client id>``)."""
    return f"{adopted.id}/{adopted.ui_client_id}" if adopted and adopted.ui_client_id else None


def _describe(identifier: str, scope: str) -> str:
    """``aslp admin`` or ``oh aslp.write`` -> "admin in aslp", "write in oh for aslp"."""
    compact, _, action = scope.rpartition(".")
    return f"{action} in {identifier}" + (f" for {compact}" if compact else "")


def create_risk_configuration(
    owner: CompactConnectComponent[Any],
    args: UserPoolArgs,
    name: str,
    pool: aws.cognito.UserPool,
    email: EmailIdentity | None,
) -> aws.cognito.RiskConfiguration | None:
    """RECOMMENDED pools ask for MFA on any risky sign-in and block leaked passwords outright.

    Users are told about a risky sign-in only when the SES identity exists (Cognito needs a
    verified sender for these emails). VULNERABLE pools keep Cognito's defaults: no configuration.
    """
    if not args.recommended:
        return None
    # Plain dict inputs (the provider's *ArgsDict shapes): the Args class names run past a line.
    action: Any = {"event_action": "MFA_REQUIRED", "notify": email is not None}
    takeover: aws.cognito.RiskConfigurationAccountTakeoverRiskConfigurationArgsDict = {
        "actions": {"low_action": action, "medium_action": action, "high_action": action}
    }
    if email is not None:
        body: Any = {
            "subject": RISK_EMAIL_SUBJECT,
            "text_body": _RISK_TEXT,
            "html_body": f"<p>{_RISK_TEXT}</p>",
        }
        takeover["notify_configuration"] = {
            "from_": email.no_reply_address,
            "source_arn": email.arn,
            "mfa_email": body,
        }
    return aws.cognito.RiskConfiguration(
        f"{name}-risk",
        user_pool_id=pool.id,
        account_takeover_risk_configuration=takeover,
        compromised_credentials_risk_configuration={
            "event_filters": ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"],
            "actions": {"event_action": "BLOCK"},
        },
        opts=owner.child_opts(),
    )
