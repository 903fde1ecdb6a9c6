"""The security baseline shared by the human-facing user pools (staff now, provider next).

spec/infra.md §2.1: one place decides MFA, threat protection, password and device rules, the UI
client's OAuth settings and the hosted domain, so the two pools cannot drift apart. Each builder
takes the owning component (its children get ``parent=owner``) and reads the stack config from it;
what differs between pools (attributes, triggers, names) is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi_aws as aws

from components.base import CompactConnectComponent
from components.custom_domain import create_validated_certificate, environment_zone
from components.email_identity import EmailIdentity
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
    owner: CompactConnectComponent,
    name: str,
    *,
    pool_name: str,
    schemas: Sequence[aws.cognito.UserPoolSchemaArgs],
    lambda_config: aws.cognito.UserPoolLambdaConfigArgs | None,
    email: EmailIdentity | None,
) -> aws.cognito.UserPool:
    """A PLUS-tier pool: email sign-in, admin-created accounts only, TOTP MFA, threat protection.

    The VULNERABLE profile (local and sandbox only) relaxes MFA to optional and threat protection
    to audit, so developers can sign in with a password alone.
    """
    config = owner.config
    enforced = config.is_recommended_security
    protection = "ENFORCED" if enforced else "AUDIT"
    return aws.cognito.UserPool(
        name,
        name=pool_name,
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
        mfa_configuration="ON" if enforced else "OPTIONAL",
        software_token_mfa_configuration=aws.cognito.UserPoolSoftwareTokenMfaConfigurationArgs(enabled=True),
        user_pool_tier="PLUS",
        user_pool_add_ons={
            "advanced_security_mode": protection,
            "advanced_security_additional_flows": {"custom_auth_mode": protection},
        },
        deletion_protection="ACTIVE" if config.retains_data else "INACTIVE",
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
        opts=owner.data_opts(),
    )


def allow_trigger(
    owner: CompactConnectComponent, name: str, function: aws.lambda_.Function, pool: aws.cognito.UserPool
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
    owner: CompactConnectComponent,
    name: str,
    pool: aws.cognito.UserPool,
    *,
    role: str,
    read_attributes: Sequence[str],
    write_attributes: Sequence[str],
) -> aws.cognito.UserPoolClient:
    """The web UI's public client: authorization code only (never implicit), short-lived tokens.

    ``role`` (``staff`` or ``licensee``) picks the UI's callback route. Hosts are the stack's
    allowed origins: the UI domain, plus localhost only where ``allowLocalUi`` is set.
    """
    config = owner.config
    origins = config.allowed_origins
    if config.is_prod and any("localhost" in origin for origin in origins):
        raise ValueError("localhost callback URLs are never allowed in prod")  # config refuses it too
    flows = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    if not config.is_recommended_security:
        flows += ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH"]  # developer sandboxes only
    return aws.cognito.UserPoolClient(
        name,
        name=f"{config.name_prefix}-{role}-ui",
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
        opts=owner.child_opts(),
    )


def create_domain(
    owner: CompactConnectComponent,
    name: str,
    pool: aws.cognito.UserPool,
    *,
    host_prefix: str,
    default_prefix: str,
) -> aws.cognito.UserPoolDomain:
    """The managed-login domain: ``<host_prefix>.<domain>`` (certificate + alias) where the
    environment has a domain, else the Cognito prefix ``<default_prefix>[-<env>]``."""
    config = owner.config
    host = config.host(host_prefix)
    if host is None:
        prefix = default_prefix if config.is_prod else f"{default_prefix}-{config.environment_name}"
        return aws.cognito.UserPoolDomain(
            f"{name}-domain",
            domain=prefix,
            user_pool_id=pool.id,
            managed_login_version=2,
            opts=owner.child_opts(),
        )
    if config.region != COGNITO_CERTIFICATE_REGION:
        raise ValueError(
            f"{host}: Cognito custom domains need a {COGNITO_CERTIFICATE_REGION} certificate; "
            f"this stack is in {config.region} and would need a second provider for it"
        )
    zone_id = environment_zone(owner).zone_id
    validation = create_validated_certificate(owner, name, host, zone_id)
    domain = aws.cognito.UserPoolDomain(
        f"{name}-domain",
        domain=host,
        user_pool_id=pool.id,
        certificate_arn=validation.certificate_arn,
        managed_login_version=2,
        opts=owner.child_opts(),
    )
    aws.route53.Record(
        f"{name}-domain-alias",
        zone_id=zone_id,
        name=host,
        type="A",
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
    owner: CompactConnectComponent, name: str, pool: aws.cognito.UserPool
) -> dict[str, aws.cognito.ResourceServer]:
    """One resource server per compact and per active jurisdiction (core.resource_servers), so
    access tokens can carry ``aslp/admin`` or ``oh/aslp.write``; keyed by identifier."""
    servers: dict[str, aws.cognito.ResourceServer] = {}
    for identifier, scopes in resource_servers(owner.config.compacts).items():
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
            opts=owner.child_opts(),
        )
    return servers


def _describe(identifier: str, scope: str) -> str:
    """``aslp admin`` or ``oh aslp.write`` -> "admin in aslp", "write in oh for aslp"."""
    compact, _, action = scope.rpartition(".")
    return f"{action} in {identifier}" + (f" for {compact}" if compact else "")


def create_risk_configuration(
    owner: CompactConnectComponent, name: str, pool: aws.cognito.UserPool, email: EmailIdentity | None
) -> aws.cognito.RiskConfiguration | None:
    """RECOMMENDED pools ask for MFA on any risky sign-in and block leaked passwords outright.

    Users are told about a risky sign-in only when the SES identity exists (Cognito needs a
    verified sender for these emails). VULNERABLE pools keep Cognito's defaults: no configuration.
    """
    if not owner.config.is_recommended_security:
        return None
    # Plain dict inputs (the provider's *ArgsDict shapes): the Args class names run past a line.
    action = {"event_action": "MFA_REQUIRED", "notify": email is not None}
    takeover: dict[str, object] = {
        "actions": {"low_action": action, "medium_action": action, "high_action": action}
    }
    if email is not None:
        body = {"subject": RISK_EMAIL_SUBJECT, "text_body": _RISK_TEXT, "html_body": f"<p>{_RISK_TEXT}</p>"}
        takeover["notify_configuration"] = {
            "from_": email.no_reply_address,
            "source_arn": email.arn,
            "mfa_email": body,
        }
    return aws.cognito.RiskConfiguration(
        f"{name}-risk",
        user_pool_id=pool.id,
        account_takeover_risk_configuration=takeover,  # type: ignore[arg-type]
        compromised_credentials_risk_configuration={
            "event_filters": ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"],
            "actions": {"event_action": "BLOCK"},
        },
        opts=owner.child_opts(),
    )
