"""A local stand-in of Google's reCAPTCHA v3 ``siteverify`` endpoint, so the sandbox's registration and
recovery run the real verification code (``provider_users.recaptcha``) over HTTP.

It speaks Google's protocol: a form POST of ``secret``, ``response`` and optional ``remoteip``, answered
with ``success``, ``score``, ``action``, ``challenge_ts``, ``hostname`` and ``error-codes``. Two tokens
are known — :data:`PASS_TOKEN` scores 0.9 and :data:`LOW_SCORE_TOKEN` 0.1, both for the ``submit``
action on the sandbox UI's hostname — and anything else is refused as Google refuses a forged or
expired token. Unlike Google's, the known tokens may be used again (tests and curl reuse them).
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from typing import Any

from werkzeug.wrappers import Request, Response

from sandbox.serving import LocalService

SITE_KEY = "sandbox-recaptcha-site-key"
PASS_TOKEN = "sandbox-recaptcha-pass"
LOW_SCORE_TOKEN = "sandbox-recaptcha-low-score"
SCORES = {PASS_TOKEN: 0.9, LOW_SCORE_TOKEN: 0.1}
ACTION = "submit"
PATH = "/recaptcha/api/siteverify"


class RecaptchaStandIn(LocalService):
    """The WSGI app; ``secret`` is the one the sandbox stored in the emulator's Secrets Manager."""

    thread_name = "recaptcha"

    def __init__(self, hostname: str) -> None:
        self.secret = secrets.token_urlsafe(24)
        self.hostname = hostname

    def serve(self, port: int) -> str:
        """Start answering; returns the siteverify URL."""
        return super().serve(port) + PATH

    def manifest(self) -> dict[str, str]:
        return {"siteKey": SITE_KEY, "passToken": PASS_TOKEN, "lowScoreToken": LOW_SCORE_TOKEN}

    def answer(self, form: dict[str, str]) -> dict[str, Any]:
        """Google's answer to one verification request."""
        if not form.get("secret"):
            return {"success": False, "error-codes": ["missing-input-secret"]}
        if not secrets.compare_digest(form["secret"], self.secret):
            return {"success": False, "error-codes": ["invalid-input-secret"]}
        token = form.get("response")
        if not token:
            return {"success": False, "error-codes": ["missing-input-response"]}
        if token not in SCORES:
            return {"success": False, "error-codes": ["invalid-input-response"]}
        return {
            "success": True,
            "score": SCORES[token],
            "action": ACTION,
            "challenge_ts": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "hostname": self.hostname,
        }

    def __call__(self, environ: Any, start_response: Any) -> Any:
        request = Request(environ)
        if request.path != PATH:
            response = Response("not found", status=404)
        elif request.method != "POST":
            response = Response("method not allowed", status=405)
        else:
            body = json.dumps(self.answer(request.form.to_dict()))
            response = Response(body, content_type="application/json")
        return response(environ, start_response)
