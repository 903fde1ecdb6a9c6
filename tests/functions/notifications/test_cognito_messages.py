"""Cognito's messages from the shared layout: each pool's invitation has its own sign-in link and
wording, placeholders survive for Cognito to fill in, and every message fits Cognito's 20,000-character
limit for a custom message."""

from __future__ import annotations

import pytest

from notifications.cognito_messages import MESSAGES, render

COGNITO_MESSAGE_LIMIT = 20_000


@pytest.mark.parametrize("pool", ["staff", "provider"])
@pytest.mark.parametrize("trigger", sorted(MESSAGES))
def test_every_message_keeps_the_placeholders_and_fits(trigger, pool):
    subject, html = render(trigger, "{####}", "{username}", pool)
    assert "{####}" in html and subject
    assert len(html) < COGNITO_MESSAGE_LIMIT


def test_each_pools_invitation_signs_in_where_its_users_sign_in(monkeypatch):
    monkeypatch.setenv("UI_BASE_URL", "https://app.example.org")
    _, staff = render("CustomMessage_AdminCreateUser", "{####}", "{username}", "staff")
    _, provider = render("CustomMessage_AdminCreateUser", "{####}", "{username}", "provider")
    assert "bypass=login-staff" in staff and "bypass=login-practitioner" not in staff
    assert "bypass=login-practitioner" in provider and "24 hours" in provider


def test_only_practitioners_are_pointed_to_the_lost_authenticator_page(monkeypatch):
    monkeypatch.setenv("UI_BASE_URL", "https://app.example.org")
    _, staff = render("CustomMessage_ForgotPassword", "{####}", "{username}", "staff")
    _, provider = render("CustomMessage_ForgotPassword", "{####}", "{username}", "provider")
    assert "MfaResetStart" in provider and "MfaResetStart" not in staff


def test_unknown_triggers_keep_cognitos_default():
    assert render("CustomMessage_Authentication", "{####}", "{username}", "staff") is None
