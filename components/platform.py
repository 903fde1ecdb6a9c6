"""Account- and bundle-level pieces every function and API shares."""

from __future__ import annotations

from pathlib import Path

import pulumi
import pulumi_aws as aws

from components.args import ComponentArgs, NamePrefix
from components.base import CompactConnectComponent
from components.trust import service_trust_policy

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS_DIR = ROOT / "functions"
LAYER_DIR = ROOT / "build" / "layer"
RUNTIME = "python3.13"


class FunctionBundleArgs(ComponentArgs):
    """The layer is named per environment, so environments sharing an account keep their own."""

    name_prefix: NamePrefix


class FunctionBundle(CompactConnectComponent[FunctionBundleArgs]):
    """The code bundle (the ``functions/`` tree) and the third-party dependency layer.

    The layer directory is produced by ``scripts/build_layer`` (aarch64 manylinux wheels of the
    ``runtime`` extra); the deploy workflow runs it before ``pulumi up``.
    """

    def __init__(self, args: FunctionBundleArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("FunctionBundle", "Functions", args, opts)
        self.code = pulumi.FileArchive(str(FUNCTIONS_DIR))
        self.layer = aws.lambda_.LayerVersion(
            "RuntimeDependencies",
            layer_name=f"{args.name_prefix}-runtime-dependencies",
            description="Third-party dependencies of the functions (runtime extra of pyproject.toml)",
            code=pulumi.FileArchive(str(LAYER_DIR)),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=["arm64"],
            opts=self.child_opts(),
        )
        self.register_outputs({"layerArn": self.layer.arn})


class ApiGatewayAccount(CompactConnectComponent[ComponentArgs]):
    """API Gateway's CloudWatch role is an account-wide setting: declared once, not per API. Its
    only settings are the common ones (tags)."""

    def __init__(self, args: ComponentArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("ApiGatewayAccount", "ApiGatewayAccount", args, opts)
        self.role = aws.iam.Role(
            "ApiGatewayCloudWatchRole",
            assume_role_policy=service_trust_policy("apigateway.amazonaws.com"),
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
