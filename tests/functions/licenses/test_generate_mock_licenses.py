"""`scripts/generate_mock_licenses`: its rows pass the upload rules, unless asked to spoil some."""

from __future__ import annotations

import io
import json
import random

from licenses.csv_reader import InvalidRow, ValidRow, read_licenses
from licenses.schema import RowValidator
from ops.generate_mock_licenses import SsnSequence, generate, main, mock_rows

LICENSE_TYPES = ("audiologist", "speech-language pathologist")
VALIDATOR = RowValidator(LICENSE_TYPES)


def csv_of(count: int, **options) -> bytes:
    out = io.StringIO()
    generate(out, mock_rows(count, LICENSE_TYPES, "oh", seed=7, **options))
    return out.getvalue().encode()


def test_generated_rows_are_valid_and_distinct():
    items = list(read_licenses(io.BytesIO(csv_of(2000)), VALIDATOR, "aslp", "oh"))

    assert all(isinstance(item, ValidRow) for item in items), [
        i.errors for i in items if isinstance(i, InvalidRow)
    ][:3]
    assert len({item.message["ssn"] for item in items}) == 2000
    assert {item.message["licenseType"] for item in items} == set(LICENSE_TYPES)


def test_every_kth_row_is_spoiled_in_one_way():
    items = list(read_licenses(io.BytesIO(csv_of(70, invalid_every=5)), VALIDATOR, "aslp", "oh"))

    invalid = [item for item in items if isinstance(item, InvalidRow)]
    assert [item.record_number for item in invalid] == list(range(5, 71, 5))
    assert all(len(item.errors) == 1 for item in invalid)
    assert len({next(iter(item.errors)) for item in invalid}) >= 6


def test_the_same_seed_gives_the_same_rows():
    assert csv_of(50) == csv_of(50)


def test_ssns_never_repeat_across_a_large_range():
    ssns = SsnSequence(random.Random(1))

    assert len({ssns[index] for index in range(200_000)}) == 200_000


def test_the_command_writes_json_for_the_post_endpoint(tmp_path):
    out = tmp_path / "rows.json"

    assert (
        main(
            [
                "--count",
                "3",
                "--compact",
                "coun",
                "--jurisdiction",
                "ky",
                "--format",
                "json",
                "--out",
                str(out),
            ]
        )
        == 0
    )

    rows = json.loads(out.read_text())
    assert len(rows) == 3 and {row["licenseType"] for row in rows} == {"licensed professional counselor"}
    assert all(RowValidator(["licensed professional counselor"]).validate(row)[1] is None for row in rows)
