"""WSGI middleware in front of the emulator that holds browser-based S3 uploads to their POST policy.

Every ``multipart/form-data`` POST is a browser-based upload (POST Object is the only AWS call sent
that way): the gate reads the form, asks ``sandbox.s3_post_policy`` whether S3 would store it, and
either answers with S3's XML error (so moto stores nothing, and no notification or ingest follows)
or hands moto the request with its body intact. Every other request goes straight to moto.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from io import BytesIO
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element, SubElement, tostring

from werkzeug.datastructures import FileStorage
from werkzeug.formparser import parse_form_data
from werkzeug.http import parse_options_header
from werkzeug.wrappers import Response
from werkzeug.wsgi import get_input_stream

from sandbox.s3_post_policy import PostForm, PostRefused, check_post

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


class S3PostPolicyGate:
    """Wraps a WSGI app (moto's server app) and refuses the browser-based uploads S3 would refuse."""

    def __init__(
        self,
        app: WSGIApplication,
        secrets: Mapping[str, str],
        region: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.app = app
        self.secrets = dict(secrets)
        self.region = region
        self.clock = clock

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if not is_browser_upload(environ):
            return self.app(environ, start_response)
        body = get_input_stream(environ).read()
        try:
            check_post(read_form(with_body(environ, body)), self.secrets, self.region, self.clock())
        except PostRefused as refusal:
            return error_response(refusal)(environ, start_response)
        return self.app(with_body(environ, body), start_response)


def is_browser_upload(environ: Mapping[str, Any]) -> bool:
    mimetype, _options = parse_options_header(environ.get("CONTENT_TYPE", ""))
    return environ.get("REQUEST_METHOD") == "POST" and mimetype == "multipart/form-data"


def read_form(environ: WSGIEnvironment) -> PostForm:
    """The bucket (path-style, else the virtual host's first label), text fields and file sizes.

    A ``file`` sent as a text field is the upload's content, as S3 and moto both take it.
    """
    _stream, form, files = parse_form_data(environ)
    fields = [(name, value) for name, value in form.items(multi=True) if name.lower() != "file"]
    contents = [
        (name, len(value.encode())) for name, value in form.items(multi=True) if name.lower() == "file"
    ]
    contents += [(name, _size(storage)) for name, storage in files.items(multi=True)]
    return PostForm(bucket=_bucket(environ), fields=fields, files=contents)


def error_response(refusal: PostRefused) -> Response:
    """S3's XML error document for a refusal."""
    error = Element("Error")
    SubElement(error, "Code").text = refusal.code
    SubElement(error, "Message").text = refusal.message
    for name, value in refusal.details.items():
        SubElement(error, name).text = str(value)
    SubElement(error, "RequestId").text = uuid.uuid4().hex[:16].upper()
    document = b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(
        error, encoding="utf-8", xml_declaration=False
    )
    return Response(document, status=refusal.status, content_type="application/xml")


def with_body(environ: WSGIEnvironment, body: bytes) -> WSGIEnvironment:
    """The request again, readable from the start: a gate reads the body once, and moto reads it again."""
    replay = dict(environ)
    replay["wsgi.input"] = BytesIO(body)
    replay["CONTENT_LENGTH"] = str(len(body))
    replay.pop("HTTP_TRANSFER_ENCODING", None)
    replay["wsgi.input_terminated"] = False
    return replay


def _bucket(environ: Mapping[str, Any]) -> str:
    segment = environ.get("PATH_INFO", "").lstrip("/").split("/", 1)[0]
    return segment or environ.get("HTTP_HOST", "").split(".", 1)[0]


def _size(storage: FileStorage) -> int:
    storage.stream.seek(0, os.SEEK_END)
    return storage.stream.tell()
