"""Business rules of the configuration PUTs (spec §10.2, §10.3), free of HTTP and I/O.

Each function takes what was requested and what is stored, and either returns the record to write or
raises :class:`InvalidRequest` with a message that names the offending field and values, so the
handlers only read, call these and write.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from configuration.admin_models import (
    CompactConfigurationRequest,
    ConfiguredStateRequest,
    JurisdictionConfigurationRequest,
    PrivilegeFeeRequest,
    TransactionFeeConfigurationRequest,
)
from core.errors import InvalidRequest
from core.jurisdictions import COMPACT_NAMES, jurisdiction_name
from core.models.configuration import (
    CompactCommissionFee,
    CompactConfiguration,
    ConfiguredState,
    JurisdictionConfiguration,
    JurisprudenceRequirements,
    LicenseeCharges,
    PrivilegeFee,
    TransactionFeeConfiguration,
)

REGISTRATION_CANNOT_BE_DISABLED = (
    "licenseeRegistrationEnabled: once licensee registration has been enabled, it cannot be disabled"
)
PAYMENT_CREDENTIALS_FIRST = (
    "licenseeRegistrationEnabled: payment processor credentials must be uploaded for the compact "
    "before licensee registration can be enabled"
)


def _codes(codes: Sequence[str] | set[str]) -> str:
    return ", ".join(sorted(codes))


# ---- shared ---------------------------------------------------------------------------------------


def check_registration_switch(currently_enabled: bool, requested: bool) -> None:
    """Registration is one-way: practitioners may already have registered, so it cannot be switched off."""
    if currently_enabled and not requested:
        raise InvalidRequest(REGISTRATION_CANNOT_BE_DISABLED)


# ---- compact configuration (§10.2) ----------------------------------------------------------------


def check_payment_credentials(requested: bool, existing: CompactConfiguration | None) -> None:
    """Turning registration on needs the payment credentials uploaded first: registered practitioners
    go on to buy privileges, which needs a working payment processor.

    Only the false->true switch is checked; once on, registration stays on (see above) and the
    credentials cannot be removed, so a later PUT has nothing new to prove.
    """
    if not requested or (existing is not None and existing.licensee_registration_enabled):
        return
    if existing is None or existing.payment_processor_public_fields is None:
        raise InvalidRequest(PAYMENT_CREDENTIALS_FIRST)


def reconcile_configured_states(
    stored: Sequence[ConfiguredState], requested: Sequence[ConfiguredStateRequest]
) -> list[ConfiguredState]:
    """The compact admin's only say over ``configuredStates`` is to make a state live.

    States join the list when their own admin enables registration (the jurisdiction PUT), so this PUT
    may neither add nor remove entries, and a live state cannot go back: practitioners may hold
    privileges there. The stored order is kept.
    """
    stored_codes = {state.postal_abbreviation for state in stored}
    requested_live = {state.postal_abbreviation: state.is_live for state in requested}
    added = set(requested_live) - stored_codes
    if added:
        raise InvalidRequest(
            f"configuredStates: jurisdictions cannot be added here; they are added when the jurisdiction "
            f"enables licensee registration: {_codes(added)}"
        )
    removed = stored_codes - set(requested_live)
    if removed:
        raise InvalidRequest(f"configuredStates: jurisdictions cannot be removed: {_codes(removed)}")
    unlived = {state.postal_abbreviation for state in stored if state.is_live} - {
        code for code, live in requested_live.items() if live
    }
    if unlived:
        raise InvalidRequest(
            f"configuredStates: a live jurisdiction cannot be made not live: {_codes(unlived)}"
        )
    return [
        ConfiguredState(
            postal_abbreviation=state.postal_abbreviation, is_live=requested_live[state.postal_abbreviation]
        )
        for state in stored
    ]


def effective_transaction_fee(
    requested: TransactionFeeConfigurationRequest | None,
) -> TransactionFeeConfiguration | None:
    """A zero licensee charge is the same as none, and is stored as none so that purchases add no line."""
    charges = requested.licensee_charges if requested else None
    if charges is None or charges.charge_amount == 0:
        return None
    return TransactionFeeConfiguration(
        licensee_charges=LicenseeCharges(
            active=charges.active, charge_type=charges.charge_type, charge_amount=charges.charge_amount
        )
    )


def updated_compact_configuration(
    compact: str, request: CompactConfigurationRequest, existing: CompactConfiguration | None
) -> CompactConfiguration:
    """The record a compact PUT writes: the request applied over the stored record.

    Fields other flows own (``paymentProcessorPublicFields``, set by the credentials upload) are kept;
    every field the PUT carries replaces the stored one, so an omitted transaction fee removes it.
    """
    enabled = request.licensee_registration_enabled
    check_registration_switch(existing.licensee_registration_enabled if existing else False, enabled)
    check_payment_credentials(enabled, existing)
    states = reconcile_configured_states(
        existing.configured_states if existing else [], request.configured_states
    )
    return CompactConfiguration(
        compact_abbr=compact,
        compact_name=COMPACT_NAMES[compact],
        compact_commission_fee=CompactCommissionFee(
            fee_type=request.compact_commission_fee.fee_type,
            fee_amount=request.compact_commission_fee.fee_amount,
        ),
        transaction_fee_configuration=effective_transaction_fee(request.transaction_fee_configuration),
        compact_operations_team_emails=request.compact_operations_team_emails,
        compact_adverse_actions_notification_emails=request.compact_adverse_actions_notification_emails,
        compact_summary_report_notification_emails=request.compact_summary_report_notification_emails,
        licensee_registration_enabled=enabled,
        configured_states=states,
        payment_processor_public_fields=existing.payment_processor_public_fields if existing else None,
    )


# ---- jurisdiction configuration (§10.3) -----------------------------------------------------------


def check_privilege_fees(fees: Sequence[PrivilegeFeeRequest], license_types: Sequence[str]) -> None:
    """One fee per license type of the compact, no more, no less: a purchase must find a price for
    every license type, and an unknown or repeated one would be ambiguous."""
    counts = Counter(fee.license_type_abbreviation for fee in fees)
    problems = []
    invalid = set(counts) - set(license_types)
    if invalid:
        problems.append(f"invalid license types {_codes(invalid)}")
    duplicated = {code for code, count in counts.items() if count > 1 and code in license_types}
    if duplicated:
        problems.append(f"duplicate license types {_codes(duplicated)}")
    missing = set(license_types) - set(counts)
    if missing:
        problems.append(f"missing license types {_codes(missing)}")
    if problems:
        expected = ", ".join(license_types)
        raise InvalidRequest(
            f"privilegeFees: {'; '.join(problems)} (expected exactly one fee for each of: {expected})"
        )


def updated_jurisdiction_configuration(
    compact: str,
    jurisdiction: str,
    request: JurisdictionConfigurationRequest,
    existing: JurisdictionConfiguration | None,
    license_types: Sequence[str],
) -> JurisdictionConfiguration:
    """The record a jurisdiction PUT writes; nothing of the stored record survives but its switch rule."""
    check_privilege_fees(request.privilege_fees, license_types)
    check_registration_switch(
        existing.licensee_registration_enabled if existing else False, request.licensee_registration_enabled
    )
    requirements = request.jurisprudence_requirements
    return JurisdictionConfiguration(
        compact=compact,
        postal_abbreviation=jurisdiction,
        jurisdiction_name=jurisdiction_name(jurisdiction),
        privilege_fees=[
            PrivilegeFee(
                license_type_abbreviation=fee.license_type_abbreviation,
                amount=fee.amount,
                military_rate=fee.military_rate,
            )
            for fee in request.privilege_fees
        ],
        jurisdiction_operations_team_emails=request.jurisdiction_operations_team_emails,
        jurisdiction_adverse_actions_notification_emails=request.jurisdiction_adverse_actions_notification_emails,
        jurisdiction_summary_report_notification_emails=request.jurisdiction_summary_report_notification_emails,
        licensee_registration_enabled=request.licensee_registration_enabled,
        jurisprudence_requirements=JurisprudenceRequirements(
            required=requirements.required, link_to_documentation=requirements.link_to_documentation
        ),
    )


def configured_states_after_registration(
    compact: str,
    jurisdiction: str,
    registration_enabled: bool,
    compact_configuration: CompactConfiguration | None,
) -> list[ConfiguredState] | None:
    """The compact's new ``configuredStates`` when this jurisdiction's PUT makes it join, else None.

    A jurisdiction that enables registration joins the list, not live: the compact admin decides when it
    goes live. Joining needs the compact's configuration to exist. The reference answers 500 when it does
    not; this is the caller's ordering mistake (configure the compact first), so we answer 400 and say so.
    """
    if not registration_enabled:
        return None
    if compact_configuration is None:
        raise InvalidRequest(
            f"licenseeRegistrationEnabled: the {compact} compact must be configured "
            f"(PUT /v1/compacts/{compact}) before a jurisdiction can enable licensee registration"
        )
    states = list(compact_configuration.configured_states)
    if any(state.postal_abbreviation == jurisdiction for state in states):
        return None
    return [*states, ConfiguredState(postal_abbreviation=jurisdiction, is_live=False)]
