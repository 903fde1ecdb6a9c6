"""A project's CrossGuard policy-pack config (``pulumi preview --policy-pack-config FILE``), read the way
the CLI reads it, so the offline preview runs the same policies the real preview does.

The file maps a policy's name to its enforcement level (``"disabled"``, ``"advisory"``,
``"mandatory"``) or to an object with ``enforcementLevel``. The main program has none; the bootstrap
project's (``bootstrap/policy-config.json``) disables the two workload least-privilege rules for the
permissions boundary, a ceiling that by definition spans every resource of the account's services
(docs/architecture.md, "Bootstrap project").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from policies.evaluate import Violation
from policies.rules import RULES_BY_NAME

FILE_NAME = "policy-config.json"
DISABLED = "disabled"


class PolicyConfigError(ValueError):
    """The file names a policy the pack does not have (a typo would silently enable it again)."""


def disabled_policies(project_root: Path) -> frozenset[str]:
    """The policies the project's config file disables (none without a file)."""
    path = project_root / FILE_NAME
    if not path.exists():
        return frozenset()
    document = json.loads(path.read_text())
    unknown = sorted(set(document) - set(RULES_BY_NAME) - {"all"})
    if unknown:
        raise PolicyConfigError(f"{path}: no such policies in the pack: {', '.join(unknown)}")
    return frozenset(name for name, value in document.items() if _level(value) == DISABLED)


def enforced(violations: Iterable[Violation], disabled: frozenset[str]) -> list[Violation]:
    return [violation for violation in violations if violation.policy not in disabled]


def _level(value: object) -> object:
    return value.get("enforcementLevel") if isinstance(value, dict) else value
