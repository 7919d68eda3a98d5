"""Lead condensation: the first sentences of the articles behind a date (the PUBCOUNT baseline)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.condense.extractive import ExtractiveCondenser


class LeadCondenser(ExtractiveCondenser):
    """Take the earliest eligible sentences (by position in their article, then publication time)."""

    def condense(self, candidates: pd.DataFrame, vectors: np.ndarray, k: int,
                 history: list[np.ndarray], context: pd.Series | None = None,
                 eligible: np.ndarray | None = None) -> list[list[int]]:
        ok = self.eligible(candidates) if eligible is None else eligible
        order = np.lexsort((candidates["published"].to_numpy(), candidates["sent_idx"].to_numpy()))
        chosen: list[int] = []
        seen: set[str] = set()
        for i in order:
            text = " ".join(candidates["text"].iat[i].lower().split())
            if ok[i] and text not in seen:
                chosen.append(int(i))
                seen.add(text)
            if len(chosen) == k:
                break
        return [[i] for i in chosen]
