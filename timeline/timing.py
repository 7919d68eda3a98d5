"""Stage timings: a hook the benchmark scripts listen on, instead of patching library code.

A stage wraps its work in ``with stage("embed", len(texts)):``; with nobody listening this
costs one list check. A benchmark collects every stage's seconds and item counts with
``with listen() as times: ...``. Only this process's stages are seen (work in worker
processes is timed as the map that waits for it).
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterator

_LISTENERS: list[Callable[[str, float, int], None]] = []


@contextlib.contextmanager
def stage(name: str, items: int = 0) -> Iterator[None]:
    """Time the block as stage ``name`` that handled ``items`` items (for the listeners)."""
    if not _LISTENERS:
        yield
        return
    t0 = time.perf_counter()
    try:
        yield
    finally:
        seconds = time.perf_counter() - t0
        for listener in list(_LISTENERS):
            listener(name, seconds, items)


class StageTimes:
    """Seconds and items per stage name, summed over every time the stage ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.items: dict[str, int] = defaultdict(int)

    def add(self, name: str, seconds: float, items: int) -> None:
        self.seconds[name] += seconds
        self.items[name] += items


@contextlib.contextmanager
def listen() -> Iterator[StageTimes]:
    """Collect the stage timings of everything run inside the block."""
    times = StageTimes()
    _LISTENERS.append(times.add)
    try:
        yield times
    finally:
        _LISTENERS.remove(times.add)
