from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from tests.peers.conftest import day, make_prepared
from timeline.errors import InputError
from timeline.keywords import keyword_mask
from timeline.peers import PeerTask, make_peer
from timeline.peers.base import collection
from timeline.peers.centroid import tfidf
from timeline.peers.datewise import DatewisePeer, collect_candidates, date_features, knee_point

REFERENCE = [("2020-03-01", ["The storm hit."]), ("2020-03-05", ["The storm destroyed the harbour."]),
             ("2020-03-12", ["Rescue ended."])]


def fitted(corpus) -> DatewisePeer:
    return make_peer("datewise").fit([PeerTask("storm", 0, corpus, REFERENCE, ["storm"])])


def test_features_count_mentions_and_publications(storm_corpus):
    table = date_features(collection(storm_corpus))
    march5 = table.loc[pd.Timestamp("2020-03-05")]
    assert march5["docs_total"] == 8  # its own article and the seven published after it
    assert march5["docs_before"] == 7  # mentioned by articles published later
    assert march5["sents_total"] == 15
    assert march5["docs_published"] == 2
    assert table.loc[pd.Timestamp("2020-03-02"), "docs_total"] == 1


def test_ranks_the_most_mentioned_date_first_after_fitting(storm_corpus):
    peer = fitted(storm_corpus)
    ranked = peer.rank_dates(collection(storm_corpus))
    assert ranked[0] == pd.Timestamp("2020-03-05")


def test_predictions_respect_L_k_span_and_keywords(storm_corpus):
    peer = fitted(storm_corpus)
    start, end = day("2020-03-03"), day("2020-03-09")
    pairs = peer.predict(storm_corpus, 3, 2, ["storm"], start, end)
    assert 0 < len(pairs) <= 3
    dates = [d for d, _ in pairs]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    assert "2020-03-05" in dates
    for d, sents in pairs:
        assert start.isoformat() <= d <= end.isoformat()
        assert 0 < len(sents) <= 2
        assert keyword_mask(pd.Series(sents), ["storm"]).all()


def test_keyword_absent_everywhere_gives_nothing(storm_corpus):
    assert fitted(storm_corpus).predict(storm_corpus, 3, 1, ["volcano"], day("2020-03-01"), day("2020-03-12")) == []


def test_unfitted_and_untrainable(storm_corpus):
    with pytest.raises(InputError):
        make_peer("datewise").predict(storm_corpus, 2, 1, [], day("2020-03-01"), day("2020-03-12"))
    with pytest.raises(InputError):
        make_peer("datewise").fit([])
    with pytest.raises(InputError):
        make_peer("nope")


def test_weights_round_trip_as_json(storm_corpus, tmp_path):
    peer = fitted(storm_corpus)
    peer.save(tmp_path / "ranker.json")
    data = json.loads((tmp_path / "ranker.json").read_text())
    assert len(data["coef"]) == len(data["features"])
    again = DatewisePeer.load(tmp_path / "ranker.json")
    coll = collection(storm_corpus)
    assert again.rank_dates(coll) == peer.rank_dates(coll)


def test_candidates_keep_sentences_near_the_day_vector():
    texts = ["storm floods harbour", "storm floods harbour town", "storm harbour damage", "markets calm",
             "storm floods the harbour again", "cup final tonight"]
    X = tfidf().fit_transform(texts).tocsr()
    kept = collect_candidates(X, [0, 1, 2, 3], [4, 5])
    assert 3 not in kept and 5 not in kept
    assert collect_candidates(X, [0, 1], []) == [0, 1]


def test_knee_point():
    assert knee_point(np.array([1.0, 0.9, 0.2, 0.15, 0.1, 0.05])) == 2
    assert knee_point(np.array([0.5, 0.5])) == 0


def test_undated_lead_sentences_stand_for_publication_day_and_the_day_before():
    prepared = make_prepared([("a", "2020-01-02", "t", ["storm one", "storm two"], {}),
                              ("b", "2020-01-05", "t", ["storm later on 2 January"], {0: "2020-01-02"})])
    peer = DatewisePeer()
    by_mention, by_publication = peer._candidate_index(collection(prepared))
    assert by_publication[pd.Timestamp("2020-01-02")] == [0, 1]
    assert by_publication[pd.Timestamp("2020-01-01")] == [0, 1]
    assert by_mention[pd.Timestamp("2020-01-02")] == [2]
