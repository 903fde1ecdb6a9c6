"""Runs the search index manager on deploy (``search.index_manager``), the way the configuration upload
runs its uploader: an invocation whose input is the index layout itself (the mapping version and a
digest of the mapping and settings), so a changed layout runs it again on the next ``pulumi up`` and an
unchanged one does not. The manager is idempotent; a new mapping version then waits for
``scripts/reindex`` (docs/deploy.md)."""

from __future__ import annotations

import hashlib
import json

import pulumi
import pulumi_aws as aws

from components.args import ComponentArgs
from components.base import CompactConnectComponent
from components.lambda_function import LambdaFunction
from search.index_layout import MAPPING_VERSION, index_body


def layout_digest() -> str:
    return hashlib.sha256(json.dumps(index_body(), sort_keys=True).encode()).hexdigest()


class SearchIndices(CompactConnectComponent[ComponentArgs]):
    def __init__(
        self,
        args: ComponentArgs,
        manager: LambdaFunction,
        domain_policy: aws.opensearch.DomainPolicy,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("SearchIndices", "SearchIndices", args, opts)
        self.invocation = aws.lambda_.Invocation(
            "SearchIndexManager",
            function_name=manager.function.name,
            input=json.dumps({"mappingVersion": MAPPING_VERSION, "layout": layout_digest()}),
            opts=self.child_opts(depends_on=[domain_policy]),
        )
        self.register_outputs({})
