"""Events stage: one row per (sentence, resolved date).

A sentence that mentions calendar dates at an event granularity (day or month by
default) becomes one event per such date. A sentence with no date mention at all is
dated by its article's publication date and marked ``date_source == "published"``.
A sentence whose only mentions are coarse (a year, a decade) or vague ("recently") is
left undated: guessing the publication date for "in 2004, he ..." would misplace it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.cjk import count_words

EVENT_COLUMNS = ["event_id", "doc_id", "sent_idx", "text", "date", "granularity", "date_source",
                 "mention", "published", "source", "n_words"]


def publication_day(published: pd.Series) -> pd.Series:
    """Publication times (UTC) as naive calendar days, comparable with event dates."""
    return published.dt.tz_localize(None).dt.normalize().astype("datetime64[us]")


def days_after(events: pd.DataFrame) -> np.ndarray:
    """Days from each event's date to its article's publication (negative: published before):
    :func:`publication_day` minus the date, in numpy days (the pandas ``.dt`` route cost a
    warm benchmark several seconds: selection and condensing ask for it per task and date)."""
    published = events["published"].dt.tz_localize(None).to_numpy("datetime64[D]")
    return (published - events["date"].to_numpy("datetime64[D]")).astype(np.int64)


def build_events(docs: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame,
                 granularities: tuple[str, ...] | list[str] = ("day", "month")) -> pd.DataFrame:
    """Turn sentences and their date mentions into the events table.

    Args:
        docs: The documents table (for publication dates and sources).
        sentences: ``doc_id, sent_idx, text`` rows.
        mentions: Date mentions from the tagger.
        granularities: Mention granularities that date an event.

    Returns:
        The events table, ordered by date, publication time, document and sentence.
    """
    meta = docs.set_index("doc_id")[["published", "source"]]
    sents = sentences[["doc_id", "sent_idx", "text"]]

    usable = mentions[mentions["type"].isin(["DATE", "TIME"]) & mentions["granularity"].isin(granularities)]
    usable = usable.drop_duplicates(["doc_id", "sent_idx", "date", "granularity"])
    dated = usable[["doc_id", "sent_idx", "date", "granularity", "text"]].rename(columns={"text": "mention"})
    dated = dated.merge(sents, on=["doc_id", "sent_idx"], how="inner")
    dated["date_source"] = "mention"

    # sentences with any calendar mention at all are not dated by publication
    with_dates = mentions[mentions["type"].isin(["DATE", "TIME"])][["doc_id", "sent_idx"]].drop_duplicates()
    plain = sents.merge(with_dates, on=["doc_id", "sent_idx"], how="left", indicator=True)
    plain = plain[plain["_merge"] == "left_only"].drop(columns="_merge")
    plain = plain.assign(date=plain["doc_id"].map(meta["published"]).dt.tz_localize(None).dt.normalize(),
                         granularity="day", mention="", date_source="published")

    events = pd.concat([dated, plain], ignore_index=True)
    events["date"] = pd.to_datetime(events["date"]).astype("datetime64[us]")
    events["published"] = events["doc_id"].map(meta["published"])
    events["source"] = events["doc_id"].map(meta["source"])
    # words per row (len(text.split()), Han and kana by two characters a word: timeline.cjk),
    # one short-lived list at a time (a column of word lists cost hundreds of MB on big corpora)
    texts = events["text"].tolist()
    events["n_words"] = np.fromiter(map(count_words, texts), dtype=np.int64, count=len(texts))
    events = events.sort_values(["date", "published", "doc_id", "sent_idx"], kind="stable").reset_index(drop=True)
    events.insert(0, "event_id", range(len(events)))
    return events[EVENT_COLUMNS]
