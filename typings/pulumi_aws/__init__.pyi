"""mypy's view of ``pulumi_aws``'s package module, and only mypy's (``mypy_path``; Python never reads it).

The real package module imports every one of the provider's services for type checkers, so a cold mypy
run parsed 3,140 of its files — 85 of its 113 seconds — to check the few services this program uses.
Here the package names only those, and the provider class; their modules are still the provider's own,
checked in full. A component that starts using another service gets ``Module has no attribute`` until it
is added below.
"""

from pulumi_aws import acm as acm
from pulumi_aws import apigateway as apigateway
from pulumi_aws import backup as backup
from pulumi_aws import chatbot as chatbot
from pulumi_aws import cloudwatch as cloudwatch
from pulumi_aws import cognito as cognito
from pulumi_aws import dynamodb as dynamodb
from pulumi_aws import ec2 as ec2
from pulumi_aws import iam as iam
from pulumi_aws import kms as kms
from pulumi_aws import lambda_ as lambda_
from pulumi_aws import opensearch as opensearch
from pulumi_aws import pipes as pipes
from pulumi_aws import route53 as route53
from pulumi_aws import s3 as s3
from pulumi_aws import secretsmanager as secretsmanager
from pulumi_aws import ses as ses
from pulumi_aws import sesv2 as sesv2
from pulumi_aws import sfn as sfn
from pulumi_aws import sns as sns
from pulumi_aws import sqs as sqs
from pulumi_aws import wafv2 as wafv2
from pulumi_aws._inputs import ProviderAssumeRoleArgs as ProviderAssumeRoleArgs
from pulumi_aws._inputs import ProviderDefaultTagsArgs as ProviderDefaultTagsArgs
from pulumi_aws.provider import Provider as Provider
