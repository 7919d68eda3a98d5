"""End-to-end behaviour on the example corpus (tiny encoder: fast, deterministic)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from timeline.corpus import read_corpus
from timeline.errors import InputError
from timeline.events import build_events
from timeline.pipeline import summarise
from timeline.render import briefing_dict, render
from timeline.temporal import tag_documents


@pytest.fixture()
def result(example_corpus, tiny_config):
    tiny_config.select.max_dates = 8
    tiny_config.condense.sentences_per_date = 2
    return summarise([example_corpus], tiny_config)


def test_entries_in_date_order_within_limits(result):
    dates = [e.date for e in result.entries]
    assert dates == sorted(dates)
    assert 0 < len(result.entries) <= 8
    assert all(1 <= len(e.bullets) <= 2 for e in result.entries)


def test_every_bullet_cites_and_citations_resolve(result):
    md = render(result, "md")
    numbered = set(re.findall(r"^(\d+)\. ", md.split("## Sources")[1], re.M))
    bullets = [line for line in md.split("## Sources")[0].splitlines() if line.startswith("- ")]
    assert bullets
    for line in bullets:
        marks = re.findall(r"\[(\d+)\]", line)
        assert marks, line
        assert set(marks) <= numbered
    doc_ids = set(result.documents["doc_id"])
    assert all(set(b.doc_ids) <= doc_ids for e in result.entries for b in e.bullets)


def test_reported_dates_are_mentioned_or_published(result, example_corpus):
    docs = read_corpus([example_corpus])
    sents, mentions = tag_documents(docs)
    days = set(mentions.loc[mentions["granularity"] == "day", "date"].dt.date)
    months = set(mentions.loc[mentions["granularity"] == "month", "date"].dt.date)
    published = set(docs["published"].dt.date)
    for entry in result.entries:
        allowed = months if entry.granularity == "month" else days | published
        assert entry.date in allowed, entry.date


def test_bullets_come_from_sentences_dated_to_their_entry(result, example_corpus):
    docs = read_corpus([example_corpus])
    events = build_events(docs, *tag_documents(docs))
    for entry in result.entries:
        for bullet in entry.bullets:
            for doc_id, sent_idx in bullet.origin:
                rows = events[(events["doc_id"] == doc_id) & (events["sent_idx"] == sent_idx)]
                assert pd.Timestamp(entry.date) in set(rows["date"]), bullet.text


def test_no_sentence_repeats(result):
    texts = [b.text for e in result.entries for b in e.bullets]
    assert len(texts) == len(set(texts))


def test_same_input_same_output(example_corpus, tiny_config, result):
    again = summarise([example_corpus], tiny_config)
    assert render(again, "md") == render(result, "md")
    assert render(again, "json") == render(result, "json")


def test_keywords_filter_printed_lines(example_corpus, tiny_config):
    tiny_config.keywords = ["ferry", "ferries"]
    result = summarise([example_corpus], tiny_config)
    assert result.entries
    assert all(re.search(r"\bferr", b.text, re.I) for e in result.entries for b in e.bullets)


def test_keywords_that_no_sentence_mentions_are_warned_about(example_corpus, tiny_config, caplog):
    tiny_config.keywords = ["zeppelin"]
    with caplog.at_level("WARNING", logger="timeline"):
        result = summarise([example_corpus], tiny_config)
    assert not result.entries
    assert any("no sentence mentions any of the keywords (zeppelin)" in r.getMessage() for r in caplog.records)
    caplog.clear()
    tiny_config.keywords = ["zep\x07pelin", "\u00e9t\u00e9"]  # a control character shows; accented letters stay
    with caplog.at_level("WARNING", logger="timeline"):
        summarise([example_corpus], tiny_config)
    assert any("keywords (zep\\x07pelin, \u00e9t\u00e9)" in r.getMessage() for r in caplog.records)
    caplog.clear()
    tiny_config.keywords = ["ferry"]
    with caplog.at_level("WARNING", logger="timeline"):
        summarise([example_corpus], tiny_config)
    assert not any("keywords" in r.getMessage() for r in caplog.records)


def test_start_end_bound_the_dates(example_corpus, tiny_config):
    tiny_config.select.start, tiny_config.select.end = "2026-03-09", "2026-03-13"
    result = summarise([example_corpus], tiny_config)
    assert result.entries
    assert all("2026-03-09" <= e.date.isoformat() <= "2026-03-13" for e in result.entries)
    tiny_config.select.start, tiny_config.select.end = "2030-01-01", ""
    with pytest.raises(InputError, match=r"no dated events in the given period \(2030-01-01 to the end; the "
                                         r"documents' dated events run from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\)$"):
        summarise([example_corpus], tiny_config)


def test_json_matches_schema(result):
    import json
    from pathlib import Path

    import jsonschema

    import timeline.render as render_pkg

    schema = json.loads((Path(render_pkg.__file__).parent / "briefing.schema.json").read_text())
    data = json.loads(render(result, "json"))
    jsonschema.validate(data, schema)
    assert data == json.loads(json.dumps(briefing_dict(result)))
    assert len(data["entries"]) == len(result.entries)


def test_markdown_escapes_document_text(tmp_path, tiny_config):
    (tmp_path / "2020-01-01-x.txt").write_text("Officials said <script>alert(1)</script> was found in the *system* today.")
    result = summarise([tmp_path], tiny_config)
    md = render(result, "md")
    assert "<script>" not in md and r"\<script\>" in md


def test_a_timeline_with_no_printable_line_is_warned_about(tiny_config, caplog):
    # dated, but no full sentence to print (a headline-like line, a bare number): say why it is empty
    docs = [{"text": "Bridge shut on 4 March 2024 by the council", "published": "2024-03-05"},
            {"text": "42", "published": "2024-03-06"}]
    with caplog.at_level("WARNING", logger="timeline"):
        result = summarise(docs, tiny_config)
    assert not result.entries
    assert any("has a line to print (a full sentence of 5 to 40 words)" in r.getMessage() for r in caplog.records)
    caplog.clear()
    docs[0]["text"] += "."
    with caplog.at_level("WARNING", logger="timeline"):
        result = summarise(docs, tiny_config)
    assert result.entries and not any("line to print" in r.getMessage() for r in caplog.records)


def test_summarise_takes_a_dataframe_or_a_list_of_dicts(example_corpus, tmp_path):
    import pandas as pd

    import timeline
    from timeline.corpus import read_corpus

    cfg = timeline.load_config(overrides={"embed.model": "hashing", "embed.cache": False, "select.max_dates": 4})
    docs = read_corpus([example_corpus])
    frame = docs[["doc_id", "title", "text", "published", "source", "url"]].rename(columns={"doc_id": "id"})
    from_files = timeline.summarise([example_corpus], cfg)
    from_frame = timeline.summarise(frame, cfg)
    from_dicts = timeline.summarise(frame.to_dict("records"), cfg)
    assert from_frame.as_pairs() == from_files.as_pairs() == from_dicts.as_pairs()
    assert isinstance(from_frame.documents, pd.DataFrame) and len(from_frame.documents) == len(docs)
    config = tmp_path / "c.toml"
    config.write_text('[embed]\nmodel = "hashing"\ncache = false\n[select]\nmax_dates = 4\n')
    assert timeline.summarise(frame, str(config)).as_pairs() == from_frame.as_pairs()  # a config file's path will do
    for nothing in (None, [], ()):
        with pytest.raises(InputError, match="no inputs: give files, folders"):
            timeline.summarise(nothing, cfg)
