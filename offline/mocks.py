"""Pulumi mocks that answer like AWS would: realistic ids and ARNs, and a monitor that records
what the engine would see (parent, protect, retainOnDelete, property dependencies).

The recorded resources feed the component tests and the CrossGuard rules in the offline preview.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs
from pulumi.runtime.sync_await import _sync_await


@dataclass
class RecordedResource:
    """One registered resource, as the engine (and CrossGuard) would see it."""

    type: str
    name: str
    urn: str
    id: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    custom: bool
    parent_urn: str | None
    protect: bool
    retain_on_delete: bool
    dependencies: dict[str, list[str]] = field(default_factory=dict)
    import_id: str | None = None  # the existing resource the engine would adopt (the ``import`` option)


def _short_hash(*parts: str) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:8]


class AwsMocks(pulumi.runtime.Mocks):
    """Computes the outputs AWS would return for a resource, so ARNs and ids look real."""

    def __init__(self, account_id: str, region: str) -> None:
        self.account_id = account_id
        self.region = region

    def new_resource(self, args: MockResourceArgs) -> tuple[str, dict]:
        inputs = dict(args.inputs)
        physical = (
            inputs.get("name")
            or (inputs.get("bucket") if args.typ == "aws:s3/bucket:Bucket" else None)
            or f"{args.name}-{_short_hash(args.typ, args.name)}"
        )
        resource_id = physical
        adopted = _adopted_id(args.typ, args.resource_id)
        if adopted:
            physical = resource_id = adopted  # ids and ARNs of the existing resource
        outputs = dict(inputs)
        module = args.typ.removeprefix("aws:").partition(":")[0]
        service = module.split("/")[0]
        arn = self._arn(args.typ, service, physical, inputs)
        if args.typ == "aws:kms/key:Key":
            resource_id = (
                adopted or f"{_short_hash(args.name)}-0000-4000-8000-{_short_hash(args.typ, args.name)}0000"
            )
            arn = f"arn:aws:kms:{self.region}:{self.account_id}:key/{resource_id}"
            outputs["keyId"] = resource_id
        elif args.typ == "aws:apigateway/restApi:RestApi":
            resource_id = _short_hash(args.name) + "ab"
            outputs["rootResourceId"] = _short_hash("root", args.name)
            outputs["executionArn"] = f"arn:aws:execute-api:{self.region}:{self.account_id}:{resource_id}"
            arn = f"arn:aws:apigateway:{self.region}::/restapis/{resource_id}"
        elif args.typ == "aws:cognito/userPool:UserPool":
            resource_id = adopted or f"{self.region}_{_short_hash(args.name).upper()}x"
            arn = f"arn:aws:cognito-idp:{self.region}:{self.account_id}:userpool/{resource_id}"
            outputs["endpoint"] = f"cognito-idp.{self.region}.amazonaws.com/{resource_id}"
        elif args.typ == "aws:sqs/queue:Queue":
            resource_id = f"https://sqs.{self.region}.amazonaws.com/{self.account_id}/{physical}"
            outputs["url"] = resource_id
        elif args.typ == "aws:dynamodb/table:Table" and inputs.get("streamEnabled"):
            outputs["streamArn"] = f"{arn}/stream/2026-01-01T00:00:00.000"
        elif args.typ == "aws:apigateway/domainName:DomainName":
            outputs["regionalDomainName"] = (
                f"d-{_short_hash(physical)}.execute-api.{self.region}.amazonaws.com"
            )
            outputs["regionalZoneId"] = "Z1UJRXOUMOOFQ8"
        elif args.typ == "aws:acm/certificate:Certificate":
            outputs["domainValidationOptions"] = [
                {
                    "domainName": inputs.get("domainName"),
                    "resourceRecordName": f"_{_short_hash(physical)}.{inputs.get('domainName')}.",
                    "resourceRecordType": "CNAME",
                    "resourceRecordValue": f"_{_short_hash('v', physical)}.acm-validations.aws.",
                }
            ]
        elif args.typ == "aws:cognito/userPoolClient:UserPoolClient":
            resource_id = adopted or hashlib.sha256(f"client/{args.name}".encode()).hexdigest()[:26]
        elif args.typ == "aws:cognito/userPoolDomain:UserPoolDomain":
            resource_id = inputs["domain"]
            outputs["cloudfrontDistribution"] = f"d{_short_hash('cloudfront', resource_id)}.cloudfront.net"
            outputs["cloudfrontDistributionZoneId"] = "Z2FDTNDATAQYW2"  # CloudFront's fixed zone
        elif args.typ == "aws:sesv2/emailIdentity:EmailIdentity":
            resource_id = inputs["emailIdentity"]
            arn = f"arn:aws:ses:{self.region}:{self.account_id}:identity/{resource_id}"
            outputs["identityType"] = "DOMAIN"
            outputs["dkimSigningAttributes"] = {
                **inputs.get("dkimSigningAttributes", {}),
                "signingAttributesOrigin": "AWS_SES",
                "tokens": [_short_hash("dkim", str(index), resource_id) * 4 for index in range(3)],
            }
        elif args.typ == "aws:lambda/function:Function":
            outputs["invokeArn"] = (
                f"arn:aws:apigateway:{self.region}:lambda:path/2015-03-31/functions/{arn}/invocations"
            )
        outputs.setdefault("arn", arn)
        outputs.setdefault("id", resource_id)
        return resource_id, outputs

    def _arn(self, typ: str, service: str, physical: str, inputs: dict[str, Any]) -> str:
        acct, region = self.account_id, self.region
        match typ:
            case "aws:dynamodb/table:Table":
                return f"arn:aws:dynamodb:{region}:{acct}:table/{physical}"
            case "aws:s3/bucket:Bucket":
                bucket = inputs.get("bucket") or physical
                return f"arn:aws:s3:::{bucket}"
            case "aws:iam/role:Role":
                return f"arn:aws:iam::{acct}:role/{physical}"
            case "aws:iam/policy:Policy":
                return f"arn:aws:iam::{acct}:policy/{physical}"
            case "aws:lambda/function:Function":
                return f"arn:aws:lambda:{region}:{acct}:function:{physical}"
            case "aws:cloudwatch/logGroup:LogGroup":
                return f"arn:aws:logs:{region}:{acct}:log-group:{physical}"
            case "aws:cloudwatch/eventBus:EventBus":
                return f"arn:aws:events:{region}:{acct}:event-bus/{physical}"
            case "aws:sns/topic:Topic":
                return f"arn:aws:sns:{region}:{acct}:{physical}"
            case "aws:sqs/queue:Queue":
                return f"arn:aws:sqs:{region}:{acct}:{physical}"
            case "aws:kms/alias:Alias":
                return f"arn:aws:kms:{region}:{acct}:{physical}"
            case _:
                return f"arn:aws:{service.replace('_', '')}:{region}:{acct}:{physical}"

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The result of a provider function, and no per-property failures."""
        return self._call(args), []

    def _call(self, args: MockCallArgs) -> dict[str, Any]:
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                "accountId": self.account_id,
                "arn": f"arn:aws:iam::{self.account_id}:root",
                "userId": self.account_id,
                "id": self.account_id,
            }
        if args.token == "aws:index/getRegion:getRegion":
            return {"name": self.region, "region": self.region, "id": self.region}
        if args.token == "aws:route53/getZone:getZone":
            name = args.args.get("name", "example.org")
            return {"zoneId": f"Z{_short_hash(name).upper()}ZONE", "id": name, "name": name}
        if args.token == "aws:iam/getPolicyDocument:getPolicyDocument":
            return {"json": json.dumps(args.args), "id": "policy"}
        return {}


