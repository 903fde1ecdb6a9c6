"""How operator commands refuse, and which table they work on (the running sandbox's or a deployed one)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import boto3

from toolkit.manifest import ACCESS_KEY_ID, SECRET_ACCESS_KEY


class CommandError(Exception):
    """A refusal to report to the operator (exit status 1), not a crash."""


def sandbox_session(manifest_path: Path) -> tuple[boto3.Session, str, dict[str, Any]]:
    """A session on the running sandbox's emulator: (session, endpoint URL, manifest)."""
    if not manifest_path.exists():
        raise CommandError(f"no sandbox manifest at {manifest_path}: start scripts/sandbox first")
    manifest = json.loads(manifest_path.read_text())
    os.environ.setdefault("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)
    return boto3.Session(region_name=manifest["region"]), manifest["awsEndpoint"], manifest


def invoke_function(client: Any, function: str, payload: dict[str, Any]) -> Any:
    """Lambda's Invoke, answering the function's return value; a function that raised is refused with its
    message (the operator sees why, not a traceback)."""
    response = client.invoke(FunctionName=function, Payload=json.dumps(payload).encode())
    answer = json.loads(response["Payload"].read() or b"null")
    if response.get("FunctionError"):
        message = answer.get("errorMessage") if isinstance(answer, dict) else answer
        raise CommandError(f"{function} failed: {message}")
    return answer


def target_table(
    sandbox: bool, table_name: str | None, table_key: str, manifest_path: Path
) -> tuple[boto3.Session, Any]:
    """The table an operator command works on: the running sandbox's (by catalog key) or a deployed one
    (by name, with the caller's AWS credentials). Returns the session too, for commands that need more."""
    if sandbox:
        session, endpoint, manifest = sandbox_session(manifest_path)
        table_name = manifest["tables"][table_key]
    else:
        session, endpoint = boto3.Session(), None
    if not table_name:
        raise CommandError("name the table (--table) or work on the running sandbox (--sandbox)")
    return session, session.resource("dynamodb", endpoint_url=endpoint).Table(table_name)
