from __future__ import annotations

import pandas as pd

from timeline.corpus.document import documents_frame
from timeline.events import build_events
from timeline.temporal import tag_documents


def _docs(*rows):
    return documents_frame([{"doc_id": d, "title": "", "text": t, "published": pd.Timestamp(p, tz="UTC"),
                             "published_from": "record", "source": "s", "url": "", "lang": "en", "path": d}
                            for d, t, p in rows])


def test_events_take_mentions_or_publication_date():
    docs = _docs(("a", "The bridge closed on March 3, 2026. Ferries are busy. In 2009 it was repaired.", "2026-03-06"))
    sents, mentions = tag_documents(docs)
    events = build_events(docs, sents, mentions)
    by_text = {r.text: r for r in events.itertuples()}
    closed = by_text["The bridge closed on March 3, 2026."]
    assert closed.date == pd.Timestamp("2026-03-03") and closed.date_source == "mention"
    busy = by_text["Ferries are busy."]
    assert busy.date == pd.Timestamp("2026-03-06") and busy.date_source == "published"
    # a sentence dated only by a year is not placed on the publication day
    assert "In 2009 it was repaired." not in by_text
    assert events["event_id"].tolist() == list(range(len(events)))


def test_one_event_per_sentence_and_date():
    docs = _docs(("a", "Talks began on 1 May 2020 and ended on 3 May 2020.", "2020-05-04"))
    events = build_events(docs, *tag_documents(docs))
    assert events["date"].dt.strftime("%Y-%m-%d").tolist() == ["2020-05-01", "2020-05-03"]
    assert set(events["sent_idx"]) == {0}


def test_month_mentions_keep_their_granularity():
    docs = _docs(("a", "Prices rose in March 2011.", "2011-05-01"))
    events = build_events(docs, *tag_documents(docs))
    assert events[["granularity", "date"]].values.tolist() == [["month", pd.Timestamp("2011-03-01")]]


def test_days_after_counts_calendar_days_from_the_date_to_publication():
    from timeline.events import days_after

    events = pd.DataFrame({
        "published": pd.to_datetime(["2005-11-09 23:59", "2005-11-10 00:01", "1969-12-31 12:00", "2020-03-01 08:00"],
                                    utc=True),
        "date": pd.to_datetime(["2005-11-10", "2005-11-09", "1969-12-30", "2020-02-28"]).astype("datetime64[us]")})
    assert days_after(events).tolist() == [-1, 1, 1, 2]  # published the day before, after; before 1970; leap day


def test_word_counts_split_on_any_whitespace():
    text = "Ferries\tare busy.\nA\u00a0new  pier\u2009opened on March 3, 2026 at noon."
    docs = _docs(("a", text, "2026-03-06"))
    events = build_events(docs, *tag_documents(docs))
    assert len(events) >= 2
    assert events["n_words"].tolist() == [len(t.split()) for t in events["text"]]
    assert events["n_words"].dtype.kind == "i"
