"""Select stage: rank candidate dates for the timeline.

Every candidate date (a day or month that sentences are dated to, or a day articles were
published on) gets a row of features: how many documents refer to it, before and after it
happened, how many were published on it and in the days after, how many dated sentences
carry a topic keyword. The heuristic ranker counts documents published after a date that
refer back to it (later coverage marks what mattered), twice those published more than a
week later (a date still recalled weeks on mattered most), plus at half weight documents
published on it and at a quarter weight any document that mentions it (month-level dates
discounted); a trained :class:`DateRanker`
(``timeline train``) learns weights over all the counts from reference timelines. Ranking uses all
sentences; the keyword filter applies only to what gets printed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from timeline.config import HINDSIGHT_DAYS, SelectConfig
from timeline.errors import InputError
from timeline.events import days_after, publication_day
from timeline.keywords import keyword_mask
from timeline.linear import LinearModel

FEATURES = ["mention_docs", "mention_sents", "mention_docs_after", "mention_docs_before", "mention_docs_week",
            "mention_docs_later", "mention_months_later", "keyword_mention_docs", "neighbour_mention_docs",
            "published_docs", "published_next3", "keyword_sents", "published_before", "published_after", "is_month"]
COUNTS = [n for n in FEATURES if n != "is_month"]  # what a ranker weighs (month dates are discounted apart)
# each count as it is (the heuristic's weighted counts), its log1p and its share (a fitted ranker's):
# the count over the L2 norm of that count over the corpus's day dates, so that a date's share of
# the mentions means the same in a three-week disaster and a fifteen-year career
KINDS = ("count", "log", "share")
FITTED_KINDS = ("log", "share")


def candidate_dates(events: pd.DataFrame, docs: pd.DataFrame, keywords: list[str] | None = None,
                    hindsight_days: int = HINDSIGHT_DAYS, spread: float = 0.0) -> pd.DataFrame:
    """Per ``(date, granularity)``: the raw counts behind :data:`FEATURES`.

    ``mention_docs_after`` counts documents published after the date that refer back to it,
    ``mention_docs_week`` those of them published within ``hindsight_days`` (a week by default),
    ``mention_docs_later`` those published later than that, ``mention_docs_before`` those published before it;
    ``mention_months_later`` counts the distinct calendar months in which documents published
    later than that still refer back (a date recalled over months or years, such as an
    election, not only in the week's follow-up coverage); ``published_next3`` counts documents
    published on the date or the three days after; ``published_before`` and
    ``published_after`` count all documents published before and after the date: the coverage
    a date's mentions are drawn from, so that a fitted ranker can tell a date most of the
    later coverage recalls from one that a flood of coverage mentions in passing.

    With ``spread`` > 0 the document counts are weighted: a document that mentions ``n``
    distinct dates counts ``n ** -spread`` for each of them, so a page that runs through
    hundreds of dates (a year's chronicle, an archive sidebar) says less about any one of them
    than a report that names one date.
    """
    pub_day = publication_day(docs["published"])
    mention = events[events["date_source"] == "mention"]
    lag = days_after(mention)
    mention = mention.assign(after=lag > 0, before=lag < 0, week=(lag > 0) & (lag <= hindsight_days), later=lag > hindsight_days,
                             keyword=keyword_mask(mention["text"], keywords or []))
    keys = ["date", "granularity"]
    if spread > 0 and len(mention):
        dates_per_doc = mention.drop_duplicates(["doc_id", *keys]).groupby("doc_id").size().astype(float)
        mention = mention.assign(weight=mention["doc_id"].map(dates_per_doc ** -spread))
    else:
        mention = mention.assign(weight=1.0)

    def docs_per_date(rows: pd.DataFrame) -> pd.Series:
        """The (weighted) number of documents that mention each date."""
        return rows.drop_duplicates(["doc_id", *keys]).groupby(keys)["weight"].sum()

    by_mention = mention.groupby(keys).agg(mention_docs=("doc_id", "nunique"), mention_sents=("event_id", "size"))
    by_mention["mention_docs"] = docs_per_date(mention)
    for name, mask in (("mention_docs_after", "after"), ("mention_docs_before", "before"),
                       ("mention_docs_week", "week"), ("mention_docs_later", "later"),
                       ("keyword_mention_docs", "keyword")):
        by_mention[name] = docs_per_date(mention[mention[mask]])
    later = mention[mention["later"]]
    months = publication_day(later["published"]).dt.to_period("M")
    by_mention["mention_months_later"] = later.assign(month=months.to_numpy()).groupby(keys)["month"].nunique()
    pub = pub_day.value_counts().rename("published_docs")
    pub.index.name = "date"
    table = by_mention.reset_index().merge(pub.reset_index().assign(granularity="day"), on=keys, how="outer")
    if keywords:
        kw = events[keyword_mask(events["text"], keywords)]
        table = table.merge(kw.groupby(keys).size().rename("keyword_sents").reset_index(), on=keys, how="left")
    else:
        table = table.merge(events.groupby(keys).size().rename("keyword_sents").reset_index(), on=keys, how="left")
    counts = pub.sort_index()
    days = counts.index.to_numpy().astype("datetime64[D]").astype(np.int64)
    cum = np.concatenate([[0], np.cumsum(counts.to_numpy())])
    d = table["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    lo, hi = np.searchsorted(days, d, "left"), np.searchsorted(days, d + 3, "right")
    table["published_next3"] = cum[hi] - cum[lo]
    table["published_before"] = cum[lo]
    table["published_after"] = cum[-1] - cum[np.searchsorted(days, d, "right")]
    table["is_month"] = (table["granularity"] == "month").astype(float)
    table = table.fillna(0.0)
    day_mentions = table[table["granularity"] == "day"].set_index("date")["mention_docs"]
    prev = table["date"].map(day_mentions.rename(lambda d: d + pd.Timedelta(days=1))).fillna(0.0)
    nxt = table["date"].map(day_mentions.rename(lambda d: d - pd.Timedelta(days=1))).fillna(0.0)
    table["neighbour_mention_docs"] = np.where(table["granularity"] == "day", prev + nxt, 0.0)
    return table.sort_values(keys, kind="stable").reset_index(drop=True)


@dataclass
class DateRanker(LinearModel):
    """A learned linear date score over the feature counts, stored as JSON.

    ``timeline train`` fits it by pairwise logistic regression over the log counts
    (:meth:`fit_pairwise`): within each training task, which of a reference date and another
    candidate the reference kept; its score is then exp(log-odds) (``link = "exp"``). The
    configured heuristic is the same class over the raw counts (:meth:`heuristic`), and
    :meth:`fit` is the earlier coordinate-ascent fit of raw-count weights on date F1, kept for
    comparison (the README's benchmark section has the numbers).
    """

    EXPECTED = tuple(f"{kind}:{name}" for kind in KINDS for name in COUNTS)
    OPTIONAL = ("link",)
    WHAT = "date ranker"
    GRID = (0.0, 0.125, 0.25, 0.5, 1.0, 2.0)
    ANCHOR = "mention_docs_after"  # fixed at weight 1: the score's scale is arbitrary

    # "linear": the score is a weighted count (the heuristic, coordinate ascent); "exp": the
    # linear part is a log-odds (a pairwise fit), so its exp is the positive strength that the
    # month discount and the cut of dates scoring 0 in rank_dates expect
    link: str = "linear"

    def __post_init__(self) -> None:
        if self.link not in ("linear", "exp"):  # load() reports it as an unreadable ranker file
            raise ValueError(f"link must be 'linear' or 'exp', not {self.link!r}")

    def score(self, table: pd.DataFrame) -> np.ndarray:
        score = self.linear_score(_features(table))
        return np.exp(np.minimum(score, 700.0)) if self.link == "exp" else score

    @classmethod
    def heuristic(cls, cfg: SelectConfig) -> DateRanker:
        """The configured heuristic as a ranker: the same scores :func:`rank_dates` gives
        without one (the prior that :func:`timeline.train.fit_date_ranker` must beat)."""
        weights = {"mention_docs_after": cfg.later_mention_weight, "mention_docs": cfg.mention_weight,
                   "published_docs": cfg.published_weight, "mention_docs_later": cfg.hindsight_weight}
        n = len(cls.EXPECTED)
        coef = [float(weights.get(c, 0.0)) for c in COUNTS] + [0.0] * (n - len(COUNTS))
        return cls(list(cls.EXPECTED), [0.0] * n, [1.0] * n, coef, 0.0)

    @staticmethod
    def tasks(tables: list[pd.DataFrame], labels: list[np.ndarray], sizes: list[int]) -> list[tuple]:
        """The day rows of each task as ``(counts, labels, L)``, for :func:`date_f1`."""
        tasks = []
        for table, y, size in zip(tables, labels, sizes):
            day = (table["granularity"] == "day").to_numpy()
            if day.any() and size > 0:
                tasks.append((_features(table)[day], np.asarray(y)[day], int(size)))
        return tasks

    @classmethod
    def fit(cls, tables: list[pd.DataFrame], labels: list[np.ndarray], sizes: list[int],
            sweeps: int = 3, weights: list[float] | None = None) -> DateRanker:
        """Fit weights over the counts by coordinate ascent on date F1, given candidate tables
        (one per training task), their 0/1 "in the reference" labels and each task's L (the
        number of reference dates); ``weights`` weigh each task in the mean date F1. (Training
        uses :meth:`fit_pairwise`; this is the earlier fit, kept for comparison.)"""
        tasks = cls.tasks(tables, labels, sizes)
        if not any(y.any() for _, y, _ in tasks):
            raise InputError("training needs reference dates among the candidate dates")
        names = list(cls.EXPECTED)
        anchor = names.index(f"count:{cls.ANCHOR}")
        w = np.zeros(len(names))
        w[anchor] = 1.0
        best = date_f1(tasks, [w] * len(tasks), weights)
        for _ in range(sweeps):
            improved = False
            for j, name in enumerate(names):
                if j == anchor or not name.startswith("count:"):
                    continue
                for g in cls.GRID:
                    trial = w.copy()
                    trial[j] = g
                    f1 = date_f1(tasks, [trial] * len(tasks), weights)
                    if f1 > best + 1e-9:
                        best, w, improved = f1, trial, True
            if not improved:
                break
        n = len(names)
        return cls(names, [0.0] * n, [1.0] * n, w.tolist(), 0.0)


    @classmethod
    def fit_pairwise(cls, tables: list[pd.DataFrame], labels: list[np.ndarray], sizes: list[int],
                     weights: list[float] | None = None, C: float = 1.0, most_pairs: int = 20_000) -> DateRanker:
        """Fit weights over the log counts (``log1p``: a date with ten times the documents
        is not ten times as likely) and the counts' shares of the corpus's (:data:`KINDS`: what
        a date's count means on a busy disaster and a quiet career alike) by pairwise
        logistic regression: within each task, every (reference date, other date) pair (an
        evenly spaced ``most_pairs`` of them in a large task), the model learning which of the
        two is the reference's. Each task's pairs weigh ``weights[i]`` in all (datasets equal).
        The fit is exact (Newton's method; lbfgs stopped short of the optimum, 4x slower)."""
        from sklearn.linear_model import LogisticRegression

        tasks = cls.tasks(tables, labels, sizes)
        n = len(COUNTS)
        fitted = np.concatenate([np.arange(KINDS.index(k) * n, (KINDS.index(k) + 1) * n) for k in FITTED_KINDS])
        diffs, pair_weights = [], []
        for (x, y, _), w in zip(tasks, weights or [1.0] * len(tasks)):
            pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
            if not (len(pos) and len(neg)):
                continue
            i, j = np.repeat(pos, len(neg)), np.tile(neg, len(pos))
            if len(i) > most_pairs:
                keep = np.linspace(0, len(i) - 1, most_pairs).astype(int)
                i, j = i[keep], j[keep]
            diffs.append(x[np.ix_(i, fitted)] - x[np.ix_(j, fitted)])
            pair_weights.append(np.full(len(i), w / len(i)))
        if not diffs:
            raise InputError("training needs reference dates among the candidate dates")
        d, pw = np.vstack(diffs), np.concatenate(pair_weights)
        pw = pw / pw.mean()
        model = LogisticRegression(C=C, fit_intercept=False, solver="newton-cholesky", max_iter=200)
        model.fit(np.vstack([d, -d]), np.r_[np.ones(len(d)), np.zeros(len(d))], sample_weight=np.r_[pw, pw])
        coef = np.zeros(len(cls.EXPECTED))
        coef[fitted] = model.coef_[0]
        m = len(cls.EXPECTED)
        return cls(list(cls.EXPECTED), [0.0] * m, [1.0] * m, coef.tolist(), 0.0, link="exp")


def _features(table: pd.DataFrame) -> np.ndarray:
    """The counts, ``log1p`` of each count, and each count's share (:data:`KINDS`); shares
    are taken against the table's day dates, so month rows do not change them."""
    counts = table[COUNTS].to_numpy(dtype=float)
    day = (table["granularity"] == "day").to_numpy()
    norm = np.linalg.norm(counts[day], axis=0) if day.any() else np.zeros(counts.shape[1])
    shares = np.divide(counts, norm, out=np.zeros_like(counts), where=norm > 0)
    return np.hstack([counts, np.log1p(counts), shares])


def date_f1(tasks: list[tuple[np.ndarray, np.ndarray, int]], weights: list[np.ndarray],
            task_weights: list[float] | None = None) -> float:
    """Date F1 of each task's top-L dates by ``features @ weights[i]``, precision and recall
    averaged over tasks (as the benchmark averages them; weighted by ``task_weights``)."""
    precision, recall = [], []
    for (x, y, size), w in zip(tasks, weights):
        top = np.argsort(-(x @ w), kind="stable")[:size]
        hits = float(y[top].sum())
        precision.append(hits / len(top))
        recall.append(hits / size)
    p, r = float(np.average(precision, weights=task_weights)), float(np.average(recall, weights=task_weights))
    return 2 * p * r / (p + r) if p + r else 0.0


def rank_dates(events: pd.DataFrame, docs: pd.DataFrame, cfg: SelectConfig, keywords: list[str] | None = None,
               ranker: DateRanker | None = None) -> pd.DataFrame:
    """All candidate dates, best first (ties broken by date, so the order is deterministic).

    Args:
        ranker: A trained ranker; the configured heuristic when ``None``.

    Returns:
        The candidate table with a ``score`` column, filtered to ``cfg.start..cfg.end``.
    """
    table = candidate_dates(events, docs, keywords, cfg.hindsight_days, cfg.date_spread)
    if cfg.start:
        table = table[table["date"] >= pd.Timestamp(cfg.start)]
    if cfg.end:
        table = table[table["date"] <= pd.Timestamp(cfg.end)]
    table = table[table["granularity"].isin(cfg.granularities)]
    ranker = ranker or DateRanker.heuristic(cfg)
    score = ranker.score(table) if len(table) else np.zeros(0)
    score = np.where(table["granularity"] == "month", cfg.month_weight * score, score)
    table, score = table[score > 0], score[score > 0]
    table = table.assign(score=score)
    return table.sort_values(["score", "date"], ascending=[False, True], kind="stable").reset_index(drop=True)
