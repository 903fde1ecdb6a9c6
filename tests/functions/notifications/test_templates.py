"""Every email template renders, in HTML and plain text, with the variables its senders send; a missing,
misspelt or mistyped variable is refused naming the field; variables cannot inject markup; emails outside
production say they are tests."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from notifications.catalog import TEMPLATES, TEMPLATES_BY_KEY
from notifications.rendering import render
from tests.functions.notifications.samples import SAMPLES

COMPACT_NAME = "Audiology and Speech Language Pathology"


def _render(key: str, variables: dict | None = None):
    template = TEMPLATES_BY_KEY[key]
    checked = template.variables.model_validate(SAMPLES[key] if variables is None else variables)
    return render(template, checked, "aslp", "oh" if template.names_jurisdiction else None)


def test_every_template_has_realistic_variables_here():
    assert set(SAMPLES) == set(TEMPLATES_BY_KEY)


@pytest.mark.parametrize("key", sorted(TEMPLATES_BY_KEY))
def test_each_template_renders_in_html_and_text(key, monkeypatch):
    monkeypatch.setenv("ENVIRONMENT_NAME", "prod")
    monkeypatch.setenv("UI_BASE_URL", "https://app.compactconnect.org")
    email = _render(key)

    assert email.subject and "\n" not in email.subject and "{" not in email.subject
    assert f"<title>{email.subject}</title>" in email.html.replace("&#39;", "'")
    assert COMPACT_NAME in email.html and COMPACT_NAME in email.text
    assert "{{" not in email.html + email.text and "{%" not in email.html + email.text
    assert "<" not in email.text  # plain text carries no markup
    assert "TEST" not in email.text


@pytest.mark.parametrize("key", sorted(TEMPLATES_BY_KEY))
def test_each_template_refuses_a_missing_or_unknown_variable(key):
    model = TEMPLATES_BY_KEY[key].variables
    required = [field.alias or name for name, field in model.model_fields.items() if field.is_required()]
    for name in required:
        variables = {k: v for k, v in SAMPLES[key].items() if k != name}
        with pytest.raises(ValidationError, match=name):
            model.model_validate(variables)
    with pytest.raises(ValidationError, match="unexpectedVariable"):
        model.model_validate({**SAMPLES[key], "unexpectedVariable": "x"})


def test_variables_cannot_inject_markup():
    variables = {
        **SAMPLES["privilegeDeactivationJurisdictionNotification"],
        "providerFirstName": "<b>Ada</b>",
    }
    email = _render("privilegeDeactivationJurisdictionNotification", variables)
    assert "<b>Ada</b>" not in email.html and "&lt;b&gt;Ada&lt;/b&gt;" in email.html
    assert "<b>Ada</b>" in email.text  # plain text is not HTML: shown as written


def test_emails_outside_production_say_they_are_tests(monkeypatch):
    monkeypatch.setenv("ENVIRONMENT_NAME", "beta")
    email = _render("militaryAuditApprovedNotification")
    assert "beta environment" in email.html and email.text.startswith("[TEST]")


def test_values_are_written_as_people_read_them():
    purchase = _render("privilegePurchaseProviderNotification")
    assert "March 5, 2026" in purchase.text and "Total: $178.50" in purchase.text
    assert "Compact commission fee x 2: $50.00" in purchase.text
    reminder = _render("privilegeExpirationReminder")
    assert reminder.subject == "Your CompactConnect privileges expire on April 4, 2026"
    moved = _render("homeJurisdictionChangeNewStateNotification")
    assert "a jurisdiction outside the compact" in moved.text and "Kentucky" in moved.text


def test_a_settlement_failure_lists_the_transactions_or_shows_the_text_as_sent():
    listed = _render("transactionBatchSettlementFailure")
    assert "- 120000001" in listed.text and "- 120000008" in listed.text
    plain = _render("transactionBatchSettlementFailure", {"batchFailureErrorMessage": "gateway timeout"})
    assert "Error: gateway timeout" in plain.text


def test_the_error_summary_never_carries_ssn_birth_date_or_address():
    row = {"recordNumber": 2, "errors": {"ssn": ["bad"]}, "ssn": "123-45-6789"}
    variables = {**SAMPLES["licenseDataErrorSummary"], "validationErrors": [row]}
    with pytest.raises(ValidationError, match="ssn"):
        TEMPLATES_BY_KEY["licenseDataErrorSummary"].variables.model_validate(variables)
    for field in ("dateOfBirth", "homeAddressStreet1"):
        row = {"recordNumber": 2, "errors": {}, field: "x"}
        with pytest.raises(ValidationError, match=field):
            TEMPLATES_BY_KEY["licenseDataErrorSummary"].variables.model_validate(
                {**SAMPLES["licenseDataErrorSummary"], "validationErrors": [row]}
            )


def test_every_template_is_listed_once():
    assert len(TEMPLATES) == len(TEMPLATES_BY_KEY)
