"""Python's cyclic garbage collector, set for the sandbox: a server whose heap is mostly built at start.

By the time the sandbox serves, its process holds about 280,000 objects that live as long as it does:
botocore's service models, moto's backends, the handlers' modules. The collector's full collections
walked all of them again, every few seconds of an ingest: about 6% of a busy sandbox's time (issue #12,
measured with ``gc.callbacks``: 2.6 s of full collections in a 60-second, 4,000-row ingest). :func:`settle`
moves what exists at start into the collector's permanent generation (``gc.freeze``, as the Lambda
handlers do after their init phase), so that its work follows what the requests allocate, not what the
sandbox is.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Called once the sandbox is up (its tables made, its demo data seeded): freezes what exists."""
    gc.collect()
    gc.freeze()
