"""The reCAPTCHA verdict (payments_security §3.1, done better): success alone is not enough."""

from __future__ import annotations

import pytest

from provider_users.recaptcha import Outcome, judge

GOOD = {"success": True, "score": 0.9, "action": "submit", "hostname": "app.example.org"}


@pytest.mark.parametrize(
    ("changes", "outcome"),
    [
        ({}, Outcome.PASSED),
        ({"score": 0.5}, Outcome.PASSED),  # the threshold itself passes
        ({"hostname": "localhost"}, Outcome.PASSED),  # the local UI origin of the test environment
        ({"success": False}, Outcome.REJECTED),
        ({"success": "true"}, Outcome.REJECTED),
        ({"score": 0.49}, Outcome.LOW_SCORE),
        ({"score": None}, Outcome.LOW_SCORE),
        ({"score": True}, Outcome.LOW_SCORE),
        ({"action": "login"}, Outcome.WRONG_ACTION),
        ({"action": None}, Outcome.WRONG_ACTION),
        ({"hostname": "evil.example"}, Outcome.WRONG_HOSTNAME),
        ({"hostname": None}, Outcome.WRONG_HOSTNAME),
    ],
)
def test_a_token_passes_only_with_success_score_action_and_hostname(changes, outcome):
    assert judge({**GOOD, **changes}).outcome is outcome


def test_the_threshold_is_the_environments(monkeypatch):
    monkeypatch.setenv("RECAPTCHA_MINIMUM_SCORE", "0.95")

    assert judge(GOOD).outcome is Outcome.LOW_SCORE
