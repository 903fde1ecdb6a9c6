"""Identifiers drawn from a seeded ``Random`` rather than ``uuid4``, so a seed always writes the same ids."""

from __future__ import annotations

import random
import uuid


def seeded_uuid(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID made of ``rng``'s next 128 bits."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)
