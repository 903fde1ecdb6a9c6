"""A name that is a spreadsheet formula (issue #10, "CSV we write is safe to open").

The row schema accepts ``=HYPERLINK("http://x","y")`` as a family name: it is 26 characters of text,
and a name has no pattern. So it travels the whole upload pipeline — CSV upload, parser, preprocessing
queue, preprocessor, bus, ingest — and is stored exactly as the state sent it. It only becomes inert
where it is written for people: through :func:`core.csv_export.write_csv`, which any export must use
(none exists yet).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from core.csv_export import write_csv
from core.repositories.providers import ProviderRepository
from ingest import ingest, preprocess
from licenses.bulk_parser import lambda_handler
from licenses.schema import RowValidator
from tests.functions.ingest.conftest import sqs_event
from tests.functions.licenses.conftest import BUCKET, valid_row
from tests.functions.licenses.test_bulk_parser import s3_event
from tests.functions.licenses.test_csv_reader import COLUMNS, csv_bytes
from tests.functions.moto_clients import moto_client

FORMULA = '=HYPERLINK("http://x","y")'
KEY = "aslp/oh/0123456789abcdef0123456789abcdef"


def _delivered(handler: Any, bodies: list[Any], lambda_context: Any) -> None:
    assert handler.lambda_handler(sqs_event(*bodies), lambda_context)["batchItemFailures"] == []


def test_the_row_schema_accepts_a_formula_as_a_name():
    row, errors = RowValidator(["audiologist"]).validate(valid_row(familyName=FORMULA, givenName="@cmd"))

    assert errors is None and row is not None
    assert (row["familyName"], row["givenName"]) == (FORMULA, "@cmd")


def test_a_formula_name_is_stored_as_received_and_exported_inert(aws, bucket, queue, events, lambda_context):
    upload = csv_bytes([valid_row(familyName=FORMULA, middleName="+1-1")], COLUMNS)
    moto_client("s3").put_object(Bucket=BUCKET, Key=KEY, Body=upload, ContentType="text/csv")

    lambda_handler(s3_event(KEY), lambda_context)
    [message] = queue.messages()
    assert (message["familyName"], message["middleName"]) == (FORMULA, "+1-1")
    _delivered(preprocess, [message], lambda_context)
    _delivered(ingest, events.all(), lambda_context)

    stored = [item for item in aws["provider"].scan()["Items"] if item["type"] in ("provider", "license")]
    assert sorted(item["type"] for item in stored) == ["license", "provider"]
    assert {(item["familyName"], item["middleName"]) for item in stored} == {(FORMULA, "+1-1")}

    records = ProviderRepository(aws["provider"]).records("aslp", stored[0]["providerId"])
    [license_record] = records.licenses
    out = io.StringIO(newline="")
    write_csv(out, ["givenName", "middleName", "familyName"], [license_record.model_dump(by_alias=True)])
    [_header, cells] = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert cells == ["Ada", "'+1-1", "'" + FORMULA]  # shown as text by a spreadsheet, never evaluated
