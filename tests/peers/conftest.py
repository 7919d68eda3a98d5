"""Handmade corpora for the peers: articles as (id, publication day, title, sentences,
{sentence index: mentioned day}), turned into a :class:`timeline.prepare.Prepared` without
the tagger, so that every date mention is exactly what the test says."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from timeline.events import build_events
from timeline.prepare import Prepared

Article = tuple[str, str, str, list[str], dict[int, str]]


def make_prepared(articles: list[Article]) -> Prepared:
    docs, sents, mentions = [], [], []
    for doc_id, day, title, lines, dated in articles:
        text = "\n".join(lines)
        docs.append({"doc_id": doc_id, "title": title, "text": text,
                     "published": pd.Timestamp(day, tz="UTC") + pd.Timedelta(hours=len(docs) % 20),
                     "published_from": "field", "source": "test", "url": "", "lang": "en", "path": ""})
        pos = 0
        for i, line in enumerate(lines):
            sents.append({"doc_id": doc_id, "sent_idx": i, "start": pos, "end": pos + len(line), "text": line})
            if i in dated:
                mentions.append({"doc_id": doc_id, "sent_idx": i, "start": pos, "end": pos + 4, "text": line[:4],
                                 "type": "DATE", "value": dated[i], "date": pd.Timestamp(dated[i]),
                                 "granularity": "day"})
            pos += len(line) + 1
    docs = pd.DataFrame(docs)
    sents = pd.DataFrame(sents)
    mentions = pd.DataFrame(mentions, columns=["doc_id", "sent_idx", "start", "end", "text", "type", "value", "date",
                                               "granularity"])
    mentions["date"] = pd.to_datetime(mentions["date"]).astype("datetime64[us]")
    return Prepared(docs, sents, mentions, build_events(docs, sents, mentions))


def day(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


@pytest.fixture
def storm_corpus() -> Prepared:
    """Twelve days of storm news: 5 March is mentioned over and over in later articles,
    other days once; a few sentences lack the keyword."""
    articles: list[Article] = []
    for n in range(12):
        d = (dt.date(2020, 3, 1) + dt.timedelta(days=n)).isoformat()
        lines = [f"The storm hit town number {n} with heavy rain on {d}.",
                 f"Officials said the storm damage reached record levels in district {n}.",
                 "Residents waited for news from the capital.",
                 f"Rescue teams reached village {n} after the storm passed."]
        dated = {0: d}
        if n > 4:
            lines.append("The storm of 5 March destroyed the harbour and the storm wall.")
            lines.append("Survivors of the storm recalled 5 March as the worst day.")
            dated.update({4: "2020-03-05", 5: "2020-03-05"})
        articles.append((f"a{n}", d, f"Storm report {n}", lines, dated))
        articles.append((f"b{n}", d, f"Weather {n}", [f"Markets were calm on day {n}.",
                                                    f"The storm moved east of region {n}."], {}))
    return make_prepared(articles)
