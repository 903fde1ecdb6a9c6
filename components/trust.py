"""Who may assume a role the program creates: one AWS service, and — where the service acts for an
account (Pipes, VPC flow logs) — only on behalf of this account (``aws:SourceAccount``), so another
account's resource cannot use the service to borrow the role."""

from __future__ import annotations

import json
from typing import Any


def service_trust_policy(service: str, source_account: str | None = None) -> str:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole",
    }
    if source_account is not None:
        statement["Condition"] = {"StringEquals": {"aws:SourceAccount": source_account}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})
