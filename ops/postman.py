"""`scripts/postman`: a Postman collection (v2.1) of every operation of the three APIs, written from the
generated OpenAPI documents (`docs/openapi/`), so it can never list a route the APIs do not serve.

One folder per API, then per tag; each request with its path parameters (an example value from the
document: the first of an enumeration, else a readable placeholder), its query parameters (disabled,
to fill in), and a JSON body made from the request schema's required fields. Base URLs and tokens are
collection variables: `licenseApiUrl`, `stateApiUrl`, `searchApiUrl`, and `staffToken`
(staff access token), `providerToken` (a practitioner's ID token), `stateToken` (a state client's
token) — the request's authorizer decides which one it sends. With `--sandbox` the base URLs are the
running sandbox's.

    scripts/postman                          # build/postman/CompactConnect.postman_collection.json
    scripts/postman --sandbox --out my.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from toolkit.commands import CommandError, sandbox_session
from toolkit.manifest import MANIFEST

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = {"license": "license.json", "state": "state.json", "search": "search.json"}
SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
TOKENS = {
    "StaffUsersPoolAuthorizer": "staffToken",
    "ProviderUsersPoolAuthorizer": "providerToken",
    "StateAuthPoolAuthorizer": "stateToken",
}
METHODS = ("get", "post", "put", "patch", "delete")
MAX_DEPTH = 4


def base_variable(api: str) -> str:
    return f"{api}ApiUrl"


def example(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    """A value the schema accepts, from its required fields only (enough to send, easy to edit)."""
    if "example" in schema:
        return schema["example"]
    if "$ref" in schema:
        return example(components[schema["$ref"].rsplit("/", 1)[1]], components, depth)
    for combined in ("allOf", "anyOf", "oneOf"):
        if schema.get(combined):
            return example(schema[combined][0], components, depth)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth >= MAX_DEPTH:
            return {}
        required = schema.get("required", [])
        return {name: example(schema["properties"][name], components, depth + 1) for name in required}
    if kind == "array":
        return [example(schema.get("items", {}), components, depth + 1)] if schema.get("minItems") else []
    if kind == "boolean":
        return False
    if kind in ("integer", "number"):
        return schema.get("minimum", 0)
    formats = {
        "date": "2026-01-15",
        "date-time": "2026-01-15T12:00:00+00:00",
        "email": "someone@example.org",
        "uuid": "00000000-0000-4000-8000-000000000000",
    }
    return formats.get(schema.get("format", ""), "string")


def request_item(
    api: str, path: str, method: str, operation: dict[str, Any], components: dict[str, Any]
) -> dict[str, Any]:
    parameters = operation.get("parameters", [])
    segments = [f":{part[1:-1]}" if part.startswith("{") else part for part in path.strip("/").split("/")]
    url: dict[str, Any] = {
        "raw": f"{{{{{base_variable(api)}}}}}/" + "/".join(segments),
        "host": [f"{{{{{base_variable(api)}}}}}"],
        "path": segments,
        "variable": [
            {
                "key": p["name"],
                "value": str(example(p.get("schema", {}), components)),
                "description": p.get("schema", {}).get("description", ""),
            }
            for p in parameters
            if p["in"] == "path"
        ],
    }
    query = [{"key": p["name"], "value": "", "disabled": True} for p in parameters if p["in"] == "query"]
    if query:
        url["query"] = query
    request: dict[str, Any] = {"method": method.upper(), "url": url, "header": []}
    security = operation.get("security") or []
    scheme = next(iter(security[0]), None) if security else None
    if scheme in TOKENS:
        request["header"].append({"key": "Authorization", "value": f"{{{{{TOKENS[scheme]}}}}}"})
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if body is not None:
        request["header"].append({"key": "Content-Type", "value": "application/json"})
        request["body"] = {
            "mode": "raw",
            "raw": json.dumps(example(body, components), indent=2),
            "options": {"raw": {"language": "json"}},
        }
    return {"name": operation.get("summary") or f"{method.upper()} {path}", "request": request}


def collection(documents: dict[str, dict[str, Any]], base_urls: dict[str, str]) -> dict[str, Any]:
    folders = []
    for api, document in documents.items():
        components = document.get("components", {}).get("schemas", {})
        by_tag: dict[str, list[dict[str, Any]]] = {}
        for path, item in sorted(document["paths"].items()):
            for method in METHODS:
                if method in item:
                    operation = item[method]
                    tag = (operation.get("tags") or ["other"])[0]
                    by_tag.setdefault(tag, []).append(request_item(api, path, method, operation, components))
        folders.append(
            {
                "name": f"{api} API",
                "item": [{"name": tag, "item": items} for tag, items in sorted(by_tag.items())],
            }
        )
    variables = [{"key": base_variable(api), "value": base_urls.get(api, "")} for api in documents]
    variables += [{"key": token, "value": ""} for token in TOKENS.values()]
    return {
        "info": {
            "name": "CompactConnect",
            "schema": SCHEMA,
            "description": "Generated by scripts/postman from docs/openapi.",
        },
        "item": folders,
        "variable": variables,
    }


def main(argv: list[str] | None = None, manifest_path: Path = MANIFEST) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/postman", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "build" / "postman" / "CompactConnect.postman_collection.json"
    )
    parser.add_argument(
        "--sandbox", action="store_true", help=f"base URLs of the running sandbox ({MANIFEST})"
    )
    args = parser.parse_args(argv)
    documents = {
        api: json.loads((ROOT / "docs" / "openapi" / name).read_text()) for api, name in DOCUMENTS.items()
    }
    base_urls = {
        api: document["servers"][0]["url"] for api, document in documents.items() if document.get("servers")
    }
    if args.sandbox:
        try:
            _, _, manifest = sandbox_session(manifest_path)
        except CommandError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        base_urls = dict(manifest["apis"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    built = collection(documents, base_urls)
    args.out.write_text(json.dumps(built, indent=2))
    count = sum(len(tag["item"]) for folder in built["item"] for tag in folder["item"])
    print(f"Wrote {args.out}: {count} requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
