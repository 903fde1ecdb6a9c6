"""What an EventBridge Pipe's input template makes of an event, for the sandbox's stream reader: the
provider-change pipe's template (:data:`search.functions.PROVIDER_CHANGE_MESSAGE`) is rendered here the
way Pipes renders it, so the indexer reads the same message in AWS and on a laptop.

Pipes' rule: ``<$.path>`` is replaced by the value at that JSON path; inside quotes a string is inserted
as its characters, outside quotes a value is inserted as JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

PLACEHOLDER = re.compile(r'"<\$\.([^>]+)>"|<\$\.([^>]+)>')


def _at(event: Mapping[str, Any], path: str) -> Any:
    value: Any = event
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def render(template: str, event: Mapping[str, Any]) -> str:
    def replace(match: re.Match[str]) -> str:
        quoted, bare = match.groups()
        value = _at(event, quoted or bare)
        if quoted is not None:
            return json.dumps("" if value is None else str(value))
        return json.dumps(value)

    return PLACEHOLDER.sub(replace, template)
