"""Sentence relevance: centroid similarities and a learned linear sentence scorer.

Without training, a candidate's relevance is its similarity to the centroid of its date's
candidates (TF-IDF or embedding vectors). ``timeline train`` can instead fit a
:class:`SentenceScorer`: a ridge regression from a few robust features to the ROUGE-1 F1 a
sentence reaches against the reference summary of its date. It is stored as JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from timeline.errors import InputError

SENTENCE_FEATURES = ["tfidf_centrality", "embedding_centrality", "names_date", "lead", "length", "keywords"]


def centroid_similarity(vectors) -> np.ndarray:
    """Cosine similarity of each row to the (normalised) mean row; dense or sparse input."""
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    if not norm:
        return np.zeros(vectors.shape[0])
    return np.asarray(vectors @ (centroid / norm)).ravel()


def tfidf_vectors(texts: pd.Series):
    """Sublinear TF-IDF rows of ``texts`` (English stopwords removed), or ``None`` if empty."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        return TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # nothing but stopwords
        return None


def sentence_features(candidates: pd.DataFrame, vectors: np.ndarray, keywords: list[str]) -> np.ndarray:
    """One row of :data:`SENTENCE_FEATURES` per candidate sentence of one date."""
    tfidf = tfidf_vectors(candidates["text"])
    tfidf_c = centroid_similarity(tfidf) if tfidf is not None else np.zeros(len(candidates))
    emb_c = centroid_similarity(vectors) if len(vectors) else np.zeros(len(candidates))
    names = (candidates["date_source"] == "mention").to_numpy(dtype=float)
    lead = 1.0 / (1.0 + candidates["sent_idx"].to_numpy(dtype=float))
    length = np.minimum(candidates["n_words"].to_numpy(dtype=float) / 40.0, 1.5)
    if keywords:
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keywords if k.strip()) + ")", re.I)
        kw = candidates["text"].map(lambda t: min(len(pattern.findall(t)), 3) / 3).to_numpy(dtype=float)
    else:
        kw = np.zeros(len(candidates))
    return np.stack([tfidf_c, emb_c, names, lead, length, kw], axis=1)


@dataclass
class SentenceScorer:
    """Linear sentence relevance learned against reference summaries (ridge regression)."""

    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float

    def score(self, x: np.ndarray) -> np.ndarray:
        if self.features != SENTENCE_FEATURES:
            raise InputError("the sentence scorer was trained with other features; retrain it")
        return ((x - np.array(self.mean)) / np.array(self.scale)) @ np.array(self.coef) + self.intercept

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, alpha: float = 1.0) -> SentenceScorer:
        from sklearn.linear_model import Ridge

        if len(y) < 2:
            raise InputError("too few reference sentences to train a sentence scorer")
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1.0
        model = Ridge(alpha=alpha).fit((x - mean) / scale, y)
        return cls(list(SENTENCE_FEATURES), mean.tolist(), scale.tolist(), model.coef_.tolist(),
                   float(model.intercept_))

    def save(self, path: Path) -> None:
        from timeline.io import atomic_write_text

        atomic_write_text(path, json.dumps(self.__dict__, indent=2) + "\n")

    @classmethod
    def load(cls, path: Path) -> SentenceScorer:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**{k: data[k] for k in ("features", "mean", "scale", "coef", "intercept")})
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"unreadable sentence scorer ({exc})", path) from None
