"""Builders of compliant application resources (messaging, Lambda, API, Cognito) for the policy tests."""

from __future__ import annotations

import json
from typing import Any

from bootstrap.boundary import boundary_arn
from policies.aws_types import EC2_FLOW_LOG, EC2_VPC, OPENSEARCH_DOMAIN
from policies.model import ResourceView
from tests.policies.policy_builders import arn, data, doc, res, tags, tls_deny

# ---- Messaging ------------------------------------------------------------------------------------


def queue(name: str, key: ResourceView, dlq: ResourceView | None = None, **props: Any) -> ResourceView:
    base: dict[str, Any] = {"kmsMasterKeyId": arn("kms", f"key/{key.name}"), "tags": tags()}
    deps: dict[str, list[ResourceView]] = {"kmsMasterKeyId": [key]}
    if dlq is not None:
        base["redrivePolicy"] = json.dumps(
            {"deadLetterTargetArn": arn("sqs", dlq.name), "maxReceiveCount": 3}
        )
        deps["redrivePolicy"] = [dlq]
    return res("aws:sqs/queue:Queue", name, {**base, **props}, deps=deps)


def queue_policy(target: ResourceView, policy: str | None = None) -> ResourceView:
    return res(
        "aws:sqs/queuePolicy:QueuePolicy",
        f"{target.name}-policy",
        {"queueUrl": f"https://sqs/{target.name}", "policy": policy or doc(tls_deny())},
        deps={"queueUrl": [target]},
    )


def topic(name: str, key: ResourceView, **props: Any) -> ResourceView:
    return res("aws:sns/topic:Topic", name, {"kmsMasterKeyId": key.name, "tags": tags(), **props})


def topic_policy(target: ResourceView, policy: str | None = None) -> ResourceView:
    return res(
        "aws:sns/topicPolicy:TopicPolicy",
        f"{target.name}-policy",
        {"arn": arn("sns", target.name), "policy": policy or doc(tls_deny())},
        deps={"arn": [target]},
    )


# ---- IAM, Lambda and logs -------------------------------------------------------------------------


def role(name: str, *statements: dict[str, Any], ssn: bool = False, **props: Any) -> ResourceView:
    trust = doc(
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    )
    inline = [{"name": "access", "policy": doc(*statements)}] if statements else []
    marker = {"SsnAccess": "true"} if ssn else {}
    base = {
        "assumeRolePolicy": trust,
        "inlinePolicies": inline,
        "tags": tags(**marker),
        "permissionsBoundary": boundary_arn("123456789012"),
    }
    return res("aws:iam/role:Role", name, {**base, **props})


def log_group(name: str, **props: Any) -> ResourceView:
    return res(
        "aws:cloudwatch/logGroup:LogGroup",
        name,
        {"name": name, "retentionInDays": 30, "tags": tags(), **props},
    )


def function(
    name: str, fn_role: ResourceView, group: ResourceView | None = None, **props: Any
) -> ResourceView:
    base: dict[str, Any] = {"name": name, "runtime": "python3.14", "role": arn("iam", f"role/{fn_role.name}")}
    base.update(timeout=29, tags=tags())
    deps = {"role": [fn_role]}
    if group is not None:
        base["loggingConfig"] = {"logFormat": "JSON", "logGroup": group.get("name")}
        deps["loggingConfig"] = [group]
    return res("aws:lambda/function:Function", name, {**base, **props}, deps=deps)


def lambda_set(name: str, **props: Any) -> list[ResourceView]:
    """A function with its own role and log group."""
    fn_role = role(f"{name}-role")
    group = log_group(f"/aws/lambda/{name}")
    return [fn_role, group, function(name, fn_role, group, **props)]


# ---- API Gateway and WAF --------------------------------------------------------------------------

STAFF_AUTH = "StaffAuthorizer"


def openapi(paths: dict[str, dict[str, Any]], **extra: Any) -> dict[str, Any]:
    scheme = {
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "x-amazon-apigateway-authtype": "cognito_user_pools",
        "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools", "providerARNs": ["arn:pool"]},
    }
    return {
        "openapi": "3.0.1",
        "paths": paths,
        "components": {"securitySchemes": {STAFF_AUTH: scheme}},
        **extra,
    }


def secured(*scopes: str) -> dict[str, Any]:
    return {"security": [{STAFF_AUTH: list(scopes)}]}


def rest_api(
    body: dict[str, Any] | None = None, handlers: list[ResourceView] | None = None, **props: Any
) -> ResourceView:
    if body is None:
        body = openapi({"/v1/compacts/{compact}": {"get": secured("aslp/readGeneral"), "options": {}}})
    base = {
        "name": "license-api",
        "body": json.dumps(body),
        "disableExecuteApiEndpoint": True,
        "tags": tags(),
    }
    return res(
        "aws:apigateway/restApi:RestApi", "license-api", {**base, **props}, deps={"body": handlers or []}
    )


