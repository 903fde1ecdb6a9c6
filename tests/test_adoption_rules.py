"""The placement rules and the retain check of `scripts/adopt` on resources the emulator's CloudFormation
cannot create (CDK's bucket emptier, the feature flags' custom resource, the search domain, certificates),
and the reading of a YAML template and of stack names."""

from __future__ import annotations

from typing import Any

from core.user_pools import UserPoolName
from ops.adoption_rules import Fate, classify, retain_problems
from ops.adoption_sources import StackResource, deletion_order, read_stacks, stack_id
from tests.reference_templates import logical_id

RETAINED = {"deletion_policy": "Retain", "update_replace_policy": "Retain"}
STACK = "Prod-PersistentStack"


def resource(
    path: str, resource_type: str, physical: str = "", *, retained: bool = True, properties: Any = None
) -> StackResource:
    policies = RETAINED if retained else {}
    logical = logical_id(path)
    return StackResource(
        STACK, logical, resource_type, physical or path, properties=properties or {}, **policies
    )


def pool(path: str = "StaffUsersGreen") -> StackResource:
    return resource(path, "AWS::Cognito::UserPool", "us-east-1_AbC123")


def test_a_bucket_emptier_aimed_at_a_retained_bucket_is_a_problem():
    bucket = resource("ProviderUsersBucket", "AWS::S3::Bucket")
    emptier = resource(
        "ProviderUsersBucket/AutoDeleteObjectsCustomResource",
        "Custom::S3AutoDeleteObjects",
        retained=False,
        properties={"BucketName": {"Ref": bucket.logical_id}},
    )
    found = classify([bucket, emptier])

    (problem,) = retain_problems(found, [bucket, emptier])

    assert problem.startswith(f"{STACK}/{emptier.logical_id}") and "empties bucket" in problem
    retained_emptier = resource(
        "ProviderUsersBucket/AutoDeleteObjectsCustomResource",
        "Custom::S3AutoDeleteObjects",
        properties={"BucketName": {"Ref": bucket.logical_id}},
    )
    assert retain_problems(found, [bucket, retained_emptier]) == []  # retained: its handler never runs


def test_feature_flags_certificates_and_archives_are_kept_and_must_be_retained():
    kept = [
        resource("FeatureFlag-example-flag/CustomResource", "Custom::FeatureFlag", retained=False),
        resource("StaffAuthCert", "AWS::CertificateManager::Certificate", retained=False),
        resource("DataEventBus/DataEventBusArchive", "AWS::Events::Archive", retained=False),
    ]
    found = classify(kept)

    assert [p.resource for p in found.kept] == kept
    assert len(retain_problems(found, kept)) == 3


def test_the_search_domain_is_rebuilt_and_stateless_resources_are_only_counted():
    domain = resource("ProviderSearchDomain/Domain", "AWS::OpenSearchService::Domain", retained=False)
    api_certificate = resource(
        "LicenseApi/Certificate", "AWS::CertificateManager::Certificate", retained=False
    )
    function = resource("ScopeCustomizationHandler", "AWS::Lambda::Function", retained=False)

    found = classify([domain, api_certificate, function])

    assert [(p.resource, p.rule.fate) for p in found.replaced] == [(domain, Fate.REPLACE)]
    assert found.stateless == 2 and retain_problems(found, [domain, api_certificate, function]) == []


def test_a_pools_parts_are_found_through_its_id_and_others_are_not_guessed():
    staff = pool()
    ref = {"UserPoolId": {"Ref": staff.logical_id}}
    client = resource("StaffUsersGreen/UIClient", "AWS::Cognito::UserPoolClient", "client-id", properties=ref)
    other_client = resource(
        "StaffUsersGreen/ReportingClient", "AWS::Cognito::UserPoolClient", "other", properties=ref
    )
    stray = resource(
        "Elsewhere/Domain", "AWS::Cognito::UserPoolDomain", "x", properties={"UserPoolId": {"Ref": "Unknown"}}
    )
    secret = resource("PaymentSecret", "AWS::SecretsManager::Secret")

    found = classify([staff, client, other_client, stray, secret])

    assert found.pools[UserPoolName.STAFF].ui_clients == [client]
    assert found.unclassified == [secret, other_client, stray]


def test_two_domains_for_one_pool_are_two_candidates():
    staff = pool()
    ref = {"UserPoolId": {"Ref": staff.logical_id}}
    domains = [
        resource(
            f"StaffUsersGreen/{name}UserPoolDomain", "AWS::Cognito::UserPoolDomain", name, properties=ref
        )
        for name in ("Staff", "compact-connect-staff")
    ]

    assert classify([staff, *domains]).duplicates == {"userPools.staff domain": domains}


def test_stacks_are_deleted_last_wave_first_and_unknown_stacks_before_them():
    names = ["Prod-PersistentStack", "Prod-APIStack", "Prod-Extra", "Prod-StateAPIStack", "Prod-IngestStack"]

    assert deletion_order(names) == [
        "Prod-Extra",
        "Prod-APIStack",
        "Prod-IngestStack",
        "Prod-StateAPIStack",
        "Prod-PersistentStack",
    ]
    assert stack_id("Prod-StateAPIStack") == "StateAPIStack" and stack_id("APIStack") == "APIStack"


class _YamlStacks:
    """A CloudFormation client with one stack whose template is YAML with short intrinsic tags."""

    TEMPLATE = """
Resources:
  Key1234ABCD:
    Type: AWS::KMS::Key
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
  Table1234ABCD:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: !If [IsProd, Retain, Delete]
    Properties:
      SSESpecification: {KMSMasterKeyId: !GetAtt Key1234ABCD.Arn}
"""

    def describe_stacks(self, StackName: str) -> dict[str, Any]:
        return {
            "Stacks": [
                {"StackName": StackName, "StackId": f"arn:{StackName}", "StackStatus": "UPDATE_COMPLETE"}
            ]
        }

    def get_template(self, **_: Any) -> dict[str, Any]:
        return {"TemplateBody": self.TEMPLATE}

    def get_paginator(self, _: str) -> Any:
        summaries = [
            {"LogicalResourceId": "Key1234ABCD", "ResourceType": "AWS::KMS::Key", "PhysicalResourceId": "k"},
            {
                "LogicalResourceId": "Table1234ABCD",
                "ResourceType": "AWS::DynamoDB::Table",
                "PhysicalResourceId": "t",
            },
        ]
        return type("Pages", (), {"paginate": lambda self, **_: [{"StackResourceSummaries": summaries}]})()


def test_a_yaml_template_is_read_and_a_computed_policy_does_not_count_as_retaining():
    key, table = read_stacks(_YamlStacks(), ["Prod-PersistentStack"]).resources

    assert key.retained
    assert not table.retained and table.deletion_policy.startswith("computed: ")
    assert table.properties["SSESpecification"] == {"KMSMasterKeyId": {"Fn::GetAtt": "Key1234ABCD.Arn"}}
