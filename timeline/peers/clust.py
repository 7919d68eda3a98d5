"""CLUST (Ghalandari & Ifrim 2020): cluster articles into events, date and rank the
clusters, summarise the best ones.

1. **Clustering.** Articles (title and text, TF-IDF) are linked by cosine similarity to
   articles of the same day and of the next day, as news-tls's ``TemporalMarkovClusterer``
   builds its graph (links from a day to the next point forward in time; the first two
   days' links within the day one way only), and the graph is clustered with Markov
   clustering (:mod:`timeline.peers.mcl`).
2. **Dating.** A cluster's date is the day its articles' sentences mention most (the first
   such day on a tie); without one, its earliest publication day. Unlike news-tls, only
   days in the task's span count, so that every printed date is in the span.
3. **Ranking.** Larger clusters first; among equal sizes, the cluster whose date the whole
   corpus mentions most (news-tls's ``ClusterDateMentionCountRanker``, whose final sort is
   by size).
4. **Summary.** Centroid-optimised selection over the first five sentences of the cluster's
   articles; a cluster whose date is already taken, or that has no keyword sentence, is
   passed over, until ``L`` dates or ``L * k`` sentences are printed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.metrics.pairwise import cosine_similarity

from timeline.peers.base import Collection, PeerTask, Prediction, as_prediction, collection, keyword_filter
from timeline.peers.centroid import centroid_opt, tfidf
from timeline.peers.mcl import markov_clusters

log = logging.getLogger(__name__)

LEAD = 5  # sentences of each article that may summarise its cluster


def temporal_graph(X: sparse.spmatrix, days: np.ndarray, max_days: int = 1) -> sparse.csr_matrix:
    """Cosine similarities between articles at most ``max_days`` calendar days apart.

    ``days`` are the articles' publication days (as integers, articles in publication
    order). Links between days go from the earlier article (row) to the later (column);
    within a day they go both ways, except on the corpus's first ``max_days + 1`` days,
    where only earlier-to-later rows are set (news-tls's first window).
    """
    n = X.shape[0]
    if n == 0:
        return sparse.csr_matrix((0, 0))
    days = np.asarray(days, dtype=np.int64)
    first = days.min()
    by_day: dict[int, np.ndarray] = {int(d): np.flatnonzero(days == d) for d in np.unique(days)}
    rows, cols, vals = [], [], []

    def add(r: np.ndarray, c: np.ndarray, block: np.ndarray, mask: np.ndarray) -> None:
        i, j = np.nonzero(mask & (block != 0))
        rows.append(r[i])
        cols.append(c[j])
        vals.append(block[i, j])

    for d, idx in by_day.items():
        same = cosine_similarity(X[idx])
        if d - first <= max_days:  # news-tls's first window: each pair once, earlier row
            add(idx, idx, same, np.triu(np.ones_like(same, dtype=bool), 1))
        else:
            add(idx, idx, same, np.ones_like(same, dtype=bool))
        for step in range(1, max_days + 1):
            later = by_day.get(d + step)
            if later is not None:
                add(idx, later, cosine_similarity(X[idx], X[later]), np.ones((len(idx), len(later)), dtype=bool))
    r, c, v = (np.concatenate(a) if a else np.zeros(0) for a in (rows, cols, vals))
    S = sparse.coo_matrix((v, (r.astype(int), c.astype(int))), shape=(n, n)).tocsr()
    S.sum_duplicates()
    return S


class ClustPeer:
    """CLUST: Markov clustering of articles, clusters dated and ranked, centroid summaries.

    Args:
        max_days: Articles up to this many days apart are linked in the graph.
        lead: The first ``lead`` sentences of an article are its cluster's candidates.
        inflation: MCL inflation (granularity of the clusters).
        span_dates: Date clusters only by days in the task's span (``False``: by any
            mentioned day, as news-tls does, so a printed date may fall outside the span;
            for comparison only, it breaks the benchmark protocol).
    """

    name = "clust"

    def __init__(self, max_days: int = 1, lead: int = LEAD, inflation: float = 2.0, span_dates: bool = True):
        self.max_days = max_days
        self.span_dates = span_dates
        self.lead = lead
        self.inflation = inflation

    def fit(self, tasks: list[PeerTask]) -> ClustPeer:
        """Nothing to learn: CLUST is unsupervised (the tasks are ignored)."""
        return self

    def clusters(self, coll: Collection) -> list[np.ndarray]:
        """Article row numbers of each Markov cluster, largest first."""
        docs = coll.docs
        texts = (docs["title"].fillna("").astype(str) + " " + docs["text"].astype(str)).tolist()
        try:
            X = tfidf().fit_transform(texts)
        except ValueError:  # nothing but stop words
            return [np.arange(len(docs))]
        days = docs["day"].to_numpy().astype("datetime64[D]").astype(np.int64)
        S = temporal_graph(X, days, self.max_days)
        found = [np.array(c) for c in markov_clusters(S, inflation=self.inflation)]
        found.sort(key=len, reverse=True)
        log.debug("CLUST: %d articles, %d clusters", len(docs), len(found))
        return found

    def predict(self, task, L: int, k: int, keywords: list[str], start: dt.date, end: dt.date) -> Prediction:
        """At most ``L`` distinct days in ``start..end``, each with at most ``k`` keyword sentences."""
        coll = collection(task, start, end)
        if coll.empty or L <= 0 or k <= 0:
            return []
        sents = coll.sents
        lo, hi = pd.Timestamp(start), pd.Timestamp(end)
        in_span = sents["date"].notna()
        if self.span_dates:
            in_span &= (sents["date"] >= lo) & (sents["date"] <= hi)
        mention_count = sents.loc[sents["date"].notna(), "date"].value_counts()
        lead_rows = np.flatnonzero((sents["position"] < self.lead).to_numpy())
        vectorizer = tfidf()
        try:
            vectorizer.fit(sents.loc[lead_rows, "text"])
        except ValueError:
            return []
        doc_row = sents["doc_id"].map(pd.Series(np.arange(len(coll.docs)), index=coll.docs["doc_id"])).to_numpy()
        span_rows = np.flatnonzero(in_span.to_numpy())
        span_dates = sents["date"].to_numpy()[span_rows]
        dates_of = {d: span_dates[pos] for d, pos in pd.Series(doc_row[span_rows]).groupby(doc_row[span_rows]).indices.items()}
        lead_of = {d: lead_rows[pos] for d, pos in pd.Series(doc_row[lead_rows]).groupby(doc_row[lead_rows]).indices.items()}

        ranked = []
        for members in self.clusters(coll):
            members = np.sort(members)  # publication order
            dates = [pd.Timestamp(x) for m in members for x in dates_of.get(m, ())]
            if dates:
                day, _ = Counter(dates).most_common(1)[0]
                count = int(mention_count.get(day, 0))
            else:
                day, count = pd.Timestamp(coll.docs["day"].iloc[members].min()), 0
            ranked.append((len(members), count, day, members))
        ranked.sort(key=lambda c: (-c[0], -c[1]))  # stable: MCL's order breaks ties

        chosen: dict[pd.Timestamp, list[str]] = {}
        printed = 0
        for _, _, day, members in ranked:
            rows = np.concatenate([lead_of[m] for m in members if m in lead_of] or [np.zeros(0, int)])
            if not len(rows) or day in chosen:
                continue
            texts = sents.loc[rows, "text"]
            picks = centroid_opt(vectorizer.transform(texts), k, keyword_filter(texts, keywords))
            if not picks:
                continue
            chosen[day] = [texts.iloc[i] for i in picks]
            printed += len(picks)
            if printed >= L * k or len(chosen) >= L:
                break
        return as_prediction(list(chosen.items()))
