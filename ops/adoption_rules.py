"""Which of the reference's resources the program adopts, which stay in the account untouched, and which
are replaced: one rule per reference resource that holds state, by resource type and logical id.

CDK names a resource by its construct path plus an eight-character hash (``ProviderTable8A2B5E9C``,
``StaffUsersGreenUsersTableC3D4E5F6``), so a rule matches the path part and accepts the hash. A resource of
a type that holds state and that no rule names is never guessed at: ``scripts/adopt`` lists it and stops.

- **adopt**: the program declares it under the reference's physical id with Pulumi's ``import`` option
  (the key is the program's own name for it: ``TableSpec.key``, ``BucketSpec.key``, ``AdoptedKey``...).
- **keep**: nothing in the program replaces it, but deleting it would lose something (an export history,
  a key that still decrypts retained logs, the certificate a retained sign-in domain serves). It must be
  retained like the adopted ones and is then left alone.
- **replace**: state the program rebuilds (search documents from the provider table).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from components.adoption import AdoptedKey, AdoptedVault
from core.user_pools import UserPoolName
from ops.adoption_sources import StackResource

_HASH = "(?:[0-9A-F]{8})?"


class Fate(StrEnum):
    ADOPT = "adopt"
    KEEP = "keep"
    REPLACE = "replace"


class Kind(StrEnum):
    """The sections of the ``compact-connect:adopt`` block (``components.adoption.Adoption``)."""

    TABLE = "tables"
    BUCKET = "buckets"
    KEY = "keys"
    USER_POOL = "userPools"
    EVENT_BUS = "eventBus"
    BACKUP_VAULT = "backupVaults"


@dataclass(frozen=True)
class Rule:
    resource_type: str
    logical_id: str
    """A regular expression for the construct-path part of the logical id."""
    fate: Fate
    kind: Kind | None = None
    key: str = ""
    reason: str = ""

    def matches(self, resource: StackResource) -> bool:
        return resource.resource_type == self.resource_type and bool(
            re.fullmatch(f"(?:{self.logical_id}){_HASH}", resource.logical_id)
        )


def _adopt(resource_type: str, logical_id: str, kind: Kind, key: str = "") -> Rule:
    return Rule(resource_type, logical_id, Fate.ADOPT, kind, key)


def _keep(resource_type: str, logical_id: str, reason: str) -> Rule:
    return Rule(resource_type, logical_id, Fate.KEEP, reason=reason)


TABLE, BUCKET, KMS_KEY = "AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::KMS::Key"
USER_POOL, VAULT = "AWS::Cognito::UserPool", "AWS::Backup::BackupVault"
KEEP_UNTIL_LOGS_EXPIRE = (
    "encrypts retained log groups (and objects); schedule its deletion once they have expired"
)

RULES: tuple[Rule, ...] = (
    _adopt(TABLE, "ProviderTable", Kind.TABLE, "provider"),
    _adopt(TABLE, "SSNTable", Kind.TABLE, "ssn"),
    _adopt(TABLE, "DataEventTable", Kind.TABLE, "data_event"),
    _adopt(TABLE, "CompactConfigurationTable", Kind.TABLE, "compact_configuration"),
    _adopt(TABLE, "TransactionHistoryTable", Kind.TABLE, "transaction_history"),
    _adopt(TABLE, r"(?:StaffUsers[A-Za-z]*)?UsersTable", Kind.TABLE, "users"),
    _adopt(TABLE, "RateLimitingTable", Kind.TABLE, "rate_limiting"),
    _adopt(TABLE, "EventStateTable", Kind.TABLE, "event_state"),
    _adopt(BUCKET, "AccessLogsBucket", Kind.BUCKET, "access_logs"),
    _adopt(BUCKET, "BulkUploadsBucket", Kind.BUCKET, "bulk_uploads"),
    _adopt(BUCKET, "ProviderUsersBucket", Kind.BUCKET, "provider_users"),
    _adopt(BUCKET, "TransactionReportsBucket", Kind.BUCKET, "transaction_reports"),
    _adopt(BUCKET, "ExportResultsBucket", Kind.BUCKET, "export_results"),
    _adopt(BUCKET, "DisasterRecoveryResultsBucket", Kind.BUCKET, "disaster_recovery_results"),
    _keep(
        BUCKET,
        r"\w*UserBackupBackupBucket",
        "the reference's daily exports of a pool's users: their history stays; the program exports to its "
        "own bucket from now on",
    ),
    _adopt(KMS_KEY, "SharedEncryptionKey", Kind.KEY, AdoptedKey.SHARED),
    _adopt(KMS_KEY, "SSNKey", Kind.KEY, AdoptedKey.SSN),
    _adopt(KMS_KEY, "LocalBackupEncryptionKey", Kind.KEY, AdoptedKey.BACKUP),
    _adopt(KMS_KEY, "LocalSSNBackupEncryptionKey", Kind.KEY, AdoptedKey.SSN_BACKUP),
    _keep(KMS_KEY, "VpcEncryptionKey", KEEP_UNTIL_LOGS_EXPIRE),
    _keep(KMS_KEY, "ProviderSearchDomainEncryptionKey", KEEP_UNTIL_LOGS_EXPIRE),
    _keep(KMS_KEY, "DisasterRecoverySharedEncryptionKey", KEEP_UNTIL_LOGS_EXPIRE),
    _adopt(USER_POOL, "StaffUsers[A-Za-z]*", Kind.USER_POOL, UserPoolName.STAFF),
    _adopt(USER_POOL, "ProviderUsers[A-Za-z]*", Kind.USER_POOL, UserPoolName.PROVIDER),
    _adopt(USER_POOL, "StateAuthUsers", Kind.USER_POOL, UserPoolName.STATE),
    _adopt("AWS::Events::EventBus", "DataEventBus", Kind.EVENT_BUS),
    _keep(
        "AWS::Events::Archive",
        r"DataEventBus\w*Archive",
        "180 days of the bus's events, for replay; delete it by hand once they are no longer wanted",
    ),
    _adopt(VAULT, "LocalBackupVault", Kind.BACKUP_VAULT, AdoptedVault.GENERAL),
    _adopt(VAULT, "LocalSSNBackupVault", Kind.BACKUP_VAULT, AdoptedVault.SSN),
    _keep(
        "AWS::CertificateManager::Certificate",
        r"\w*AuthCert",
        "the certificate the retained sign-in domain serves (CloudFormation cannot delete it while in use); "
        "delete it by hand once `pulumi up` has moved the domain to the program's certificate",
    ),
    _keep(
        "Custom::FeatureFlag",
        r"\w+",
        "retained, CloudFormation does not run its delete handler, so StatSig keeps the environment's rule "
        "of each flag; the program's flag rules leave an existing rule alone",
    ),
    Rule(
        "AWS::OpenSearchService::Domain",
        r"\w+",
        Fate.REPLACE,
        reason="search documents are rebuilt from the provider table (scripts/reindex)",
    ),
)

STATEFUL_TYPES = frozenset(
    {
        TABLE,
        "AWS::DynamoDB::GlobalTable",
        BUCKET,
        KMS_KEY,
        USER_POOL,
        "AWS::Cognito::UserPoolClient",
        "AWS::Cognito::UserPoolDomain",
        "AWS::Cognito::UserPoolResourceServer",
        "AWS::Cognito::IdentityPool",
        "AWS::Events::EventBus",
        "AWS::Events::Archive",
        VAULT,
        "AWS::OpenSearchService::Domain",
        "AWS::Elasticsearch::Domain",
        "AWS::SecretsManager::Secret",
        "AWS::RDS::DBInstance",
        "AWS::RDS::DBCluster",
        "AWS::EFS::FileSystem",
    }
)
"""Types whose resources hold data or identities: every one must be named by a rule (or be part of an
adopted pool), so a resource added to the reference later is looked at before its stack is deleted."""

POOL_PARTS = {
    "AWS::Cognito::UserPoolDomain": "domain",
    "AWS::Cognito::UserPoolClient": "client",
    "AWS::Cognito::UserPoolResourceServer": "resource server",
}
"""What the pool's users depend on besides the pool: its sign-in domain, UI client and scopes."""
UI_CLIENT = re.compile(r"\w*UIClient" + _HASH)

