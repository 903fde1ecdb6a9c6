"""The environment's SES sending domain (spec/infra.md §1.4, ``UserEmailNotifications``).

Cognito sends invitations, verification codes and risk notifications from ``no-reply@<domain>``
through this identity instead of its own capped, unbranded mailer. Deliverability needs Easy DKIM,
a custom MAIL FROM domain with SPF (so SPF aligns with the From domain) and a DMARC policy; the
identity policy lets only this account's user pools send as the domain.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Self

import pulumi
import pulumi_aws as aws
from pydantic import Field, model_validator

from components.args import AccountId, ComponentArgs, EnvironmentName, Region, refuse
from components.base import CompactConnectComponent
from components.config import Environment
from components.custom_domain import environment_zone

DKIM_TOKEN_COUNT = 3
"""Easy DKIM always publishes three CNAME selectors."""
SPF_RECORD = "v=spf1 include:amazonses.com ~all"
NO_REPLY_LOCAL_PART = "no-reply"
RECORD_TTL = 1800


def _token(tokens: pulumi.Output[Sequence[str]], index: int, template: str) -> pulumi.Output[str]:
    """One DKIM token placed in a record name or value (``template`` has a ``{token}`` field)."""
    return tokens.apply(lambda values: template.format(token=values[index]))


class EmailIdentityArgs(ComponentArgs):
    environment: EnvironmentName
    domain_name: str = Field(
        min_length=1, description="The sending domain; its hosted zone gets the records."
    )
    account_id: AccountId
    region: Region
    dmarc_report_email: str | None = Field(
        default=None,
        description="Receives DMARC aggregate reports; without it no DMARC policy (p=reject) is published.",
    )

    @model_validator(mode="after")
    def _guard_rails(self) -> Self:
        if self.environment is Environment.PROD and not self.dmarc_report_email:
            refuse(
                "dmarc_report_email",
                "required in prod: without a DMARC policy anyone can send mail in the domain's name",
            )
        return self


class EmailIdentity(CompactConnectComponent[EmailIdentityArgs]):
    """Attributes: ``domain``, ``identity`` (sesv2), ``arn`` (resolves once SES has verified the
    domain, so a user pool that uses it waits for verification), ``no_reply_address``,
    ``mail_from_domain``, ``records`` and ``policy``."""

    def __init__(
        self, name: str, args: EmailIdentityArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("EmailIdentity", name, args, opts)
        self.domain = args.domain_name
        self.no_reply_address = f"{NO_REPLY_LOCAL_PART}@{self.domain}"
        self.mail_from_domain = f"{NO_REPLY_LOCAL_PART}.{self.domain}"
        zone_id = environment_zone(self, self.domain).zone_id

        self.identity = aws.sesv2.EmailIdentity(
            name,
            email_identity=self.domain,
            dkim_signing_attributes=aws.sesv2.EmailIdentityDkimSigningAttributesArgs(
                next_signing_key_length="RSA_2048_BIT"
            ),
            tags=self.tags,
            opts=self.child_opts(),
        )
        tokens = self.identity.dkim_signing_attributes.apply(lambda attributes: attributes.tokens or [])
        dkim_records = [
            self._record(
                f"{name}-dkim-{index}",
                zone_id,
                _token(tokens, index, "{token}._domainkey." + self.domain),
                "CNAME",
                _token(tokens, index, "{token}.dkim.amazonses.com"),
            )
            for index in range(DKIM_TOKEN_COUNT)
        ]
        self.mail_from = aws.sesv2.EmailIdentityMailFromAttributes(
            f"{name}-mail-from",
            email_identity=self.identity.email_identity,
            mail_from_domain=self.mail_from_domain,
            behavior_on_mx_failure="USE_DEFAULT_VALUE",
            opts=self.child_opts(),
        )
        self.records = [
            *dkim_records,
            self._record(
                f"{name}-mail-from-mx",
                zone_id,
                self.mail_from_domain,
                "MX",
                f"10 feedback-smtp.{args.region}.amazonses.com",
            ),
            self._record(f"{name}-mail-from-spf", zone_id, self.mail_from_domain, "TXT", SPF_RECORD),
        ]
        if args.dmarc_report_email:
            dmarc = f"v=DMARC1;p=reject;rua=mailto:{args.dmarc_report_email}"
            self.records.append(self._record(f"{name}-dmarc", zone_id, f"_dmarc.{self.domain}", "TXT", dmarc))

        # The v1 verification waiter polls GetIdentityVerificationAttributes until DKIM has verified
        # the domain (the reference's Custom::SESIdentityVerification); Cognito rejects an
        # unverified SourceArn, so the ARN consumers see only resolves after it.
        self.verification = aws.ses.DomainIdentityVerification(
            f"{name}-verified",
            domain=self.identity.email_identity,
            opts=self.child_opts(depends_on=dkim_records),
        )
        self.arn: pulumi.Output[str] = pulumi.Output.all(self.identity.arn, self.verification.id).apply(
            lambda values: values[0]
        )
        self.policy = aws.sesv2.EmailIdentityPolicy(
            f"{name}-cognito-sends",
            email_identity=self.identity.email_identity,
            policy_name="CognitoUserPoolsSend",
            policy=self.identity.arn.apply(self._cognito_send_policy),
            opts=self.child_opts(),
        )
        self.register_outputs({"domain": self.domain, "arn": self.arn})

    def _record(
        self,
        name: str,
        zone_id: pulumi.Input[str],
        record_name: pulumi.Input[str],
        record_type: str,
        value: pulumi.Input[str],
    ) -> aws.route53.Record:
        return aws.route53.Record(
            name,
            zone_id=zone_id,
            name=record_name,
            type=record_type,
            records=[value],
            ttl=RECORD_TTL,
            opts=self.child_opts(),
        )

    def _cognito_send_policy(self, identity_arn: str) -> str:
        """Cognito sends on the pool's behalf as its service principal; the source conditions stop
        a user pool in another account from naming this identity as its SourceArn."""
        account, region = self.args.account_id, self.args.region
        statement = {
            "Sid": "CognitoUserPoolsInThisAccount",
            "Effect": "Allow",
            "Principal": {"Service": "cognito-idp.amazonaws.com"},
            "Action": ["ses:SendEmail", "ses:SendRawEmail"],
            "Resource": identity_arn,
            "Condition": {
                "StringEquals": {"aws:SourceAccount": account},
                "ArnLike": {"aws:SourceArn": f"arn:aws:cognito-idp:{region}:{account}:userpool/*"},
            },
        }
        return json.dumps({"Version": "2012-10-17", "Statement": [statement]})
