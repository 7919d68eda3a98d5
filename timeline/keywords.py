"""Topic keywords: which sentences speak of the topic (used to rank dates and to print lines)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd


def keyword_mask(texts: pd.Series, keywords: list[str]) -> np.ndarray:
    """Rows whose text contains a keyword (case-insensitive, at a word start); all rows if none."""
    if not keywords:
        return np.ones(len(texts), dtype=bool)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(k.strip()) for k in keywords if k.strip()) + ")", re.I)
    return texts.map(lambda t: bool(pattern.search(t))).to_numpy(dtype=bool)