class RecordingMonitor(MockMonitor):
    """A mock monitor that also records component resources and engine-level options."""

    def __init__(self, mocks: AwsMocks) -> None:
        super().__init__(mocks)
        self.recorded: dict[str, RecordedResource] = {}

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        if request.type == "pulumi:pulumi:Stack":
            return response
        urn = response.urn
        registration = self.resources.get(urn)
        inputs = _sync_await(_deserialize(request.object))
        dependencies = {key: list(value.urns) for key, value in request.propertyDependencies.items()}
        self.recorded[urn] = RecordedResource(
            type=request.type,
            name=request.name,
            urn=urn,
            id=registration.id if registration else "",
            inputs=inputs,
            outputs=dict(registration.state) if registration else {},
            custom=bool(request.custom),
            parent_urn=request.parent or None,
            protect=bool(request.protect),
            retain_on_delete=bool(request.retainOnDelete),
            dependencies=dependencies,
            import_id=request.importId or None,
        )
        return response


def _adopted_id(typ: str, import_id: str | None) -> str | None:
    """The id AWS gives the existing resource an ``import`` names: the import id, but for the kinds
    whose import id also names their parent (a client ``pool/client``, a resource server ``pool|name``)."""
    if not import_id:
        return None
    if typ == "aws:cognito/userPoolClient:UserPoolClient":
        return import_id.rsplit("/", 1)[-1]
    return import_id


async def _deserialize(struct: Any) -> dict[str, Any]:
    return rpc.deserialize_properties(struct)
