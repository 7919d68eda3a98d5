"""Select stage: rank candidate dates for the timeline.

The heuristic ranker scores a date by how many documents refer to it (a date that many
articles look back on is an important one) plus how many were published on it, with
month-level dates discounted. Ranking uses all sentences; the keyword filter applies
only later, to what gets printed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.config import SelectConfig


def candidate_dates(events: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Per ``(date, granularity)``: documents that mention it, documents published on it, sentences."""
    mention = events[events["date_source"] == "mention"]
    by_mention = mention.groupby(["date", "granularity"]).agg(mention_docs=("doc_id", "nunique"),
                                                              mention_sents=("event_id", "size"))
    pub_day = docs["published"].dt.tz_localize(None).dt.normalize().astype("datetime64[us]")
    pub = pub_day.value_counts().rename("published_docs")
    pub.index.name = "date"
    table = by_mention.reset_index().merge(pub.reset_index().assign(granularity="day"),
                                           on=["date", "granularity"], how="outer")
    return table.fillna({"mention_docs": 0, "mention_sents": 0, "published_docs": 0})


def rank_dates(events: pd.DataFrame, docs: pd.DataFrame, cfg: SelectConfig) -> pd.DataFrame:
    """All candidate dates, best first.

    Returns:
        Columns ``date, granularity, score, mention_docs, published_docs``; ties are broken
        by date so the order is deterministic.
    """
    table = candidate_dates(events, docs)
    if cfg.start:
        table = table[table["date"] >= pd.Timestamp(cfg.start)]
    if cfg.end:
        table = table[table["date"] <= pd.Timestamp(cfg.end)]
    score = cfg.mention_weight * table["mention_docs"] + cfg.published_weight * table["published_docs"]
    score = np.where(table["granularity"] == "month", cfg.month_weight * score, score)
    table = table.assign(score=score)
    table = table[table["score"] > 0]
    return table.sort_values(["score", "date"], ascending=[False, True], kind="stable").reset_index(drop=True)
