"""Readable lines at render time: Treebank spacing undone, relative date words followed by
their dates in brackets; what evaluation scores (``Timeline.as_pairs``) stays the source text."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

import timeline
from timeline.model import Bullet, Entry, Timeline
from timeline.render import render
from timeline.render.common import counted, documents_phrase, line_text

ARTICLE = ("Mr Blair met Mr Hu on Thursday to discuss trade and energy . Yesterday the two leaders "
           "had dinner at Downing Street with their ministers , officials said . "
           "China 's president , Hu Jintao , will speak to Parliament today about the deal .")


def test_line_text_detokenises_and_brackets_relative_dates():
    b = Bullet("China 's president , Hu Jintao , speaks today , not on Thursday .", ["d"], [("d", 0)],
               dates=[("today", "2005-11-09", "day"), ("on Thursday", "2005-11-10", "day"),
                      ("last week", "2005-10-31", "week")])
    assert line_text(b) == ("China's president, Hu Jintao, speaks today [9 November 2005], "
                            "not on Thursday [10 November 2005].")  # "last week" is not in the line: no bracket
    assert b.text.startswith("China 's president ,")  # the bullet itself is unchanged
    month = Bullet("Prices rose last month.", ["d"], [("d", 0)], dates=[("last month", "2005-10-01", "month")])
    assert line_text(month) == "Prices rose last month [October 2005]."
    todays = Bullet("todays today", ["d"], [("d", 0)], dates=[("today", "2005-11-09", "day")])
    assert line_text(todays) == "todays today [9 November 2005]"  # whole words only
    count = Bullet("He said the closure eight days earlier had saved lives.", ["d"], [("d", 0)],
                   dates=[("eight days", "2026-03-03", "day")])  # TimeML's span is the count alone
    assert line_text(count) == "He said the closure eight days earlier [3 March 2026] had saved lives."
    day = Bullet("The council closed the bridge on Tuesday morning after engineers warned.", ["d"], [("d", 0)],
                 dates=[("Tuesday morning", "2026-03-03", "day")])  # "after" starts the next clause
    assert line_text(day) == "The council closed the bridge on Tuesday morning [3 March 2026] after engineers warned."
    possessive = Bullet("The speaker annulled last month’s impeachment vote.", ["d"], [("d", 0)],
                        dates=[("last month", "2016-04-01", "month")])
    assert line_text(possessive) == "The speaker annulled last month’s [April 2016] impeachment vote."


def test_briefings_print_dates_but_evaluation_keeps_the_source(tmp_path):
    cfg = timeline.load_config(overrides={"embed.model": "hashing", "embed.cache": False,
                                          "corpus.published": "2005-11-10", "corpus.lang": "en"})
    tl = timeline.summarise([{"text": ARTICLE, "published": None}], cfg)
    printed = render(tl, "md")
    assert "on Thursday \\[10 November 2005\\]" in printed and "Yesterday \\[9 November 2005\\]" in printed
    assert "China's president, Hu Jintao," in printed and "China 's" not in printed
    lines = [text for _, texts in tl.as_pairs() for text in texts]
    assert any("China 's president , Hu Jintao ," in t for t in lines)  # evaluation: the source text
    assert not any("[" in t for t in lines)
    exported = json.loads(render(tl, "json"))
    texts = [e["text"] for entry in exported["entries"] for e in entry["events"]]
    assert any("Thursday [10 November 2005]" in t for t in texts)
    assert "from 0 sources" not in printed and "1 document," in printed


def test_hyphens_are_joined_for_lines_of_documents_whose_tokeniser_split_them(tmp_path):
    text = ("Vice - President Hu Jintao , the party 's leader in waiting , began a five - day visit to "
            "London on 8 November 2005 , officials said . The cross - border talks - the first in years - "
            "ended on 10 November 2005 , officials said .")
    cfg = timeline.load_config(overrides={"embed.model": "hashing", "embed.cache": False, "corpus.lang": "en"})
    tl = timeline.summarise([{"text": text, "published": "2005-11-11"}], cfg)
    printed = render(tl, "md")
    assert "Vice-President Hu Jintao" in printed and "five-day visit" in printed
    assert "cross-border talks - the first in years - ended" in printed  # dashes beside function words stay
    assert all(b.hyphens_split for e in tl.entries for b in e.bullets)
    assert any("five - day" in t for _, texts in tl.as_pairs() for t in texts)  # evaluation: the source text
    plain = timeline.summarise([{"text": text + " A well-known aide , Li , said so .", "published": "2005-11-11"}], cfg)
    assert "Vice - President" in render(plain, "md")  # a joined hyphen elsewhere: its " - " are dashes


def test_documents_phrase_names_sources_only_when_there_are_some():
    assert documents_phrase({"documents": 247, "sources": 0}) == "247 documents"
    assert counted(1, "dated event") == "1 dated event" and counted(1204, "date") == "1,204 dates"
    assert documents_phrase({"documents": 1, "sources": 1}) == "1 document from 1 source"
    assert documents_phrase({"documents": 1_200, "sources": 3}) == "1,200 documents from 3 sources"
    docs = pd.DataFrame({"doc_id": ["a"], "title": [""], "text": ["x"], "source": [""], "url": [""], "path": [""],
                         "published": [pd.Timestamp("2005-11-10", tz="UTC")]})
    tl = Timeline("T", [Entry(dt.date(2005, 11, 10), "day", [Bullet("A line .", ["a"], [("a", 0)])])], docs)
    for fmt in ("md", "html", "timelinejs"):
        assert "from 0 sources" not in render(tl, fmt)
