"""Runs the compact-configuration uploader on deploy (replaces the reference's custom resource).

The invocation's input is the data itself (active member jurisdictions per compact and the
attestations file), so any change to either re-runs the uploader on the next ``pulumi up``; the
uploader is idempotent, so re-running with the same data writes nothing new.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

import pulumi
import pulumi_aws as aws
import yaml
from pydantic import Field

from components.args import ComponentArgs
from components.base import CompactConnectComponent
from components.lambda_function import LambdaFunction
from core.compacts import CompactCatalog

ATTESTATIONS_FILE = Path(__file__).resolve().parent.parent / "config" / "attestations.yml"


class HasCompacts(Protocol):
    """The stack config (the sandbox) and the component's args (AWS) both carry the compacts."""

    @property
    def compacts(self) -> CompactCatalog: ...


def uploader_payload(source: HasCompacts) -> dict[str, object]:
    """What the uploader receives: the same payload in AWS and in the local sandbox."""
    attestations = yaml.safe_load(ATTESTATIONS_FILE.read_text())["attestations"]
    return {
        "compacts": {
            compact: list(definition.active_jurisdictions)
            for compact, definition in source.compacts.compacts.items()
        },
        "attestations": attestations,
    }


class ConfigurationUploadArgs(ComponentArgs):
    compacts: CompactCatalog = Field(description="Compacts and their active member jurisdictions to upload.")


class ConfigurationUpload(CompactConnectComponent[ConfigurationUploadArgs]):
    def __init__(
        self,
        args: ConfigurationUploadArgs,
        uploader: LambdaFunction,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("ConfigurationUpload", "ConfigurationUpload", args, opts)
        self.invocation = aws.lambda_.Invocation(
            "CompactConfigurationUpload",
            function_name=uploader.function.name,
            input=json.dumps(uploader_payload(args), sort_keys=True),
            opts=self.child_opts(),
        )
        self.register_outputs({})
