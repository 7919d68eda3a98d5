"""What every condenser does: pick or write k lines for one date from its candidate events."""

from __future__ import annotations

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
                 history: list[np.ndarray], context: pd.Series | None = None,
                 eligible: np.ndarray | None = None) -> list[list[int]]:
        """Return up to ``k`` groups of row positions in ``candidates``; each group is one bullet.

        ``context`` holds the texts of all the date's candidates, printable or not; ``eligible``
        is :meth:`eligible` of ``candidates`` when the caller already computed it (``None``:
        the condenser computes it), so that the same rows are not checked twice."""
        ...

    wants_context: bool  # whether rewrite_batch reads the documents around its lines

    def rewrite(self, sources: list[str], context=None) -> str | None:
        """The line to print for one bullet's source sentences (``context``: a
        :class:`~timeline.condense.resolve.LineContext`), or ``None`` to print them as they
        are (extractive condensers)."""
        ...

    def rewrite_batch(self, requests: list) -> list[str | None]:
        """:meth:`rewrite` for many :class:`~timeline.condense.abstractive.RewriteRequest`
        at once (a model rewrites them in batches)."""
        ...

    @property
    def stats(self) -> dict[str, int]:
        """Counts the briefing reports about this run's rewriting (empty when nothing is rewritten)."""
        ...
