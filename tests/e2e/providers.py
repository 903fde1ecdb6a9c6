"""Known providers written straight into the running sandbox's tables, for exact assertions over HTTP.

Each test module builds its own providers (fresh ids, jurisdictions no other module uses), so tests that
share one sandbox cannot see each other's data by accident.
"""

from __future__ import annotations

from typing import Any

from core.models.base import Record
from core.models.military import MilitaryAffiliation
from core.models.provider import Provider
from core.repositories.ssn import SsnRepository
from tests.records import make_license, make_military_affiliation, make_privilege, make_provider
from toolkit.state_client import emulator


class SandboxRecords:
    """Writes provider records (and SSN mappings, and documents) into the sandbox's emulator."""

    def __init__(self, manifest: dict[str, Any]) -> None:
        self.manifest = manifest
        dynamodb = emulator(manifest, "dynamodb", resource=True)
        self.providers = dynamodb.Table(manifest["tables"]["provider"])
        self.ssns = SsnRepository(dynamodb.Table(manifest["tables"]["ssn"]))
        self.s3 = emulator(manifest, "s3")

    def put(self, *records: Record) -> None:
        with self.providers.batch_writer() as batch:
            for record in records:
                batch.put_item(Item=record.to_item(stamp=False))

    def provider(
        self,
        ssn: str,
        license_jurisdiction: str,
        privileges: tuple[str, ...] = (),
        compact: str = "aslp",
        **overrides: Any,
    ) -> Provider:
        """A provider whose id comes from the SSN table (as ingest makes it), licensed in one state,
        with active privileges in others."""
        provider_id = self.ssns.get_or_create_provider_id(compact, ssn)
        provider = make_provider(
            provider_id=provider_id,
            compact=compact,
            license_jurisdiction=license_jurisdiction,
            current_home_jurisdiction=license_jurisdiction,
            privilege_jurisdictions=set(privileges),
            ssn_last_four=ssn[-4:],
            **overrides,
        )
        records: list[Record] = [provider, make_license(provider, ssn_last_four=ssn[-4:])]
        records += [
            make_privilege(provider, jurisdiction, 100 + n) for n, jurisdiction in enumerate(privileges)
        ]
        self.put(*records)
        return provider

    def military_document(self, provider: Provider, file_name: str, content: bytes) -> MilitaryAffiliation:
        """An active military affiliation whose proof document is in the provider-users bucket."""
        affiliation = make_military_affiliation(provider, file_names=[file_name])
        [key] = affiliation.document_keys
        self.s3.put_object(Bucket=self.manifest["buckets"]["provider_users"], Key=key, Body=content)
        self.put(affiliation)
        return affiliation
