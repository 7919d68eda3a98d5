"""The Dask engine: work items run as tasks on a Dask cluster.

Without a scheduler address a ``LocalCluster`` of worker processes (one thread each) is
started here and closed at the end of the run; with one (``tcp://host:8786``) the run uses
that cluster, whose workers must have ``timeline`` and the encoder installed and see the
input files at the same paths. Results come back in item order, so every table equals the
local engine's.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from timeline.engine.remote import Logged, delivered
from timeline.errors import InputError

log = logging.getLogger(__name__)


class DaskEngine:
    """Maps work items over a Dask cluster.

    Args:
        scheduler: A scheduler address; ``None`` starts a ``LocalCluster``.
        workers: LocalCluster worker processes (default: one per CPU core).
    """

    name = "dask"
    distributed = True
    embeds_remotely = True  # each worker loads the encoder once and embeds its batches

    def __init__(self, scheduler: str | None = None, workers: int | None = None):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise InputError('the Dask engine needs Dask: pip install -e ".[dask]"') from None
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise InputError(f"cannot reach the Dask scheduler ({exc})", scheduler) from None
        else:
            n = workers or os.cpu_count() or 1
            self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                        dashboard_address=":0", silence_logs=logging.ERROR)  # any free port: runs side by side
            self.client = Client(self.cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        log.info("dask: %d workers at %s", self.workers, self.client.scheduler.address)

    def map(self, fn: Callable, items: list, desc: str = "", progress: bool = False,
            unit: str = "it", weights: Iterable[int] | None = None) -> Iterator[Any]:
        """Submit every item, then yield results in order as they arrive (a worker's
        exception is raised here, :class:`InputError` intact)."""
        from tqdm.auto import tqdm

        weights = list(weights) if weights is not None else [1] * len(items)
        futures = self.client.map(Logged(fn, logging.getLogger("timeline").getEffectiveLevel()), items, pure=False)
        try:
            with tqdm(total=sum(weights), desc=f"{desc} (dask)", unit=unit, disable=not progress,
                      leave=False) as bar:
                for i, (future, w) in enumerate(zip(futures, weights)):
                    outcome = future.result()
                    futures[i] = None  # let the cluster forget it
                    result = delivered(outcome)  # the worker's warnings, said here in order
                    bar.update(w)
                    yield result
        finally:
            for future in futures:
                if future is not None:
                    future.cancel()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
