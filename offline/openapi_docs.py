"""`scripts/openapi`: the published API documents, rendered from the catalog.

The OpenAPI documents are rendered for one stack (prod by default, so scopes list every active
jurisdiction), with integration URIs left as ``${FunctionName}`` placeholders; beside them the AsyncAPI
document of the event bus (``docs/asyncapi/events.json``). ``--check`` fails when a committed file is
stale, and every run prints how much of the reference API (``shared/reference/oas30-*.json``) the
catalog covers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from catalog import CONSUMERS, EVENTS, FUNCTIONS, routes_of
from components.config import NAMESPACE, parse_stack_config
from components.openapi import AUTHORIZER_NAMES, render_openapi
from core.api_catalog import ApiName
from offline.asyncapi_docs import render_asyncapi
from offline.stack_file import ROOT, load_stack_config, namespace_values

DOCS = ROOT / "docs" / "openapi"
EVENTS_DOC = ROOT / "docs" / "asyncapi" / "events.json"
REFERENCE_FILES = {
    ApiName.LICENSE: "oas30-internal.json",
    ApiName.STATE: "oas30-state-public.json",
    ApiName.SEARCH: "oas30-search.json",
}
_METHODS = {"get", "put", "post", "patch", "delete"}


def reference_dir() -> Path | None:
    """`shared/reference` sits beside the checkout (developer machines and CI)."""
    for candidate in (ROOT.parent / "shared" / "reference", ROOT.parent.parent / "shared" / "reference"):
        if candidate.is_dir():
            return candidate
    return None


def render_docs(stack: str = "prod") -> dict[ApiName, dict]:
    config = parse_stack_config(namespace_values(load_stack_config(stack), NAMESPACE))
    documents = {}
    for api in ApiName:
        documents[api] = render_openapi(
            api,
            routes_of(api),
            config.compacts,
            config.allowed_origins,
            integration_uri=lambda spec: f"${{{spec.name}}}",
            authorizer_arns={kind: f"${{{name}Arn}}" for kind, name in AUTHORIZER_NAMES.items()},
            server_url=f"https://{config.host(api_host(api))}",
        )
    return documents


def api_host(api: ApiName) -> str:
    return {ApiName.LICENSE: "api", ApiName.STATE: "state-api", ApiName.SEARCH: "search"}[api]


def operations(document: dict) -> set[str]:
    return {
        f"{method.upper()} {path}"
        for path, item in document.get("paths", {}).items()
        for method in item
        if method in _METHODS
    }


def coverage(documents: dict[ApiName, dict], reference: Path) -> dict[str, dict[str, list[str]]]:
    """Per API: which reference operations exist in ours, which are missing, which are extra."""
    report = {}
    for api, filename in REFERENCE_FILES.items():
        expected = operations(json.loads((reference / filename).read_text()))
        ours = operations(documents[api])
        report[api.value] = {
            "present": sorted(expected & ours),
            "missing": sorted(expected - ours),
            "extra": sorted(ours - expected),
        }
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/openapi", description=__doc__)
    parser.add_argument("--stack", default="prod")
    parser.add_argument("--check", action="store_true", help="fail if docs/openapi is out of date")
    args = parser.parse_args(argv)
    documents = render_docs(args.stack)
    outputs = {
        DOCS / f"{api.value}.json": (document, operations(document)) for api, document in documents.items()
    }
    events = render_asyncapi(EVENTS, FUNCTIONS, CONSUMERS)
    outputs[EVENTS_DOC] = (events, events["operations"])
    stale = []
    for path, (document, counted) in outputs.items():
        text = json.dumps(document, indent=2, sort_keys=True) + "\n"
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(path.name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)} ({len(counted)} operations)")
    reference = reference_dir()
    if reference:
        for api, result in coverage(documents, reference).items():
            total = len(result["present"]) + len(result["missing"])
            print(f"{api}: {len(result['present'])}/{total} reference operations implemented")
    if stale:
        print(f"stale: {', '.join(stale)} (run scripts/openapi)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