AUTO_DELETE_OBJECTS = "Custom::S3AutoDeleteObjects"
"""CDK's bucket emptier: when its stack is deleted it deletes every object of its bucket, whatever the
bucket's own policy says."""


@dataclass(frozen=True)
class Placement:
    resource: StackResource
    rule: Rule


@dataclass
class AdoptedPool:
    """An adopted user pool and its parts, found by the ``UserPoolId`` their templates give them."""

    pool: StackResource
    name: UserPoolName
    domains: list[StackResource] = field(default_factory=list)
    ui_clients: list[StackResource] = field(default_factory=list)
    resource_servers: list[StackResource] = field(default_factory=list)

    @property
    def parts(self) -> list[StackResource]:
        return [*self.domains, *self.ui_clients, *self.resource_servers]


@dataclass
class Classification:
    adopted: list[Placement] = field(default_factory=list)
    kept: list[Placement] = field(default_factory=list)
    replaced: list[Placement] = field(default_factory=list)
    pools: dict[UserPoolName, AdoptedPool] = field(default_factory=dict)
    unclassified: list[StackResource] = field(default_factory=list)
    duplicates: dict[str, list[StackResource]] = field(default_factory=dict)
    stateless: int = 0

    def adopted_resource(self, kind: Kind, key: str = "") -> StackResource | None:
        found = [p.resource for p in self.adopted if p.rule.kind is kind and p.rule.key == key]
        return found[0] if found else None

    @property
    def must_retain(self) -> list[StackResource]:
        """Everything whose deletion with its stack would lose data: adopted, pool parts and kept."""
        parts = [part for pool in self.pools.values() for part in pool.parts]
        return [p.resource for p in self.adopted] + parts + [p.resource for p in self.kept]


