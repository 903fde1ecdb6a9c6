"""Whether a practitioner may buy the privileges they asked for (payments_security §1.7, api_domain §9.6):
every check a purchase passes before anything is charged, as pure functions of what was read.

The checks run in the reference's order, and each refusal is a 400 naming what is wrong, so a
practitioner (or the UI) knows what to fix. Nothing here reads or writes: the handler reads the
provider's records, the live configuration and the attestations once, and these rules decide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from core.errors import InvalidRequest
from core.jurisdictions import OTHER_JURISDICTION, UNKNOWN_JURISDICTION
from core.models.configuration import JurisdictionConfiguration
from core.models.enums import (
    ActiveInactiveStatus,
    CompactEligibilityStatus,
    LicenseEncumberedStatus,
    MilitaryAffiliationStatus,
)
from core.models.license import License
from core.models.privilege import AttestationReference, Privilege
from core.models.provider_records import ProviderRecords
from core.status import license_compact_eligibility

ALWAYS_REQUIRED = frozenset(
    ALWAYS_ATTESTED := (
        "jurisprudence-confirmation",
        "scope-of-practice-attestation",
        "personal-information-address-attestation",
        "discipline-no-current-encumbrance-attestation",
        "discipline-no-prior-encumbrance-attestation",
        "provision-of-true-information-attestation",
    )
)
INVESTIGATION_CHOICE = frozenset({"not-under-investigation-attestation", "under-investigation-attestation"})
CIVILIAN_ONLY = frozenset(CIVILIAN_ATTESTED := ("personal-information-home-state-attestation",))
MILITARY_ONLY = frozenset(
    MILITARY_ATTESTED := (
        "military-affiliation-confirmation-attestation",
        "military-personal-information-state-license-attestation",
    )
)
"""The attestation ids of §1.7 step 6, as sets to check with and (``*_ATTESTED``) in the UI's order."""
ADVERSE_ACTION_YEARS = 2
"""An adverse action lifted less than this long ago still blocks a purchase."""


@dataclass(frozen=True)
class PurchaseRequestFacts:
    """What the practitioner asked for, as the checks need it."""

    license_type: str
    jurisdictions: Sequence[str]
    attestations: Sequence[AttestationReference]


@dataclass(frozen=True)
class ApprovedPurchase:
    """A purchase that passed every check: the home license it rests on, the configurations of the
    states bought (in the order asked) and whether the military rates and attestations apply."""

    home_license: License
    jurisdictions: tuple[JurisdictionConfiguration, ...]
    active_military: bool


def approve(
    request: PurchaseRequestFacts,
    live: Mapping[str, JurisdictionConfiguration],
    records: ProviderRecords,
    latest_attestations: Mapping[str, str],
    today: date,
) -> ApprovedPurchase:
    """Every check of §1.7 in order; the first that fails raises :class:`InvalidRequest`.

    ``live`` is the compact's live jurisdictions' configuration by postal code; ``latest_attestations``
    the latest version of each of the compact's attestations by id; ``today`` the date at UTC-04:00.
    """
    jurisdictions = _live_jurisdictions(request.jurisdictions, live)
    provider = records.provider
    if provider is None:
        raise InvalidRequest("No provider record was found for this account")
    if provider.encumbered_status is LicenseEncumberedStatus.ENCUMBERED:
        raise InvalidRequest("You have an encumbrance on a license or privilege and cannot buy privileges")
    if provider.current_home_jurisdiction in (UNKNOWN_JURISDICTION, OTHER_JURISDICTION):
        raise InvalidRequest(
            "Your home state is not a member of the compact: set your home state before buying privileges"
        )
    _no_recent_adverse_actions(records, today)
    home_license = _home_license(records, request.license_type, provider.current_home_jurisdiction, today)
    if home_license.jurisdiction in request.jurisdictions:
        raise InvalidRequest(
            f"Selected privilege jurisdiction '{home_license.jurisdiction}' matches the home state of your "
            "license: a privilege is for practising in another state"
        )
    for code in request.jurisdictions:
        _not_already_current(
            records.privilege_for(code, home_license.license_type_abbreviation), home_license
        )
    active_military = _active_military(records)
    _attestations_complete(request.attestations, latest_attestations, active_military)
    return ApprovedPurchase(home_license, jurisdictions, active_military)


