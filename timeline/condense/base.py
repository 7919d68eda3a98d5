"""What every condenser does: pick or write k lines for one date from its candidate events."""

from __future__ import annotations

import re
from typing import Protocol

import numpy as np
import pandas as pd


class Condenser(Protocol):
    def eligible(self, candidates: pd.DataFrame) -> np.ndarray:
        """Boolean mask of the candidate rows that may be printed."""
        ...

    def fit(self, texts: pd.Series) -> Condenser:
        """Learn corpus-level statistics (TF-IDF weights) from every sentence; may do nothing."""
        ...

    def condense(self, candidates: pd.DataFrame, vectors: np.ndarray, k: int,
                 history: list[np.ndarray], context: pd.Series | None = None) -> list[list[int]]:
        """Return up to ``k`` groups of row positions in ``candidates``; each group is one bullet.

        ``context`` holds the texts of all the date's candidates, printable or not."""
        ...


def keyword_mask(texts: pd.Series, keywords: list[str]) -> np.ndarray:
    """Rows whose text contains a keyword (case-insensitive, at a word start); all rows if none."""
    if not keywords:
        return np.ones(len(texts), dtype=bool)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(k.strip()) for k in keywords if k.strip()) + ")", re.I)
    return texts.map(lambda t: bool(pattern.search(t))).to_numpy(dtype=bool)