def classify(resources: Iterable[StackResource]) -> Classification:
    """Place every resource; pool parts are placed once their pool is known."""
    result = Classification()
    resources = list(resources)
    parts = []
    for resource in resources:
        rule = next((rule for rule in RULES if rule.matches(resource)), None)
        if rule is not None:
            {Fate.ADOPT: result.adopted, Fate.KEEP: result.kept, Fate.REPLACE: result.replaced}[
                rule.fate
            ].append(Placement(resource, rule))
        elif resource.resource_type in POOL_PARTS:
            parts.append(resource)
        elif resource.resource_type in STATEFUL_TYPES:
            result.unclassified.append(resource)
        else:
            result.stateless += 1
    _find_duplicates(result)
    pools_by_logical = {}
    for placement in result.adopted:
        if placement.rule.kind is Kind.USER_POOL:
            name = UserPoolName(placement.rule.key)
            result.pools[name] = AdoptedPool(placement.resource, name)
            pools_by_logical[(placement.resource.stack, placement.resource.logical_id)] = result.pools[name]
    for part in parts:
        pool = pools_by_logical.get((part.stack, _ref(part.properties.get("UserPoolId"))))
        if pool is None:
            result.unclassified.append(part)  # a pool the program does not adopt, or one it cannot tell
        elif part.resource_type == "AWS::Cognito::UserPoolDomain":
            pool.domains.append(part)
        elif part.resource_type == "AWS::Cognito::UserPoolResourceServer":
            pool.resource_servers.append(part)
        elif UI_CLIENT.fullmatch(part.logical_id):
            pool.ui_clients.append(part)
        else:
            result.unclassified.append(part)  # another app client: whose is it?
    for name, pool in result.pools.items():
        for what, found in (("domain", pool.domains), ("UI client", pool.ui_clients)):
            if len(found) > 1:
                result.duplicates[f"userPools.{name} {what}"] = found
    return result


def _find_duplicates(result: Classification) -> None:
    by_target: dict[str, list[StackResource]] = defaultdict(list)
    for placement in result.adopted:
        rule = placement.rule
        by_target[f"{rule.kind}.{rule.key}" if rule.key else str(rule.kind)].append(placement.resource)
    result.duplicates.update({target: found for target, found in by_target.items() if len(found) > 1})


def _ref(value: Any) -> str:
    """The logical id a ``{"Ref": ...}`` property names ("" for anything else)."""
    return str(value.get("Ref", "")) if isinstance(value, Mapping) else ""


def retain_problems(classification: Classification, resources: Iterable[StackResource]) -> list[str]:
    """Why deleting the stacks now would lose something: each resource to keep that its template does not
    retain, and each CDK bucket emptier aimed at a bucket to keep."""
    problems = [
        f"{resource.label}: DeletionPolicy {resource.deletion_policy}, "
        f"UpdateReplacePolicy {resource.update_replace_policy}"
        for resource in classification.must_retain
        if not resource.retained
    ]
    buckets = {(r.stack, r.logical_id) for r in classification.must_retain if r.resource_type == BUCKET}
    for resource in resources:
        target = _ref(resource.properties.get("BucketName"))
        emptier = resource.resource_type == AUTO_DELETE_OBJECTS and not resource.retained
        if emptier and (resource.stack, target) in buckets:
            problems.append(
                f"{resource.label}: empties bucket {target} when the stack is deleted "
                "(autoDeleteObjects: remove it)"
            )
    return problems
