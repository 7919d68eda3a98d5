"""The engine interface, the in-process engine, and work split into partitions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

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


def chunks(items: list, size: int) -> list[list]:
    """``items`` cut into consecutive lists of at most ``size``."""
    size = max(1, size)
    return [items[i:i + size] for i in range(0, len(items), size)]
