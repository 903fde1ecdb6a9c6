"""Finding the method that serves an AWS action without listing a class's members on every request.

For every request it answers, moto's ``BaseResponse.call_action`` lists the handler class's functions
with ``inspect.getmembers`` (sorting a few hundred members) to check the action is one of them: about a
fortieth of the sandbox's time in an ingest, where every row is a dozen emulator calls. A handler
class's functions do not change while the emulator runs, so the sandbox lists each class's once.
moto looks ``method_names_from_class`` up in ``moto.core.responses`` at every call; what a request is
answered with does not change (``tests/sandbox/test_fast_actions.py``).
"""

from __future__ import annotations

import functools

import moto.core.responses


def install() -> None:
    """Makes moto's responses remember each handler class's method names.

    Called once by ``sandbox.emulator.start_emulator`` (the sandbox is its own process)."""
    if not hasattr(moto.core.responses.method_names_from_class, "cache_info"):
        moto.core.responses.method_names_from_class = functools.lru_cache(maxsize=None)(
            moto.core.responses.method_names_from_class
        )
