"""S3's POST policy rules (sandbox.s3_post_policy), each both ways: what S3 stores and what it refuses,
with S3's status, code and message."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from licenses.uploads import MAX_UPLOAD_BYTES
from sandbox.emulator import ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY
from sandbox.s3_post_policy import PostForm, PostRefused, check_post, policy_signature
from tests.sandbox.conftest import BUCKET, form_of, presign


def check(form: PostForm, now: datetime | None = None) -> None:
    check_post(form, {ACCESS_KEY_ID: SECRET_ACCESS_KEY}, REGION, now or datetime.now(UTC))


def refusal(form: PostForm, now: datetime | None = None) -> PostRefused:
    with pytest.raises(PostRefused) as refused:
        check(form, now)
    return refused.value


def policy_failed(condition: list) -> tuple[int, str, str]:
    return (
        403,
        "AccessDenied",
        f"Invalid according to Policy: Policy Condition failed: {json.dumps(condition)}",
    )


def answer(refused: PostRefused) -> tuple[int, str, str]:
    return refused.status, refused.code, refused.message


def expiration_of(presigned: dict) -> datetime:
    policy = json.loads(base64.b64decode(presigned["fields"]["policy"]))
    return datetime.fromisoformat(policy["expiration"])


def signed(document: object, fields: dict[str, str] | None = None) -> PostForm:
    """A form whose policy is ``document`` (JSON-encoded unless a str), validly signed."""
    template = presign()
    encoded = (
        document if isinstance(document, str) else base64.b64encode(json.dumps(document).encode()).decode()
    )
    date = template["fields"]["x-amz-credential"].split("/")[1]
    signature = policy_signature(SECRET_ACCESS_KEY, date, REGION, encoded)
    return form_of(template, {"policy": encoded, "x-amz-signature": signature, **(fields or {})})


# ---- the State API's bulk-upload POST --------------------------------------------------------


def test_the_bulk_upload_post_is_accepted_as_issued(bulk_upload):
    check(form_of(bulk_upload()))


def test_a_key_rewritten_to_another_jurisdiction_is_refused(bulk_upload):
    upload = bulk_upload()
    key = upload["fields"]["key"]

    refused = refusal(form_of(upload, {"key": key.replace("aslp/oh/", "aslp/ky/")}))

    assert answer(refused) == policy_failed(["eq", "$key", key])


@pytest.mark.parametrize("content_type", ["application/json", "text/csv; charset=utf-8", None])
def test_any_content_type_but_text_csv_is_refused(bulk_upload, content_type):
    refused = refusal(form_of(bulk_upload(), {"Content-Type": content_type}))

    assert answer(refused) == policy_failed(["eq", "$Content-Type", "text/csv"])


@pytest.mark.parametrize("size", [1, MAX_UPLOAD_BYTES])
def test_a_file_within_the_size_range_is_accepted(bulk_upload, size):
    check(form_of(bulk_upload(), size=size))


def test_an_empty_file_is_too_small(bulk_upload):
    refused = refusal(form_of(bulk_upload(), size=0))

    assert (refused.status, refused.code) == (400, "EntityTooSmall")
    assert refused.details == {"ProposedSize": 0, "MinSizeAllowed": 1}


def test_a_file_over_30_mb_is_too_large(bulk_upload):
    refused = refusal(form_of(bulk_upload(), size=MAX_UPLOAD_BYTES + 1))

    assert (refused.status, refused.code) == (400, "EntityTooLarge")
    assert refused.details == {"ProposedSize": MAX_UPLOAD_BYTES + 1, "MaxSizeAllowed": MAX_UPLOAD_BYTES}


def test_the_policy_expires_at_its_expiration(bulk_upload):
    upload = bulk_upload()
    expiration = expiration_of(upload)

    check(form_of(upload), now=expiration - timedelta(seconds=1))
    refused = refusal(form_of(upload), now=expiration)

    assert answer(refused) == (403, "AccessDenied", "Invalid according to Policy: Policy expired.")


def test_a_form_posted_to_another_bucket_is_refused(bulk_upload):
    refused = refusal(form_of(bulk_upload(), bucket="cc-sandbox-provider-users"))

    assert answer(refused) == policy_failed(["eq", "$bucket", BUCKET])


# ---- fields the policy does not name ---------------------------------------------------------


def test_a_field_no_condition_names_is_refused(bulk_upload):
    refused = refusal(form_of(bulk_upload(), {"x-amz-meta-owner": "ky"}))

    assert answer(refused) == (
        403,
        "AccessDenied",
        "Invalid according to Policy: Extra input fields: x-amz-meta-owner",
    )


def test_x_ignore_fields_need_no_condition(bulk_upload):
    check(form_of(bulk_upload(), {"x-ignore-submit": "Upload"}))


def test_field_names_match_whatever_their_case(bulk_upload):
    upload = bulk_upload()
    renamed = {name.title(): value for name, value in upload["fields"].items()}

    check(PostForm(bucket=BUCKET, fields=list(renamed.items()), files=[("file", 5)]))


def test_a_field_sent_twice_is_refused(bulk_upload):
    upload = bulk_upload()
    form = form_of(upload)
    twice = PostForm(form.bucket, [*form.fields, ("Key", "aslp/ky/other")], form.files)

    refused = refusal(twice)

    assert (refused.status, refused.code) == (400, "InvalidArgument")


@pytest.mark.parametrize("files", [[], [("file", 5), ("file", 5)], [("upload", 5)]])
def test_exactly_one_file_named_file_is_required(bulk_upload, files):
    form = form_of(bulk_upload())

    refused = refusal(PostForm(form.bucket, form.fields, files))

    assert (refused.status, refused.code, refused.details) == (
        400,
        "InvalidArgument",
        {"ArgumentName": "file"},
    )


def test_a_form_without_a_key_is_refused(bulk_upload):
    refused = refusal(form_of(bulk_upload(), {"key": None}))

    assert (refused.status, refused.code, refused.details) == (
        400,
        "InvalidArgument",
        {"ArgumentName": "key"},
    )


# ---- condition kinds -------------------------------------------------------------------------


STATUS = "$success_action_status"


@pytest.mark.parametrize(
    ("condition", "value", "failed"),
    [
        (["eq", STATUS, "201"], "201", None),
        (["eq", STATUS, "201"], "200", ["eq", STATUS, "201"]),
        ({"success_action_status": "201"}, "201", None),
        ({"success_action_status": "201"}, "200", ["eq", STATUS, "201"]),
        (["starts-with", STATUS, "2"], "204", None),
        (["starts-with", STATUS, "2"], "303", ["starts-with", STATUS, "2"]),
        (["starts-with", STATUS, ""], "303", None),
    ],
)
def test_eq_exact_and_starts_with_conditions(condition, value, failed):
    """``failed`` is how S3 quotes the condition it refuses on; None when the form is accepted."""
    form = form_of(presign({"success_action_status": value}, [condition]))

    if failed is None:
        check(form)
    else:
        assert answer(refusal(form)) == policy_failed(failed)


def test_a_condition_on_a_field_the_form_lacks_fails():
    form = form_of(presign(conditions=[["starts-with", "$x-amz-meta-owner", ""]]))

    assert answer(refusal(form)) == policy_failed(["starts-with", "$x-amz-meta-owner", ""])


def test_a_key_prefix_condition_holds_only_inside_the_prefix():
    """botocore signs ``starts-with $key`` for a key ending in ``${filename}``."""
    upload = presign(key="aslp/oh/${filename}")

    check(form_of(upload, {"key": "aslp/oh/licenses.csv"}))
    assert answer(refusal(form_of(upload, {"key": "aslp/ky/licenses.csv"}))) == policy_failed(
        ["starts-with", "$key", "aslp/oh/"]
    )


@pytest.mark.parametrize(
    ("content_type", "accepted"), [("text/csv,text/plain", True), ("text/csv,application/json", False)]
)
def test_starts_with_on_content_type_holds_for_each_listed_type(content_type, accepted):
    form = form_of(presign({"Content-Type": content_type}, [["starts-with", "$Content-Type", "text/"]]))

    if accepted:
        check(form)
    else:
        assert refusal(form).code == "AccessDenied"


def test_content_length_range_bounds_the_file_not_the_form():
    upload = presign(conditions=[["content-length-range", 10, 20]])

    check(form_of(upload, size=10))
    check(form_of(upload, size=20))
    assert refusal(form_of(upload, size=9)).code == "EntityTooSmall"
    assert refusal(form_of(upload, size=21)).code == "EntityTooLarge"


# ---- signature ---------------------------------------------------------------------------------


def test_a_form_without_a_policy_is_anonymous_and_refused(bulk_upload):
    form = form_of(bulk_upload(), {"policy": None, "x-amz-signature": None})

    assert answer(refusal(form)) == (403, "AccessDenied", "Access Denied")


def test_a_policy_without_a_signature_is_refused(bulk_upload):
    refused = refusal(form_of(bulk_upload(), {"x-amz-signature": None}))

    assert (refused.status, refused.code, refused.details) == (
        400,
        "InvalidArgument",
        {"ArgumentName": "x-amz-signature"},
    )


def test_a_rewritten_policy_no_longer_matches_its_signature(bulk_upload):
    upload = bulk_upload()
    key = upload["fields"]["key"]
    rewritten = key.replace("aslp/oh/", "aslp/ky/")
    policy = base64.b64decode(upload["fields"]["policy"]).decode().replace(key, rewritten)
    forged = base64.b64encode(policy.encode()).decode()

    refused = refusal(form_of(upload, {"key": rewritten, "policy": forged}))

    assert (refused.status, refused.code) == (403, "SignatureDoesNotMatch")


def test_a_policy_signed_with_another_secret_is_refused():
    refused = refusal(form_of(presign(secret="not-the-sandbox-secret")))

    assert (refused.status, refused.code) == (403, "SignatureDoesNotMatch")


def test_a_policy_signed_by_an_unknown_access_key_is_refused():
    refused = refusal(form_of(presign(access_key="AKIAEXAMPLE")))

    assert (refused.status, refused.code, refused.details) == (
        403,
        "InvalidAccessKeyId",
        {"AWSAccessKeyId": "AKIAEXAMPLE"},
    )


def test_a_policy_signed_for_another_region_is_refused():
    refused = refusal(form_of(presign(region="eu-west-1")))

    assert (refused.status, refused.code) == (400, "AuthorizationHeaderMalformed")


def test_signature_version_2_is_refused(bulk_upload):
    form = form_of(
        bulk_upload(),
        {
            "x-amz-algorithm": None,
            "x-amz-credential": None,
            "x-amz-date": None,
            "x-amz-signature": None,
            "AWSAccessKeyId": ACCESS_KEY_ID,
            "signature": "c2lnbmF0dXJl",
        },
    )

    refused = refusal(form)

    assert (refused.status, refused.code) == (400, "InvalidRequest")


# ---- the policy document -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("bm90IGpzb24=", "Invalid Policy: Invalid JSON."),
        ({"conditions": []}, "Invalid Policy: Policy missing expiration."),
        ({"expiration": "2999-01-01T00:00:00Z"}, "Invalid Policy: Policy missing conditions."),
        ({"expiration": "soon", "conditions": []}, "Invalid Policy: Invalid 'expiration' value: \"soon\""),
        (
            {"expiration": "2999-01-01T00:00:00Z", "conditions": [["ends-with", "$key", "x"]]},
            "Invalid Policy: Invalid Condition: unknown operator 'ends-with'",
        ),
        (
            {"expiration": "2999-01-01T00:00:00Z", "conditions": [{"key": "a", "acl": "b"}]},
            "Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property "
            "specified.",
        ),
    ],
)
def test_a_malformed_policy_is_an_invalid_policy_document(document, message):
    assert answer(refusal(signed(document))) == (400, "InvalidPolicyDocument", message)


def test_a_signed_policy_of_our_own_making_is_held_to_its_conditions():
    """The signing in these tests is S3's: a well-formed, validly signed policy is accepted."""
    document = {
        "expiration": "2999-01-01T00:00:00.000Z",
        "conditions": [
            {"bucket": BUCKET},
            ["starts-with", "$key", "aslp/oh/"],
            {"x-amz-algorithm": "AWS4-HMAC-SHA256"},
            ["starts-with", "$x-amz-credential", "sandbox/"],
            ["starts-with", "$x-amz-date", ""],
        ],
    }

    check(signed(document))
    assert refusal(signed(document, {"key": "aslp/ky/upload"})).code == "AccessDenied"
