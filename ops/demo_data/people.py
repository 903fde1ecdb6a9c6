"""Made-up people: names, contact details and home addresses for demo licenses.

Drawn from the mock-license generator's name and street lists, so demo data and mock license files look
alike; every value comes from the caller's seeded ``Random``.
"""

from __future__ import annotations

import random
import unicodedata
from typing import Any

from ops.generate_mock_licenses import CITIES, FAMILY_NAMES, GIVEN_NAMES, STREET_TYPES, STREETS, SUFFIXES


def ascii_name(text: str) -> str:
    """``text`` folded to lower-case ASCII letters and digits, fit for an email address."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(char for char in folded.lower() if char.isalnum())


def email_name(given: str, family: str) -> str:
    """The ``given.family`` start of a person's email addresses."""
    return f"{ascii_name(given)}.{ascii_name(family)}"


def phone_number(rng: random.Random) -> str:
    """A US number in E.164 form."""
    return f"+1{rng.randrange(2, 10)}{rng.randrange(10**9):09d}"


def identity(rng: random.Random) -> dict[str, Any]:
    """A person's license fields: always a name, often an NPI, email address and phone number."""
    given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
    person: dict[str, Any] = {"given_name": given, "family_name": family}
    if rng.random() < 0.5:
        person["middle_name"] = rng.choice(GIVEN_NAMES)
    if rng.random() < 0.04:
        person["suffix"] = rng.choice(SUFFIXES)
    if rng.random() < 0.6:
        person["npi"] = f"1{rng.randrange(10**9):09d}"
    if rng.random() < 0.7:
        person["email_address"] = f"{email_name(given, family)}.{rng.randrange(10**4)}@example.com"
    if rng.random() < 0.6:
        person["phone_number"] = phone_number(rng)
    return person


def address(rng: random.Random, jurisdiction: str) -> dict[str, Any]:
    """A home address in ``jurisdiction`` (a second line only sometimes: ``None`` removes an old one)."""
    home = {
        "home_address_street1": f"{rng.randrange(1, 9999)} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}",
        "home_address_city": rng.choice(CITIES),
        "home_address_state": jurisdiction.upper(),
        "home_address_postal_code": f"{rng.randrange(501, 99951):05d}",
        "home_address_street2": None,
    }
    if rng.random() < 0.15:
        home["home_address_street2"] = f"Apt {rng.randrange(1, 400)}"
    return home
