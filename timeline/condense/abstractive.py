"""Abstractive condensation: the extractive pick of a date, rewritten as one line by a model.

Each entry's selected source sentences go to a local generator; the line it writes is kept
only if the faithfulness guard finds every number, month and name in those sources.
Otherwise the entry falls back to its best extractive sentence. Citations always stay.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from timeline.condense.extractive import ExtractiveCondenser
from timeline.condense.generator import Generator
from timeline.condense.guard import is_faithful

log = logging.getLogger(__name__)


class AbstractiveCondenser(ExtractiveCondenser):
    """Select like :class:`ExtractiveCondenser`, then rewrite the selection as one line.

    Attributes:
        generated: Entries the model wrote that passed the guard.
        fallbacks: Entries that fell back to an extractive sentence.
    """

    def __init__(self, cfg, keywords: list[str] | None, generator: Generator, scorer=None, lang: str = "en"):
        super().__init__(cfg, keywords, scorer, lang)
        self.generator = generator
        self.generated = 0
        self.fallbacks = 0

    def condense(self, candidates: pd.DataFrame, vectors: np.ndarray, k: int,
                 history: list[np.ndarray], context: pd.Series | None = None) -> list[list[int]]:
        picks = super().condense(candidates, vectors, k, history, context)
        if not picks:
            return []
        return [[i for group in picks for i in group]]  # one entry line from all selected sentences

    def rewrite(self, sources: list[str]) -> str | None:
        """The generated line for ``sources`` if it passes the guard, else ``None`` (fallback)."""
        line = self.generator.generate(sources)
        if is_faithful(line, sources) and self._well_formed(line):
            self.generated += 1
            return line
        self.fallbacks += 1
        log.debug("guard rejected %r", line)
        return None

    def _well_formed(self, line: str) -> bool:
        """A complete sentence of sensible length that does not echo the prompt."""
        words = line.split()
        return (self.cfg.min_words <= len(words) <= max(self.cfg.max_words, 20)
                and line.rstrip()[-1:] in ".!\"'”’"
                and not line.lower().startswith(("reports", "timeline", "entry", "- "))
                and " - " not in line)
