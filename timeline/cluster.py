"""Cluster stage: events about the same happening, across documents, share a cluster id.

Every clusterer has ``fit_predict(events, vectors) -> labels`` (one int per event row), the
scikit-learn clusterer interface, so one from scikit-learn can stand in for a configured one.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import pandas as pd

from timeline.errors import InputError
from timeline.timing import stage


class Clusterer(Protocol):
    def fit_predict(self, events: pd.DataFrame, vectors: np.ndarray) -> np.ndarray: ...


class NullClusterer:
    """Every event is its own cluster."""

    window_days = 0  # links no two events

    def fit_predict(self, events: pd.DataFrame, vectors: np.ndarray) -> np.ndarray:
        return np.arange(len(events))


class DateWindowClusterer:
    """Events linked when their dates are at most ``window_days`` apart and their cosine
    similarity is at least ``threshold``; clusters are the connected components.

    Similarities are computed one day at a time against that day's window, so the cost
    grows with events per day times events per window, never with the corpus squared.

    Args:
        threshold: Minimum cosine similarity for two events to be linked.
        window_days: How many days apart two linked events may be dated.
    """

    def __init__(self, threshold: float = 0.7, window_days: int = 1):
        self.threshold = threshold
        self.window_days = window_days

    def fit_predict(self, events: pd.DataFrame, vectors: np.ndarray) -> np.ndarray:
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        n = len(events)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        days = events["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
        order = np.argsort(days, kind="stable")
        sorted_days = days[order]
        rows, cols = [], []
        for day in np.unique(sorted_days):
            lo_day = np.searchsorted(sorted_days, day, side="left")
            hi_day = np.searchsorted(sorted_days, day, side="right")
            lo_win = np.searchsorted(sorted_days, day - self.window_days, side="left")
            block = order[lo_day:hi_day]
            window = order[lo_win:hi_day]
            sims = vectors[block] @ vectors[window].T
            r, c = np.nonzero(sims >= self.threshold)
            rows.append(block[r])
            cols.append(window[c])
        r = np.concatenate(rows)
        c = np.concatenate(cols)
        graph = coo_matrix((np.ones(len(r), dtype=np.int8), (r, c)), shape=(n, n))
        _, labels = connected_components(graph, directed=False)
        return labels.astype(np.int64)


def make_clusterer(method: str, threshold: float = 0.7, window_days: int = 1) -> Clusterer:
    """The clusterer a config names: ``"date-window"`` or ``"none"``."""
    if method == "none":
        return NullClusterer()
    if method == "date-window":
        return DateWindowClusterer(threshold, window_days)
    raise InputError(f"unknown cluster.method {method!r} (date-window or none)")


def date_runs(dates: pd.Series, window_days: int) -> np.ndarray:
    """A run id per row: rows whose dates follow each other with gaps of at most
    ``window_days`` days share a run, so no date-window link crosses two runs."""
    if len(dates) == 0:
        return np.zeros(0, dtype=np.int64)
    days = dates.to_numpy().astype("datetime64[D]").astype(np.int64)
    unique = np.unique(days)
    starts = np.concatenate([[True], np.diff(unique) > window_days])
    return np.cumsum(starts)[np.searchsorted(unique, days)] - 1


class PoolClusters:
    """Vectors and cluster labels of a candidate pool, made one run of dates at a time, when a
    date of that run is first condensed: dates that are never reached (a walk stops at
    ``max_dates``) and their neighbours are never embedded.

    A clusterer with a ``window_days`` (the most days apart two linked events may be dated)
    links no two rows of different runs (:func:`date_runs`), so the labels equal those of
    clustering the whole pool at once (numbered differently); a clusterer without one (a
    scikit-learn stand-in) gets the whole pool as one run.

    Args:
        pool: The candidate rows (``date``, ``text``, ...), positions 0..n-1.
        encode: Texts to unit vectors (the pipeline's encoder).
        clusterer: The configured clusterer.
    """

    def __init__(self, pool: pd.DataFrame, encode, clusterer: Clusterer):
        self.pool = pool
        self.encode = encode
        self.clusterer = clusterer
        window = getattr(clusterer, "window_days", None)
        self.runs = date_runs(pool["date"], window) if window is not None else np.zeros(len(pool), dtype=np.int64)
        self.vectors: np.ndarray | None = None
        self.labels = np.full(len(pool), -1, dtype=np.int64)
        self._done: set[int] = set()
        self._next_label = 0

    def need(self, rows) -> np.ndarray:
        """Embed and cluster the runs of ``rows`` (those not done yet); returns the positions
        clustered now."""
        todo = sorted(set(self.runs[rows].tolist()) - self._done)
        if not todo:
            return np.zeros(0, dtype=np.int64)
        members = np.flatnonzero(np.isin(self.runs, todo))
        vecs = self.encode(self.pool["text"].iloc[members].tolist())
        if self.vectors is None:
            self.vectors = np.zeros((len(self.pool), vecs.shape[1]), dtype=np.float32)
        self.vectors[members] = vecs
        for run in todo:
            inside = np.flatnonzero(self.runs[members] == run)
            with stage("cluster", len(inside)):
                labels = self.clusterer.fit_predict(self.pool.iloc[members[inside]], vecs[inside])
            self.labels[members[inside]] = labels + self._next_label
            self._next_label += int(labels.max()) + 1 if len(labels) else 0
        self._done.update(todo)
        return members