def api_set(api: ResourceView | None = None) -> list[ResourceView]:
    """An API with a traced, logged, metered, WAF-protected stage and a TLS 1.2 custom domain."""
    api = api or rest_api()
    access_logs = log_group("api-access-logs")
    stage = res(
        "aws:apigateway/stage:Stage",
        "prod-blue",
        {
            "stageName": "prod-blue",
            "restApi": "api-id",
            "xrayTracingEnabled": True,
            "accessLogSettings": {"destinationArn": arn("logs", "log-group:api"), "format": "{}"},
            "tags": tags(),
        },
        deps={"restApi": [api], "accessLogSettings": [access_logs]},
    )
    settings = res(
        "aws:apigateway/methodSettings:MethodSettings",
        "prod-blue-settings",
        {
            "restApi": "api-id",
            "stageName": "prod-blue",
            "methodPath": "*/*",
            "settings": {"metricsEnabled": True},
        },
        deps={"restApi": [api], "stageName": [stage]},
    )
    acl = res(
        "aws:wafv2/webAcl:WebAcl",
        "api-acl",
        {
            "scope": "REGIONAL",
            "rules": [
                {"name": "RateLimit", "statement": {"rateBasedStatement": {"limit": 1000}}},
                {
                    "name": "CRSRule",
                    "statement": {
                        "managedRuleGroupStatement": {
                            "name": "AWSManagedRulesCommonRuleSet",
                            "vendorName": "AWS",
                        }
                    },
                },
            ],
            "tags": tags(),
        },
    )
    association = res(
        "aws:wafv2/webAclAssociation:WebAclAssociation",
        "api-acl-association",
        {"resourceArn": "arn:stage", "webAclArn": "arn:acl"},
        deps={"resourceArn": [stage], "webAclArn": [acl]},
    )
    domain = res(
        "aws:apigateway/domainName:DomainName",
        "api-domain",
        {"domainName": "api.compactconnect.org", "securityPolicy": "TLS_1_2", "tags": tags()},
    )
    return [api, access_logs, stage, settings, acl, association, domain]


# ---- Cognito ----------------------------------------------------------------------------------------


def user_pool(name: str = "staff-users", **props: Any) -> ResourceView:
    base = {
        "name": name,
        "mfaConfiguration": "ON",
        "userPoolAddOns": {"advancedSecurityMode": "ENFORCED"},
        "userPoolTier": "PLUS",
        "deletionProtection": "ACTIVE",
        "adminCreateUserConfig": {"allowAdminCreateUserOnly": True},
        "tags": tags(),
    }
    return data("aws:cognito/userPool:UserPool", name, {**base, **props})


def risk_configuration(pool: ResourceView, event_action: str = "BLOCK") -> ResourceView:
    actions = {"actions": {"eventAction": event_action}}
    return res(
        "aws:cognito/riskConfiguration:RiskConfiguration",
        f"{pool.name}-risk",
        {"userPoolId": "pool-id", "compromisedCredentialsRiskConfiguration": actions},
        deps={"userPoolId": [pool]},
    )


def user_pool_client(pool: ResourceView, **props: Any) -> ResourceView:
    base = {
        "userPoolId": "pool-id",
        "allowedOauthFlows": ["code"],
        "callbackUrls": ["https://app.compactconnect.org/auth/callback"],
        "logoutUrls": ["https://app.compactconnect.org/Logout"],
        "accessTokenValidity": 5,
        "idTokenValidity": 5,
        "tokenValidityUnits": {"accessToken": "minutes", "idToken": "minutes"},
    }
    return res(
        "aws:cognito/userPoolClient:UserPoolClient",
        f"{pool.name}-client",
        {**base, **props},
        deps={"userPoolId": [pool]},
    )


def search_domain(**changes: Any) -> ResourceView:
    """A domain as the SearchDomain component builds it for prod, with ``changes`` to its inputs."""
    props: dict[str, Any] = {
        "encryptAtRest": {"enabled": True, "kmsKeyId": "arn:aws:kms:us-east-1:111111111111:key/k"},
        "nodeToNodeEncryption": {"enabled": True},
        "domainEndpointOptions": {"enforceHttps": True, "tlsSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
        "vpcOptions": {"subnetIds": ["subnet-a", "subnet-b", "subnet-c"], "securityGroupIds": ["sg-1"]},
        "clusterConfig": {"dedicatedMasterEnabled": True, "multiAzWithStandbyEnabled": True},
        "logPublishingOptions": [
            {
                "logType": kind,
                "cloudwatchLogGroupArn": f"arn:aws:logs:us-east-1:111111111111:log-group:{kind}",
            }
            for kind in ("ES_APPLICATION_LOGS", "SEARCH_SLOW_LOGS", "INDEX_SLOW_LOGS")
        ],
    }
    props.update(changes)
    props.setdefault("tags", tags())
    return res(OPENSEARCH_DOMAIN, "search", props)


def network() -> list[ResourceView]:
    """A VPC and its flow log."""
    vpc = res(EC2_VPC, "vpc", {"cidrBlock": "10.0.0.0/16", "tags": tags()})
    return [vpc, res(EC2_FLOW_LOG, "flow-log", {"trafficType": "ALL", "tags": tags()}, deps={"vpcId": [vpc]})]
