"""Sentence relevance: centroid similarities and a learned linear sentence scorer.

Without training, a candidate's relevance is its similarity to the centroid of its date's
candidates (TF-IDF or embedding vectors). ``timeline train`` can instead fit a
:class:`SentenceScorer`: a ridge regression from a few robust features to the ROUGE-1 F1 a
sentence reaches against the reference summary of its date. It is stored as JSON.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from timeline.cjk import with_bigrams
from timeline.errors import InputError
from timeline.linear import LinearModel

SENTENCE_FEATURES = ["tfidf_centrality", "embedding_centrality", "names_date", "lead", "length", "keywords"]


def centroid_similarity(vectors) -> np.ndarray:
    """Cosine similarity of each row to the (normalised) mean row; dense or sparse input."""
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    if not norm:
        return np.zeros(vectors.shape[0])
    return np.asarray(vectors @ (centroid / norm)).ravel()


_MEMO_TEXTS = 65536  # texts whose terms are remembered (a few tens of MB at most)


def tfidf_vectorizer(lang: str = "en"):
    """The TF-IDF weighting every relevance score uses: sublinear, English stopwords removed
    for English (other languages rely on inverse document frequency alone).

    Condensing fits one vectorizer per date on the date's candidates and then transforms the
    printable ones, and a benchmark's tasks share their topic's sentences, so the same texts are
    tokenised over and over: the vectorizer's own analyzer is memoised (:func:`_analyzer`)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=_analyzer(english_stopwords(lang)), sublinear_tf=True)


def english_stopwords(lang: str) -> bool:
    """Whether TF-IDF drops English stopwords for documents in ``lang`` ("auto", not yet
    settled, counts as English, the default)."""
    return lang.lower().startswith("en") or lang == "auto"


@functools.cache
def _analyzer(english: bool):
    """sklearn's word analyzer (lower-casing, its token pattern, English stopwords when
    ``english``), with the terms of recent texts remembered: the same terms, found once."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    analyse = with_bigrams(TfidfVectorizer(stop_words="english" if english else None).build_analyzer())
    return functools.lru_cache(maxsize=_MEMO_TEXTS)(lambda text: tuple(analyse(text)))


def sentence_features(candidates: pd.DataFrame, vectors: np.ndarray, keywords: list[str],
                      centrality: np.ndarray) -> np.ndarray:
    """One row of :data:`SENTENCE_FEATURES` per candidate sentence of one date.

    Args:
        centrality: Each candidate's TF-IDF similarity to its date's centroid, as the condenser
            measures it (:meth:`~timeline.condense.ExtractiveCondenser.relevance`).
    """
    tfidf_c = np.asarray(centrality, dtype=float)
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


class SentenceScorer(LinearModel):
    """Linear sentence relevance learned against reference summaries (ridge regression), stored as JSON."""

    EXPECTED = tuple(SENTENCE_FEATURES)
    WHAT = "sentence scorer"

    def score(self, x: np.ndarray) -> np.ndarray:
        return self.linear_score(x)

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, alpha: float = 1.0) -> SentenceScorer:
        from sklearn.linear_model import Ridge

        if len(y) < 2:
            raise InputError("too few reference sentences to train a sentence scorer")
        mean, scale = cls.standardisation(x)
        model = Ridge(alpha=alpha).fit((x - mean) / scale, y)
        return cls(list(SENTENCE_FEATURES), mean.tolist(), scale.tolist(), model.coef_.tolist(),
                   float(model.intercept_))
