from __future__ import annotations

import numpy as np
import pandas as pd

from tests.peers.conftest import day, make_prepared
from timeline.keywords import keyword_mask
from timeline.peers import make_peer
from timeline.peers.base import collection
from timeline.peers.centroid import tfidf
from timeline.peers.clust import temporal_graph


def test_temporal_graph_links_same_and_next_day_only():
    X = tfidf().fit_transform(["storm flood", "storm flood rain", "storm flood", "storm flood", "storm flood"])
    days = np.array([0, 0, 1, 2, 4])
    S = temporal_graph(X, days).toarray()
    assert S[0, 1] > 0 and S[1, 0] == 0  # first window: within a day one way
    assert S[1, 2] > 0 and S[2, 1] == 0  # next day: earlier to later
    assert S[0, 3] == 0  # two days apart: no link
    assert S[3, 4] == 0  # day 2 and day 4 are not adjacent


def test_clusters_split_two_stories():
    prepared = make_prepared(
        [(f"q{i}", f"2020-05-0{1 + i % 2}", "Quake", ["earthquake shakes city buildings collapse",
                                                      "earthquake rescue teams search rubble"], {}) for i in range(4)]
        + [(f"e{i}", f"2020-05-0{1 + i % 2}", "Vote", ["election results parliament majority",
                                                     "election turnout record voters"], {}) for i in range(4)])
    found = make_peer("clust").clusters(collection(prepared))
    groups = sorted(sorted(collection(prepared).docs["doc_id"].iloc[c].str[0].unique()) for c in found)
    assert groups == [["e"], ["q"]]


def test_predictions_respect_L_k_span_distinct_dates_and_keywords(storm_corpus):
    peer = make_peer("clust").fit([])
    start, end = day("2020-03-02"), day("2020-03-10")
    pairs = peer.predict(storm_corpus, 4, 2, ["storm"], start, end)
    assert 0 < len(pairs) <= 4
    dates = [d for d, _ in pairs]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    for d, sents in pairs:
        assert start.isoformat() <= d <= end.isoformat()
        assert 0 < len(sents) <= 2
        assert keyword_mask(pd.Series(sents), ["storm"]).all()


def test_cluster_is_dated_by_its_most_mentioned_day():
    lines = ["the storm hit the port", "the storm of 3 June flooded the port", "port storm damage on 3 June"]
    prepared = make_prepared([(f"a{i}", "2020-06-05", "Storm", lines, {1: "2020-06-03", 2: "2020-06-03"})
                              for i in range(3)])
    pairs = make_peer("clust").predict(prepared, 1, 1, ["storm"], day("2020-06-01"), day("2020-06-30"))
    assert [d for d, _ in pairs] == ["2020-06-03"]
    # the same day outside the span: the cluster falls back to its publication day
    pairs = make_peer("clust").predict(prepared, 1, 1, ["storm"], day("2020-06-04"), day("2020-06-30"))
    assert [d for d, _ in pairs] == ["2020-06-05"]


def test_news_tls_dating_may_leave_the_span():
    lines = ["the storm hit the port", "the storm of 3 June flooded the port", "port storm damage on 3 June"]
    prepared = make_prepared([(f"a{i}", "2020-06-05", "Storm", lines, {1: "2020-06-03", 2: "2020-06-03"})
                              for i in range(3)])
    pairs = make_peer("clust", span_dates=False).predict(prepared, 1, 1, ["storm"], day("2020-06-04"),
                                                         day("2020-06-30"))
    assert [d for d, _ in pairs] == ["2020-06-03"]
