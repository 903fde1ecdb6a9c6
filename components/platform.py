"""Account- and bundle-level pieces every function and API shares."""

from __future__ import annotations

import json
from pathlib import Path

import pulumi
import pulumi_aws as aws

from components.base import CompactConnectComponent
from components.config import StackConfig

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS_DIR = ROOT / "functions"
LAYER_DIR = ROOT / "build" / "layer"
RUNTIME = "python3.13"


class FunctionBundle(CompactConnectComponent):
    """The code bundle (the ``functions/`` tree) and the third-party dependency layer.

    The layer directory is produced by ``scripts/build_layer`` (aarch64 manylinux wheels of the
    ``runtime`` extra); the deploy workflow runs it before ``pulumi up``.
    """

    def __init__(self, config: StackConfig, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("FunctionBundle", "Functions", config, opts)
        self.code = pulumi.FileArchive(str(FUNCTIONS_DIR))
        self.layer = aws.lambda_.LayerVersion(
            "RuntimeDependencies",
            layer_name=f"{config.name_prefix}-runtime-dependencies",
            description="Third-party dependencies of the functions (runtime extra of pyproject.toml)",
            code=pulumi.FileArchive(str(LAYER_DIR)),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=["arm64"],
            opts=self.child_opts(),
        )
        self.register_outputs({"layerArn": self.layer.arn})


class ApiGatewayAccount(CompactConnectComponent):
    """API Gateway's CloudWatch role is an account-wide setting: declared once, not per API."""

    def __init__(self, config: StackConfig, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("ApiGatewayAccount", "ApiGatewayAccount", config, opts)
        self.role = aws.iam.Role(
            "ApiGatewayCloudWatchRole",
            assume_role_policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "apigateway.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                }
            ),
            tags=self.tags,
            opts=self.child_opts(),
        )
        self.push_logs = aws.iam.RolePolicyAttachment(
            "ApiGatewayPushToCloudWatchLogs",
            role=self.role.name,
            policy_arn="arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
            opts=self.child_opts(),
        )
        self.account = aws.apigateway.Account(
            "ApiGatewayAccountSettings",
            cloudwatch_role_arn=self.role.arn,
            opts=self.child_opts(depends_on=[self.push_logs]),
        )
        self.register_outputs({})
