"""Custom domains: DNS-validated ACM certificates, and a regional API domain (TLS 1.2, alias record)."""

from __future__ import annotations

from typing import Any, Self

import pulumi
import pulumi_aws as aws
from pydantic import Field, model_validator

from components.args import ComponentArgs, check_host
from components.base import CompactConnectComponent


def environment_zone(
    owner: CompactConnectComponent[Any], domain_name: str
) -> pulumi.Output[aws.route53.GetZoneResult]:
    """The environment's public hosted zone (``domainName``), which the program does not manage."""
    return aws.route53.get_zone_output(name=domain_name, opts=pulumi.InvokeOptions(parent=owner))


def create_validated_certificate(
    owner: CompactConnectComponent[Any], name: str, host: str, zone_id: pulumi.Input[str]
) -> aws.acm.CertificateValidation:
    """An ACM certificate for ``host``, validated by a record in the environment's zone.

    Consumers use the returned validation's ``certificate_arn``, so nothing attaches the certificate
    (API Gateway, Cognito) before ACM has issued it.
    """
    certificate = aws.acm.Certificate(
        f"{name}-certificate",
        domain_name=host,
        validation_method="DNS",
        tags=owner.tags,
        opts=owner.child_opts(),
    )
    option = certificate.domain_validation_options[0]
    record = aws.route53.Record(
        f"{name}-certificate-validation",
        zone_id=zone_id,
        name=option.resource_record_name,
        type=option.resource_record_type,
        records=[option.resource_record_value],
        ttl=300,
        allow_overwrite=True,
        opts=owner.child_opts(),
    )
    return aws.acm.CertificateValidation(
        f"{name}-certificate-validated",
        certificate_arn=certificate.arn,
        validation_record_fqdns=[record.fqdn],
        opts=owner.child_opts(),
    )


class ApiDomainArgs(ComponentArgs):
    host: str = Field(description="The API's custom host name, e.g. `api.<domain_name>`.")
    domain_name: str = Field(description="The environment's hosted zone, where the certificate and alias go.")

    @model_validator(mode="after")
    def _guard_rails(self) -> Self:
        check_host(self.host, self.domain_name)
        return self


class ApiDomain(CompactConnectComponent[ApiDomainArgs]):
    """A regional custom domain for one API stage: TLS 1.2 at least, a DNS-validated certificate and
    an alias record in the environment's zone."""

    def __init__(
        self,
        name: str,
        args: ApiDomainArgs,
        rest_api_id: pulumi.Input[str],
        stage_name: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("ApiDomain", name, args, opts)
        host = args.host
        zone = environment_zone(self, args.domain_name)
        self.validation = create_validated_certificate(self, name, host, zone.zone_id)
        self.domain = aws.apigateway.DomainName(
            f"{name}-domain",
            domain_name=host,
            regional_certificate_arn=self.validation.certificate_arn,
            endpoint_configuration=aws.apigateway.DomainNameEndpointConfigurationArgs(types="REGIONAL"),
            security_policy="TLS_1_2",
            tags=self.tags,
            opts=self.child_opts(),
        )
        self.mapping = aws.apigateway.BasePathMapping(
            f"{name}-mapping",
            rest_api=rest_api_id,
            stage_name=stage_name,
            domain_name=self.domain.domain_name,
            opts=self.child_opts(),
        )
        self.alias = aws.route53.Record(
            f"{name}-alias",
            zone_id=zone.zone_id,
            name=host,
            type="A",
            aliases=[
                aws.route53.RecordAliasArgs(
                    name=self.domain.regional_domain_name,
                    zone_id=self.domain.regional_zone_id,
                    evaluate_target_health=False,
                )
            ],
            opts=self.child_opts(),
        )
        self.register_outputs({"host": host})
