"""Centroid-optimised sentence selection (news-tls ``CentroidOpt``), shared by both peers.

A summary is built greedily: at each step the sentence that brings the summary's TF-IDF
sum closest (cosine) to the centroid of *all* candidate sentences is added. The centroid
is taken over every candidate, printable or not, so that unprintable sentences (no
keyword) still say what the date is about; only printable, non-duplicate sentences are
chosen.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

DUPLICATE = 0.9999  # cosine above which a sentence repeats one already chosen


def tfidf() -> TfidfVectorizer:
    """The vectorizer both peers use (lower-cased words, English stop words removed)."""
    return TfidfVectorizer(lowercase=True, stop_words="english")


def centroid_opt(X: sparse.spmatrix, k: int, allowed: np.ndarray | None = None,
                 duplicate: float = DUPLICATE) -> list[int]:
    """Pick up to ``k`` rows of ``X`` whose sum is most similar to the rows' centroid.

    Args:
        X: TF-IDF rows (L2-normalised or not) of the candidate sentences.
        k: How many to pick.
        allowed: Boolean mask of the rows that may be picked (the keyword filter); all when ``None``.
        duplicate: A row more similar than this to a picked row is never picked.

    Returns:
        Row indices in the order they were picked (ties go to the earlier row).
    """
    X = sparse.csr_matrix(X, dtype=float)
    n = X.shape[0]
    if n == 0 or k <= 0:
        return []
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    unit = sparse.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ X
    c = np.asarray(X.sum(axis=0)).ravel()
    c_norm = np.linalg.norm(c)
    if c_norm == 0:
        return []
    c = c / c_norm
    open_ = np.ones(n, dtype=bool) if allowed is None else np.asarray(allowed, dtype=bool).copy()
    x_dot_c = X @ c
    x_sq = norms ** 2
    summary = np.zeros(X.shape[1])
    picked: list[int] = []
    while open_.any() and len(picked) < k:
        s_dot_c = summary @ c
        s_sq = summary @ summary
        x_dot_s = X @ summary
        length = np.sqrt(np.maximum(s_sq + 2 * x_dot_s + x_sq, 0.0))
        score = np.divide(s_dot_c + x_dot_c, length, out=np.zeros(n), where=length > 0)
        score = np.where(open_, score, -np.inf)
        best = int(np.argmax(score))
        open_[best] = False
        picked.append(best)
        summary = summary + X[best].toarray().ravel()
        if duplicate < 1.0:  # drop rows that now duplicate a picked one
            sims = unit @ unit[best].toarray().ravel()
            open_ &= ~(sims > duplicate)
    return picked
