"""One provider's records exactly as the reference system stores them (issue #11): the corpus our
readers, the APIs and ingest are tested against.

The shapes follow spec §4 and what the reference writes today and wrote before: no
``licenseTypeAbbreviation`` outside the sort keys, no ``firstUploadDate`` on a license first uploaded
before November 2025, a free-form privilege id, an older privilege with date-only dates and
``persistedStatus``, an adverse action with a single category and no encumbrance type, a provider with
no home jurisdiction or military status, provider history without an effective date, and the two
history records' sort keys with the hashes the reference stored for those very changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core import keys

COMPACT = "aslp"
LICENSE_TYPE = "speech-language pathologist"
ABBREVIATION = "slp"


@dataclass(frozen=True)
class ReferenceProvider:
    """Who the records describe: the license as a state would upload it again."""

    provider_id: str
    ssn: str
    license_jurisdiction: str = "oh"
    privilege_jurisdiction: str = "ne"
    older_privilege_jurisdiction: str = "ky"

    @property
    def pk(self) -> str:
        return f"{COMPACT}#PROVIDER#{self.provider_id}"

    def upload_row(self) -> dict[str, str]:
        """The license row that describes the stored license unchanged (what a state re-sends)."""
        return {
            "ssn": self.ssn,
            "licenseType": LICENSE_TYPE,
            "licenseStatus": "active",
            "compactEligibility": "eligible",
            **{key: value for key, value in _LICENSE_FIELDS.items() if key != "ssnLastFour"},
        }


_LICENSE_FIELDS: dict[str, str] = {
    "ssnLastFour": "5599",
    "npi": "0608337260",
    "licenseNumber": "A0608337260",
    "givenName": "Björk",
    "middleName": "Gunnar",
    "familyName": "Guðmundsdóttir",
    "dateOfIssuance": "2010-06-06",
    "dateOfRenewal": "2024-04-04",
    "dateOfExpiration": "2099-04-04",
    "dateOfBirth": "1985-06-06",
    "homeAddressStreet1": "123 A St.",
    "homeAddressStreet2": "Apt 321",
    "homeAddressCity": "Columbus",
    "homeAddressState": "oh",
    "homeAddressPostalCode": "43004",
    "emailAddress": "bjork@example.com",
    "phoneNumber": "+13213214321",
    "licenseStatusName": "ACTIVE",
}

# A renewal and an upload the reference recorded, with the sort-key hashes it stored for them.
_PRIVILEGE_RENEWAL = {
    "previous": {
        "attestations": [{"attestationId": "jurisprudence-confirmation", "version": "1"}],
        "dateOfIssuance": "2016-05-05T12:59:59+00:00",
        "dateOfRenewal": "2016-05-05T12:59:59+00:00",
        "dateOfExpiration": "2020-06-06",
        "dateOfUpdate": "2016-05-05T12:59:59+00:00",
        "compactTransactionId": "0123456789",
        "privilegeId": "SLP-NE-1",
        "administratorSetStatus": "active",
        "licenseJurisdiction": "oh",
    },
    "updatedValues": {
        "dateOfRenewal": "2020-05-05T12:59:59+00:00",
        "dateOfExpiration": "2025-04-04",
        "compactTransactionId": "1234567890",
    },
}
PRIVILEGE_RENEWAL_HASH = "939a3c350708e34875f0a652bf7d7454"
_LICENSE_RENEWAL = {
    "previous": {
        "npi": "0608337260",
        "licenseNumber": "A0608337260",
        "ssnLastFour": "1234",
        "givenName": "Björk",
        "middleName": "Gunnar",
        "familyName": "Guðmundsdóttir",
        "dateOfIssuance": "2010-06-06",
        "dateOfRenewal": "2015-06-06",
        "dateOfExpiration": "2020-06-06",
        "dateOfBirth": "1985-06-06",
        "dateOfUpdate": "2020-06-06T12:59:59+00:00",
        "homeAddressStreet1": "123 A St.",
        "homeAddressStreet2": "Apt 321",
        "homeAddressCity": "Columbus",
        "homeAddressState": "oh",
        "homeAddressPostalCode": "43004",
        "emailAddress": "björk@example.com",
        "phoneNumber": "+13213214321",
        "jurisdictionUploadedLicenseStatus": "active",
        "licenseStatusName": "DEFINITELY_A_HUMAN",
        "jurisdictionUploadedCompactEligibility": "eligible",
    },
    "updatedValues": {"dateOfRenewal": "2020-04-04", "dateOfExpiration": "2025-04-04"},
}
LICENSE_RENEWAL_HASH = "34702de3dc08e64922605a6b18f3838b"
_RENEWED, _UPLOADED = "2020-05-05T12:59:59+00:00", "2024-11-08T23:59:59+00:00"
_ACTION = "98fdd4a9-1c0e-4bd9-8a9f-2b0d6f5c1e11"
_INVESTIGATION = "1b3c5d7e-0000-4000-8000-00000000abcd"
_PROVIDER_NAME_FIELDS = ("ssnLastFour", "npi", "givenName", "middleName", "familyName")


def reference_items(who: ReferenceProvider) -> list[dict[str, Any]]:
    """Every item of the provider's partition, as the reference would have left it."""
    pk, pid = who.pk, who.provider_id
    lic, priv, older = who.license_jurisdiction, who.privilege_jurisdiction, who.older_privilege_jurisdiction
    common = {"pk": pk, "providerId": pid, "compact": COMPACT}
    registration = {
        "previous": {"providerId": pid, "compact": COMPACT, "currentHomeJurisdiction": "unknown"},
        "updatedValues": {
            "compactConnectRegisteredEmailAddress": "bjork@example.com",
            "currentHomeJurisdiction": lic,
        },
    }
    return [
        {
            **common,
            "sk": f"{COMPACT}#PROVIDER",
            "type": "provider",
            "licenseJurisdiction": lic,
            "jurisdictionUploadedLicenseStatus": "active",
            "jurisdictionUploadedCompactEligibility": "eligible",
            **{k: _LICENSE_FIELDS[k] for k in _PROVIDER_NAME_FIELDS},
            "dateOfExpiration": _LICENSE_FIELDS["dateOfExpiration"],
            "dateOfBirth": _LICENSE_FIELDS["dateOfBirth"],
            "privilegeJurisdictions": {priv, older},
            "birthMonthDay": "06-06",
            "providerFamGivMid": "gu%C3%B0mundsd%C3%B3ttir#bj%C3%B6rk#gunnar",
            "providerDateOfUpdate": "2024-07-08T23:59:59+00:00",
            "dateOfUpdate": "2024-07-08T23:59:59+00:00",
        },
        {
            **common,
            "sk": f"{COMPACT}#PROVIDER#license/{lic}/{ABBREVIATION}#",
            "type": "license",
            "jurisdiction": lic,
            "licenseType": LICENSE_TYPE,
            **_LICENSE_FIELDS,
            "jurisdictionUploadedLicenseStatus": "active",
            "jurisdictionUploadedCompactEligibility": "eligible",
            "licenseGSIPK": f"C#{COMPACT}#J#{lic}",
            "licenseGSISK": "FN#gu%C3%B0mundsd%C3%B3ttir#GN#bj%C3%B6rk",
            "dateOfUpdate": "2024-06-06T12:59:59+00:00",
        },
        {
            **common,
            "sk": f"{COMPACT}#PROVIDER#privilege/{priv}/{ABBREVIATION}#",
            "type": "privilege",
            "jurisdiction": priv,
            "licenseJurisdiction": lic,
            "licenseType": LICENSE_TYPE,
            "dateOfIssuance": "2016-05-05T12:59:59+00:00",
            "dateOfRenewal": "2020-05-05T12:59:59+00:00",
            "dateOfExpiration": "2099-04-04",
            "compactTransactionId": "1234567890",
            "compactTransactionIdGSIPK": f"COMPACT#{COMPACT}#TX#1234567890#",
            "privilegeId": "SLP-NE-696d514f-2",
            "administratorSetStatus": "active",
            "attestations": [{"attestationId": "jurisprudence-confirmation", "version": "1"}],
            "dateOfUpdate": "2020-05-05T12:59:59+00:00",
        },
        {  # written before December 2024: date-only dates, no renewal, the old status name
            **common,
            "sk": f"{COMPACT}#PROVIDER#privilege/{older}/{ABBREVIATION}#",
            "type": "privilege",
            "jurisdiction": older,
            "licenseJurisdiction": lic,
            "licenseType": LICENSE_TYPE,
            "dateOfIssuance": "2024-10-01",
            "dateOfExpiration": "2099-04-04",
            "privilegeId": f"SLP-{older.upper()}-7",
            "persistedStatus": "active",
            "attestations": [],
            "dateOfUpdate": "2024-10-01T12:00:00+00:00",
        },
        {
            **common,
            "sk": f"{COMPACT}#UPDATE#1#privilege/{priv}/{ABBREVIATION}/{_RENEWED}/{PRIVILEGE_RENEWAL_HASH}",
            "type": "privilegeUpdate",
            "updateType": "renewal",
            "jurisdiction": priv,
            "licenseType": LICENSE_TYPE,
            "compactTransactionIdGSIPK": f"COMPACT#{COMPACT}#TX#0123456789#",
            "createDate": _RENEWED,
            "effectiveDate": _RENEWED,
            "dateOfUpdate": _RENEWED,
            **_PRIVILEGE_RENEWAL,
        },
        {
            **common,
            "sk": f"{COMPACT}#UPDATE#3#license/{lic}/{ABBREVIATION}/{_UPLOADED}/{LICENSE_RENEWAL_HASH}",
            "type": "licenseUpdate",
            "updateType": "renewal",
            "jurisdiction": lic,
            "licenseType": LICENSE_TYPE,
            "createDate": _UPLOADED,
            "effectiveDate": _UPLOADED,
            "dateOfUpdate": "2020-04-07T12:59:59+00:00",
            **_LICENSE_RENEWAL,
        },
        {  # provider history has no effective date in the reference
            **common,
            "sk": keys.provider_update_sk(
                COMPACT, _at("2025-01-02T03:04:05+00:00"), keys.change_hash(**_hash_args(registration))
            ),
            "type": "providerUpdate",
            "updateType": "registration",
            "createDate": "2025-01-02T03:04:05+00:00",
            "dateOfUpdate": "2025-01-02T03:04:05+00:00",
            **registration,
        },
        {  # May to October 2025: one category, and no encumbrance type yet
            **common,
            "sk": f"{COMPACT}#PROVIDER#privilege/{priv}/{ABBREVIATION}#ADVERSE_ACTION#{_ACTION}",
            "type": "adverseAction",
            "jurisdiction": priv,
            "licenseType": LICENSE_TYPE,
            "licenseTypeAbbreviation": ABBREVIATION,
            "actionAgainst": "privilege",
            "clinicalPrivilegeActionCategory": "Unsafe Practice or Substandard Care",
            "effectiveStartDate": "2025-06-01",
            "effectiveLiftDate": "2025-07-01",
            "submittingUser": "a4182428-d061-701c-82e5-a3d1d547d797",
            "liftingUser": "a4182428-d061-701c-82e5-a3d1d547d797",
            "creationDate": "2025-06-01T15:00:00+00:00",
            "adverseActionId": _ACTION,
            "dateOfUpdate": "2025-07-01T15:00:00+00:00",
        },
        {
            **common,
            "sk": f"{COMPACT}#PROVIDER#license/{lic}/{ABBREVIATION}#INVESTIGATION#{_INVESTIGATION}",
            "type": "investigation",
            "jurisdiction": lic,
            "licenseType": LICENSE_TYPE,
            "investigationAgainst": "license",
            "investigationId": _INVESTIGATION,
            "submittingUser": "a4182428-d061-701c-82e5-a3d1d547d797",
            "creationDate": "2025-11-20T10:00:00+00:00",
            "closeDate": "2025-12-01T10:00:00+00:00",
            "closingUser": "a4182428-d061-701c-82e5-a3d1d547d797",
            "dateOfUpdate": "2025-12-01T10:00:00+00:00",
        },
    ]


def _hash_args(change: dict[str, Any]) -> dict[str, Any]:
    return {"previous": change["previous"], "updated_values": change["updatedValues"]}


def _at(moment: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(moment)
