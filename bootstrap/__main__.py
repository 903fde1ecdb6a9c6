"""The bootstrap program: reads the account's typed config, composes the state backend and either the
deploy identity (environment accounts) or the backup vaults (backup accounts), exports what operators
and the main program's config need. Nothing else."""

import pulumi
import pulumi_aws as aws

from bootstrap.backup_vaults import BackupVaults, BackupVaultsArgs
from bootstrap.config import BackupAccount, Environment, load_from_pulumi
from bootstrap.deploy_identity import DeployIdentity, DeployIdentityArgs
from bootstrap.state_backend import StateBackend, StateBackendArgs
from components.backup_vaults import remote_vault_arn

MAIN_PROJECT = "compact-connect"
ACCESS_LOG_LOCK_DAYS = 90

config = load_from_pulumi()
account = config.account
provider = aws.Provider(
    "account",
    region=config.region,
    allowed_account_ids=[config.account_id],
    default_tags=aws.ProviderDefaultTagsArgs(tags=config.tags),
)
in_account = pulumi.ResourceOptions(providers=[provider])

state = StateBackend(
    StateBackendArgs(
        tags=config.tags,
        name_prefix=config.name_prefix,
        account_id=config.account_id,
        region=config.region,
        access_log_lock_days=ACCESS_LOG_LOCK_DAYS if config.environment_name is Environment.PROD else None,
    ),
    opts=in_account,
)
pulumi.export("stateBucket", state.bucket.bucket.bucket)
pulumi.export("backendUrl", state.backend_url)  # the GitHub environments' PULUMI_BACKEND_URL
pulumi.export("pulumiLogin", f"pulumi login '{state.backend_url}'")
pulumi.export("secretsProvider", state.secrets_provider)
pulumi.export(
    "bootstrapStackInit",
    f"pulumi stack init organization/{pulumi.get_project()}/{pulumi.get_stack()} "
    f"--secrets-provider='{state.secrets_provider}'",
)

if isinstance(account, BackupAccount):
    BackupVaults(
        BackupVaultsArgs(
            tags=config.tags,
            account_id=config.account_id,
            region=config.region,
            organization_id=account.organization_id,
            source_account_ids=account.source_account_ids,
            source_regions=account.source_regions,
            general_vault_name=account.general_vault_name,
            ssn_vault_name=account.ssn_vault_name,
            min_retention_days=account.min_retention_days,
            compliance_after_days=account.compliance_after_days,
        ),
        opts=in_account,
    )
    pulumi.export(
        "generalVaultArn", remote_vault_arn(config.account_id, config.region, account.general_vault_name)
    )
    pulumi.export("ssnVaultArn", remote_vault_arn(config.account_id, config.region, account.ssn_vault_name))
else:
    identity = DeployIdentity(
        DeployIdentityArgs(
            tags=config.tags,
            account_id=config.account_id,
            region=config.region,
            environment=str(config.environment_name),
            github=account.github,
            deploy_role_name=config.deploy_role_name,
            preview_role_name=config.preview_role_name,
            operator_role_arn_patterns=account.operator_role_arn_patterns,
            opensearch_service_linked_role=account.opensearch_service_linked_role,
            state_bucket=state.bucket_name,
        ),
        state.key,
        opts=in_account,
    )
    pulumi.export("deployRoleArn", identity.deploy_role.arn)
    pulumi.export("previewRoleArn", identity.preview_role.arn)
    pulumi.export("boundaryArn", identity.boundary.arn)
    pulumi.export(
        "stackInit",
        f"pulumi stack init organization/{MAIN_PROJECT}/{config.environment_name} "
        f"--secrets-provider='{state.secrets_provider}'",
    )
