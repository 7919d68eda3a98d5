"""Extractive condensation: centroid relevance with maximal marginal relevance (MMR).

For one date, every candidate sentence is scored by cosine similarity to the centroid of
all candidates of that date (what most sources say about it). Sentences are then taken
greedily by ``lambda * relevance - (1 - lambda) * redundancy``, where redundancy is the
highest similarity to a sentence already in the timeline (any date), and a sentence too
close to one already chosen (``redundancy`` threshold) is never taken: the same event is
not printed twice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.condense.base import keyword_mask
from timeline.condense.scorer import SentenceScorer, centroid_similarity, sentence_features, tfidf_vectors
from timeline.config import CondenseConfig

_SENTENCE_END = r"[.!][\"'”’)\]]*\s*$"


class ExtractiveCondenser:
    """Pick whole source sentences.

    Args:
        cfg: Word-length bounds, the redundancy threshold and the MMR weight.
        keywords: Printed sentences must contain one of these (if any are given).
        scorer: A trained sentence scorer; centroid similarity when ``None``.
    """

    def __init__(self, cfg: CondenseConfig, keywords: list[str] | None = None,
                 scorer: SentenceScorer | None = None):
        self.cfg = cfg
        self.keywords = keywords or []
        self.scorer = scorer

    def eligible(self, candidates: pd.DataFrame) -> np.ndarray:
        """Rows that may be printed: length within bounds, keyword present, a full sentence
        (ends in a full stop, not a question mark; headlines and captions don't)."""
        n = candidates["n_words"].to_numpy()
        ok = (n >= self.cfg.min_words) & (n <= self.cfg.max_words)
        ok &= candidates["text"].str.contains(_SENTENCE_END, regex=True).to_numpy(dtype=bool)
        if self.cfg.lead_sentences > 0:
            lead = candidates["sent_idx"].to_numpy() < self.cfg.lead_sentences
            ok &= lead | (candidates["date_source"] != "published").to_numpy()
        return ok & keyword_mask(candidates["text"], self.keywords)

    def _relevance_vectors(self, candidates: pd.DataFrame, vectors: np.ndarray):
        if self.cfg.relevance == "embedding":
            return vectors
        if self.cfg.relevance == "tfidf":
            tfidf = tfidf_vectors(candidates["text"])
            return tfidf if tfidf is not None else vectors
        from timeline.errors import InputError

        raise InputError(f"unknown condense.relevance {self.cfg.relevance!r} (embedding or tfidf)")

    def condense(self, candidates: pd.DataFrame, vectors: np.ndarray, k: int,
                 history: list[np.ndarray]) -> list[list[int]]:
        if len(candidates) == 0 or k <= 0:
            return []
        if self.scorer is not None:
            relevance = self.scorer.score(sentence_features(candidates, vectors, self.keywords))
        else:
            relevance = centroid_similarity(self._relevance_vectors(candidates, vectors))
        ok = self.eligible(candidates)
        texts = candidates["text"].str.lower().str.split().str.join(" ").to_numpy()
        chosen: list[int] = []
        taken = list(history)
        seen_texts: set[str] = set()
        lam = self.cfg.mmr_lambda
        while len(chosen) < k:
            redundancy = np.max(np.stack(taken) @ vectors.T, axis=0) if taken else np.zeros(len(vectors))
            score = lam * relevance - (1 - lam) * redundancy
            score = np.where(ok & (redundancy < self.cfg.redundancy), score, -np.inf)
            for i in chosen:
                score[i] = -np.inf
            order = np.argsort(-score, kind="stable")
            pick = next((int(i) for i in order if np.isfinite(score[i]) and texts[i] not in seen_texts), None)
            if pick is None:
                break
            chosen.append(pick)
            seen_texts.add(texts[pick])
            taken.append(vectors[pick])
        return [[i] for i in chosen]
