"""The WSGI gate in front of the emulator (sandbox.s3_post_gate): refused uploads never reach moto and
are answered with S3's XML error; accepted ones reach it with the body intact; other calls pass."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from xml.etree import ElementTree

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Request, Response

from sandbox.emulator import ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY
from sandbox.s3_post_gate import S3PostPolicyGate
from tests.sandbox.conftest import BUCKET, CSV


class Moto:
    """Stands in for moto's app: records what reaches it."""

    def __init__(self) -> None:
        self.seen: list[tuple[dict[str, str], bytes]] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        upload = request.files.get("file")
        self.seen.append((dict(request.form), upload.read() if upload else request.get_data()))
        return Response(status=204)(environ, start_response)


@pytest.fixture
def moto() -> Moto:
    return Moto()


@pytest.fixture
def client(moto: Moto) -> Client:
    return Client(S3PostPolicyGate(moto, {ACCESS_KEY_ID: SECRET_ACCESS_KEY}, REGION))


def post(client: Client, fields: dict[str, str], content: bytes = CSV) -> Any:
    data = {**fields, "file": (BytesIO(content), "licenses.csv", "text/csv")}
    return client.post(f"/{BUCKET}", data=data, content_type="multipart/form-data")


def test_an_accepted_upload_reaches_moto_with_its_form_and_file(client, moto, bulk_upload):
    fields = bulk_upload()["fields"]

    response = post(client, fields)

    assert response.status_code == 204
    assert moto.seen == [(fields, CSV)]


def test_a_refused_upload_is_answered_with_s3s_error_and_never_reaches_moto(client, moto, bulk_upload):
    fields = bulk_upload()["fields"]
    rewritten = fields["key"].replace("aslp/oh/", "aslp/ky/")

    response = post(client, {**fields, "key": rewritten})

    assert response.status_code == 403
    assert response.mimetype == "application/xml"
    error = ElementTree.fromstring(response.data)
    assert error.findtext("Code") == "AccessDenied"
    assert error.findtext("Message") == (
        f'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "{fields["key"]}"]'
    )
    assert moto.seen == []


def test_size_refusals_carry_s3s_size_elements(client, moto, bulk_upload):
    response = post(client, bulk_upload()["fields"], content=b"")

    error = ElementTree.fromstring(response.data)
    assert (response.status_code, error.findtext("Code")) == (400, "EntityTooSmall")
    assert (error.findtext("ProposedSize"), error.findtext("MinSizeAllowed")) == ("0", "1")
    assert moto.seen == []


def test_a_file_sent_as_a_text_field_is_the_content(client, moto, bulk_upload):
    fields = bulk_upload()["fields"]

    response = client.post(f"/{BUCKET}", data={**fields, "file": ""}, content_type="multipart/form-data")

    assert ElementTree.fromstring(response.data).findtext("Code") == "EntityTooSmall"


def test_other_calls_pass_untouched(client, moto):
    client.post("/", data=b'{"TableName": "t"}', content_type="application/x-amz-json-1.0")
    client.post(f"/{BUCKET}?delete", data=b"<Delete/>", content_type="application/xml")
    client.get(f"/{BUCKET}/aslp/oh/x")

    assert [body for _form, body in moto.seen] == [b'{"TableName": "t"}', b"<Delete/>", b""]
