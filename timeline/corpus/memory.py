"""Documents a program already holds: a pandas DataFrame or a list of dicts, not files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from timeline.errors import InputError

WHERE = "<records>"  # what messages name instead of a file: "<records>:3: document has no text"


def in_memory(inputs: Any) -> bool:
    """Whether ``inputs`` are records in memory (a DataFrame, or a list of dicts) rather than paths.

    Raises:
        InputError: A list that mixes dicts with paths.
    """
    if isinstance(inputs, pd.DataFrame):
        return True
    if isinstance(inputs, Mapping):
        raise InputError("pass a list of dicts (one per document), not a single dict")
    items = list(inputs) if isinstance(inputs, list | tuple) else []
    dicts = sum(isinstance(x, Mapping) for x in items)
    if dicts and dicts != len(items):
        raise InputError("inputs mix records (dicts) with paths; pass one or the other")
    return bool(items) and dicts == len(items)


def memory_records(inputs: pd.DataFrame | list[Mapping[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """``(number, record)`` pairs, numbered from 1, with missing values (None, NaN, NaT) dropped
    so that a DataFrame's empty cells read like absent keys.

    Records use the same keys as JSONL lines: ``text`` and ``published`` (or ``date``), and
    optionally ``id``, ``title``, ``url``, ``source``, ``lang``.
    """
    rows = inputs.to_dict("records") if isinstance(inputs, pd.DataFrame) else list(inputs)
    return [(i, {str(k): v for k, v in row.items() if not _missing(v)}) for i, row in enumerate(rows, start=1)]


def _missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float | dt.datetime | pd.Timestamp):
        return bool(pd.isna(value))
    return False
