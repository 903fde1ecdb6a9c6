"""The military affiliation record (spec §4.2.7, §9.5)."""

from pydantic import Field

from core import keys
from core.models.base import Record, UtcDatetime, UuidStr
from core.models.enums import MilitaryAffiliationStatus, MilitaryAffiliationType


class MilitaryAffiliation(Record):
    """A declared military affiliation with the S3 keys of its proof documents.

    Keyed by upload time, so the newest is the last in the partition; a new declaration makes the older
    ones inactive. It stays ``initializing`` until its documents arrive in S3.
    """

    record_type = "militaryAffiliation"

    provider_id: UuidStr
    compact: str
    affiliation_type: MilitaryAffiliationType
    file_names: list[str] = Field(default_factory=list)
    document_keys: list[str] = Field(default_factory=list)
    date_of_upload: UtcDatetime
    status: MilitaryAffiliationStatus = MilitaryAffiliationStatus.INITIALIZING

    @property
    def pk(self) -> str:
        return keys.provider_pk(self.compact, self.provider_id)

    @property
    def sk(self) -> str:
        return keys.military_affiliation_sk(self.compact, self.date_of_upload)
