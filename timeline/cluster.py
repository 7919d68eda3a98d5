"""Cluster stage: events about the same happening, across documents, share a cluster id.

Every clusterer has ``fit_predict(events, vectors) -> labels`` (one int per event row),
so any scikit-learn clusterer plugs in through :class:`SklearnClusterer`.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import pandas as pd


class Clusterer(Protocol):
    def fit_predict(self, events: pd.DataFrame, vectors: np.ndarray) -> np.ndarray: ...


class NullClusterer:
    """Every event is its own cluster."""

    def fit_predict(self, events: pd.DataFrame, vectors: np.ndarray) -> np.ndarray:
        return np.arange(len(events))


class DateWindowClusterer:
    """Greedy leader clustering of events on the same date (± ``window_days``).

    An event joins the most similar open cluster whose centroid is within cosine
    ``threshold``, else starts a new one. Clusters only form among events whose dates are
    within the window, so cost grows with events per day, not with the corpus squared.

    Args:
        threshold: Minimum cosine similarity to a cluster centroid.
        window_days: How many days apart two events of one cluster may be dated.
    """

    def __init__(self, threshold: float = 0.65, window_days: int = 1):
        self.threshold = threshold
        self.window_days = window_days

    def fit_predict(self, events: pd.DataFrame, vectors: np.ndarray) -> np.ndarray:
        labels = np.full(len(events), -1, dtype=np.int64)
        if len(events) == 0:
            return labels
        order = np.argsort(events["date"].to_numpy(), kind="stable")
        days = events["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
        centroids: list[np.ndarray] = []
        sums: list[np.ndarray] = []
        last_day: list[int] = []
        open_ids: list[int] = []
        for i in order:
            v = vectors[i]
            open_ids = [c for c in open_ids if days[i] - last_day[c] <= self.window_days]
            best, best_sim = -1, self.threshold
            if open_ids:
                sims = np.stack([centroids[c] for c in open_ids]) @ v
                j = int(np.argmax(sims))
                if sims[j] >= best_sim:
                    best = open_ids[j]
            if best < 0:
                best = len(centroids)
                centroids.append(v.copy())
                sums.append(v.astype(np.float64).copy())
                last_day.append(int(days[i]))
                open_ids.append(best)
            else:
                sums[best] += v
                norm = np.linalg.norm(sums[best])
                centroids[best] = (sums[best] / norm).astype(np.float32) if norm else centroids[best]
                last_day[best] = int(days[i])
            labels[i] = best
        return labels


class SklearnClusterer:
    """Any scikit-learn clusterer with ``fit_predict`` (e.g. ``AgglomerativeClustering``)."""

    def __init__(self, estimator):
        self.estimator = estimator

    def fit_predict(self, events: pd.DataFrame, vectors: np.ndarray) -> np.ndarray:
        if len(events) < 2:
            return np.arange(len(events))
        return np.asarray(self.estimator.fit_predict(vectors))


def make_clusterer(method: str, threshold: float = 0.65, window_days: int = 1) -> Clusterer:
    """The clusterer a config names: ``"date-window"`` or ``"none"``."""
    if method == "none":
        return NullClusterer()
    if method == "date-window":
        return DateWindowClusterer(threshold, window_days)
    from timeline.errors import InputError

    raise InputError(f"unknown cluster.method {method!r} (date-window or none)")
