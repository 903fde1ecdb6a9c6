"""`scripts/postman`: the collection lists every operation of the three generated documents once, sends
each authorizer's token variable (none on public routes), carries parseable JSON bodies, and its search
examples are queries the API accepts."""

from __future__ import annotations

import json

from ops import postman
from search.query_dsl import ExportRequest, SearchRequest


def built(tmp_path) -> dict:
    target = tmp_path / "collection.json"
    assert postman.main(["--out", str(target)]) == 0
    return json.loads(target.read_text())


def requests_of(collection: dict) -> dict[str, dict]:
    """Each request by ``{api} {METHOD} /{path with :params}``."""
    found = {}
    for folder in collection["item"]:
        api = folder["name"].split()[0]
        for tag in folder["item"]:
            for item in tag["item"]:
                request = item["request"]
                found[f"{api} {request['method']} /{'/'.join(request['url']['path'])}"] = item
    return found


def test_every_operation_is_in_the_collection_once_with_its_token(tmp_path):
    collection = built(tmp_path)
    found = requests_of(collection)
    expected = {}
    for api, name in postman.DOCUMENTS.items():
        document = json.loads((postman.ROOT / "docs" / "openapi" / name).read_text())
        for path, item in document["paths"].items():
            for method in postman.METHODS:
                if method in item:
                    segments = "/".join(
                        f":{p[1:-1]}" if p.startswith("{") else p for p in path.strip("/").split("/")
                    )
                    expected[f"{api} {method.upper()} /{segments}"] = item[method].get("security")
    assert found.keys() == expected.keys()
    total = sum(len(tag["item"]) for folder in collection["item"] for tag in folder["item"])
    assert total == len(expected)
    for key, security in expected.items():
        headers = {h["key"]: h["value"] for h in found[key]["request"]["header"]}
        if security:
            assert headers["Authorization"] == "{{" + postman.TOKENS[next(iter(security[0]))] + "}}"
        else:
            assert "Authorization" not in headers
        if "body" in found[key]["request"]:
            json.loads(found[key]["request"]["body"]["raw"])


def test_the_search_examples_are_accepted_queries(tmp_path):
    found = requests_of(built(tmp_path))
    search = found["search POST /v1/compacts/:compact/providers/search"]["request"]["body"]["raw"]
    export = found["search POST /v1/compacts/:compact/privileges/export"]["request"]["body"]["raw"]
    SearchRequest.model_validate_json(search)
    ExportRequest.model_validate_json(export)
