"""EventBridge delivery on the emulator without compiling the same JSONPath expressions for every event.

For each event it delivers to each target, moto renders the target's input template from eight JSONPath
expressions, and compiles every one of them anew with ``jsonpath_ng.ext.parse`` — which builds a fresh
parser (its grammar tables included) per call: about a tenth of the emulator's time in an ingest, where
every row is two events. The expressions are the same eight strings every time and a compiled
expression is immutable, so the sandbox compiles each string once. moto looks ``parse`` up on
``jsonpath_ng.ext`` at every call, so replacing it there is all it takes; what an event becomes does not
change (``tests/sandbox/test_fast_events.py``).
"""

from __future__ import annotations

import functools

import jsonpath_ng.ext


def install() -> None:
    """Makes ``jsonpath_ng.ext.parse`` in this process remember what it compiled.

    Called once by ``sandbox.emulator.start_emulator`` (the sandbox is its own process)."""
    if not hasattr(jsonpath_ng.ext.parse, "cache_info"):
        jsonpath_ng.ext.parse = functools.lru_cache(maxsize=256)(jsonpath_ng.ext.parse)
