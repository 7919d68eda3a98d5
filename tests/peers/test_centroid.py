from __future__ import annotations

import numpy as np
from scipy import sparse

from timeline.peers.centroid import centroid_opt, tfidf

SENTS = [
    "the dam broke and the river flooded the valley",
    "the river flooded the valley after rain",
    "the dam broke at night",
    "football results from the weekend",
    "the dam broke and the river flooded the valley towns",
]


def test_picks_the_central_sentence_first():
    X = tfidf().fit_transform(SENTS)
    first = centroid_opt(X, 1)[0]
    centroid = np.asarray(X.sum(axis=0)).ravel()
    sims = (X @ centroid) / np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    assert first == int(np.argmax(sims))
    assert first != 3  # the off-topic sentence is never the most central


def test_respects_k_and_the_allowed_mask():
    X = tfidf().fit_transform(SENTS)
    allowed = np.array([False, True, True, True, False])
    picks = centroid_opt(X, 2, allowed)
    assert len(picks) == 2
    assert all(allowed[i] for i in picks)
    assert centroid_opt(X, 10, allowed) and len(centroid_opt(X, 10, allowed)) == 3


def test_second_pick_complements_the_first_and_duplicates_are_skipped():
    texts = ["alpha beta", "alpha beta", "gamma delta", "alpha beta gamma delta"]
    X = tfidf().fit_transform(texts)
    picks = centroid_opt(X, 3)
    assert len(set(picks)) == len(picks)
    assert not {0, 1} <= set(picks)  # the exact duplicate of a pick is never picked


def test_empty_inputs():
    assert centroid_opt(sparse.csr_matrix((0, 5)), 2) == []
    X = tfidf().fit_transform(SENTS)
    assert centroid_opt(X, 0) == []
    assert centroid_opt(X, 2, np.zeros(len(SENTS), dtype=bool)) == []
