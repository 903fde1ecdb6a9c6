"""The ``compact-connect:adopt`` block for the stateful resources ``scripts/adopt`` placed: each one
described live (so an entry names something that exists and is what the program expects), then rendered
as the stack file's YAML, or written into ``Pulumi.<env>.yaml`` with the rest of the file untouched."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import boto3
import yaml
from pydantic import ValidationError

from components.adoption import Adoption
from components.config import ADOPT_KEY
from core.aws import client_error, error_code
from core.user_pools import UserPoolName
from ops.adoption_rules import AdoptedPool, Classification, Kind
from ops.adoption_sources import StackResource
from toolkit.commands import CommandError

TABLE_KEYS = [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]


@dataclass(frozen=True)
class Clients:
    """The describe calls' clients, on one session (and the emulator's endpoint in tests)."""

    cognito: Any
    kms: Any
    dynamodb: Any
    s3: Any
    events: Any
    backup: Any

    @classmethod
    def of(cls, session: boto3.Session, region: str, endpoint_url: str | None) -> Clients:
        def client(service: str) -> Any:
            return session.client(service, region_name=region, endpoint_url=endpoint_url)  # type: ignore[call-overload]

        return cls(
            client("cognito-idp"),
            client("kms"),
            client("dynamodb"),
            client("s3"),
            client("events"),
            client("backup"),
        )


class _Findings:
    """Problems are gathered, not raised one by one: the operator fixes them all in one pass."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.notes: list[str] = []

    def describe(self, resource: StackResource, call: Callable[[], Any], answer: str) -> Any:
        """``call``'s ``answer`` part; None (and a problem) when the resource is not there."""
        try:
            return call()[answer]
        except client_error() as error:
            self.problems.append(
                f"{resource.label}: listed by its stack but {error_code(error)} when described"
            )
            return None


def adoption_block(found: Classification, clients: Clients) -> tuple[Adoption, list[str]]:
    """The block, and notes for the operator; refuses when a resource is not what its stack says."""
    findings = _Findings()
    sections: dict[Kind, dict[str, str]] = {kind: {} for kind in Kind}
    for placement in found.adopted:
        resource, kind, key = placement.resource, placement.rule.kind, placement.rule.key
        assert kind is not None
        if kind is Kind.USER_POOL:
            continue
        if _confirm(kind, resource, clients, findings):
            sections[kind][key] = resource.physical_id
    pools = {name: _pool(pool, clients.cognito, findings) for name, pool in found.pools.items()}
    if findings.problems:
        raise CommandError("cannot adopt:\n  " + "\n  ".join(findings.problems))
    data = {
        "tables": dict(sorted(sections[Kind.TABLE].items())),
        "buckets": dict(sorted(sections[Kind.BUCKET].items())),
        "keys": dict(sorted(sections[Kind.KEY].items())),
        "userPools": {name: pools[name] for name in UserPoolName if name in pools},
        "eventBus": sections[Kind.EVENT_BUS].get(""),
        "backupVaults": dict(sorted(sections[Kind.BACKUP_VAULT].items())),
    }
    try:
        return Adoption.model_validate(data), findings.notes
    except ValidationError as error:
        raise CommandError(f"the block the reference gives is not valid adoption config:\n{error}") from None


def _confirm(kind: Kind, resource: StackResource, clients: Clients, findings: _Findings) -> bool:
    name = resource.physical_id
    if kind is Kind.TABLE:
        table = findings.describe(resource, partial(clients.dynamodb.describe_table, TableName=name), "Table")
        if table is not None and table["KeySchema"] != TABLE_KEYS:
            findings.problems.append(f"{resource.label}: key schema {table['KeySchema']} is not pk/sk")
            return False
        return table is not None
    if kind is Kind.KEY:
        key = findings.describe(resource, partial(clients.kms.describe_key, KeyId=name), "KeyMetadata")
        if key is not None and key["KeyState"] != "Enabled":
            findings.problems.append(
                f"{resource.label}: key is {key['KeyState']} (cancel its deletion first)"
            )
            return False
        return key is not None
    calls: dict[Kind, Callable[[], Any]] = {
        Kind.BUCKET: partial(clients.s3.head_bucket, Bucket=name),
        Kind.EVENT_BUS: partial(clients.events.describe_event_bus, Name=name),
        Kind.BACKUP_VAULT: partial(clients.backup.describe_backup_vault, BackupVaultName=name),
    }
    return findings.describe(resource, calls[kind], "ResponseMetadata") is not None


