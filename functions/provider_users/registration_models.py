"""The registration form (spec §2.2, payments_security §3.3): exactly what a practitioner types to find
their license, plus the reCAPTCHA token of the form."""

from typing import Annotated

from pydantic import StringConstraints, WithJsonSchema

from core.fields import (
    AccountEmailInput,
    CompactInput,
    DateInput,
    JurisdictionCode,
    LicenseTypeNameInput,
    PartialSocial,
    RequestModel,
    free_text,
)

RecaptchaToken = Annotated[
    str,
    StringConstraints(min_length=1, max_length=4096),
    WithJsonSchema(
        {"type": "string", "minLength": 1, "maxLength": 4096, "description": "reCAPTCHA v3 token"}
    ),
]


class RegistrationRequest(RequestModel):
    given_name: free_text(1, 200)
    family_name: free_text(1, 200)
    email: AccountEmailInput
    partial_social: PartialSocial
    dob: DateInput
    jurisdiction: JurisdictionCode
    license_type: LicenseTypeNameInput
    compact: CompactInput
    token: RecaptchaToken
