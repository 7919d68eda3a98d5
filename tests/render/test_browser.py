"""The HTML briefing in a real browser: headless Chromium renders the example corpus (plus a
hostile document), the test reads the rendered DOM and saves a phone-width screenshot under
``outputs/screenshots/``. Skips where no Chromium is installed (``.ci/run`` installs it)."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import ROOT

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]

HOSTILE = """Date: 2026-03-12
Title: Hostile page <script>document.title = "pwned"</script>

On 12 March 2026 a reader posted <script>document.body.setAttribute("data-pwned", "1")</script> to the bridge forum.
Officials said <img src=x onerror="document.body.setAttribute('data-pwned', '2')"> appeared on the bridge page on 12 March 2026.
"""


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    pytest.skip("no Chromium installed")


class _Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.times: list[str] = []
        self.events = 0
        self.body_attrs: dict = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "time":
            self.times.append(attrs["datetime"])
        if tag == "li" and attrs.get("class") == "event":
            self.events += 1
        if tag == "body":
            self.body_attrs = attrs
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


@pytest.mark.slow
def test_rendered_page_shows_the_events_in_order_and_runs_nothing(example_corpus, tmp_path, tiny_config):
    from timeline.pipeline import summarise
    from timeline.render import render
    from timeline.render.chart import chart_png

    browser = _chromium()
    corpus = tmp_path / "corpus"
    shutil.copytree(example_corpus, corpus)
    (corpus / "2026-03-12-hostile.md").write_text(HOSTILE, encoding="utf-8")
    tiny_config.condense.redundancy = 1.01  # the tiny encoder's vectors all look alike
    tiny_config.keywords = ["bridge"]
    result = summarise([corpus], tiny_config)
    page = tmp_path / "briefing.html"
    page.write_text(render(result, "html", chart_png=chart_png(result)), encoding="utf-8")
    assert "pwned" in page.read_text()  # the hostile text is in the page, escaped

    profile = ["--user-data-dir=" + str(tmp_path / "profile")]
    dom = subprocess.run([browser, *FLAGS, *profile, "--dump-dom", page.as_uri()], capture_output=True,
                         text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    parsed = _Dom()
    parsed.feed(dom.stdout)
    assert parsed.events == sum(len(e.bullets) for e in result.entries) > 0
    assert parsed.times == sorted(parsed.times) and len(parsed.times) == len(result.entries)
    assert "script" not in parsed.tags  # no script element made it into the rendered page
    assert "data-pwned" not in parsed.body_attrs and "pwned" not in parsed.title  # nothing ran
    assert parsed.tags.count("img") == 1  # the chart, inline; the document's <img> is text

    shots = ROOT / "outputs" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    shot = shots / "example-briefing-html.png"
    ran = subprocess.run([browser, *FLAGS, *profile, "--hide-scrollbars", "--window-size=420,1800",
                          f"--screenshot={shot}", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0 and shot.read_bytes().startswith(b"\x89PNG"), ran.stderr[-2000:]
    assert Path(shot).stat().st_size > 10_000  # a real page, not a blank one
