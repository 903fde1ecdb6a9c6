"""Every account's state backend: the bucket `pulumi login` points at and the key of the awskms secrets
provider, kept whatever happens to the stack, and the exact commands operators are told to run."""

from __future__ import annotations

from tests.bootstrap.runs import document, statement

BUCKET = "aws:s3/bucket:Bucket"
KEY = "aws:kms/key:Key"


def _companion(run, token: str, bucket: str):
    [found] = [r for r in run.of_type(token) if r.inputs.get("bucket") == bucket]
    return found


def test_the_state_bucket_is_encrypted_with_the_state_key_versioned_private_and_logged(any_account):
    run = any_account
    name = f"{run.config.name_prefix}-pulumi-state-{run.config.account_id}"
    key = run.named(KEY, "PulumiStateKey")
    bucket = run.named(BUCKET, "PulumiStateBucket")
    assert bucket.inputs["bucket"] == name == run.outputs["stateBucket"]
    assert (bucket.protect, bucket.retain_on_delete) == (True, True)

    encryption = _companion(
        run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name
    )
    default = encryption.inputs["rules"][0]["applyServerSideEncryptionByDefault"]
    assert default == {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": key.outputs["arn"]}
    versioning = _companion(run, "aws:s3/bucketVersioning:BucketVersioning", name)
    assert versioning.inputs["versioningConfiguration"]["status"] == "Enabled"
    block = _companion(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name)
    flags = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    assert all(block.inputs[flag] is True for flag in flags)
    logging = _companion(run, "aws:s3/bucketLogging:BucketLogging", name)
    logs = run.named(BUCKET, "AccessLogsBucket")
    assert (
        logging.inputs["targetBucket"]
        == logs.inputs["bucket"]
        == f"{run.config.name_prefix}-access-logs-{run.config.account_id}"
    )

    policy = document(_companion(run, "aws:s3/bucketPolicy:BucketPolicy", name), "policy")
    assert statement(policy, "DenyInsecureTransport")["Condition"] == {
        "Bool": {"aws:SecureTransport": "false"}
    }
    assert statement(policy, "DenyOtherAccounts")["Condition"] == {
        "StringNotEquals": {"aws:PrincipalAccount": run.config.account_id}
    }
    lifecycle = _companion(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name)
    assert lifecycle.inputs["rules"][0]["noncurrentVersionExpiration"] == {"noncurrentDays": 365}


def test_the_state_key_rotates_and_is_found_by_its_alias(any_account):
    run = any_account
    key = run.named(KEY, "PulumiStateKey")
    assert key.inputs["enableKeyRotation"] is True
    assert key.inputs["deletionWindowInDays"] == 30
    assert (key.protect, key.retain_on_delete) == (True, True)
    [alias] = [a for a in run.of_type("aws:kms/alias:Alias") if a.name == "PulumiStateKeyAlias"]
    assert alias.inputs["name"] == "alias/compact-connect-pulumi-state"
    root = statement(document(key, "policy"), "AccountAdministersAndDelegates")
    assert root["Principal"] == {"AWS": f"arn:aws:iam::{run.config.account_id}:root"}


def test_prod_access_logs_are_locked_as_the_main_programs_are(any_account):
    run = any_account
    locks = run.of_type("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration")
    if run.config.environment_name == "prod":
        [lock] = locks
        assert lock.inputs["rule"]["defaultRetention"] == {"mode": "COMPLIANCE", "days": 90}
    else:
        assert locks == []


def test_outputs_are_the_exact_commands_to_use_the_backend(environment_account):
    run = environment_account
    env, region = run.config.environment_name, run.config.region
    bucket = run.outputs["stateBucket"]
    provider = f"awskms://alias/compact-connect-pulumi-state?region={region}"
    assert run.outputs["backendUrl"] == f"s3://{bucket}?region={region}"
    assert run.outputs["pulumiLogin"] == f"pulumi login 's3://{bucket}?region={region}'"
    assert run.outputs["secretsProvider"] == provider
    assert run.outputs["stackInit"] == (
        f"pulumi stack init organization/compact-connect/{env} --secrets-provider='{provider}'"
    )
    bootstrap_stack = f"organization/compact-connect-bootstrap/{run.stack}"
    assert run.outputs["bootstrapStackInit"] == (
        f"pulumi stack init {bootstrap_stack} --secrets-provider='{provider}'"
    )
