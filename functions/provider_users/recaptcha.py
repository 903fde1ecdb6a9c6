"""reCAPTCHA v3 verification of the practitioners' public forms (payments_security §3.1), stricter than
the reference, which accepted any token Google called a success.

A token passes only when Google's siteverify answers ``success`` with a score at or above the
environment's threshold, for the action the UI runs (``submit``) and a hostname of one of the
environment's UI origins: a token minted on another site, for another action, or for a likely bot is
refused. The secret is read from Secrets Manager (:mod:`core.secret_values`); when Google says it is
wrong (rotated in the meantime) it is read afresh once. A verifier that cannot be reached, or a secret not
yet set, is :class:`VerificationUnavailable` (503): the forms fail closed, never open.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from core.secret_values import SecretUnavailable, forget, secret_value
from core.secrets import RECAPTCHA_SECRET
from core.settings import allowed_origins, recaptcha_minimum_score

GOOGLE_SITEVERIFY_URL = "https://www.google.com/recaptcha/api/siteverify"
VERIFY_URL_ENV_VAR = "RECAPTCHA_VERIFY_URL"
EXPECTED_ACTION = "submit"  # what the UI passes to grecaptcha.execute on every practitioner form
TIMEOUT_SECONDS = 5.0
_WRONG_SECRET = "invalid-input-secret"


class Outcome(StrEnum):
    PASSED = "passed"
    REJECTED = "rejected"  # Google did not call it a success (malformed, expired, reused token)
    LOW_SCORE = "low-score"
    WRONG_ACTION = "wrong-action"
    WRONG_HOSTNAME = "wrong-hostname"


@dataclass(frozen=True)
class Assessment:
    outcome: Outcome
    score: float | None = None

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.PASSED


class VerificationUnavailable(RuntimeError):
    """Google could not be asked, or the secret is not set: nobody's token can be judged."""


def expected_hostnames() -> frozenset[str]:
    """The hostnames of the environment's UI origins (``app.example.org``, ``localhost``)."""
    return frozenset(filter(None, (urllib.parse.urlsplit(origin).hostname for origin in allowed_origins())))


def judge(answer: dict[str, Any]) -> Assessment:
    """The verdict on one siteverify answer (pure, so every rule is tested without a network)."""
    if answer.get("success") is not True:
        return Assessment(Outcome.REJECTED)
    score = answer.get("score")
    if not isinstance(score, int | float) or isinstance(score, bool) or score < recaptcha_minimum_score():
        return Assessment(Outcome.LOW_SCORE, score if isinstance(score, int | float) else None)
    if answer.get("action") != EXPECTED_ACTION:
        return Assessment(Outcome.WRONG_ACTION, score)
    if answer.get("hostname") not in expected_hostnames():
        return Assessment(Outcome.WRONG_HOSTNAME, score)
    return Assessment(Outcome.PASSED, score)


def verify(token: str, remote_ip: str | None) -> Assessment:
    """Ask siteverify about ``token`` (sent from ``remote_ip``) and judge the answer."""
    answer = _siteverify(token, remote_ip)
    if _WRONG_SECRET in answer.get("error-codes", ()):
        forget(RECAPTCHA_SECRET)  # rotated since it was cached: read it again, once
        answer = _siteverify(token, remote_ip)
        if _WRONG_SECRET in answer.get("error-codes", ()):
            raise VerificationUnavailable("Google refuses the configured reCAPTCHA secret")
    return judge(answer)


def _siteverify(token: str, remote_ip: str | None) -> dict[str, Any]:
    try:
        secret = secret_value(RECAPTCHA_SECRET)
    except SecretUnavailable as error:
        raise VerificationUnavailable(str(error)) from error
    form = {"secret": secret, "response": token}
    if remote_ip:
        form["remoteip"] = remote_ip
    request = urllib.request.Request(
        os.environ.get(VERIFY_URL_ENV_VAR) or GOOGLE_SITEVERIFY_URL,
        data=urllib.parse.urlencode(form).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            answer = json.loads(response.read())
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise VerificationUnavailable(f"siteverify could not be asked: {error}") from error
    if not isinstance(answer, dict):
        raise VerificationUnavailable("siteverify answered something other than a JSON object")
    return answer
