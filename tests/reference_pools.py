"""The reference's user pools as its CDK app declares them (spec/infra.md §2): the staff pool with its users
table in PersistentStack, the provider pool in ProviderUsersStack, the State API's machine-to-machine pool
in StateAuthStack, each with its sign-in domain, UI client, resource servers and (with backups) the bucket
of its daily user exports. Construct paths give the logical ids, as CDK makes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tests.reference_templates import Retention, Template, bucket, shared_key_import, table

DOMAIN = "AWS::Cognito::UserPoolDomain"

EMAIL = {"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True}
OPTIONAL_STANDARD = (
    *("given_name", "family_name", "middle_name", "nickname", "preferred_username", "name", "gender"),
    *("address", "birthdate", "phone_number", "locale", "zoneinfo", "website", "profile", "picture"),
)
PROVIDER_SCHEMA: list[dict[str, Any]] = [
    EMAIL,
    *(
        {"Name": name, "AttributeDataType": "String", "Required": False, "Mutable": True}
        for name in OPTIONAL_STANDARD
    ),
    {"Name": "updated_at", "AttributeDataType": "Number", "Required": False, "Mutable": True},
    *({"Name": name, "AttributeDataType": "String", "Mutable": False} for name in ("providerId", "compact")),
]


def _human_pool(env: str, schema: list[dict[str, Any]]) -> dict[str, Any]:
    """The shared pool construct's settings (spec §2.1): RECOMMENDED outside the sandbox."""
    recommended = env != "sandbox"
    return {
        "Schema": schema,
        "UsernameAttributes": ["email"],
        "AutoVerifiedAttributes": ["email"],
        "UsernameConfiguration": {"CaseSensitive": False},
        "MfaConfiguration": "ON" if recommended else "OPTIONAL",
        "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],
        "Policies": {
            "PasswordPolicy": {
                "MinimumLength": 12,
                "RequireLowercase": True,
                "RequireNumbers": True,
                "RequireUppercase": False,
                "RequireSymbols": False,
                "PasswordHistorySize": 4,
            }
        },
        "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
        "AccountRecoverySetting": {"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]},
        "DeviceConfiguration": {
            "ChallengeRequiredOnNewDevice": True,
            "DeviceOnlyRememberedOnUserPrompt": True,
        },
        "UserPoolTier": "PLUS",
        "UserPoolAddOns": {"AdvancedSecurityMode": "ENFORCED" if recommended else "AUDIT"},
        "DeletionProtection": "ACTIVE" if env == "prod" else "INACTIVE",
    }


def _ui_client(t: Template, pool_path: str, pool: str, read: Sequence[str]) -> str:
    properties = {
        "UserPoolId": {"Ref": pool},
        "AllowedOAuthFlows": ["code"],
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthScopes": ["profile", "phone", "email", "openid", "aws.cognito.signin.user.admin"],
        "CallbackURLs": ["http://localhost:3018/auth/callback"],
        "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "EnableTokenRevocation": True,
        "PreventUserExistenceErrors": "ENABLED",
        "ReadAttributes": list(read),
        "WriteAttributes": ["email"],
    }
    return t.add(f"{pool_path}/UIClient", "AWS::Cognito::UserPoolClient", properties, data=False)


def _domain(t: Template, pool_path: str, pool: str, prefix: str, custom: tuple[str, str | None]) -> None:
    """The managed-login domain: ``<label>-auth.<zone>`` with its certificate where the environment has a
    zone (``custom`` is (label, zone)), else the Cognito prefix domain ``prefix``."""
    label, zone = custom
    properties: dict[str, Any] = {"UserPoolId": {"Ref": pool}, "ManagedLoginVersion": 2}
    if zone is None:
        t.add(f"{pool_path}/{prefix}UserPoolDomain", DOMAIN, {**properties, "Domain": prefix}, data=False)
        return
    host = f"{label.lower()}-auth.{zone}"
    certificate = {"DomainName": host, "ValidationMethod": "DNS"}
    cert = t.add(
        f"{pool_path}/{label}AuthCert", "AWS::CertificateManager::Certificate", certificate, data=False
    )
    custom_domain = {"Domain": host, "CustomDomainConfig": {"CertificateArn": {"Ref": cert}}}
    t.add(f"{pool_path}/{label}UserPoolDomain", DOMAIN, {**properties, **custom_domain}, data=False)


def _resource_servers(
    t: Template, pool_path: str, pool: str, jurisdictions: Mapping[str, Sequence[str]]
) -> None:
    """One per compact and one per jurisdiction active in any compact (spec §2.2)."""
    servers: dict[str, list[str]] = {c: ["admin", "write", "readGeneral", "readSSN"] for c in jurisdictions}
    for compact, active in jurisdictions.items():
        for j in active:
            servers.setdefault(j, []).extend(
                f"{compact}.{a}" for a in ("admin", "write", "readPrivate", "readSSN")
            )
    for identifier, scopes in servers.items():
        properties = {
            "Identifier": identifier,
            "Name": identifier,
            "UserPoolId": {"Ref": pool},
            "Scopes": [{"ScopeName": s, "ScopeDescription": s} for s in scopes],
        }
        t.add(
            f"{pool_path}/LicenseData-{identifier}",
            "AWS::Cognito::UserPoolResourceServer",
            properties,
            data=False,
        )


def staff_pool(
    t: Template, env: str, jurisdictions: Mapping[str, Sequence[str]], *, backups: bool, zone: str | None
) -> None:
    """The staff pool and its users table, in PersistentStack (construct id StaffUsersGreen)."""
    pool = t.add("StaffUsersGreen", "AWS::Cognito::UserPool", _human_pool(env, [EMAIL]), data=True)
    shared = {"Ref": t.paths["SharedEncryptionKey"]}
    table(t, "StaffUsersGreen/UsersTable", shared, [("famGiv", "sk", "famGiv")])
    _resource_servers(t, "StaffUsersGreen", pool, jurisdictions)
    _domain(t, "StaffUsersGreen", pool, f"compact-connect-staff-{env}", ("Staff", zone))
    _ui_client(t, "StaffUsersGreen", pool, ["email"])
    if backups:
        bucket(t, "StaffUsersGreen/StaffUserBackup/BackupBucket", shared)


def provider_users(
    env: str, retention: Retention, persistent_stack: str, *, backups: bool, zone: str | None
) -> Template:
    t = Template(retention)
    pool = t.add("ProviderUsersGreen", "AWS::Cognito::UserPool", _human_pool(env, PROVIDER_SCHEMA), data=True)
    _domain(t, "ProviderUsersGreen", pool, f"compact-connect-provider-{env}", ("Licensee", zone))
    _ui_client(t, "ProviderUsersGreen", pool, ["email", "custom:compact", "custom:providerId"])
    if backups:
        bucket(t, "ProviderUsersGreen/ProviderUserBackup/BackupBucket", shared_key_import(persistent_stack))
    return t


def state_auth(env: str, retention: Retention, jurisdictions: Mapping[str, Sequence[str]]) -> Template:
    t = Template(retention)
    settings = {
        "MfaConfiguration": "ON",
        "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],
        "UserPoolTier": "LITE",
        "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
        "Policies": {"PasswordPolicy": {"MinimumLength": 32, "TemporaryPasswordValidityDays": 1}},
    }
    pool = t.add("StateAuthUsers", "AWS::Cognito::UserPool", settings, data=True)
    _resource_servers(t, "StateAuthUsers", pool, jurisdictions)
    properties = {"Domain": f"compact-connect-state-auth-{env}", "UserPoolId": {"Ref": pool}}
    t.add("StateAuthUsers/StateAuthUsersDomain", DOMAIN, properties, data=False)
    return t
