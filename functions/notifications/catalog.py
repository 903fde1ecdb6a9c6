"""Every email the system sends (spec §7.5, §5.3): its key, subject, variables and who may receive it.

The key is the ``template`` of an email request and the name of its two Jinja files
(``templates/<key>.html`` and ``templates/<key>.txt``). ``subject`` is a Jinja expression rendered with
the same values as the body. ``recipients`` are the recipient types a request may name for it: a provider
email goes to the addresses the request gives, a state email to a list from the jurisdiction's
configuration; a request naming any other type is refused rather than sent to the wrong people (the
reference ignored the type for some templates and honoured it for others).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from notifications import variables as v


class RecipientType(StrEnum):
    """Where the addresses come from (spec §7.5): a list of the compact's or the jurisdiction's
    configuration, or the request itself (``SPECIFIC``)."""

    COMPACT_OPERATIONS_TEAM = "COMPACT_OPERATIONS_TEAM"
    COMPACT_ADVERSE_ACTIONS = "COMPACT_ADVERSE_ACTIONS"
    COMPACT_SUMMARY_REPORT = "COMPACT_SUMMARY_REPORT"
    JURISDICTION_OPERATIONS_TEAM = "JURISDICTION_OPERATIONS_TEAM"
    JURISDICTION_ADVERSE_ACTIONS = "JURISDICTION_ADVERSE_ACTIONS"
    JURISDICTION_SUMMARY_REPORT = "JURISDICTION_SUMMARY_REPORT"
    SPECIFIC = "SPECIFIC"

    @property
    def needs_jurisdiction(self) -> bool:
        return self.name.startswith("JURISDICTION_")


@dataclass(frozen=True)
class EmailTemplate:
    key: str
    subject: str
    variables: type[v.Variables]
    recipients: frozenset[RecipientType]
    names_jurisdiction: bool
    """The request must name a jurisdiction: its list is the recipients, or the email is about it."""


def _template(
    key: str,
    subject: str,
    variables: type[v.Variables],
    *recipients: RecipientType,
    about_state: bool = False,
) -> EmailTemplate:
    names_jurisdiction = about_state or any(recipient.needs_jurisdiction for recipient in recipients)
    return EmailTemplate(key, subject, variables, frozenset(recipients), names_jurisdiction)


R = RecipientType
PROVIDER = R.SPECIFIC
STATE_ADVERSE_ACTIONS = R.JURISDICTION_ADVERSE_ACTIONS

TEMPLATES: tuple[EmailTemplate, ...] = (
    _template(
        "transactionBatchSettlementFailure",
        "Transactions failed to settle for the {{ compact_name }} payment processor",
        v.BatchSettlementFailure,
        R.COMPACT_OPERATIONS_TEAM,
    ),
    _template(
        "privilegeExpirationReminderFailure",
        "Privilege expiration reminders could not all be sent for {{ compact_name }}",
        v.ReminderFailure,
        R.COMPACT_OPERATIONS_TEAM,
    ),
    _template(
        "CompactTransactionReporting",
        "{{ v.reporting_cycle | title }} transaction report for {{ compact_name }}",
        v.TransactionReport,
        R.COMPACT_SUMMARY_REPORT,
    ),
    _template(
        "JurisdictionTransactionReporting",
        "{{ jurisdiction_name }} {{ v.reporting_cycle }} transaction report for {{ compact_name }}",
        v.TransactionReport,
        R.JURISDICTION_SUMMARY_REPORT,
    ),
    _template(
        "privilegeDeactivationProviderNotification",
        "Your privilege {{ v.privilege_id }} has been deactivated",
        v.PrivilegeDeactivated,
        PROVIDER,
    ),
    _template(
        "privilegeDeactivationJurisdictionNotification",
        "A privilege was deactivated in the {{ compact_name }} compact",
        v.PrivilegeDeactivatedForState,
        R.JURISDICTION_SUMMARY_REPORT,
    ),
    _template(
        "privilegePurchaseProviderNotification",
        "Your CompactConnect privilege purchase",
        v.PrivilegePurchase,
        PROVIDER,
    ),
    _template(
        "licenseEncumbranceProviderNotification",
        "Your {{ v.license_type }} license in {{ v.encumbered_jurisdiction | state_name }} is encumbered",
        v.EncumbranceForProvider,
        PROVIDER,
    ),
    _template(
        "privilegeEncumbranceProviderNotification",
        "Your {{ v.license_type }} privilege in {{ v.encumbered_jurisdiction | state_name }} is encumbered",
        v.EncumbranceForProvider,
        PROVIDER,
    ),
    _template(
        "licenseEncumbranceLiftingProviderNotification",
        "Your {{ v.license_type }} license in {{ v.lifted_jurisdiction | state_name }}"
        " is no longer encumbered",
        v.EncumbranceLiftedForProvider,
        PROVIDER,
    ),
    _template(
        "privilegeEncumbranceLiftingProviderNotification",
        "Your {{ v.license_type }} privilege in {{ v.lifted_jurisdiction | state_name }}"
        " is no longer encumbered",
        v.EncumbranceLiftedForProvider,
        PROVIDER,
    ),
    _template(
        "licenseEncumbranceStateNotification",
        "License encumbered: {{ v.provider_first_name }} {{ v.provider_last_name }}",
        v.EncumbranceForState,
        STATE_ADVERSE_ACTIONS,
    ),
    _template(
        "privilegeEncumbranceStateNotification",
        "Privilege encumbered: {{ v.provider_first_name }} {{ v.provider_last_name }}",
        v.EncumbranceForState,
        STATE_ADVERSE_ACTIONS,
    ),
    _template(
        "licenseEncumbranceLiftingStateNotification",
        "License encumbrance lifted: {{ v.provider_first_name }} {{ v.provider_last_name }}",
        v.EncumbranceLiftedForState,
        STATE_ADVERSE_ACTIONS,
    ),
    _template(
        "privilegeEncumbranceLiftingStateNotification",
        "Privilege encumbrance lifted: {{ v.provider_first_name }} {{ v.provider_last_name }}",
        v.EncumbranceLiftedForState,
        STATE_ADVERSE_ACTIONS,
    ),
    _template(
        "licenseInvestigationStateNotification",
        "Investigation opened: {{ v.provider_first_name }} {{ v.provider_last_name }}, {{ v.license_type }}"
        " license in {{ v.investigation_jurisdiction | state_name }}",
        v.Investigation,
        STATE_ADVERSE_ACTIONS,
    ),
    _template(
        "privilegeInvestigationStateNotification",
        "Investigation opened: {{ v.provider_first_name }} {{ v.provider_last_name }}, {{ v.license_type }}"
        " privilege in {{ v.investigation_jurisdiction | state_name }}",
        v.Investigation,
        STATE_ADVERSE_ACTIONS,
    ),
    _template(
        "licenseInvestigationClosedStateNotification",
        "Investigation closed: {{ v.provider_first_name }} {{ v.provider_last_name }}, {{ v.license_type }}"
        " license in {{ v.investigation_jurisdiction | state_name }}",
        v.Investigation,
        STATE_ADVERSE_ACTIONS,
    ),
    _template(
        "privilegeInvestigationClosedStateNotification",
        "Investigation closed: {{ v.provider_first_name }} {{ v.provider_last_name }}, {{ v.license_type }}"
        " privilege in {{ v.investigation_jurisdiction | state_name }}",
        v.Investigation,
        STATE_ADVERSE_ACTIONS,
    ),
    _template(
        "multipleRegistrationAttemptNotification",
        "Someone tried to register your email with CompactConnect",
        v.NoVariables,
        PROVIDER,
    ),
    _template(
        "ssnCorrectionReregistrationNotification",
        "Action required: register again with CompactConnect",
        v.NoVariables,
        PROVIDER,
    ),
    _template(
        "providerEmailVerificationCode",
        "Your CompactConnect email verification code",
        v.EmailVerificationCode,
        PROVIDER,
    ),
    _template(
        "providerEmailChangeNotification",
        "The email address of your CompactConnect account changed",
        v.EmailChanged,
        PROVIDER,
    ),
    _template(
        "providerAccountRecoveryConfirmation",
        "Confirm the recovery of your CompactConnect account",
        v.AccountRecovery,
        PROVIDER,
    ),
    _template(
        "militaryAuditApprovedNotification",
        "Your military status documentation was approved",
        v.NoVariables,
        PROVIDER,
    ),
    _template(
        "militaryAuditDeclinedNotification",
        "Your military status documentation was declined",
        v.MilitaryAuditDeclined,
        PROVIDER,
    ),
    _template(
        "privilegeExpirationReminder",
        "Your CompactConnect privileges expire on {{ v.expiration_date | long_date }}",
        v.ExpirationReminder,
        PROVIDER,
    ),
    _template(
        "homeJurisdictionChangeOldStateNotification",
        "A practitioner moved their home state away from {{ jurisdiction_name }}",
        v.HomeJurisdictionChange,
        R.JURISDICTION_OPERATIONS_TEAM,
    ),
    _template(
        "homeJurisdictionChangeNewStateNotification",
        "A practitioner moved their home state to {{ jurisdiction_name }}",
        v.HomeJurisdictionChange,
        R.JURISDICTION_OPERATIONS_TEAM,
    ),
    _template(
        "licenseDataErrorSummary",
        "License data errors: {{ compact_name }} / {{ jurisdiction_name }}",
        v.LicenseDataErrors,
        R.JURISDICTION_OPERATIONS_TEAM,
    ),
    _template(
        "licenseDataWeeklySummary",
        "License data summary: {{ compact_name }} / {{ jurisdiction_name }}",
        v.WeeklyLicenseData,
        R.JURISDICTION_OPERATIONS_TEAM,
    ),
    _template(
        "noLicenseUpdatesThisWeek",
        "No license updates in the last 7 days: {{ compact_name }} / {{ jurisdiction_name }}",
        v.WeeklyLicenseData,
        R.JURISDICTION_OPERATIONS_TEAM,
        R.SPECIFIC,  # the reporter adds the compact's operations team to the state's
        about_state=True,
    ),
)

TEMPLATES_BY_KEY: dict[str, EmailTemplate] = {template.key: template for template in TEMPLATES}
