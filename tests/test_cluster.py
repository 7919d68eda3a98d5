"""Event clusters made lazily, a run of neighbouring dates at a time, equal those of the whole pool."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.cluster import DateWindowClusterer, NullClusterer, PoolClusters, date_runs
from timeline.embed import HashingEmbedder


def pool() -> pd.DataFrame:
    days = ["2020-01-01", "2020-01-02", "2020-01-02", "2020-01-03", "2020-01-10", "2020-01-10", "2020-01-12",
            "2020-01-13", "2020-01-01"]
    texts = ["Floods hit the valley town", "Floods hit the valley town again", "The mayor visits the flood zone",
             "Floods hit the valley town once more", "A bridge reopens after repairs", "The bridge reopens after repairs",
             "Talks on the budget stall", "Talks on the budget stall again", "Floods hit the valley town today"]
    return pd.DataFrame({"date": pd.to_datetime(days), "text": texts, "doc_id": [f"d{i}" for i in range(len(days))]})


def test_date_runs_break_where_no_window_link_reaches():
    p = pool()
    assert date_runs(p["date"], 1).tolist() == [0, 0, 0, 0, 1, 1, 2, 2, 0]
    assert date_runs(p["date"], 0).tolist() == [0, 1, 1, 2, 3, 3, 4, 5, 0]
    assert date_runs(p["date"], 2).tolist() == [0, 0, 0, 0, 1, 1, 1, 1, 0]
    assert date_runs(p["date"].iloc[:0], 1).tolist() == []


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    return all((a == a[i]).tolist() == (b == b[i]).tolist() for i in range(len(a)))


def test_lazy_clusters_equal_the_whole_pools_and_embed_only_runs_reached():
    p = pool()
    enc = HashingEmbedder()
    asked: list[str] = []

    def encode(texts):
        asked.extend(texts)
        return enc.encode(texts)

    clusterer = DateWindowClusterer(threshold=0.5, window_days=1)
    whole = clusterer.fit_predict(p, enc.encode(p["text"].tolist()))
    lazy = PoolClusters(p, encode, clusterer)
    assert lazy.need(np.array([4])).tolist() == [4, 5]  # the run of 10 January only
    assert sorted(asked) == sorted(p["text"].iloc[[4, 5]])
    assert lazy.need(np.array([5])).tolist() == []  # done already: nothing embedded again
    lazy.need(np.array([0]))
    lazy.need(np.array([6]))
    assert (lazy.labels >= 0).all() and same_partition(lazy.labels, whole)
    assert np.allclose(lazy.vectors, enc.encode(p["text"].tolist()))
    assert whole[0] == whole[1] == whole[8] and whole[4] == whole[5]  # the partition is not trivial


def test_other_clusterers_get_the_whole_pool_at_once():
    p = pool()
    enc = HashingEmbedder()

    class Everything:
        def fit_predict(self, events, vectors):
            return np.zeros(len(events), dtype=np.int64)

    lazy = PoolClusters(p, enc.encode, Everything())
    assert len(lazy.need(np.array([0]))) == len(p) and (lazy.labels == 0).all()
    null = PoolClusters(p, enc.encode, NullClusterer())
    null.need(np.arange(len(p)))
    assert sorted(null.labels.tolist()) == list(range(len(p)))
