"""The Markdown briefing's parts: at a glance, chronology headings, uncertain dates, sources, footer."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from timeline.model import Bullet, Entry, Timeline
from timeline.render import render


@pytest.fixture(scope="module")
def briefing(example_corpus, tmp_path_factory):
    from timeline.config import load_config
    from timeline.pipeline import summarise

    cfg = load_config(overrides={"embed.model": "hashing", "select.max_dates": 8})
    return summarise([example_corpus], cfg)


def _timeline(entries: list[Entry]) -> Timeline:
    docs = pd.DataFrame({"doc_id": ["a", "b"], "title": ["A <b>", "B"], "text": ["x", "y"], "source": ["Ledger", ""],
                         "url": ["https://example.org/a", ""], "path": ["a.md", "b.txt"], "lang": "en",
                         "published": pd.to_datetime(["2025-12-30", "2026-01-02"], utc=True)})
    return Timeline("T", entries, docs, {"version": "0", "max_dates": 4, "sentences_per_date": 1,
                                         "corpus": {"sentences": 2, "events": 2, "candidate_dates": 9}})


def test_at_a_glance_lists_the_best_ranked_certain_dates_with_citations(briefing):
    md = render(briefing, "md")
    glance = md.split("## At a glance")[1].split("## Chronology")[0]
    lines = [line for line in glance.splitlines() if line.startswith("- ")]
    assert 3 <= len(lines) <= 5
    chosen = briefing.highlights()
    assert all(e.uncertain is None for e in chosen)  # the example has enough day-certain dates
    expected_ranks = sorted(e.rank for e in briefing.entries if e.uncertain is None)[:len(lines)]
    assert sorted(e.rank for e in chosen) == expected_ranks
    chronology = md.split("## Chronology")[1]
    for line in lines:
        assert re.search(r"\[\d+\]$", line)  # cited
        text = line.split("**: ", 1)[1].rsplit(" [", 1)[0]
        assert text in chronology  # the same line as in its entry


def test_uncertain_dates_are_marked_and_years_group_the_chronology():
    tl = _timeline([
        Entry(dt.date(2025, 12, 1), "month", [Bullet("Talks began in December.", ["a"], [("a", 0)])], rank=2),
        Entry(dt.date(2025, 12, 30), "day", [Bullet("The deal was signed.", ["a"], [("a", 1)])], rank=0),
        Entry(dt.date(2026, 1, 2), "day", [Bullet("Markets rose.", ["b"], [("b", 0)])], inferred=True, rank=1),
    ])
    md = render(tl, "md")
    assert "### 2025" in md and "### 2026" in md
    assert "#### December *(month only)*" in md
    assert "#### 30 December" in md and "#### 30 December *(" not in md
    assert "#### 2 January *(dated from publication)*" in md
    glance = md.split("## At a glance")[1].split("## Chronology")[0]
    assert glance.index("**December 2025**") < glance.index("30 December 2025") < glance.index("2 January 2026")
    assert [e.date.day for e in tl.highlights(most=1)] == [30]  # the certain date first, then by rank
    assert [e.date.day for e in tl.highlights(most=2)] == [30, 2]
    assert "1. **A \\<b\\>** — Ledger, 30 December 2025. <https://example.org/a>" in md  # numbered, escaped
    assert "2. **B**, 2 January 2026. `b.txt`" in md
    assert "## How this was made" in md and "Chose 3 of 9 candidate dates" in md


def test_single_year_uses_full_dates_without_year_headings():
    tl = _timeline([Entry(dt.date(2026, 1, 2), "day", [Bullet("Markets rose.", ["b"], [("b", 0)])])])
    md = render(tl, "md")
    assert "### 2 January 2026" in md and "### 2026" not in md
    assert "## At a glance" not in md  # fewer than three dates: nothing to summarise further


def test_chart_is_linked_and_drawn(briefing, tmp_path):
    from timeline.render.chart import chart_png

    png = chart_png(briefing)
    assert png.startswith(b"\x89PNG") and png == chart_png(briefing)  # same timeline, same bytes
    md = render(briefing, "md", chart_link="my briefing.png")
    assert "![Articles per day, the timeline's dates marked](my%20briefing.png)" in md
    html = render(briefing, "html", chart_png=png)
    assert html.count("data:image/png;base64,") == 1


def test_cli_writes_the_chart_beside_the_markdown(example_corpus, tiny_config_file, tmp_path):
    from typer.testing import CliRunner

    from timeline.cli import app

    out = tmp_path / "brief.md"
    ran = CliRunner().invoke(app, ["summarise", str(example_corpus), "-o", str(out), "--config", str(tiny_config_file)])
    assert ran.exit_code == 0, ran.output
    assert (tmp_path / "brief.png").read_bytes().startswith(b"\x89PNG") and "](brief.png)" in out.read_text()
    again = CliRunner().invoke(app, ["summarise", str(example_corpus), "-o", str(tmp_path / "x.md"), "--no-chart",
                                     "--config", str(tiny_config_file)])
    assert again.exit_code == 0 and not (tmp_path / "x.png").exists() and "![" not in (tmp_path / "x.md").read_text()
    (tmp_path / "y.png").write_bytes(b"keep")
    kept = CliRunner().invoke(app, ["summarise", str(example_corpus), "-o", str(tmp_path / "y.md"),
                                    "--config", str(tiny_config_file)])
    assert kept.exit_code == 2 and "y.png" in kept.output and (tmp_path / "y.png").read_bytes() == b"keep"
