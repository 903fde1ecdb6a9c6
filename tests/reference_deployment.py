"""The reference deployment on the AWS emulator: its CloudFormation stacks (tests/reference_templates.py)
created through CloudFormation, as the CDK app leaves them in an environment account, and what lives in
them (a staff user who signs in with a password, a practitioner with the reference's records).

    deployment = deploy_reference(session, endpoint_url, environment="test")
    sub = add_staff_user(session, endpoint_url, deployment, email="ada@example.org", password="...")
    add_practitioner(session, endpoint_url, deployment, ReferenceProvider(...), email=..., password=...)
    deployment.expected_adoption()   # the compact-connect:adopt block scripts/adopt must write

The emulator must run in this process (``mock_aws``, or moto's server started here): the Cognito, Backup
and API stage resources are created by models this module registers with moto's CloudFormation.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import boto3

import tests.moto_cloudformation  # noqa: F401 - teaches moto's CloudFormation the pool, vault and stage types
from ops.adoption_sources import STAGES
from tests import reference_pools as pools
from tests import reference_templates as templates
from tests.reference_records import ReferenceProvider, reference_items

DEFAULT_JURISDICTIONS: Mapping[str, Sequence[str]] = {
    "aslp": ("oh", "ky", "ne"),
    "octp": ("oh", "ky"),
    "coun": ("oh",),
}

TABLES = {
    "provider": "ProviderTable",
    "ssn": "SSNTable",
    "data_event": "DataEventTable",
    "compact_configuration": "CompactConfigurationTable",
    "transaction_history": "TransactionHistoryTable",
    "users": "StaffUsersGreen/UsersTable",
    "rate_limiting": "RateLimitingTable",
    "event_state": "EventStateTable",
}
BUCKETS = {
    "access_logs": "AccessLogsBucket",
    "bulk_uploads": "BulkUploadsBucket",
    "provider_users": "ProviderUsersBucket",
    "transaction_reports": "TransactionReportsBucket",
    "export_results": "ExportResultsBucket",
    "disaster_recovery_results": "DisasterRecoveryResultsBucket",
}
KEYS = {"shared": "SharedEncryptionKey", "ssn": "SSNKey"}
BACKUP_KEYS = {"backup": "LocalBackupEncryptionKey", "ssn_backup": "LocalSSNBackupEncryptionKey"}
POOLS = {"staff": "StaffUsersGreen", "provider": "ProviderUsersGreen", "state": "StateAuthUsers"}
KEPT = (
    "VpcEncryptionKey",
    "ProviderSearchDomain/EncryptionKey",
    "DisasterRecoverySharedEncryptionKey",
    "DataEventBus/DataEventBusArchive",
)
"""Construct paths the cut-over keeps, not adopting (and the pools' export buckets and certificates)."""


@dataclass(frozen=True)
class ReferenceDeployment:
    environment: str
    region: str
    prefix: str
    stacks: tuple[str, ...]
    """Top-level stack names, in the order they were created."""
    resources: Mapping[str, tuple[str, str, str]]
    """Construct path -> (stack name, logical id, physical id), for every resource of every stack."""
    names: Mapping[str, str]
    """Construct path -> name of the pools and their UI clients (Cognito names them apart from their ids)."""

    def physical(self, path: str) -> str:
        return self.resources[path][2]

    def pool_path(self, pool: str, part: str) -> str:
        """The construct path of a pool's part (``domain``, ``client``) or the pool itself (``pool``)."""
        base = POOLS[pool]
        if part == "pool":
            return base
        suffix = "UIClient" if part == "client" else "Domain"
        return next(path for path in self.resources if path.startswith(f"{base}/") and path.endswith(suffix))

    def expected_adoption(self) -> dict[str, Any]:
        """The adopt block (as the stack file holds it) that names exactly this deployment's resources."""
        has = self.resources.__contains__
        keys = {**KEYS, **BACKUP_KEYS}
        entries: dict[str, Any] = {}
        for name, base in POOLS.items():
            entry: dict[str, Any] = {
                "id": self.physical(base),
                "name": self.names[base],
                "domain": self.physical(self.pool_path(name, "domain")),
            }
            if name != "state":
                client = self.pool_path(name, "client")
                entry.update(uiClientId=self.physical(client), uiClientName=self.names[client])
            servers = sorted(self.physical(p) for p in self.resources if p.startswith(f"{base}/LicenseData-"))
            if servers:
                entry["resourceServers"] = servers
            entries[name] = entry
        block = {
            "tables": {key: self.physical(path) for key, path in TABLES.items()},
            "buckets": {key: self.physical(path) for key, path in BUCKETS.items()},
            "keys": {key: self.physical(path) for key, path in keys.items() if has(path)},
            "userPools": entries,
            "eventBus": self.physical("DataEventBus"),
        }
        vaults = {"general": "LocalBackupVault", "ssn": "LocalSSNBackupVault"}
        if has("LocalBackupVault"):
            block["backupVaults"] = {key: self.physical(path) for key, path in vaults.items()}
        return block

    def kept(self) -> list[str]:
        """Construct paths of what the cut-over keeps, retains and leaves alone."""
        return [p for p in self.resources if p in KEPT or p.endswith(("UserBackup/BackupBucket", "AuthCert"))]


def deploy_reference(
    session: boto3.Session,
    endpoint_url: str | None = None,
    *,
    environment: str = "test",
    region: str = "us-east-1",
    backups: bool = True,
    zone: str | None = None,
    retain_all: bool = True,
    not_retained: Collection[str] = (),
    jurisdictions: Mapping[str, Sequence[str]] = DEFAULT_JURISDICTIONS,
    extra: Mapping[str, Mapping[str, Any]] | None = None,
) -> ReferenceDeployment:
    """Create the reference's stacks for ``environment``. ``zone``: the environment's domain (sign-in
    domains ``staff-auth.<zone>`` and ``licensee-auth.<zone>`` with certificates; else Cognito prefix
    domains, as the reference has without one). ``retain_all``: every stateful resource retained
    (as after the operator's retain deploy), else retained as the CDK app does; ``not_retained``: construct
    paths left without Retain either way; ``extra``: stack id -> {logical id: resource} added as given
    (a stack id the reference does not have becomes a stack of its own)."""
    prefix = f"{STAGES[environment]}-"
    client = _clients(session, region, endpoint_url)
    retention = templates.Retention(environment, retain_all, frozenset(not_retained))
    persistent_name = f"{prefix}PersistentStack"
    backup = templates.backup_infrastructure(environment, retention)
    backup_url = (
        _upload(client("s3"), client("sts"), region, backup.body(persistent_name)) if backups else None
    )
    persistent = templates.persistent(environment, persistent_name, retention, backup_stack_url=backup_url)
    pools.staff_pool(persistent, environment, jurisdictions, backups=backups, zone=zone)
    stacks = {
        "VpcStack": templates.vpc(retention),
        "PersistentStack": persistent,
        "StateAuthStack": pools.state_auth(environment, retention, jurisdictions),
        "EventStateStack": templates.event_state(retention, persistent_name),
        "ProviderUsersStack": pools.provider_users(
            environment, retention, persistent_name, backups=backups, zone=zone
        ),
        "StateAPIStack": templates.state_api(retention),
        "SearchPersistentStack": templates.search_persistent(retention, persistent_name),
        "DisasterRecoveryStack": templates.disaster_recovery(retention),
    }
    for stack_id, resources in (extra or {}).items():
        stacks.setdefault(stack_id, templates.Template(retention)).resources.update(resources)
    cfn = client("cloudformation")
    for stack_id, template in stacks.items():
        cfn.create_stack(
            StackName=f"{prefix}{stack_id}", TemplateBody=json.dumps(template.body(f"{prefix}{stack_id}"))
        )
    paths = {logical: path for template in stacks.values() for path, logical in template.paths.items()}
    if backups:
        paths.update({logical: path for path, logical in backup.paths.items()})
    found: dict[str, tuple[str, str, str]] = {}
    for stack_id in stacks:
        name = f"{prefix}{stack_id}"
        for logical, physical in _physical_ids(cfn, name):
            found[paths.get(logical, logical)] = (name, logical, physical)
    names = _cognito_names(client("cognito-idp"), found)
    return ReferenceDeployment(
        environment, region, prefix, tuple(f"{prefix}{s}" for s in stacks), found, names
    )


def _cognito_names(cognito: Any, found: Mapping[str, tuple[str, str, str]]) -> dict[str, str]:
    names = {}
    for base in POOLS.values():
        pool_id = found[base][2]
        names[base] = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Name"]
        for path, (_, _, client_id) in found.items():
            if path == f"{base}/UIClient":
                client = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
                names[path] = client["UserPoolClient"]["ClientName"]
    return names


def _clients(session: boto3.Session, region: str, endpoint_url: str | None) -> Any:
    def client(service: str) -> Any:
        return session.client(service, region_name=region, endpoint_url=endpoint_url)  # type: ignore[call-overload]

    return client


def _upload(s3: Any, sts: Any, region: str, template: dict[str, Any]) -> str:
    """Where CDK's assets go: the bootstrap bucket, which a nested stack's TemplateURL points into."""
    bucket = f"cdk-hnb659fds-assets-{sts.get_caller_identity()['Account']}-{region}"
    if region == "us-east-1":
        s3.create_bucket(Bucket=bucket)
    else:
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
    s3.put_object(Bucket=bucket, Key="backup-infrastructure.json", Body=json.dumps(template).encode())
    return f"https://s3.{region}.amazonaws.com/{bucket}/backup-infrastructure.json"


def _physical_ids(cfn: Any, stack: str) -> list[tuple[str, str]]:
    """(logical id, physical id) of the stack's resources and of its nested stacks'."""
    found = []
    for summary in cfn.list_stack_resources(StackName=stack)["StackResourceSummaries"]:
        found.append((summary["LogicalResourceId"], summary["PhysicalResourceId"]))
        if summary["ResourceType"] == "AWS::CloudFormation::Stack":
            found += _physical_ids(cfn, summary["PhysicalResourceId"])
    return found


def add_staff_user(
    session: boto3.Session,
    endpoint_url: str | None,
    deployment: ReferenceDeployment,
    *,
    email: str,
    password: str,
    compact: str = "aslp",
    compact_actions: Collection[str] = ("admin",),
    jurisdictions: Mapping[str, Collection[str]] | None = None,
) -> str:
    """A staff user of the reference: a confirmed account in the staff pool with ``password`` (twelve
    characters or more, with a digit) and its permission record, as the reference stores it; answers
    the user's ``sub``."""
    client = _clients(session, deployment.region, endpoint_url)
    sub = _account(client("cognito-idp"), deployment.physical("StaffUsersGreen"), email, password, {})
    permissions: dict[str, Any] = {}
    if compact_actions:
        permissions["actions"] = set(compact_actions)
    if jurisdictions:
        permissions["jurisdictions"] = {code: set(actions) for code, actions in jurisdictions.items()}
    item: dict[str, Any] = {
        "pk": f"USER#{sub}",
        "sk": f"COMPACT#{compact}",
        "type": "user",
        "userId": sub,
        "compact": compact,
        "attributes": {"email": email, "givenName": "Ada", "familyName": "Lovelace"},
        "permissions": permissions,
        "status": "active",
        "famGiv": "Lovelace#Ada",
        "dateOfUpdate": "2025-11-20T10:00:00+00:00",
    }
    table = session.resource("dynamodb", region_name=deployment.region, endpoint_url=endpoint_url)
    table.Table(deployment.physical(TABLES["users"])).put_item(Item=item)
    return sub


def add_practitioner(
    session: boto3.Session,
    endpoint_url: str | None,
    deployment: ReferenceDeployment,
    who: ReferenceProvider,
    *,
    email: str,
    password: str,
) -> None:
    """A registered practitioner of the reference: its provider partition (tests/reference_records.py), its
    SSN mapping and its account in the provider pool (``custom:compact``, ``custom:providerId``)."""
    client = _clients(session, deployment.region, endpoint_url)
    dynamodb = session.resource("dynamodb", region_name=deployment.region, endpoint_url=endpoint_url)
    provider_table = dynamodb.Table(deployment.physical(TABLES["provider"]))
    for item in reference_items(who):
        provider_table.put_item(Item=item)
    compact = who.pk.split("#", 1)[0]
    ssn_key = f"{compact}#SSN#{who.ssn}"
    mapping = {
        "pk": ssn_key,
        "sk": ssn_key,
        "compact": compact,
        "ssn": who.ssn,
        "providerId": who.provider_id,
    }
    dynamodb.Table(templates.SSN_TABLE_NAME).put_item(Item={**mapping, "providerIdGSIpk": who.pk})
    attributes = {"custom:compact": compact, "custom:providerId": who.provider_id}
    _account(client("cognito-idp"), deployment.physical("ProviderUsersGreen"), email, password, attributes)


def _account(cognito: Any, pool_id: str, email: str, password: str, attributes: Mapping[str, str]) -> str:
    """A confirmed account that signs in with ``password`` straight away; answers its ``sub``."""
    user_attributes = [{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]
    user_attributes += [{"Name": name, "Value": value} for name, value in attributes.items()]
    cognito.admin_create_user(
        UserPoolId=pool_id, Username=email, UserAttributes=user_attributes, MessageAction="SUPPRESS"
    )
    cognito.admin_set_user_password(UserPoolId=pool_id, Username=email, Password=password, Permanent=True)
    user = cognito.admin_get_user(UserPoolId=pool_id, Username=email)
    return next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
