"""The example briefing's dates are what readers trust: each line's own date words must agree
with the heading it is printed under."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from timeline.temporal import get_tagger, tag_document

_CHECKED = {"day", "week", "month"}  # a year or a decade in a line does not pin its entry


def _agrees(mention_date: dt.date, mention_gran: str, entry_date: dt.date, entry_gran: str) -> bool:
    if entry_gran == "month":
        if mention_gran == "week":
            return any((mention_date + dt.timedelta(days=i)).replace(day=1) == entry_date for i in range(7))
        return (mention_date.year, mention_date.month) == (entry_date.year, entry_date.month)
    if mention_gran == "day":
        return mention_date == entry_date
    if mention_gran == "week":
        return 0 <= (entry_date - mention_date).days < 7
    return (mention_date.year, mention_date.month) == (entry_date.year, entry_date.month)


@pytest.fixture(scope="module")
def briefing(example_corpus):
    from timeline.config import load_config
    from timeline.pipeline import summarise

    return summarise([example_corpus], load_config(overrides={"embed.model": "hashing", "embed.cache": False}))


def test_every_line_agrees_with_its_heading(briefing):
    docs = briefing.documents.set_index("doc_id")
    tagged: dict[str, pd.DataFrame] = {}
    checked, wrong = 0, []
    for entry in briefing.entries:
        for bullet in entry.bullets:
            dated = []
            for doc_id, sent_idx in bullet.origin:
                if doc_id not in tagged:
                    doc = docs.loc[doc_id]
                    _, mentions = tag_document(doc_id, doc["text"], pd.Timestamp(doc["published"]), doc["lang"])
                    tagged[doc_id] = pd.DataFrame(mentions, columns=["doc_id", "sent_idx", "start", "end", "text",
                                                                     "type", "value", "date", "granularity"])
                m = tagged[doc_id]
                m = m[(m["sent_idx"] == sent_idx) & m["type"].isin(["DATE", "TIME"]) & m["granularity"].isin(_CHECKED)]
                dated += [(r.text, r.date.date(), r.granularity) for r in m.itertuples() if r.text in bullet.text]
            if not dated:
                continue  # no date words in the line: its date comes from elsewhere (the heading says so)
            checked += 1
            if not any(_agrees(d, g, entry.date, entry.granularity) for _, d, g in dated):
                wrong.append((entry.date.isoformat(), entry.granularity, bullet.text, dated))
    assert checked >= 5  # the briefing has dated lines to check
    assert wrong == []


def test_closure_counted_back_from_the_article_is_filed_on_its_day(briefing):
    """'the closure eight days earlier' (an 11 March article) is the 3 March closure."""
    filed = [entry.date for entry in briefing.entries for bullet in entry.bullets
             if "eight days earlier" in bullet.text]
    assert filed in ([], [dt.date(2026, 3, 3)])
    found = [t for t in get_tagger("en").tag(
        (briefing.documents.set_index("doc_id").loc["coastal-ledger/2026-03-11-span-collapses.html", "text"]),
        dt.date(2026, 3, 11)) if t.text == "eight days"]
    assert [(t.type, t.value, t.anchor) for t in found] == [("DURATION", "P8D", "2026-03-03")]
