"""Custom domains: DNS-validated ACM certificates, and a regional API domain (TLS 1.2, alias record)."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.base import CompactConnectComponent
from components.config import StackConfig


def environment_zone(owner: CompactConnectComponent) -> pulumi.Output[aws.route53.GetZoneResult]:
    """The environment's public hosted zone (``domainName``), which the program does not manage."""
    assert owner.config.domain_name, "only environments with a domainName have a hosted zone"
    return aws.route53.get_zone_output(name=owner.config.domain_name, opts=pulumi.InvokeOptions(parent=owner))


def create_validated_certificate(
    owner: CompactConnectComponent, name: str, host: str, zone_id: pulumi.Input[str]
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


class ApiDomain(CompactConnectComponent):
    def __init__(
        self,
        name: str,
        config: StackConfig,
        host: str,
        rest_api_id: pulumi.Input[str],
        stage_name: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("ApiDomain", name, config, opts)
        zone = environment_zone(self)
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
