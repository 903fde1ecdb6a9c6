"""The two account-recovery forms (spec §2.2, §9.2): the first proves who the practitioner is (their
license, login and password), the second redeems the emailed link."""

from typing import Annotated

from pydantic import StringConstraints, WithJsonSchema

from core.fields import (
    UUID_PATTERN,
    AccountEmailInput,
    CompactInput,
    DateInput,
    JurisdictionCode,
    LicenseTypeNameInput,
    PartialSocial,
    RequestModel,
    free_text,
)
from provider_users.registration_models import RecaptchaToken

CurrentPassword = Annotated[
    str,
    StringConstraints(min_length=12, max_length=256),
    WithJsonSchema(
        {"type": "string", "minLength": 12, "maxLength": 256, "description": "The current password"}
    ),
]
ProviderIdInput = Annotated[
    str, StringConstraints(pattern=UUID_PATTERN), WithJsonSchema({"type": "string", "pattern": UUID_PATTERN})
]
RecoveryToken = Annotated[
    str,
    StringConstraints(min_length=1, max_length=256),
    WithJsonSchema(
        {"type": "string", "minLength": 1, "maxLength": 256, "description": "The token of the emailed link"}
    ),
]


class InitiateRecoveryRequest(RequestModel):
    username: AccountEmailInput
    password: CurrentPassword
    compact: CompactInput
    jurisdiction: JurisdictionCode
    license_type: LicenseTypeNameInput
    given_name: free_text(1, 200)
    family_name: free_text(1, 200)
    partial_social: PartialSocial
    dob: DateInput
    recaptcha_token: RecaptchaToken


class VerifyRecoveryRequest(RequestModel):
    compact: CompactInput
    provider_id: ProviderIdInput
    recovery_token: RecoveryToken
    recaptcha_token: RecaptchaToken
