"""The program's one mapping from the stack configuration to each component's settings.

Components never see ``StackConfig``: every decision that depends on the environment (which
relaxations a developer sandbox gets, whether the execute-api endpoint stays on, how prefix domains
are suffixed) is made here, once, and handed over as a typed argument model whose validators check
it again. Reviewing what an environment gets means reading this file.

A field named like one of the stack values below (``tags``, ``retain_data``, ``environment``,
``name_prefix``, ``account_id``, ``region``, ``compacts``, ``allowed_origins``, ``domain_name``)
always means that value, so each function only spells out what is particular to its component.
"""

from __future__ import annotations

from typing import Any

from components.api import ApiArgs
from components.app_secrets import AppSecretsArgs
from components.args import DEVELOPER_ENVIRONMENTS, ArgsT, ComponentArgs
from components.backups import BackupsArgs
from components.bucket_triggers import BucketTriggersArgs
from components.buckets import ACCESS_LOG_LOCK_DAYS
from components.chatbot import ChatbotArgs
from components.config import StackConfig
from components.configuration_upload import ConfigurationUploadArgs
from components.dashboard import DashboardArgs
from components.disaster_recovery import DisasterRecoveryArgs
from components.email_identity import EmailIdentityArgs
from components.email_service import EmailServiceArgs
from components.lambda_function import LambdaFunctionArgs
from components.network import NetworkArgs
from components.persistent import PersistentArgs
from components.platform import FunctionBundleArgs
from components.provider_identity import HOST_PREFIX as PROVIDER_HOST_PREFIX
from components.provider_identity import ProviderIdentityArgs
from components.public_form_alarms import PublicFormAlarmsArgs
from components.queues import ProcessingQueueArgs, QueueConsumerArgs
from components.search_domain import SearchDomainArgs
from components.staff_identity import HOST_PREFIX as STAFF_HOST_PREFIX
from components.staff_identity import StaffIdentityArgs
from components.state_identity import StateIdentityArgs
from components.stream_pipes import StreamPipeArgs
from components.workflows import CompactWorkflowArgs
from core.user_pools import UserPoolName
from provider_users.functions import (
    PROVIDER_RECOVERY_INITIATE,
    PROVIDER_RECOVERY_VERIFY,
    PROVIDER_REGISTRATION,
    RECOVERY_INITIATE_METRIC,
    RECOVERY_THROTTLE_METRIC,
    RECOVERY_VERIFY_METRIC,
    REGISTRATION_METRIC,
)


def _stack_values(config: StackConfig) -> dict[str, Any]:
    return {
        "tags": config.tags,
        "retain_data": config.retains_data,
        "environment": config.environment_name,
        "name_prefix": config.name_prefix,
        "account_id": config.account_id,
        "region": config.region,
        "compacts": config.compacts,
        "allowed_origins": tuple(config.allowed_origins),
        "domain_name": config.domain_name,
    }


def _build(model: type[ArgsT], config: StackConfig, **particular: Any) -> ArgsT:
    """``model`` with every field named like a stack value filled from ``config``, plus ``particular``."""
    values = _stack_values(config)
    return model(**({name: values[name] for name in model.model_fields if name in values} | particular))


def _prefix_domain_suffix(config: StackConfig) -> str:
    """Cognito prefix domains are global within a region: prod keeps the bare name, the rest add `-<env>`."""
    return "" if config.is_prod else f"-{config.environment_name}"


def common(config: StackConfig) -> ComponentArgs:
    """Components whose only settings are tags (ApiGatewayAccount, SsnAccessAlarms)."""
    return _build(ComponentArgs, config)


def app_secrets(config: StackConfig) -> AppSecretsArgs:
    return _build(AppSecretsArgs, config)


def registration_alarms(config: StackConfig) -> PublicFormAlarmsArgs:
    """payments_security §3.3: more than 30 failed registrations in 5 minutes, or 288 in a day."""
    return _build(
        PublicFormAlarmsArgs,
        config,
        form="registration",
        service=PROVIDER_REGISTRATION.name,
        outcome_metric=REGISTRATION_METRIC,
        failures_per_five_minutes=30,
        failures_per_day=288,
    )


def recovery_alarms(config: StackConfig) -> list[tuple[str, PublicFormAlarmsArgs]]:
    """payments_security §3.3: more than 15 failed recovery steps in 5 minutes or 24 in a day, and any
    throttle, for each of the two steps."""
    steps = (
        (
            "RecoveryInitiateAlarms",
            "account recovery (initiate)",
            PROVIDER_RECOVERY_INITIATE,
            RECOVERY_INITIATE_METRIC,
        ),
        (
            "RecoveryVerifyAlarms",
            "account recovery (verify)",
            PROVIDER_RECOVERY_VERIFY,
            RECOVERY_VERIFY_METRIC,
        ),
    )
    return [
        (
            name,
            _build(
                PublicFormAlarmsArgs,
                config,
                form=form,
                service=function.name,
                outcome_metric=metric,
                failures_per_five_minutes=15,
                failures_per_day=24,
                throttle_metric=RECOVERY_THROTTLE_METRIC,
            ),
        )
        for name, form, function, metric in steps
    ]


