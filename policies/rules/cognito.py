"""Cognito user pools and app clients: MFA, threat protection and safe OAuth settings."""

from __future__ import annotations

from urllib.parse import urlparse

from policies.aws_types import COGNITO_RISK_CONFIGURATION, COGNITO_USER_POOL, COGNITO_USER_POOL_CLIENT
from policies.model import ADVISORY, MANDATORY, ResourceView, Rule, StackView

POOL = (COGNITO_USER_POOL,)
CLIENT = (COGNITO_USER_POOL_CLIENT,)
LITE_TIER = "LITE"
"""Threat protection is a PLUS feature; the machine-to-machine StateAuth pool runs on LITE."""
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1"})
MAX_TOKEN_MINUTES = 60
MINUTES_PER_UNIT = {"seconds": 1 / 60, "minutes": 1, "hours": 60, "days": 1440}


def _is_lite(pool: ResourceView) -> bool:
    return str(pool.get("userPoolTier", default="")).upper() == LITE_TIER


def requires_mfa_in_prod(pool: ResourceView, stack: StackView) -> list[str]:
    """Staff users can read PII and SSNs; a password alone is not enough in prod."""
    if not stack.is_prod or pool.get("mfaConfiguration") == "ON":
        return []
    return [f"mfaConfiguration must be ON in prod, not {pool.get('mfaConfiguration')!r}"]


def enforces_threat_protection_in_prod(pool: ResourceView, stack: StackView) -> list[str]:
    """ENFORCED threat protection blocks leaked credentials and risky sign-ins instead of logging them."""
    if not stack.is_prod or _is_lite(pool):
        return []
    mode = pool.get("userPoolAddOns", "advancedSecurityMode")
    return (
        []
        if mode == "ENFORCED"
        else [f"userPoolAddOns.advancedSecurityMode must be ENFORCED in prod, not {mode!r}"]
    )


def has_deletion_protection_in_prod(pool: ResourceView, stack: StackView) -> list[str]:
    """Deleting a pool deletes every user and their MFA enrolment, with no restore."""
    if not stack.is_prod or pool.get("deletionProtection") == "ACTIVE":
        return []
    return ["deletionProtection must be ACTIVE in prod"]


def is_admin_create_only(pool: ResourceView, stack: StackView) -> list[str]:
    """Accounts are created by administrators or the registration flow, never by open self sign-up."""
    if pool.get("adminCreateUserConfig", "allowAdminCreateUserOnly") is True:
        return []
    return ["adminCreateUserConfig.allowAdminCreateUserOnly must be true (no self sign-up)"]


def has_no_implicit_flow(client: ResourceView, stack: StackView) -> list[str]:
    """The implicit grant returns tokens in the URL fragment (browser history, referrers); use code + PKCE."""
    flows = [str(flow).lower() for flow in client.get("allowedOauthFlows", default=[])]
    return ["allowedOauthFlows must not include implicit"] if "implicit" in flows else []


def _is_local(url: str) -> bool:
    return (urlparse(str(url)).hostname or "").lower() in LOCAL_HOSTS


def has_no_localhost_urls_in_prod(client: ResourceView, stack: StackView) -> list[str]:
    """A localhost callback in prod would hand real tokens to whatever listens on a user's machine."""
    if not stack.is_prod:
        return []
    urls = [*client.get("callbackUrls", default=[]), *client.get("logoutUrls", default=[])]
    local = sorted({str(url) for url in urls if _is_local(url)})
    return [f"localhost URLs are not allowed in prod: {', '.join(local)}"] if local else []


def _token_minutes(client: ResourceView, prop: str, unit_key: str) -> float | None:
    value = client.get(prop)
    if value is None:
        return None
    unit = str(client.get("tokenValidityUnits", unit_key, default="hours")).lower()
    return float(value) * MINUTES_PER_UNIT.get(unit, 60)


def has_short_token_validity(client: ResourceView, stack: StackView) -> list[str]:
    """Access and ID tokens cannot be revoked; keep their lifetime short (Cognito's default is 1 hour)."""
    problems = []
    for prop, unit_key in (("accessTokenValidity", "accessToken"), ("idTokenValidity", "idToken")):
        minutes = _token_minutes(client, prop, unit_key)
        if minutes is not None and minutes > MAX_TOKEN_MINUTES:
            problems.append(f"{prop} is {minutes:g} minutes; keep it at most {MAX_TOKEN_MINUTES}")
    return problems


def blocks_compromised_credentials(pool: ResourceView, stack: StackView) -> list[str]:
    """With the RECOMMENDED profile a sign-in with a leaked password is blocked, not just reported."""
    if _is_lite(pool) or str(stack.config("securityProfile", "RECOMMENDED")).upper() == "VULNERABLE":
        return []
    for risk in stack.referencing(pool.urn, COGNITO_RISK_CONFIGURATION, "userPoolId"):
        action = risk.get("compromisedCredentialsRiskConfiguration", "actions", "eventAction")
        if action == "BLOCK":
            return []
    return [
        "needs a RiskConfiguration with compromisedCredentialsRiskConfiguration.actions.eventAction BLOCK"
    ]


RULES: tuple[Rule, ...] = (
    Rule(
        "cognito-prod-mfa-required",
        "In prod, user pools require MFA (mfaConfiguration ON).",
        MANDATORY,
        POOL,
        requires_mfa_in_prod,
    ),
    Rule(
        "cognito-prod-threat-protection",
        "In prod, user pools (except LITE tier) use ENFORCED threat protection.",
        MANDATORY,
        POOL,
        enforces_threat_protection_in_prod,
    ),
    Rule(
        "cognito-prod-deletion-protection",
        "In prod, user pools have deletion protection ACTIVE.",
        MANDATORY,
        POOL,
        has_deletion_protection_in_prod,
    ),
    Rule(
        "cognito-admin-create-only",
        "User pools disable self sign-up (allowAdminCreateUserOnly).",
        MANDATORY,
        POOL,
        is_admin_create_only,
    ),
    Rule(
        "cognito-client-no-implicit-flow",
        "App clients never enable the implicit OAuth flow.",
        MANDATORY,
        CLIENT,
        has_no_implicit_flow,
    ),
    Rule(
        "cognito-prod-no-localhost-urls",
        "In prod, app clients have no localhost callback or logout URLs.",
        MANDATORY,
        CLIENT,
        has_no_localhost_urls_in_prod,
        cross_resource=True,
    ),
    Rule(
        "cognito-client-token-validity",
        f"Access and ID tokens are valid at most {MAX_TOKEN_MINUTES} minutes.",
        ADVISORY,
        CLIENT,
        has_short_token_validity,
    ),
    Rule(
        "cognito-risk-configuration",
        "User pools (RECOMMENDED profile, not LITE) block compromised credentials.",
        ADVISORY,
        POOL,
        blocks_compromised_credentials,
        cross_resource=True,
    ),
)
