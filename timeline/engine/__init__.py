"""Where the per-document stages run: here, or per partition on a Dask cluster.

An engine maps a function over a list of work items (files to read, documents to tag,
sentence batches to embed) and yields the results in the items' order, with a progress
bar. The stages stay the same code either way; only who runs each item changes, so the
local and Dask engines give the same tables (tested on the example corpus).

* ``auto`` (the default): ``processes`` when this process may use more than one core, else ``local``.
* ``local``: one item after the other in this process.
* ``processes``: worker processes on this machine (reading, splitting and tagging on every core).
* ``dask``: items become Dask tasks on a ``LocalCluster`` started here, or on an existing
  cluster at ``engine.scheduler``; needs ``pip install -e ".[dask]"``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from timeline.engine.processes import ProcessEngine, usable_cores
from timeline.errors import InputError

ENGINES = ("auto", "local", "processes", "dask")


class Engine(Protocol):
    """Maps a function over work items and yields the results in the items' order."""

    name: str
    distributed: bool  # True: items run in other processes (the function and items must pickle)
    embeds_remotely: bool  # True: sentence batches are embedded by the workers (each loads the encoder)
    workers: int

    def map(self, fn: Callable, items: list, desc: str = "", progress: bool = False,
            unit: str = "it", weights: Iterable[int] | None = None) -> Iterator[Any]:
        """``fn(item)`` for every item, in order, with a progress bar weighted by ``weights``."""
        ...

    def close(self) -> None:
        """Release workers (a no-op for the local engine)."""
        ...


class LocalEngine:
    """Runs every item in this process, in order."""

    name = "local"
    distributed = False
    embeds_remotely = False
    workers = 1

    def map(self, fn: Callable, items: list, desc: str = "", progress: bool = False,
            unit: str = "it", weights: Iterable[int] | None = None) -> Iterator[Any]:
        from tqdm.auto import tqdm

        weights = list(weights) if weights is not None else [1] * len(items)
        with tqdm(total=sum(weights), desc=desc, unit=unit, disable=not progress, leave=False) as bar:
            for item, w in zip(items, weights):
                yield fn(item)
                bar.update(w)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def make_engine(name: str = "local", scheduler: str = "", workers: int = 0):
    """The engine for ``engine.name``; a Dask one connects (or starts its cluster) here.

    Raises:
        InputError: An unknown engine, Dask not installed, or a scheduler that cannot be reached.
    """
    if name != "dask" and scheduler:
        raise InputError("--scheduler needs --engine dask")
    if name == "auto":
        name = "processes" if (workers or usable_cores()) > 1 else "local"
    if name == "local":
        return LocalEngine()
    if name == "processes":
        return ProcessEngine(workers or None)
    if name == "dask":
        from timeline.engine.dask_engine import DaskEngine

        return DaskEngine(scheduler or None, workers or None)
    raise InputError(f"unknown engine {name!r} ({', '.join(ENGINES)})")


def engine_for(settings):
    """The engine an ``[engine]`` config section (:class:`~timeline.config.EngineConfig`) names."""
    return make_engine(settings.name, settings.scheduler, settings.workers)


def chunks(items: list, size: int) -> list[list]:
    """``items`` cut into consecutive lists of at most ``size``."""
    size = max(1, size)
    return [items[i:i + size] for i in range(0, len(items), size)]
