"""The events of license uploads and ingest (spec §5, §7.1), declared once.

Who publishes each is declared by the publishing functions (``FunctionSpec.publishes``), who consumes
it by the consumers' patterns (``ingest.routes``); the AsyncAPI document shows both.
"""

from __future__ import annotations

from core.events import EventSpec
from ingest.models import IngestDetail, LicenseDeactivation, LicenseIngestFailure, LicenseValidationError

PROVIDER_DATA_SOURCE = "org.compactconnect.provider-data"
"""``source`` of the changes made to provider records."""

BULK_INGEST_SOURCE = "org.compactconnect.bulk-ingest"
"""``source`` of the reports on a state's uploads (refused rows and files)."""

_WHEN = "2026-03-02T14:05:09+00:00"
_PROVIDER_ID = "89a6377e-c3a5-40e5-bca5-317ec854c570"

LICENSE_INGEST = EventSpec(
    detail_type="license.ingest",
    source=PROVIDER_DATA_SOURCE,
    model=IngestDetail,
    description=(
        "A license row a state uploaded, resolved to its provider: the SSN is replaced by the provider "
        "id and its last four digits. Applied to the provider table by the ingest consumer; logged "
        "without PII."
    ),
    example={
        "compact": "aslp",
        "jurisdiction": "oh",
        "licenseType": "audiologist",
        "licenseStatus": "active",
        "compactEligibility": "eligible",
        "givenName": "Ada",
        "familyName": "Lovelace",
        "dateOfIssuance": "2020-01-15",
        "dateOfExpiration": "2027-01-15",
        "dateOfBirth": "1985-12-10",
        "homeAddressStreet1": "1 Main Street",
        "homeAddressCity": "Columbus",
        "homeAddressState": "OH",
        "homeAddressPostalCode": "43004",
        "eventTime": _WHEN,
        "providerId": _PROVIDER_ID,
        "ssnLastFour": "6789",
    },
)

LICENSE_VALIDATION_ERROR = EventSpec(
    detail_type="license.validation-error",
    source=BULK_INGEST_SOURCE,
    model=LicenseValidationError,
    description=(
        "A CSV row the parser refused, with the report-safe values of the row and the problems by "
        "field. Read from the data-event log by the 15-minute upload report."
    ),
    example={
        "eventTime": _WHEN,
        "compact": "aslp",
        "jurisdiction": "oh",
        "recordNumber": 5,
        "validData": {"givenName": "Ada", "familyName": "Lovelace", "licenseType": "audiologist"},
        "errors": {"dateOfExpiration": ["Input should be a valid date"]},
    },
    only_logged=True,
)

LICENSE_INGEST_FAILURE = EventSpec(
    detail_type="license.ingest-failure",
    source=BULK_INGEST_SOURCE,
    model=LicenseIngestFailure,
    description=(
        "An upload, or a row of one, that could not be processed at all (unreadable file, a key outside "
        "the state's prefix, a file with no rows or over the parser's limits, a message that failed for "
        "good), or a file the parser stopped reading early (a limit broken, time running out): then the "
        "errors also say up to which line rows were processed. Read from the data-event log by the "
        "15-minute upload report."
    ),
    example={
        "eventTime": _WHEN,
        "compact": "aslp",
        "jurisdiction": "oh",
        "errors": ["The file is not UTF-8 encoded CSV."],
    },
    only_logged=True,
)

LICENSE_DEACTIVATION = EventSpec(
    detail_type="license.deactivation",
    source=PROVIDER_DATA_SOURCE,
    model=LicenseDeactivation,
    description="A state deactivated an unexpired home license: the privileges bought on it must follow.",
    example={
        "eventTime": _WHEN,
        "compact": "aslp",
        "jurisdiction": "oh",
        "providerId": _PROVIDER_ID,
        "licenseType": "audiologist",
        "licenseTypeAbbreviation": "aud",
    },
)

EVENTS: tuple[EventSpec, ...] = (
    LICENSE_INGEST,
    LICENSE_VALIDATION_ERROR,
    LICENSE_INGEST_FAILURE,
    LICENSE_DEACTIVATION,
)
