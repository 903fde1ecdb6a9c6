"""Masking SSN-shaped text wherever text of unknown content leaves the SSN boundary.

Error texts (pydantic and botocore quote input values) and values copied from an uploaded file into a
report can carry an SSN the code never meant to repeat: a state's file with an unbalanced quote can
pour the next row, SSN included, into a name. Such text is passed through :func:`redacted` first.
"""

from __future__ import annotations

import re

_SSN_LIKE = re.compile(r"(?<!\d)\d{3}-?\d{2}-?\d{4}(?!\d)")

SSN_MASK = "###-##-####"


def redacted(text: str) -> str:
    """The text with anything shaped like an SSN (nine digits, dashed or not) masked."""
    return _SSN_LIKE.sub(SSN_MASK, text)
