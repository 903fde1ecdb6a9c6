"""The sandbox's siteverify stand-in answers as Google's endpoint does."""

from __future__ import annotations

import requests

from sandbox.recaptcha import LOW_SCORE_TOKEN, PASS_TOKEN, RecaptchaStandIn


def test_it_speaks_siteverify_over_http():
    stand_in = RecaptchaStandIn(hostname="localhost")
    url = stand_in.serve(0)
    try:

        def verify(**form: str) -> dict:
            return requests.post(url, data=form, timeout=5).json()

        passed = verify(secret=stand_in.secret, response=PASS_TOKEN, remoteip="203.0.113.1")
        assert passed["success"] is True and passed["score"] == 0.9
        assert passed["action"] == "submit" and passed["hostname"] == "localhost"
        assert passed["challenge_ts"].endswith("Z")
        assert verify(secret=stand_in.secret, response=LOW_SCORE_TOKEN)["score"] == 0.1
        assert verify(secret=stand_in.secret, response="made-up") == {
            "success": False,
            "error-codes": ["invalid-input-response"],
        }
        assert verify(secret="wrong", response=PASS_TOKEN)["error-codes"] == ["invalid-input-secret"]
        assert verify(response=PASS_TOKEN)["error-codes"] == ["missing-input-secret"]
        assert verify(secret=stand_in.secret)["error-codes"] == ["missing-input-response"]
        assert requests.get(url, timeout=5).status_code == 405
    finally:
        stand_in.stop()