def _live_jurisdictions(
    selected: Sequence[str], live: Mapping[str, JurisdictionConfiguration]
) -> tuple[JurisdictionConfiguration, ...]:
    unknown = [code for code in selected if code not in live]
    if unknown:
        raise InvalidRequest(
            f"Invalid jurisdiction postal abbreviation: {', '.join(unknown)} "
            "(privileges can be bought only in the compact's live jurisdictions)"
        )
    return tuple(live[code] for code in selected)


def _years_from(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier); 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def adverse_action_cutoff(today: date) -> date:
    """Actions lifted after this date still block: two years and a day before today (§1.7 step 3)."""
    return date.fromordinal(_years_from(today, -ADVERSE_ACTION_YEARS).toordinal() - 1)


def _no_recent_adverse_actions(records: ProviderRecords, today: date) -> None:
    cutoff = adverse_action_cutoff(today)
    for action in records.adverse_actions:
        if action.effective_lift_date is None:
            raise InvalidRequest(
                "You have an adverse action that has not been lifted and cannot buy privileges"
            )
        if action.effective_lift_date > cutoff:
            allowed = date.fromordinal(
                _years_from(action.effective_lift_date, ADVERSE_ACTION_YEARS).toordinal() + 1
            )
            raise InvalidRequest(
                "You have an adverse action lifted within the last two years and cannot buy privileges "
                f"until {allowed}"
            )


def _home_license(records: ProviderRecords, license_type: str, home: str, today: date) -> License:
    for license_record in records.licenses:
        if (
            license_record.license_type == license_type
            and license_record.jurisdiction == home
            and license_compact_eligibility(license_record, today) is CompactEligibilityStatus.ELIGIBLE
        ):
            return license_record
    raise InvalidRequest(
        f"No license of type '{license_type}' in your home state '{home}' is eligible for compact privileges"
    )


def _not_already_current(privilege: Privilege | None, home_license: License) -> None:
    """A privilege that still runs to the license's expiration, active and not set aside by a move or a
    deactivated license, cannot be bought again (renewal is for a renewed license or a deactivated
    privilege)."""
    if (
        privilege is not None
        and privilege.date_of_expiration == home_license.date_of_expiration
        and privilege.administrator_set_status is ActiveInactiveStatus.ACTIVE
        and privilege.home_jurisdiction_change_status is None
        and privilege.license_deactivated_status is None
    ):
        raise InvalidRequest(
            f"You already hold a current privilege in '{privilege.jurisdiction}' for this license type "
            f"({privilege.privilege_id}); it can be renewed once your license is renewed"
        )


def _active_military(records: ProviderRecords) -> bool:
    """Whether military rates and attestations apply; a military document still uploading blocks."""
    latest = max(records.military_affiliations, key=lambda record: record.date_of_upload, default=None)
    if latest is not None and latest.status is MilitaryAffiliationStatus.INITIALIZING:
        raise InvalidRequest(
            "Your military affiliation document is still being uploaded: finish the upload (or end the "
            "affiliation) before buying privileges"
        )
    provider = records.provider
    return provider is not None and provider.is_active_military


def _attestations_complete(
    given: Sequence[AttestationReference], latest: Mapping[str, str], active_military: bool
) -> None:
    ids = [reference.attestation_id for reference in given]
    answered = INVESTIGATION_CHOICE & set(ids)
    if len(answered) != 1:
        raise InvalidRequest(
            "attestations: exactly one of not-under-investigation-attestation and "
            "under-investigation-attestation is required"
        )
    expected = ALWAYS_REQUIRED | (MILITARY_ONLY if active_military else CIVILIAN_ONLY) | answered
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    missing = sorted(expected - set(ids))
    extra = sorted(set(ids) - expected)
    if duplicates or missing or extra:
        problems = [
            f"{label}: {', '.join(values)}"
            for label, values in (("missing", missing), ("not expected", extra), ("repeated", duplicates))
            if values
        ]
        raise InvalidRequest(f"attestations: {'; '.join(problems)}")
    for reference in given:
        current = latest.get(reference.attestation_id)
        if current is None:
            raise InvalidRequest(
                f"attestations: {reference.attestation_id} is not an attestation of this compact"
            )
        if reference.version != current:
            raise InvalidRequest(
                f"attestations: {reference.attestation_id} version {reference.version} is not the latest "
                f"(version {current})"
            )
