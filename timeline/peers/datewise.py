"""DATEWISE (Ghalandari & Ifrim 2020): rank dates with a supervised model, then summarise
each top date on its own.

1. **Date features.** Every day that a sentence is dated to gets counts: sentences dated to
   it (in all, from articles published after it, from articles published before it), the
   same counted in distinct articles, and the articles published on it. Each feature is
   L2-normalised over the corpus's dates, so the model sees shares rather than corpus size.
2. **Date ranking.** A logistic regression (scikit-learn) predicts whether a date is in the
   reference timeline; dates are ranked by its probability. It is trained on other topics'
   reference timelines (leave-one-topic-out in the benchmark). Weights are plain JSON.
3. **Candidates per date.** Sentences dated to the day, and undated sentences from the first
   six of articles published on the day or the day after; the two groups are merged into a
   date vector (terms both groups use) and sentences far from it are cut at the knee of the
   similarity curve, as news-tls's ``PM_Mean_SentenceCollector`` does.
4. **Summary.** Centroid-optimised selection (:func:`timeline.peers.centroid.centroid_opt`)
   of ``k`` keyword sentences; dates without a printable sentence are passed over until
   ``L`` dates have a summary.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from timeline.errors import InputError
from timeline.io import atomic_write_text
from timeline.peers.base import Collection, PeerTask, Prediction, as_prediction, collection, keyword_filter
from timeline.peers.centroid import centroid_opt, tfidf

log = logging.getLogger(__name__)

FEATURES = ("sents_total", "sents_before", "sents_after", "docs_total", "docs_before", "docs_after",
            "docs_published")
LEAD = 6  # undated sentences among an article's first LEAD represent its publication day
PUB_DAYS = 2  # an article stands for its publication day and the day before


def date_features(coll: Collection) -> pd.DataFrame:
    """Per mentioned day: the raw counts of :data:`FEATURES` (index: the day, sorted).

    ``*_before`` counts mentions from articles published after the day (the day is before
    publication), ``*_after`` those from articles published before it (news-tls's naming).
    """
    dated = coll.sents.dropna(subset=["date"])
    if dated.empty:
        return pd.DataFrame(columns=list(FEATURES), index=pd.DatetimeIndex([], name="date"), dtype=float)
    before = dated["date"] < dated["day"]
    after = dated["date"] > dated["day"]
    g = dated.groupby("date")
    table = pd.DataFrame({"sents_total": g.size(),
                          "sents_before": dated[before].groupby("date").size(),
                          "sents_after": dated[after].groupby("date").size()})
    docs = dated.drop_duplicates(["doc_id", "date"])
    table["docs_total"] = docs.groupby("date").size()
    table["docs_before"] = docs[docs["date"] < docs["day"]].groupby("date").size()
    table["docs_after"] = docs[docs["date"] > docs["day"]].groupby("date").size()
    table["docs_published"] = coll.docs.groupby("day").size()
    return table[list(FEATURES)].fillna(0.0).astype(float).sort_index()


def normalised(table: pd.DataFrame, features: tuple[str, ...]) -> np.ndarray:
    """Features as shares: each column divided by its L2 norm over the corpus's dates."""
    X = table[list(features)].to_numpy(dtype=float)
    norms = np.linalg.norm(X, axis=0)
    return np.divide(X, norms, out=np.zeros_like(X), where=norms > 0)


class DatewisePeer:
    """DATEWISE: supervised date ranking + per-date centroid-optimised summaries.

    Args:
        features: Which of :data:`FEATURES` the ranker uses (news-tls's shipped ranker
            effectively had no publication count: its counter was never filled).
        C: Inverse regularisation strength of the logistic regression.
        lead: Undated sentences among an article's first ``lead`` are publication-day candidates.
    """

    name = "datewise"

    def __init__(self, features: tuple[str, ...] = FEATURES, C: float = 1.0, lead: int = LEAD):
        unknown = set(features) - set(FEATURES)
        if unknown:
            raise InputError(f"unknown DATEWISE feature(s) {', '.join(sorted(unknown))}")
        self.features = tuple(features)
        self.C = C
        self.lead = lead
        self.coef: np.ndarray | None = None
        self.intercept = 0.0
        self._examples: dict[tuple[str, int], tuple[np.ndarray, np.ndarray]] = {}

    # ---------------------------------------------------------------- training
    def examples(self, task: PeerTask) -> tuple[np.ndarray, np.ndarray]:
        """Normalised features and 0/1 labels of one training task's candidate days
        (those in the reference's span); cached per ``(topic, index)``."""
        key = (task.topic, task.index)
        if key not in self._examples:
            days = sorted(dt.date.fromisoformat(d[:10]) for d, _ in task.reference)
            coll = collection(task.prepared, days[0], days[-1])
            table = date_features(coll)
            X = normalised(table, FEATURES)
            inside = (table.index >= pd.Timestamp(days[0])) & (table.index <= pd.Timestamp(days[-1]))
            refs = {pd.Timestamp(d) for d in days}
            y = np.array([d in refs for d in table.index[inside]], dtype=int)
            self._examples[key] = X[inside], y
        X, y = self._examples[key]
        return X[:, [FEATURES.index(f) for f in self.features]], y

    def fit(self, tasks: list[PeerTask]) -> DatewisePeer:
        """Fit the date ranker on training tasks (never the topic to be scored).

        Each task is a topic's prepared corpus with one reference timeline; a candidate
        day of that reference's span is a positive when the reference has it.

        Raises:
            InputError: No task, or no reference date among the candidates.
        """
        parts = [self.examples(t) for t in tasks]
        if not parts:
            raise InputError("DATEWISE needs reference timelines to train its date ranker")
        X = np.concatenate([x for x, _ in parts])
        y = np.concatenate([y for _, y in parts])
        if y.min(initial=1) == y.max(initial=0):
            raise InputError("DATEWISE training needs both reference and non-reference dates")
        model = LogisticRegression(C=self.C, max_iter=1000).fit(X, y)
        self.coef, self.intercept = model.coef_[0].copy(), float(model.intercept_[0])
        log.info("DATEWISE date ranker on %d tasks, %d dates: %s", len(tasks), len(y),
                 dict(zip(self.features, np.round(self.coef, 3))))
        return self

    def save(self, path: Path) -> None:
        """The ranker's weights as JSON (no pickle)."""
        if self.coef is None:
            raise InputError("DATEWISE ranker is not fitted")
        atomic_write_text(path, json.dumps({"features": list(self.features), "coef": self.coef.tolist(),
                                            "intercept": self.intercept, "C": self.C, "lead": self.lead}) + "\n")

    @classmethod
    def load(cls, path: Path) -> DatewisePeer:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            peer = cls(tuple(data["features"]), float(data.get("C", 1.0)), int(data.get("lead", LEAD)))
            peer.coef, peer.intercept = np.array(data["coef"], dtype=float), float(data["intercept"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"not a DATEWISE ranker file ({exc})", path) from None
        return peer

    # --------------------------------------------------------------- inference
    def rank_dates(self, coll: Collection, start: dt.date | None = None, end: dt.date | None = None) -> list[pd.Timestamp]:
        """Mentioned days in ``start..end``, most likely reference dates first."""
        if self.coef is None:
            raise InputError("DATEWISE ranker is not fitted (call fit on training topics first)")
        table = date_features(coll)
        if table.empty:
            return []
        z = normalised(table, self.features) @ self.coef + self.intercept
        keep = np.ones(len(table), dtype=bool)
        if start is not None:
            keep &= table.index >= pd.Timestamp(start)
        if end is not None:
            keep &= table.index <= pd.Timestamp(end)
        days, z = table.index[keep], z[keep]
        order = np.argsort(-z, kind="stable")
        return [days[i] for i in order]

    def predict(self, task, L: int, k: int, keywords: list[str], start: dt.date, end: dt.date) -> Prediction:
        """At most ``L`` days in ``start..end``, each with at most ``k`` keyword sentences."""
        coll = collection(task, start, end)
        if coll.empty or L <= 0 or k <= 0:
            return []
        sents = coll.sents
        vectorizer = tfidf()
        try:
            X = sparse.csr_matrix(vectorizer.fit_transform(sents["text"]))
        except ValueError:  # nothing but stop words
            return []
        allowed = keyword_filter(sents["text"], keywords)
        by_mention, by_publication = self._candidate_index(coll)
        chosen: list[tuple[pd.Timestamp, list[str]]] = []
        for day in self.rank_dates(coll, start, end):
            rows = collect_candidates(X, by_mention.get(day, []), by_publication.get(day, []))
            if not rows:
                continue
            rows = np.asarray(rows)
            picks = centroid_opt(X[rows], k, allowed[rows])
            if picks:
                chosen.append((day, [sents.at[int(rows[i]), "text"] for i in picks]))
                if len(chosen) >= L:
                    break
        return as_prediction(chosen)

    def _candidate_index(self, coll: Collection) -> tuple[dict, dict]:
        """Row numbers of the sentences dated to each day, and of the undated lead sentences
        standing for each day (publication day and the day before)."""
        sents = coll.sents
        dated = sents["date"].notna().to_numpy()
        by_mention = {pd.Timestamp(d): idx.tolist() for d, idx in sents[dated].groupby("date").groups.items()}
        lead = sents[~dated & (sents["position"] < self.lead)]
        by_publication: dict[pd.Timestamp, list[int]] = {}
        for shift in range(PUB_DAYS):
            for d, idx in lead.groupby(lead["day"] - pd.Timedelta(days=shift)).groups.items():
                by_publication.setdefault(pd.Timestamp(d), []).extend(idx.tolist())
        return by_mention, {d: sorted(v) for d, v in by_publication.items()}


def collect_candidates(X: sparse.csr_matrix, mentioned: list[int], published: list[int]) -> list[int]:
    """news-tls's "PM mean" candidates of one day: rows of ``X`` close to the day's vector.

    The day's vector mixes the mean TF-IDF of the sentences dated to the day and of the
    undated lead sentences published then, on the terms both share. Sentences scoring above
    the knee of the sorted similarity curve are kept (news-tls reads the threshold at the
    knee's index in the *unsorted* similarities; that is kept as published); when none is,
    all are kept.
    """
    if not mentioned or not published:
        return list(mentioned) or list(published)
    Xm, Xp = X[mentioned], X[published]
    cm, cp = np.asarray(Xm.sum(axis=0)).ravel(), np.asarray(Xp.sum(axis=0)).ravel()
    centre = np.where((cm != 0) & (cp != 0), cm / len(mentioned) + cp / len(published), 0.0)
    rows = list(mentioned) + list(published)
    sims = _cosine(X[rows], centre)
    cut = knee_point(np.sort(sims)[::-1])
    threshold = sims[cut]
    kept = [r for r, s in zip(rows, sims) if s > 0 and s > threshold]
    return kept or rows


def _cosine(X: sparse.csr_matrix, v: np.ndarray) -> np.ndarray:
    vn = np.linalg.norm(v)
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    denom = norms * vn
    return np.divide(X @ v, denom, out=np.zeros(X.shape[0]), where=denom > 0)


def knee_point(values: np.ndarray) -> int:
    """Index of the point farthest from the line joining the first and last of ``values``."""
    n = len(values)
    if n < 3:
        return 0
    pts = np.column_stack([np.arange(n, dtype=float), np.asarray(values, dtype=float)])
    line = pts[-1] - pts[0]
    length = np.linalg.norm(line)
    if length == 0:
        return 0
    rel = pts - pts[0]
    along = rel @ (line / length)
    dist = np.linalg.norm(rel - np.outer(along, line / length), axis=1)
    return int(np.argmax(dist))