def _pool(adopted: AdoptedPool, cognito: Any, findings: _Findings) -> dict[str, Any]:
    """The pool's entry: its name, domain, UI client and resource servers, each confirmed to belong to it."""
    pool_id, label = adopted.pool.physical_id, f"userPools.{adopted.name}"
    pool = findings.describe(
        adopted.pool, partial(cognito.describe_user_pool, UserPoolId=pool_id), "UserPool"
    )
    entry: dict[str, Any] = {"id": pool_id, "name": pool["Name"] if pool else pool_id}
    for part in adopted.domains:
        domain = findings.describe(
            part, partial(cognito.describe_user_pool_domain, Domain=part.physical_id), "DomainDescription"
        )
        owner = (domain or {}).get("UserPoolId")
        if domain is not None and owner != pool_id:
            # DescribeUserPoolDomain answers an empty description for a domain that does not exist
            findings.problems.append(
                f"{part.label}: " + (f"serves pool {owner}" if owner else "no such domain")
            )
        entry["domain"] = part.physical_id
        certificate = ((domain or {}).get("CustomDomainConfig") or {}).get("CertificateArn")
        if certificate:
            findings.notes.append(
                f"{label}: custom domain {part.physical_id} serves certificate {certificate}"
            )
    clients = pool_items(cognito, "list_user_pool_clients", "UserPoolClients", pool_id) if pool else []
    for part in adopted.ui_clients:
        describe = partial(cognito.describe_user_pool_client, UserPoolId=pool_id, ClientId=part.physical_id)
        client = findings.describe(part, describe, "UserPoolClient")
        entry["uiClientId"] = part.physical_id
        entry["uiClientName"] = client["ClientName"] if client else part.logical_id
    others = sorted(c["ClientName"] for c in clients if c["ClientId"] != entry.get("uiClientId"))
    if others:
        findings.notes.append(
            f"{label}: {len(others)} other app client(s) stay as they are, unmanaged: {', '.join(others)}"
        )
    declared = sorted(
        str(part.properties.get("Identifier") or part.physical_id) for part in adopted.resource_servers
    )
    if pool and declared:
        live = {
            server["Identifier"]
            for server in pool_items(cognito, "list_resource_servers", "ResourceServers", pool_id)
        }
        for identifier in sorted(set(declared) - live):
            findings.problems.append(
                f"{label}: resource server {identifier} is in the stack but not in the pool"
            )
    if declared:
        entry["resourceServers"] = declared
    return entry


def pool_items(cognito: Any, operation: str, items: str, pool_id: str) -> list[dict[str, Any]]:
    pages = cognito.get_paginator(operation).paginate(UserPoolId=pool_id, PaginationConfig={"PageSize": 50})
    return [item for page in pages for item in page[items]]


def plain(adoption: Adoption) -> dict[str, Any]:
    """The block as the stack file holds it: camelCase keys, plain strings and lists, empty sections left
    out."""
    dumped = adoption.model_dump(by_alias=True, exclude_defaults=True, mode="json")
    return _plain(dumped)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def render(adoption: Adoption, indent: str = "  ") -> str:
    """``compact-connect:adopt:`` and its value, indented as a key under ``config:``."""
    body = yaml.safe_dump(plain(adoption), sort_keys=False, default_flow_style=False, width=1000)
    return f"{indent}{ADOPT_KEY}:\n" + "".join(f"{indent}  {line}\n" for line in body.splitlines())


def write_into(path: Path, adoption: Adoption) -> None:
    """Put the block into the stack file in place of any earlier one; every other line stays as it was
    (comments included), and the result is read back to prove it."""
    before = path.read_text()
    lines = before.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "config:"), None)
    if start is None:
        raise CommandError(f"{path.name} has no top-level config: mapping")
    body = [i for i in range(start + 1, len(lines)) if _content(lines[i])]
    config_end = next((i for i in body if not lines[i][0].isspace()), len(lines))
    inside = [i for i in body if i < config_end]
    indent = _indent(lines[inside[0]]) if inside else "  "
    key = next((i for i in inside if lines[i].rstrip() == f"{indent}{ADOPT_KEY}:"), None)
    if key is None:
        at = (inside[-1] + 1) if inside else start + 1
        lines[at:at] = [render(adoption, indent)]
    else:
        deeper = len(indent)
        end = next((i for i in inside if i > key and len(_indent(lines[i])) <= deeper), config_end)
        last = max((i for i in inside if key < i < end), default=key)
        lines[key : last + 1] = [render(adoption, indent)]
    after = "".join(lines)
    _same_but_block(before, after, adoption, path)
    path.write_text(after)


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _same_but_block(before: str, after: str, adoption: Adoption, path: Path) -> None:
    old, new = yaml.safe_load(before) or {}, yaml.safe_load(after) or {}
    old_config, new_config = dict(old.pop("config") or {}), dict(new.pop("config") or {})
    written = new_config.pop(ADOPT_KEY, None)
    old_config.pop(ADOPT_KEY, None)
    if old != new or old_config != new_config or written != plain(adoption):
        raise CommandError(f"could not place the block in {path.name} without changing anything else")
