"""Resource types the reference's templates use that moto's CloudFormation does not create (Cognito user
pools and their parts, Backup vaults, certificates, API Gateway stages), taught to it so reference-shaped
stacks deploy on the emulator as in AWS: each resource is made through moto's own backend, listed by the
stack with CloudFormation's physical id (pool id, client id, domain, identifier, vault name, ARN, stage
name), and deleted with the stack unless its template retains it.

moto finds CloudFormation models among ``CloudFormationModel``'s subclasses, so importing this module is
what registers them, in the importing process: the emulator's (``mock_aws`` in the test's process, or a
moto server process that imports this module before it serves). Python imports a module once, so
importing it again registers nothing twice.
"""

from __future__ import annotations

from typing import Any

from moto.acm.models import acm_backends
from moto.apigateway.models import apigateway_backends
from moto.backup.models import backup_backends
from moto.cloudformation import parsing
from moto.cognitoidp.models import cognitoidp_backends
from moto.core.common_models import CloudFormationModel
from moto.events.models import Archive, EventBus


class _Resource:
    """A created resource: its physical id, and how to delete it. A mixin: moto lists only the direct
    subclasses of ``CloudFormationModel``, so each type below derives from both."""

    resource_type = ""
    name_property = ""

    def __init__(self, physical_id: str, account_id: str, region: str, properties: dict[str, Any]) -> None:
        self.physical_resource_id = physical_id
        self.account_id, self.region, self.properties = account_id, region, properties

    @classmethod
    def cloudformation_type(cls) -> str:
        return cls.resource_type

    @classmethod
    def cloudformation_name_type(cls) -> str:
        return cls.name_property

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    def get_cfn_attribute(self, attribute_name: str) -> str:
        return self.physical_resource_id

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **_: Any,
    ) -> _Resource:
        properties = dict(cloudformation_json.get("Properties") or {})
        return cls(
            cls.create(resource_name, properties, account_id, region_name),
            account_id,
            region_name,
            properties,
        )

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region: str) -> str:
        raise NotImplementedError

    def delete(self, account_id: str, region_name: str) -> None:
        raise NotImplementedError

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: Any,
        account_id: str,
        region_name: str,
    ) -> Any:
        return original_resource  # the reference's stacks are created, never updated, in tests

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: Any, account_id: str, region_name: str
    ) -> None:
        return None

    def is_created(self) -> bool:
        return True


def _cognito(account_id: str, region: str) -> Any:
    return cognitoidp_backends[account_id][region]


class UserPool(_Resource, CloudFormationModel):
    resource_type, name_property = "AWS::Cognito::UserPool", "UserPoolName"

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region: str) -> str:
        config = {key: value for key, value in properties.items() if key != "UserPoolName"}
        return str(_cognito(account_id, region).create_user_pool(name, config).id)

    def delete(self, account_id: str, region_name: str) -> None:
        _cognito(account_id, region_name).delete_user_pool(self.physical_resource_id)


class UserPoolClient(_Resource, CloudFormationModel):
    resource_type, name_property = "AWS::Cognito::UserPoolClient", "ClientName"

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region: str) -> str:
        config = {**properties, "ClientName": name}
        secret = bool(config.pop("GenerateSecret", False))
        pool = config.pop("UserPoolId")
        return str(_cognito(account_id, region).create_user_pool_client(pool, secret, config).id)

    def delete(self, account_id: str, region_name: str) -> None:
        pool = self.properties["UserPoolId"]
        _cognito(account_id, region_name).delete_user_pool_client(pool, self.physical_resource_id)


class UserPoolDomain(_Resource, CloudFormationModel):
    resource_type = "AWS::Cognito::UserPoolDomain"

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region: str) -> str:
        domain = properties["Domain"]
        config = properties.get("CustomDomainConfig")
        _cognito(account_id, region).create_user_pool_domain(properties["UserPoolId"], domain, config)
        return str(domain)

    def delete(self, account_id: str, region_name: str) -> None:
        _cognito(account_id, region_name).delete_user_pool_domain(self.physical_resource_id)


class UserPoolResourceServer(_Resource, CloudFormationModel):
    resource_type = "AWS::Cognito::UserPoolResourceServer"

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region: str) -> str:
        identifier = properties["Identifier"]
        scopes = properties.get("Scopes") or []
        _cognito(account_id, region).create_resource_server(
            properties["UserPoolId"], identifier, properties.get("Name", identifier), scopes
        )
        return str(identifier)

    def delete(self, account_id: str, region_name: str) -> None:
        pool = _cognito(account_id, region_name).user_pools.get(self.properties["UserPoolId"])
        if pool is not None:
            pool.resource_servers.pop(self.physical_resource_id, None)


class BackupVault(_Resource, CloudFormationModel):
    resource_type, name_property = "AWS::Backup::BackupVault", "BackupVaultName"

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region: str) -> str:
        backend = backup_backends[account_id][region]
        backend.create_backup_vault(name, {}, properties.get("EncryptionKeyArn", ""), "")
        return name

    def delete(self, account_id: str, region_name: str) -> None:
        backup_backends[account_id][region_name].delete_backup_vault(self.physical_resource_id)


class Certificate(_Resource, CloudFormationModel):
    resource_type = "AWS::CertificateManager::Certificate"

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region: str) -> str:
        return str(
            acm_backends[account_id][region].request_certificate(properties["DomainName"], name, [], [])
        )

    def delete(self, account_id: str, region_name: str) -> None:
        acm_backends[account_id][region_name].delete_certificate(self.physical_resource_id)


class ApiStage(_Resource, CloudFormationModel):
    resource_type = "AWS::ApiGateway::Stage"

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region: str) -> str:
        stage = properties.get("StageName", "prod")
        backend = apigateway_backends[account_id][region]
        backend.create_stage(properties["RestApiId"], stage, properties.get("DeploymentId", "deployment"))
        return str(stage)

    def delete(self, account_id: str, region_name: str) -> None:
        backend = apigateway_backends[account_id][region_name]
        backend.delete_stage(self.properties["RestApiId"], self.physical_resource_id)


# CloudFormation lists a bus and an archive by name; moto lists them with no physical id at all.
EventBus.physical_resource_id = property(lambda bus: bus.name)  # type: ignore[attr-defined]
Archive.physical_resource_id = property(lambda archive: archive.name)  # type: ignore[attr-defined]

# moto caches its list of models on first use: forget it, so these are found however late they arrive.
for _cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
    _cached.cache_clear()
