"""Reference facts about member jurisdictions and compacts.

These are facts of the domain (postal codes, official names), not configuration: which
jurisdictions are *active* in which compact is per-environment stack configuration.
"""

from __future__ import annotations

JURISDICTION_NAMES: dict[str, str] = {
    "al": "Alabama", "ak": "Alaska", "az": "Arizona", "ar": "Arkansas", "ca": "California",
    "co": "Colorado", "ct": "Connecticut", "de": "Delaware", "dc": "District of Columbia",
    "fl": "Florida", "ga": "Georgia", "hi": "Hawaii", "id": "Idaho", "il": "Illinois",
    "in": "Indiana", "ia": "Iowa", "ks": "Kansas", "ky": "Kentucky", "la": "Louisiana",
    "me": "Maine", "md": "Maryland", "ma": "Massachusetts", "mi": "Michigan", "mn": "Minnesota",
    "ms": "Mississippi", "mo": "Missouri", "mt": "Montana", "ne": "Nebraska", "nv": "Nevada",
    "nh": "New Hampshire", "nj": "New Jersey", "nm": "New Mexico", "ny": "New York",
    "nc": "North Carolina", "nd": "North Dakota", "oh": "Ohio", "ok": "Oklahoma", "or": "Oregon",
    "pa": "Pennsylvania", "pr": "Puerto Rico", "ri": "Rhode Island", "sc": "South Carolina",
    "sd": "South Dakota", "tn": "Tennessee", "tx": "Texas", "ut": "Utah", "vt": "Vermont",
    "va": "Virginia", "vi": "Virgin Islands", "wa": "Washington", "wv": "West Virginia",
    "wi": "Wisconsin", "wy": "Wyoming",
}  # fmt: skip

# Home-jurisdiction values that are not member jurisdictions: moved away, or never registered.
OTHER_JURISDICTION = "other"
UNKNOWN_JURISDICTION = "unknown"

COMPACT_NAMES: dict[str, str] = {
    "aslp": "Audiology and Speech Language Pathology",
    "octp": "Occupational Therapy",
    "coun": "Counseling",
}


def jurisdiction_name(postal_abbreviation: str) -> str:
    """Official name of a jurisdiction; raises KeyError for an unknown postal code."""
    return JURISDICTION_NAMES[postal_abbreviation.lower()]
