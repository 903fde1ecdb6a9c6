"""Realistic template variables for every email template, as their senders will send them."""

from __future__ import annotations

from typing import Any

PROVIDER_ID = "89a6377e-c3a5-40e5-bca5-317ec854c570"
_PROVIDER = {"providerFirstName": "Ada", "providerLastName": "Lovelace"}
_ENCUMBRANCE = {
    **_PROVIDER,
    "encumberedJurisdiction": "oh",
    "licenseType": "audiologist",
    "effectiveStartDate": "2026-03-05",
}
_LIFTING = {
    **_PROVIDER,
    "liftedJurisdiction": "ky",
    "licenseType": "audiologist",
    "effectiveLiftDate": "2026-04-01",
}
_INVESTIGATION = {
    **_PROVIDER,
    "providerId": PROVIDER_ID,
    "investigationJurisdiction": "oh",
    "licenseType": "speech-language pathologist",
}
_REPORT = {
    "reportS3Path": "reports/aslp/2026-03-01--2026-03-08.zip",
    "reportingCycle": "weekly",
    "startDate": "2026-03-01",
    "endDate": "2026-03-07",
}
_WEEK = {"weekStart": "2026-02-28", "weekEnd": "2026-03-06", "licensesReceived": 0}

SAMPLES: dict[str, dict[str, Any]] = {
    "transactionBatchSettlementFailure": {
        "batchFailureErrorMessage": '{"message": "Settlement errors found",'
        ' "failedTransactionIds": ["120000001"], "unsettledTransactionIds": ["120000007", "120000008"]}'
    },
    "privilegeExpirationReminderFailure": {
        "reminderFailureMessage": "2 of 140 reminders were not sent. Providers: 3f2c9a51-..., 8d1e0b7c-..."
    },
    "CompactTransactionReporting": _REPORT,
    "JurisdictionTransactionReporting": {**_REPORT, "reportingCycle": "monthly"},
    "privilegeDeactivationProviderNotification": {"privilegeId": "SLP-OH-12"},
    "privilegeDeactivationJurisdictionNotification": {"privilegeId": "SLP-OH-12", **_PROVIDER},
    "privilegePurchaseProviderNotification": {
        "transactionDate": "2026-03-05",
        "privileges": [
            {"jurisdiction": "oh", "licenseTypeAbbrev": "slp", "privilegeId": "SLP-OH-12"},
            {"jurisdiction": "ky", "licenseTypeAbbrev": "slp", "privilegeId": "SLP-KY-3"},
        ],
        "totalCost": "178.50",
        "costLineItems": [
            {"name": "Ohio compact privilege", "quantity": 1, "unitPrice": "75.00"},
            {"name": "Kentucky compact privilege", "quantity": 1, "unitPrice": "50.00"},
            {"name": "Compact commission fee", "quantity": 2, "unitPrice": "25.00"},
            {"name": "Credit card transaction fee", "quantity": 2, "unitPrice": "1.75"},
        ],
    },
    "licenseEncumbranceProviderNotification": _ENCUMBRANCE,
    "privilegeEncumbranceProviderNotification": _ENCUMBRANCE,
    "licenseEncumbranceLiftingProviderNotification": _LIFTING,
    "privilegeEncumbranceLiftingProviderNotification": _LIFTING,
    "licenseEncumbranceStateNotification": {**_ENCUMBRANCE, "providerId": PROVIDER_ID},
    "privilegeEncumbranceStateNotification": {**_ENCUMBRANCE, "providerId": PROVIDER_ID},
    "licenseEncumbranceLiftingStateNotification": {**_LIFTING, "providerId": PROVIDER_ID},
    "privilegeEncumbranceLiftingStateNotification": {**_LIFTING, "providerId": PROVIDER_ID},
    "licenseInvestigationStateNotification": _INVESTIGATION,
    "privilegeInvestigationStateNotification": _INVESTIGATION,
    "licenseInvestigationClosedStateNotification": _INVESTIGATION,
    "privilegeInvestigationClosedStateNotification": _INVESTIGATION,
    "multipleRegistrationAttemptNotification": {},
    "ssnCorrectionReregistrationNotification": {},
    "providerEmailVerificationCode": {"verificationCode": "4821"},
    "providerEmailChangeNotification": {"newEmailAddress": "ada.lovelace@example.org"},
    "providerAccountRecoveryConfirmation": {
        "providerId": PROVIDER_ID,
        "recoveryToken": "Zx8_kq2LmN0pQr5sTu7vWy",
    },
    "militaryAuditApprovedNotification": {},
    "militaryAuditDeclinedNotification": {
        "auditNote": "The document is not legible; please upload a clearer scan."
    },
    "privilegeExpirationReminder": {
        "providerFirstName": "Ada",
        "expirationDate": "2026-04-04",
        "privileges": [
            {
                "jurisdiction": "Ohio",
                "licenseType": "audiologist",
                "privilegeId": "AUD-OH-7",
                "dateOfExpiration": "2026-04-04",
            },
            {
                "jurisdiction": "Kentucky",
                "licenseType": "audiologist",
                "privilegeId": "AUD-KY-2",
                "dateOfExpiration": "2026-04-04",
            },
        ],
    },
    "homeJurisdictionChangeOldStateNotification": {
        **_PROVIDER,
        "providerId": PROVIDER_ID,
        "previousJurisdiction": "oh",
        "newJurisdiction": "ky",
    },
    "homeJurisdictionChangeNewStateNotification": {
        **_PROVIDER,
        "providerId": PROVIDER_ID,
        "previousJurisdiction": "other",
        "newJurisdiction": "ky",
    },
    "licenseDataErrorSummary": {
        "windowStart": "2026-03-05T12:00:00+00:00",
        "windowEnd": "2026-03-05T12:15:00+00:00",
        "validationErrors": [
            {
                "recordNumber": 3,
                "errors": {
                    "dateOfExpiration": ["Input should be a valid date"],
                    "licenseStatus": ["Field required"],
                },
                "licenseNumber": "SLP-1003",
                "givenName": "Grace",
                "familyName": "Hopper",
                "licenseType": "speech-language pathologist",
            },
            {
                "recordNumber": 9,
                "errors": {"licenseType": ["'dentist' is not a license type of compact 'aslp'"]},
            },
        ],
        "ingestFailures": [
            {
                "errors": ["The license could not be processed (ClientError); please upload it again."],
                "eventTime": "2026-03-05T12:03:10+00:00",
            }
        ],
    },
    "licenseDataWeeklySummary": {**_WEEK, "licensesReceived": 1250},
    "noLicenseUpdatesThisWeek": _WEEK,
}
