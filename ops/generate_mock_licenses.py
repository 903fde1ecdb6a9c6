"""`scripts/generate_mock_licenses`: realistic license rows for one compact and jurisdiction, as a CSV
file (for the bulk upload) or a JSON array (for ``POST .../licenses``).

Rows are valid by the upload rules (:mod:`licenses.schema`), with unique SSNs, plausible names,
addresses, dates and statuses, and the compact's license types (from the stack file, ``local`` by
default). ``--invalid-every K`` spoils every K-th row in one of several ways, to exercise the error
reports. Rows are written as they are made, so memory does not depend on ``--count``; the same
``--seed`` on the same day gives the same file.

    scripts/generate_mock_licenses --count 1000 --compact aslp --jurisdiction oh --out oh.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from licenses.fields import FIELDS

COLUMNS = [name for name in FIELDS if name != "previousSSN"]  # corrections are not enabled yet

GIVEN_NAMES = (
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas", "Mia",
    "Mateo", "Amelia", "Benjamin", "Harper", "Henry", "Evelyn", "Alexander", "Aaliyah", "Daniel",
    "Priya", "Wei", "Fatima", "José", "Chloé", "Nguyen", "Ana María", "Siobhán",
)  # fmt: skip
FAMILY_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
    "Nguyen", "Patel", "Kim", "O'Brien", "García-Márquez", "Van der Berg",
)  # fmt: skip
STREETS = (
    "Main", "Oak", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Pine", "Sunset",
    "Lincoln", "Jackson", "Church", "Highland", "Mill", "River", "Walnut", "Spring", "Ridge",
)  # fmt: skip
STREET_TYPES = ("St", "Ave", "Rd", "Blvd", "Ln", "Dr", "Ct", "Way")
CITIES = (
    "Springfield", "Franklin", "Greenville", "Bristol", "Clinton", "Fairview", "Salem", "Madison",
    "Georgetown", "Arlington", "Ashland", "Dover", "Oxford", "Jackson", "Burlington", "Manchester",
)  # fmt: skip
SUFFIXES = ("Jr.", "Sr.", "II", "III")

# Valid SSN areas: 001-899 except 666; groups 01-99; serials 0001-9999.
_AREAS = [area for area in range(1, 900) if area != 666]
_SSN_SPACE = len(_AREAS) * 99 * 9999


class SsnSequence:
    """Distinct, plausible SSNs in a seeded order: an affine bijection of the SSN space."""

    def __init__(self, rng: random.Random) -> None:
        self._step = rng.randrange(1, _SSN_SPACE)
        while any(self._step % prime == 0 for prime in (2, 3, 11, 101, 449)):  # the space's prime factors
            self._step += 1
        self._offset = rng.randrange(_SSN_SPACE)

    def __getitem__(self, index: int) -> str:
        value = (index * self._step + self._offset) % _SSN_SPACE
        area, rest = divmod(value, 99 * 9999)
        group, serial = divmod(rest, 9999)
        return f"{_AREAS[area]:03d}-{group + 1:02d}-{serial + 1:04d}"


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 1)))


def _initials(words: str) -> str:
    return "".join(word[0] for word in words.split()).upper()


def mock_row(
    rng: random.Random, ssn: str, license_types: tuple[str, ...], jurisdiction: str
) -> dict[str, str]:
    """One valid row; optional fields are present at plausible rates."""
    today = date.today()
    given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
    license_type = rng.choice(license_types)
    birth = _day(rng, date(1950, 1, 1), date(2000, 12, 31))
    issued = _day(rng, birth + timedelta(days=365 * 23), today)
    renewals = (today - issued).days // 730 if rng.random() < 0.9 else 0
    renewed = issued + timedelta(days=730 * renewals)
    expires = renewed + timedelta(days=730)
    active = expires >= today and rng.random() < 0.95
    row = {
        "ssn": ssn,
        "licenseType": license_type,
        "licenseStatus": "active" if active else "inactive",
        "licenseStatusName": "ACTIVE IN GOOD STANDING" if active else rng.choice(("EXPIRED", "LAPSED")),
        "compactEligibility": "eligible" if active and rng.random() < 0.9 else "ineligible",
        "licenseNumber": f"{_initials(license_type)}-{rng.randrange(10**7):07d}",
        "givenName": given,
        "familyName": family,
        "dateOfIssuance": issued.isoformat(),
        "dateOfExpiration": expires.isoformat(),
        "dateOfBirth": birth.isoformat(),
        "homeAddressStreet1": f"{rng.randrange(1, 9999)} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}",
        "homeAddressCity": rng.choice(CITIES),
        "homeAddressState": jurisdiction.upper(),
        "homeAddressPostalCode": f"{rng.randrange(501, 99951):05d}",
    }
    optional = {
        "middleName": (0.5, lambda: rng.choice(GIVEN_NAMES)),
        "suffix": (0.04, lambda: rng.choice(SUFFIXES)),
        "dateOfRenewal": (1.0 if renewals else 0.0, renewed.isoformat),
        "homeAddressStreet2": (0.15, lambda: f"Apt {rng.randrange(1, 400)}"),
        "npi": (0.6, lambda: f"1{rng.randrange(10**9):09d}"),
        "emailAddress": (0.7, lambda: f"{given}.{family}.{rng.randrange(10**4)}@example.com"),
        "phoneNumber": (0.6, lambda: f"+1{rng.randrange(2, 10)}{rng.randrange(10**9):09d}"),
    }
    for name, (rate, make) in optional.items():
        if rng.random() < rate:
            row[name] = make()
    if "emailAddress" in row:  # only ASCII letters in the generated address
        local = row["emailAddress"].encode("ascii", "ignore").decode().replace(" ", "").replace("'", "")
        row["emailAddress"] = local.lower()
    return row


SPOILERS: tuple[Callable[[dict[str, str]], object], ...] = (
    lambda row: row.update(ssn=row["ssn"].replace("-", "")),
    lambda row: row.update(licenseStatus="inactive", compactEligibility="eligible"),
    lambda row: row.pop("familyName"),
    lambda row: row.update(dateOfExpiration="2023-02-30"),
    lambda row: row.update(licenseType="veterinarian"),
    lambda row: row.update(phoneNumber="555-0100"),
    lambda row: row.update(givenName="X" * 101),
)
"""Ways of spoiling a row, each breaking exactly one rule."""


def mock_rows(
    count: int,
    license_types: tuple[str, ...],
    jurisdiction: str,
    seed: int | None = None,
    invalid_every: int = 0,
) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    ssns = SsnSequence(rng)
    for index in range(count):
        row = mock_row(rng, ssns[index], license_types, jurisdiction)
        if invalid_every and (index + 1) % invalid_every == 0:
            SPOILERS[(index + 1) // invalid_every % len(SPOILERS)](row)
        yield row


def write_csv(rows: Iterator[dict[str, str]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, dialect="excel")
    writer.writeheader()
    written = 0
    for row in rows:
        writer.writerow(row)
        written += 1
    return written


def write_json(rows: Iterator[dict[str, str]], out: TextIO) -> int:
    out.write("[")
    written = 0
    for written, row in enumerate(rows, 1):
        out.write(("\n" if written == 1 else ",\n") + json.dumps(row, ensure_ascii=False))
    out.write("\n]\n")
    return written


def generate(out: TextIO, rows: Iterator[dict[str, str]], fmt: str = "csv") -> int:
    """Write the rows in the format; returns how many were written."""
    return write_csv(rows, out) if fmt == "csv" else write_json(rows, out)


def license_types_of(compact: str, stack: str = "local") -> tuple[str, ...]:
    """The compact's license type names, from the stack's configuration."""
    from components.config import NAMESPACE, parse_stack_config
    from offline.stack_file import load_stack_config, namespace_values

    compacts = parse_stack_config(namespace_values(load_stack_config(stack), NAMESPACE)).compacts.compacts
    if compact not in compacts:
        raise SystemExit(f"unknown compact {compact!r} in stack {stack}: choose from {', '.join(compacts)}")
    return tuple(license_type.name for license_type in compacts[compact].license_types)


def main(argv: list[str] | None = None) -> int:
    command = argparse.ArgumentParser(prog="scripts/generate_mock_licenses", description=__doc__,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    command.add_argument("--count", type=int, required=True)
    command.add_argument("--compact", required=True)
    command.add_argument("--jurisdiction", required=True, help="postal code, e.g. oh")
    command.add_argument("--format", choices=("csv", "json"), default="csv")
    command.add_argument("--out", type=Path, help="file to write (default: standard output)")
    command.add_argument("--seed", type=int)
    command.add_argument("--invalid-every", type=int, default=0, metavar="K", help="spoil every K-th row")
    command.add_argument("--stack", default="local", help="stack file naming the compact's license types")
    args = command.parse_args(argv)
    if args.count < 0 or args.invalid_every < 0:
        command.error("--count and --invalid-every cannot be negative")
    rows = mock_rows(
        args.count,
        license_types_of(args.compact, args.stack),
        args.jurisdiction,
        args.seed,
        args.invalid_every,
    )
    if args.out is None:
        written = generate(sys.stdout, rows, args.format)
    else:
        with args.out.open("w", encoding="utf-8", newline="") as out:
            written = generate(out, rows, args.format)
    print(f"wrote {written} {args.format} rows to {args.out or 'stdout'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
