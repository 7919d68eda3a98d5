"""Abstractive condensation: the extractive pick of a date, rewritten as one line by a model.

Each entry's selected source sentences go to a local generator; the line it writes is kept
only if the faithfulness guard finds every number, month and name in those sources, and if
it says at least as much of what the sources say as the best source sentence does (its
TF-IDF similarity to the sources is no lower): a rewrite must not be a vaguer line than the
sentence it replaces. Otherwise the entry falls back to that best extractive sentence.
Citations always stay.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from timeline.condense.extractive import ExtractiveCondenser
from timeline.condense.generator import Generator
from timeline.condense.guard import is_faithful
from timeline.condense.scorer import tfidf_vectorizer

log = logging.getLogger(__name__)


class AbstractiveCondenser(ExtractiveCondenser):
    """Select like :class:`ExtractiveCondenser`, then rewrite the selection as one line.

    Attributes:
        generated: Entries the model wrote that passed the guard and were kept.
        fallbacks: Entries that fell back to an extractive sentence: ``unfaithful`` ones (the
            guard or the one-sentence form failed) plus ``less_informative`` ones (faithful,
            but further from the sources than the fallback sentence).
    """

    def __init__(self, cfg, keywords: list[str] | None, generator: Generator, scorer=None, lang: str = "en",
                 hindsight_days: int = 7):
        super().__init__(cfg, keywords, scorer, lang, hindsight_days)
        self.generator = generator
        self.generated = 0
        self.unfaithful = 0
        self.less_informative = 0

    @property
    def fallbacks(self) -> int:
        return self.unfaithful + self.less_informative

    @property
    def stats(self) -> dict[str, int]:
        return {"generated": self.generated, "fallbacks": self.fallbacks, "unfaithful": self.unfaithful,
                "less_informative": self.less_informative}

    def condense(self, candidates: pd.DataFrame, vectors: np.ndarray, k: int,
                 history: list[np.ndarray], context: pd.Series | None = None) -> list[list[int]]:
        picks = super().condense(candidates, vectors, k, history, context)
        if not picks:
            return []
        return [[i for group in picks for i in group]]  # one entry line from all selected sentences

    def rewrite(self, sources: list[str]) -> str:
        """The generated line for ``sources`` if it passes the guard and says at least as much as
        the fallback sentence, else the fallback: the first (best) source sentence."""
        line = self.generator.generate(sources)
        if not (is_faithful(line, sources) and self._well_formed(line)):
            self.unfaithful += 1
            log.debug("guard rejected %r", line)
            return " ".join(sources[0].split())
        if not self._informative(line, sources):
            self.less_informative += 1
            log.debug("less informative than the fallback: %r", line)
            return " ".join(sources[0].split())
        self.generated += 1
        return line

    def _informative(self, line: str, sources: list[str]) -> bool:
        """Whether ``line`` is at least as close to the sources (TF-IDF cosine to all of them
        together) as the fallback, the first source sentence."""
        from sklearn.preprocessing import normalize

        try:
            vectorizer = tfidf_vectorizer(self.lang).fit([*sources, line])
        except ValueError:  # nothing but stopwords
            return True
        rows = normalize(vectorizer.transform([line, sources[0], " ".join(sources)]))
        to_sources = (rows[:2] @ rows[2].T).toarray().ravel()
        return bool(to_sources[0] >= to_sources[1] - 1e-9)

    def _well_formed(self, line: str) -> bool:
        """A complete sentence of sensible length that does not echo the prompt."""
        words = line.split()
        return (self.cfg.min_words <= len(words) <= max(self.cfg.max_words, 20)
                and line.rstrip()[-1:] in ".!\"'”’"
                and not line.lower().startswith(("reports", "timeline", "entry", "- "))
                and " - " not in line)
