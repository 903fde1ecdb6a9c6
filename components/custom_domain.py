"""A regional custom domain for an API: DNS-validated certificate, TLS 1.2, alias record."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.base import CompactConnectComponent
from components.config import StackConfig


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
        assert config.domain_name, "a custom domain needs the environment's domainName"
        zone = aws.route53.get_zone_output(name=config.domain_name, opts=pulumi.InvokeOptions(parent=self))
        self.certificate = aws.acm.Certificate(
            f"{name}-certificate",
            domain_name=host,
            validation_method="DNS",
            tags=self.tags,
            opts=self.child_opts(),
        )
        option = self.certificate.domain_validation_options[0]
        self.validation_record = aws.route53.Record(
            f"{name}-certificate-validation",
            zone_id=zone.zone_id,
            name=option.resource_record_name,
            type=option.resource_record_type,
            records=[option.resource_record_value],
            ttl=300,
            allow_overwrite=True,
            opts=self.child_opts(),
        )
        self.validation = aws.acm.CertificateValidation(
            f"{name}-certificate-validated",
            certificate_arn=self.certificate.arn,
            validation_record_fqdns=[self.validation_record.fqdn],
            opts=self.child_opts(),
        )
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
