"""A floor on response time, against enumeration through timing (payments_security §4.7).

A public route that answers "not found" faster than "found" (or an empty page faster than a full one)
tells a caller which guesses hit. Holding every response to at least the floor hides that difference
as long as the real work stays under it. The floor also holds when the body raises: an error must not
be a faster answer either.

Clock and sleep are injectable, so tests assert the wait without spending it.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

Fn = TypeVar("Fn", bound=Callable[..., Any])


class ResponseFloor:
    """Makes a block (or a function, used as a decorator) take at least ``seconds``."""

    def __init__(
        self,
        seconds: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if seconds < 0:
            raise ValueError("a response floor cannot be negative")
        self.seconds = seconds
        self.clock = clock
        self.sleep = sleep

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Sleep, on the way out of the block, whatever remains of the floor (nothing if it ran longer)."""
        started = self.clock()
        try:
            yield
        finally:
            remaining = self.seconds - (self.clock() - started)
            if remaining > 0:
                self.sleep(remaining)

    def __call__(self, fn: Fn) -> Fn:
        """Decorator form of :meth:`hold`; keeps ``fn``'s name, signature and annotations."""

        @functools.wraps(fn)
        def held(*args: Any, **kwargs: Any) -> Any:
            with self.hold():
                return fn(*args, **kwargs)

        return cast(Fn, held)
