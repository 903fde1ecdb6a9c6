"""What a practitioner reads about themselves."""

from typing import Annotated

from pydantic import AfterValidator, StringConstraints, WithJsonSchema

from core.fields import AccountEmailInput, RequestModel
from core.jurisdictions import JURISDICTION_NAMES, OTHER_JURISDICTION
from providers.models import PrivateProviderDetail

HOME_CHOICES = (*sorted(JURISDICTION_NAMES), OTHER_JURISDICTION)


def _home_choice(value: str) -> str:
    if value not in HOME_CHOICES:
        raise ValueError(f"{value!r} is not a jurisdiction postal abbreviation or {OTHER_JURISDICTION!r}")
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
