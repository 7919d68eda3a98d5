"""Worker processes on this machine: reading, splitting and tagging use every core.

Work items are partitions of files or documents (pure Python, no model), so a pool of
processes forked from this one runs them side by side and yields the results in order,
exactly the tables the in-process engine gives (tested). The pool starts on the first map
that has more than one item, so a tiny corpus never pays for it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from timeline.engine.remote import Logged, delivered

log = logging.getLogger(__name__)


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # no affinity on macOS and Windows
        return max(1, os.cpu_count() or 1)


class ProcessEngine:
    """Runs items in ``workers`` worker processes (default: one per usable core)."""

    name = "processes"
    distributed = True  # items and results cross a process boundary (they must pickle)
    embeds_remotely = False  # the encoder stays in this process: torch already uses every core

    def __init__(self, workers: int | None = None):
        self.workers = workers or usable_cores()
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            # fork: workers start at once with this process's imports; they run no torch code
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
            log.debug("started %d worker processes", self.workers)
        return self._pool

    def map(self, fn: Callable, items: list, desc: str = "", progress: bool = False,
            unit: str = "it", weights: Iterable[int] | None = None) -> Iterator[Any]:
        """``fn(item)`` for every item, in order; in the workers when there is more than one item."""
        from tqdm.auto import tqdm

        weights = list(weights) if weights is not None else [1] * len(items)
        call = Logged(fn, logging.getLogger("timeline").getEffectiveLevel())
        if len(items) <= 1 or self.workers <= 1:
            runs = map(call, items)
        else:
            futures = [self._executor().submit(call, item) for item in items]
            runs = (f.result() for f in futures)
        with tqdm(total=sum(weights), desc=desc, unit=unit, disable=not progress, leave=False) as bar:
            for outcome, w in zip(runs, weights):
                result = delivered(outcome)  # the worker's warnings, said here in order
                bar.update(w)
                yield result

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
