"""The sandbox's collector setting (sandbox/collector.py): what exists when it settles is no longer
walked by full collections; what is allocated afterwards still is, and cyclic garbage is still freed."""

from __future__ import annotations

import gc
import weakref

from sandbox import collector


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_settling_freezes_the_heap_and_later_cycles_are_still_collected():
    before = gc.get_freeze_count()
    try:
        collector.settle()
        frozen = gc.get_freeze_count()

        first, second = Node(), Node()
        first.other, second.other = second, first
        watched = weakref.ref(first)
        del first, second
        gc.collect()

        assert frozen > before
        assert watched() is None
    finally:
        gc.unfreeze()
