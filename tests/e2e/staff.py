"""Signing in as a sandbox persona and calling the APIs with its access token, as a UI would."""

from __future__ import annotations

import contextlib
import io
import json
import uuid
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import boto3
import requests
from botocore.exceptions import ClientError

from ops import create_staff_user

TIMEOUT = 15


@dataclass
class StaffSession:
    manifest: dict[str, Any]
    email: str
    password: str

    @cached_property
    def token(self) -> str:
        pool = self.manifest["userPools"]["staff"]
        result = cognito(self.manifest).initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH",
            ClientId=pool["clientId"],
            AuthParameters={"USERNAME": self.email, "PASSWORD": self.password},
        )
        return result["AuthenticationResult"]["AccessToken"]

    def call(self, method: str, path: str, body: Any = None, api: str = "license") -> requests.Response:
        return requests.request(
            method,
            self.manifest["apis"][api] + path,
            json=body,
            headers={"Authorization": self.token},
            timeout=TIMEOUT,
        )


def cognito(manifest: dict[str, Any]) -> Any:
    session = boto3.Session(
        aws_access_key_id="sandbox", aws_secret_access_key="sandbox", region_name="us-east-1"
    )
    return session.client("cognito-idp", endpoint_url=manifest["awsEndpoint"])


def persona(
    manifest: dict[str, Any], name: str, jurisdiction: str | None = None, compact: str = "aslp"
) -> StaffSession:
    for user in manifest["users"]:
        if (user["persona"], user["jurisdiction"], user["compact"]) == (name, jurisdiction, compact):
            return StaffSession(manifest, user["email"], user["password"])
    raise LookupError(f"no sandbox persona {name} {jurisdiction} {compact}")


def can_sign_in(session: StaffSession) -> bool:
    try:
        StaffSession(session.manifest, session.email, session.password).token  # noqa: B018 (signs in)
    except ClientError as error:
        assert error.response["Error"]["Code"] == "NotAuthorizedException"
        return False
    return True


def new_staff_user(
    manifest_path: Path, password: str, *personas: tuple[str, str | None], prefix: str = "e2e"
) -> dict[str, str]:
    """A staff user of aslp made by the operator's command for one test module only (the shared personas
    stay as they are), holding every ``(persona, jurisdiction)`` given; the command's output."""
    email = f"{prefix}-{uuid.uuid4().hex[:8]}@staff.sandbox.example"
    for persona_name, jurisdiction in personas:
        argv = ["--sandbox", "--email", email, "--given-name", "Test", "--family-name", "Caller",
                "--compact", "aslp", "--persona", persona_name, "--password", password]  # fmt: skip
        if jurisdiction:
            argv += ["--jurisdiction", jurisdiction]
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            assert create_staff_user.main(argv, manifest_path=manifest_path) == 0
    return json.loads(printed.getvalue())
