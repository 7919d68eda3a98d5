"""What every peer system shares: its interface and the corpus view it works on.

The peers (DATEWISE and CLUST of Ghalandari & Ifrim, ACL 2020) see a corpus as news-tls
does: articles in publication order, each a list of sentences, and each sentence dated by
its *first* temporal expression when that expression names a day (a sentence whose first
expression is a month, a year or a duration has no date). They read the project's
prepared corpus (:class:`timeline.prepare.Prepared`) rather than their own
preprocessing, so that they run on the same sentences and date mentions as ``timeline``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd

from timeline.corpus.tls import read_keywords, read_timelines
from timeline.events import publication_day
from timeline.keywords import keyword_mask

log = logging.getLogger(__name__)

Prediction = list[tuple[str, list[str]]]  # [(ISO date, [sentence, ...]), ...], sorted by date


@dataclass
class PeerTask:
    """One training task: a topic's prepared corpus and one of its reference timelines.

    ``prepared`` may hold the whole topic; peers restrict it to the reference's span
    themselves, as the benchmark does.
    """

    topic: str
    index: int
    prepared: object  # timeline.prepare.Prepared
    reference: list[tuple[str, list[str]]]
    keywords: list[str]


def topic_tasks(folder: Path, prepared, keywords: list[str] | None = None, topic: str | None = None) -> list[PeerTask]:
    """One :class:`PeerTask` per reference timeline of a TLS topic folder (for ``fit``).

    Args:
        folder: The topic folder (``timelines.jsonl`` or tilse ``timelines/``; ``keywords.json``).
        prepared: The topic's prepared corpus.
        keywords: Overrides ``keywords.json``.
        topic: The topic's name (default: the folder name).
    """
    words = keywords if keywords is not None else read_keywords(folder)
    return [PeerTask(topic or folder.name, i, prepared, ref, words) for i, ref in enumerate(read_timelines(folder))]


class Peer(Protocol):
    """A published timeline summariser re-implemented as a baseline.

    ``fit`` takes the training tasks (other topics only, for leave-one-topic-out) and
    returns the peer; unsupervised peers ignore them. ``predict`` returns at most ``L``
    dates in ``start..end`` with at most ``k`` sentences each, every sentence containing a
    keyword (when keywords are given).
    """

    name: str

    def fit(self, tasks: list[PeerTask]) -> Peer: ...

    def predict(self, task, L: int, k: int, keywords: list[str], start: dt.date, end: dt.date) -> Prediction: ...


@dataclass
class Collection:
    """Articles published in a span, in publication order, with their dated sentences.

    Attributes:
        docs: ``doc_id, title, text, published, day`` (``day``: naive publication day).
        sents: ``doc_id, sent_idx, text, day, date, position`` in article order; ``date`` is
            the sentence's day (NaT when its first temporal expression is not a day),
            ``position`` its index among the article's sentences.
    """

    docs: pd.DataFrame
    sents: pd.DataFrame

    @property
    def empty(self) -> bool:
        return self.docs.empty or self.sents.empty


def collection(prepared, start: dt.date | None = None, end: dt.date | None = None) -> Collection:
    """The news-tls view of ``prepared`` restricted to articles published in ``start..end``."""
    docs = prepared.docs
    day = publication_day(docs["published"])
    keep = np.ones(len(docs), dtype=bool)
    if start is not None:
        keep &= (day >= pd.Timestamp(start)).to_numpy()
    if end is not None:
        keep &= (day <= pd.Timestamp(end)).to_numpy()
    docs = docs.loc[keep, ["doc_id", "title", "text", "published"]].assign(day=day[keep])
    docs = docs.sort_values("published", kind="stable").reset_index(drop=True)
    order = pd.Series(np.arange(len(docs)), index=docs["doc_id"])
    sents = prepared.sentences[prepared.sentences["doc_id"].isin(order.index)][["doc_id", "sent_idx", "text"]]
    sents = sents.assign(rank=sents["doc_id"].map(order)).sort_values(["rank", "sent_idx"], kind="stable")
    sents = sents.drop(columns="rank").reset_index(drop=True)
    sents["day"] = sents["doc_id"].map(docs.set_index("doc_id")["day"]).astype("datetime64[us]")
    sents["date"] = _sentence_dates(prepared.mentions, sents)
    sents["position"] = sents.groupby("doc_id", sort=False).cumcount()
    return Collection(docs, sents)


def _sentence_dates(mentions: pd.DataFrame, sents: pd.DataFrame) -> pd.Series:
    """Each sentence's day: its first date/time expression when that names a day, else NaT
    (news-tls keeps the first HeidelTime expression of a sentence and its granularity)."""
    timex = mentions[mentions["type"].isin(["DATE", "TIME"])]
    first = timex.sort_values(["doc_id", "sent_idx", "start"], kind="stable").drop_duplicates(["doc_id", "sent_idx"])
    first = first[first["granularity"] == "day"][["doc_id", "sent_idx", "date"]]
    out = sents[["doc_id", "sent_idx"]].merge(first, on=["doc_id", "sent_idx"], how="left")
    return pd.to_datetime(out["date"]).astype("datetime64[us]").set_axis(sents.index)


def keyword_filter(texts: pd.Series, keywords: list[str]) -> np.ndarray:
    """Which sentences may be printed: those containing a topic keyword (all without keywords)."""
    return keyword_mask(texts.reset_index(drop=True), keywords)


def as_prediction(items: list[tuple[pd.Timestamp, list[str]]]) -> Prediction:
    """``[(day, sentences)]`` as ISO-dated pairs sorted by date, sentences on one line each."""
    return [(d.date().isoformat(), [" ".join(s.split()) for s in sents])
            for d, sents in sorted(items, key=lambda x: x[0])]
