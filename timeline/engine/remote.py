"""Running a stage function in another process: its log records and bad input come back.

Both out-of-process engines (worker processes here, Dask workers anywhere) wrap each call in
:class:`Logged`, so a worker's warnings (a skipped file, a truncated document) reach the user
in order, and an :class:`~timeline.errors.InputError` comes back as a value and is raised
here as the one-line error it is, not as a worker traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from timeline.errors import InputError


class Logged:
    """Runs ``fn`` on a worker and returns ``(result, log records, input error)``: the
    ``timeline`` loggers' records, so that a worker's warnings (a skipped file, a truncated
    document) reach the user, and bad input as a value rather than a failed task (which
    Dask would log with a traceback on the worker)."""

    def __init__(self, fn: Callable, level: int):
        self.fn, self.level = fn, level

    def __call__(self, item):
        records: list[logging.LogRecord] = []
        handler = _Collect(records)
        logger = logging.getLogger("timeline")
        old_handlers, old_level, old_propagate = logger.handlers[:], logger.level, logger.propagate
        # only the collector: a forked worker inherits the CLI's stderr handler, and printing
        # through it too would say every warning twice
        logger.handlers[:] = [handler]
        logger.setLevel(self.level)
        logger.propagate = False
        try:
            return self.fn(item), records, None
        except InputError as exc:
            return None, records, exc
        finally:
            logger.handlers[:] = old_handlers
            logger.setLevel(old_level)
            logger.propagate = old_propagate


class _Collect(logging.Handler):
    def __init__(self, records: list):
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, None
        self.records.append(record)


def delivered(outcome: tuple):
    """A :class:`Logged` call's result, here: its log records said in order, its bad input raised."""
    result, records, error = outcome
    for record in records:
        logging.getLogger(record.name).handle(record)
    if error is not None:
        raise error
    return result
