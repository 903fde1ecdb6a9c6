"""A Lambda container's init phase without the cyclic garbage collector.

Importing a handler creates hundreds of thousands of objects (modules, classes, functions, pydantic's
schemas) and frees almost none of them, yet after every few hundred net allocations (700 on Python
3.11, 2,000 on 3.13) the collector walks the youngest of them looking for unreachable cycles, and now
and then all of them: about 5% of a handler's import goes to walks that find nothing to free.

So each handler package's ``__init__`` calls :func:`pause_collector` before its handler module imports
anything else, and the first invocation (:func:`core.resources.running_as`, which every handler goes
through) calls :func:`end`: it moves everything the import created into the collector's permanent
generation (``gc.freeze``: never walked again, and the few cycles the import left behind are never
freed) and turns the collector back on.

Only in Lambda (``AWS_LAMBDA_FUNCTION_NAME`` is set): function tests and the sandbox import every
handler into one long-lived process, which keeps the collector as it is.
"""

import gc
import os

_paused = False


def pause_collector() -> None:
    """Turn the cyclic collector off until :func:`end`, in Lambda, if nothing else turned it off."""
    global _paused
    if not _paused and "AWS_LAMBDA_FUNCTION_NAME" in os.environ and gc.isenabled():
        gc.disable()
        _paused = True


def end() -> None:
    """End the init phase: freeze what it created and turn the collector back on (once; cheap after)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
