"""What a practitioner reads about themselves."""

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema

from core.fields import AccountEmailInput, RequestModel, ResponseModel, Timestamp, one_value, served_enum
from core.jurisdictions import JURISDICTION_NAMES, OTHER_JURISDICTION
from core.models.enums import MilitaryAffiliationStatus, MilitaryAffiliationType
from providers.models import PrivateProviderDetail

HOME_CHOICES = (*sorted(JURISDICTION_NAMES), OTHER_JURISDICTION)


def _home_choice(value: str) -> str:
    if value not in HOME_CHOICES:
        raise ValueError(f"{value!r} is not a jurisdiction postal abbreviation or {OTHER_JURISDICTION!r}")
    return value


MAX_DOCUMENTS = 10


def _no_path(value: str) -> str:
    """A file's name, not a path: it becomes part of an S3 key."""
    if "/" in value or "\\" in value:
        raise ValueError("must be a file name, without '/' or '\\'")
    return value


def _only_inactive(value: str) -> str:
    if value != "inactive":
        raise ValueError('only "inactive" is allowed')
    return value


VerificationCode = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{4}$"),
    WithJsonSchema({"type": "string", "pattern": "^[0-9]{4}$", "description": "The code emailed"}),
]
HomeJurisdictionInput = Annotated[
    str,
    AfterValidator(_home_choice),
    WithJsonSchema(
        {
            "type": "string",
            "enum": list(HOME_CHOICES),
            "description": "The new home state, or 'other' (moved out of the compact's states)",
        }
    ),
]


class OwnProviderDetail(PrivateProviderDetail):
    """The signed-in practitioner's own record: the private schema (their date of birth, the last four
    digits of their SSN, their addresses), with licenses, privileges and military affiliations — never
    the full SSN, which leaves the SSN table only through the staff SSN route, and never links to the
    documents (staff review those; the practitioner uploaded them)."""


class EmailChangeRequest(RequestModel):
    new_email_address: AccountEmailInput


class EmailVerificationRequest(RequestModel):
    verification_code: VerificationCode


class HomeJurisdictionRequest(RequestModel):
    jurisdiction: HomeJurisdictionInput


FileName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=150),
    AfterValidator(_no_path),
    WithJsonSchema(
        {"type": "string", "minLength": 1, "maxLength": 150, "description": "pdf, jpg, jpeg, png or docx"}
    ),
]


class MilitaryAffiliationRequest(RequestModel):
    affiliation_type: MilitaryAffiliationType
    file_names: Annotated[list[FileName], Field(min_length=1, max_length=MAX_DOCUMENTS)]


class MilitaryAffiliationEnd(RequestModel):
    status: Annotated[str, AfterValidator(_only_inactive), one_value("inactive")]


class DocumentUpload(ResponseModel):
    """A presigned POST: send the fields as form fields, then the file as the last field."""

    url: str = Field(description="Where to POST the multipart form")
    fields: dict[str, str] = Field(description="Form fields to send as they are, before the file")


class DeclaredMilitaryAffiliation(ResponseModel):
    affiliation_type: served_enum(MilitaryAffiliationType)
    file_names: list[str]
    date_of_upload: Timestamp
    date_of_update: Timestamp
    status: served_enum(MilitaryAffiliationStatus)
    document_upload_fields: list[DocumentUpload] = Field(
        description="One upload per file, in order (10 minutes)"
    )
