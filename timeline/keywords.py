"""Topic keywords: which sentences speak of the topic (used to rank dates and to print lines)."""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

_MEMO_TEXTS = 131072  # (pattern, text) verdicts remembered


def keyword_mask(texts: pd.Series, keywords: list[str]) -> np.ndarray:
    """Rows whose text contains a keyword (case-insensitive, at a word start); all rows if none."""
    if not keywords:
        return np.ones(len(texts), dtype=bool)
    pattern = _pattern(tuple(keywords))
    values = texts.tolist()
    return np.fromiter((_mentions(pattern, t) for t in values), dtype=bool, count=len(values))


@functools.lru_cache(maxsize=16)
def _pattern(keywords: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(k.strip()) for k in keywords if k.strip()) + ")", re.I)


@functools.lru_cache(maxsize=_MEMO_TEXTS)
def _mentions(pattern: re.Pattern, text: str) -> bool:
    """Whether ``text`` matches the keyword ``pattern``, remembered: date ranking, the
    condenser and a benchmark's several tasks per topic ask about the same sentences."""
    return pattern.search(text) is not None
