"""Enumerations of the domain (spec §4.3, §4.2, §4.8).

String enums, so a member compares equal to the string stored in DynamoDB and sent in JSON.
"""

from __future__ import annotations

from enum import StrEnum


class ActiveInactiveStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"


class CompactEligibilityStatus(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"


class LicenseEncumberedStatus(StrEnum):
    """Encumbrance of a license, and of a provider (aggregated from all its records)."""

    ENCUMBERED = "encumbered"
    UNENCUMBERED = "unencumbered"


class PrivilegeEncumberedStatus(StrEnum):
    """Encumbrance of a privilege. ``licenseEncumbered`` is set (and cleared) by the cascade from the home
    license, so it is kept apart from the privilege's own encumbrances."""

    ENCUMBERED = "encumbered"
    UNENCUMBERED = "unencumbered"
    LICENSE_ENCUMBERED = "licenseEncumbered"


class InvestigationStatus(StrEnum):
    """In practice only ``underInvestigation`` is stored; closing removes the attribute."""

    UNDER_INVESTIGATION = "underInvestigation"
    NOT_UNDER_INVESTIGATION = "notUnderInvestigation"


class HomeJurisdictionChangeStatus(StrEnum):
    """Set on a privilege deactivated because the provider moved its home state."""

    INACTIVE = "inactive"


class LicenseDeactivatedStatus(StrEnum):
    """Set on a privilege whose home license was deactivated by its state."""

    LICENSE_DEACTIVATED = "licenseDeactivated"


class MilitaryStatus(StrEnum):
    NOT_APPLICABLE = "notApplicable"
    TENTATIVE = "tentative"
    APPROVED = "approved"
    DECLINED = "declined"


ACTIVE_MILITARY_STATUSES = frozenset({MilitaryStatus.TENTATIVE, MilitaryStatus.APPROVED})
"""A provider counts as active military (military fee rate, military attestations) in these states."""


class MilitaryAuditStatus(StrEnum):
    """What a compact admin decides of a provider's military documents."""

    APPROVED = "approved"
    DECLINED = "declined"


class MilitaryAffiliationType(StrEnum):
    MILITARY_MEMBER = "militaryMember"
    MILITARY_MEMBER_SPOUSE = "militaryMemberSpouse"


class MilitaryAffiliationStatus(StrEnum):
    """``initializing`` until the uploaded documents arrive in S3."""

    INITIALIZING = "initializing"
    ACTIVE = "active"
    INACTIVE = "inactive"


class StaffUserStatus(StrEnum):
    """``inactive`` until the user's first login."""

    ACTIVE = "active"
    INACTIVE = "inactive"


class AdverseActionAgainst(StrEnum):
    """What an adverse action or investigation is recorded against."""

    LICENSE = "license"
    PRIVILEGE = "privilege"


class EncumbranceType(StrEnum):
    FINE = "fine"
    REPRIMAND = "reprimand"
    REQUIRED_SUPERVISION = "required supervision"
    COMPLETION_OF_CONTINUING_EDUCATION = "completion of continuing education"
    PUBLIC_REPRIMAND = "public reprimand"
    PROBATION = "probation"
    INJUNCTIVE_ACTION = "injunctive action"
    SUSPENSION = "suspension"
    REVOCATION = "revocation"
    DENIAL = "denial"
    SURRENDER_OF_LICENSE = "surrender of license"
    MODIFICATION_OF_PREVIOUS_ACTION_EXTENSION = "modification of previous action-extension"
    MODIFICATION_OF_PREVIOUS_ACTION_REDUCTION = "modification of previous action-reduction"
    OTHER_MONITORING = "other monitoring"
    OTHER_ADJUDICATED_ACTION_NOT_LISTED = "other adjudicated action not listed"


class ClinicalPrivilegeActionCategory(StrEnum):
    """NPDB categories of an encumbrance."""

    NON_COMPLIANCE = "Non-compliance With Requirements"
    CRIMINAL_CONVICTION = "Criminal Conviction or Adjudication"
    CONFIDENTIALITY_VIOLATION = "Confidentiality, Consent or Disclosure Violations"
    MISCONDUCT_OR_ABUSE = "Misconduct or Abuse"
    FRAUD = "Fraud, Deception, or Misrepresentation"
    UNSAFE_PRACTICE = "Unsafe Practice or Substandard Care"
    IMPROPER_SUPERVISION = "Improper Supervision or Allowing Unlicensed Practice"
    OTHER = "Other"


class UpdateCategory(StrEnum):
    """``updateType`` of history records. ``expiration`` and ``issuance`` are never stored: the privilege
    history view synthesises them. ``lifting_encumbrance`` is snake_case in the stored data."""

    DEACTIVATION = "deactivation"
    EXPIRATION = "expiration"
    ISSUANCE = "issuance"
    RENEWAL = "renewal"
    MILITARY_AUDIT = "militaryAudit"
    MILITARY_FILE_UPLOAD = "militaryFileUpload"
    MILITARY_AFFILIATION_ENDED = "militaryAffiliationEnded"
    ENCUMBRANCE = "encumbrance"
    INVESTIGATION = "investigation"
    CLOSING_INVESTIGATION = "closingInvestigation"
    HOME_JURISDICTION_CHANGE = "homeJurisdictionChange"
    REGISTRATION = "registration"
    LIFTING_ENCUMBRANCE = "lifting_encumbrance"
    LICENSE_DEACTIVATION = "licenseDeactivation"
    EMAIL_CHANGE = "emailChange"
    SSN_CORRECTION = "ssnCorrection"
    OTHER = "other"


LICENSE_UPLOAD_UPDATE_CATEGORIES = frozenset(
    {UpdateCategory.DEACTIVATION, UpdateCategory.RENEWAL, UpdateCategory.OTHER}
)
"""Categories a state's license upload can produce; such license updates are indexed by upload date."""


class FeeType(StrEnum):
    FLAT_RATE = "FLAT_RATE"


class TransactionFeeChargeType(StrEnum):
    FLAT_FEE_PER_PRIVILEGE = "FLAT_FEE_PER_PRIVILEGE"


class NotificationStatus(StrEnum):
    SUCCESS = "SUCCESS"
    FAILED = "FAILED"


class NotificationRecipientType(StrEnum):
    PROVIDER = "provider"
    STATE = "state"


class ExpirationReminderKind(StrEnum):
    """Which of the daily privilege-expiration reminders was sent."""

    THIRTY_DAYS = "privilege.expiration.30day"
    SEVEN_DAYS = "privilege.expiration.7day"
    DAY_OF = "privilege.expiration.dayOf"
