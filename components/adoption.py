"""Adopting a running reference deployment (issue #20): which of its stateful resources the program takes
over where they stand, instead of creating its own.

The stack config's ``compact-connect:adopt`` block names, per kind, the physical identifiers of the
reference's resources (``scripts/adopt`` writes it from the reference's CloudFormation stacks). With it
the program declares each listed resource under the reference's physical name and with Pulumi's
``import`` option, so the first ``pulumi up`` adopts it; every resource not listed is created as usual.
Keys are the program's own names for each resource (``TableSpec.key``, ``BucketSpec.key``, ``KeyName``,
``UserPoolName``), so an entry always says which declaration it replaces.

    compact-connect:adopt:
      tables: {provider: Prod-PersistentStack-ProviderTable1A2B3C-XYZ, ssn: ssn-table-DataEventsLog, ...}
      buckets: {provider_users: prod-persistentstack-provideruserbucket..., ...}
      keys: {shared: 1234abcd-..., ssn: ..., backup: ..., ssn_backup: ...}
      userPools:
        staff: {id: us-east-1_AbC, name: StaffUsersGreen..., domain: staff-auth.example.org,
                uiClientId: 4h3..., uiClientName: ..., resourceServers: [aslp, oh, ...]}
      eventBus: prod-dataEventBus
      backupVaults: {general: CompactConnect-prod-BackupVault, ssn: CompactConnect-prod-SSNBackupVault}
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import pulumi
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from core.buckets import BUCKETS_BY_KEY
from core.catalog import KeyName
from core.tables import TABLES_BY_KEY
from core.user_pools import UserPoolName

PhysicalName = Annotated[
    str, StringConstraints(min_length=1, max_length=255, pattern=r"^[A-Za-z0-9._:/@-]+$")
]


class AdoptedKey(StrEnum):
    """The customer-managed keys that encrypt adopted data: the program's two data keys and the two keys
    of the local backup vaults (a vault's key cannot change without replacing the vault)."""

    SHARED = KeyName.SHARED.value
    SSN = KeyName.SSN.value
    BACKUP = "backup"
    SSN_BACKUP = "ssn_backup"


class AdoptedVault(StrEnum):
    GENERAL = "general"
    SSN = "ssn"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class AdoptedUserPool(_Model):
    """A user pool and what its users depend on: the pool (passwords, MFA devices, ``sub``s), its
    sign-in domain (the UI's URLs), its UI client (the UI's configuration) and its resource servers
    (the scopes in every issued token)."""

    id: str = Field(pattern=r"^[\w-]+_[0-9a-zA-Z]+$", description="The pool id, e.g. us-east-1_AbC123.")
    name: PhysicalName = Field(description="The pool's name (changing it would replace the pool).")
    domain: str | None = Field(default=None, description="Custom domain or Cognito prefix domain.")
    ui_client_id: str | None = Field(default=None, alias="uiClientId")
    ui_client_name: str | None = Field(default=None, alias="uiClientName")
    resource_servers: tuple[str, ...] = Field(
        default=(), alias="resourceServers", description="Identifiers of the pool's resource servers."
    )

    @model_validator(mode="after")
    def _client_named(self) -> AdoptedUserPool:
        if self.ui_client_id and not self.ui_client_name:
            raise ValueError("uiClientName: required with uiClientId (a client is adopted under its name)")
        return self


class Adoption(_Model):
    """The reference deployment's stateful resources this stack adopts; see the module docstring."""

    tables: dict[str, PhysicalName] = {}
    buckets: dict[str, PhysicalName] = {}
    keys: dict[AdoptedKey, str] = {}
    user_pools: dict[UserPoolName, AdoptedUserPool] = Field(default={}, alias="userPools")
    event_bus: PhysicalName | None = Field(default=None, alias="eventBus")
    backup_vaults: dict[AdoptedVault, PhysicalName] = Field(default={}, alias="backupVaults")

    @model_validator(mode="after")
    def _known_declarations(self) -> Adoption:
        for field, known in (("tables", TABLES_BY_KEY), ("buckets", BUCKETS_BY_KEY)):
            unknown = sorted(set(getattr(self, field)) - set(known))
            if unknown:
                raise ValueError(
                    f"{field}: no such declaration {', '.join(unknown)} (known: {', '.join(known)})"
                )
        return self


def import_option(import_id: str | None) -> pulumi.ResourceOptions:
    """Options that adopt the existing resource ``import_id`` (none when it is not adopted)."""
    return pulumi.ResourceOptions(import_=import_id) if import_id else pulumi.ResourceOptions()