def persistent(config: StackConfig) -> PersistentArgs:
    return _build(
        PersistentArgs,
        config,
        alarm_emails=config.notifications.email,
        # Object lock only where the data is kept: a locked bucket could never be destroyed.
        access_log_lock_days=ACCESS_LOG_LOCK_DAYS if config.retains_data else None,
        adoption=config.adopt,
    )


def backups(config: StackConfig) -> BackupsArgs | None:
    """None where backups are off (the config model makes them mandatory in prod)."""
    if not config.backup_enabled:
        return None
    return _build(
        BackupsArgs,
        config,
        policies=config.backup_policies,
        target=config.backup_config,
        compliance_lock=config.is_prod,
        adoption=config.adopt,
    )


def slack_alarms(config: StackConfig) -> ChatbotArgs | None:
    """None where no Slack channel is configured (alarms still reach the e-mail subscribers)."""
    if not config.notifications.slack:
        return None
    return _build(ChatbotArgs, config, channels=config.notifications.slack)


def disaster_recovery(config: StackConfig) -> DisasterRecoveryArgs:
    return _build(DisasterRecoveryArgs, config)


def network(config: StackConfig) -> NetworkArgs:
    return _build(NetworkArgs, config)


def search_domain(config: StackConfig) -> SearchDomainArgs:
    return _build(SearchDomainArgs, config, sizing=config.search)


def dashboard(config: StackConfig) -> DashboardArgs:
    return _build(DashboardArgs, config)


def stream_pipe(config: StackConfig) -> StreamPipeArgs:
    return _build(StreamPipeArgs, config, compacts=tuple(config.compacts.compacts))


def function_bundle(config: StackConfig) -> FunctionBundleArgs:
    return _build(FunctionBundleArgs, config)


def compact_workflow(config: StackConfig) -> CompactWorkflowArgs:
    return _build(CompactWorkflowArgs, config)


def lambda_function(config: StackConfig) -> LambdaFunctionArgs:
    return _build(LambdaFunctionArgs, config)


def processing_queue(config: StackConfig) -> ProcessingQueueArgs:
    return _build(ProcessingQueueArgs, config)


def queue_consumer(config: StackConfig) -> QueueConsumerArgs:
    return _build(QueueConsumerArgs, config)


def bucket_triggers(config: StackConfig) -> BucketTriggersArgs:
    return _build(BucketTriggersArgs, config)


def configuration_upload(config: StackConfig) -> ConfigurationUploadArgs:
    return _build(ConfigurationUploadArgs, config)


def email_identity(config: StackConfig) -> EmailIdentityArgs:
    """Only for environments with a ``domainName`` (the sending domain)."""
    return _build(
        EmailIdentityArgs, config, dmarc_report_email=config.notifications.ses_operations_support_email
    )


def email_service(config: StackConfig) -> EmailServiceArgs:
    """An account still in the SES sandbox (the developer environments) may send only to verified
    identities."""
    return _build(
        EmailServiceArgs, config, ses_sandbox_account=config.environment_name in DEVELOPER_ENVIRONMENTS
    )


def staff_identity(config: StackConfig) -> StaffIdentityArgs:
    return _build(
        StaffIdentityArgs,
        config,
        security_profile=config.security_profile,
        mfa_required=config.is_recommended_security,
        host=config.host(STAFF_HOST_PREFIX),
        prefix_domain_suffix=_prefix_domain_suffix(config),
        adopted_pool=config.adopt.user_pools.get(UserPoolName.STAFF),
    )


def provider_identity(config: StackConfig) -> ProviderIdentityArgs:
    return _build(
        ProviderIdentityArgs,
        config,
        security_profile=config.security_profile,
        mfa_required=config.is_recommended_security,
        host=config.host(PROVIDER_HOST_PREFIX),
        prefix_domain_suffix=_prefix_domain_suffix(config),
        adopted_pool=config.adopt.user_pools.get(UserPoolName.PROVIDER),
    )


def state_identity(config: StackConfig) -> StateIdentityArgs:
    return _build(
        StateIdentityArgs,
        config,
        prefix_domain_suffix=_prefix_domain_suffix(config),
        adopted_pool=config.adopt.user_pools.get(UserPoolName.STATE),
    )


def api(config: StackConfig, host_prefix: str) -> ApiArgs:
    """``host_prefix`` (``api``, ``state-api``...) names the API's host under the environment's domain.
    Deployed environments serve only through that host; developer sandboxes keep the execute-api
    endpoint (they usually have no domain) and may drop per-IP rate limiting under VULNERABLE."""
    host = config.host(host_prefix)
    return _build(
        ApiArgs,
        config,
        host=host,
        default_endpoint_enabled=host is None or config.environment_name in DEVELOPER_ENVIRONMENTS,
        rate_limit_per_ip=config.is_recommended_security,
    )
