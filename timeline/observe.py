"""Observed events: a hook the benchmark scripts listen on, instead of patching library code.

Library code reports what it decided with ``emit(event)``, any object (the abstractive
condenser emits each guard :class:`~timeline.condense.abstractive.Decision` and each
:class:`~timeline.condense.choice.Choice` it offers the model); with nobody watching this
costs one list check. A benchmark collects the events of everything run inside a block with
``with watch() as seen: ...`` and reads them with ``seen.of(Decision)``. Like
:mod:`timeline.timing`, only this process's events are seen.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")

_LISTENERS: list[Callable[[object], None]] = []


def emit(event: object) -> None:
    """Hand ``event`` to everyone watching (nothing happens when nobody is)."""
    for listener in list(_LISTENERS):
        listener(event)


class Seen(list):
    """The events emitted inside a :func:`watch` block, in the order they came."""

    def of(self, kind: type[T]) -> list[T]:
        """The events that are instances of ``kind``."""
        return [e for e in self if isinstance(e, kind)]


@contextlib.contextmanager
def watch() -> Iterator[Seen]:
    """Collect the events emitted by everything run inside the block."""
    seen = Seen()
    listener = seen.append
    _LISTENERS.append(listener)
    try:
        yield seen
    finally:
        _LISTENERS.remove(listener)
