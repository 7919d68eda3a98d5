"""HTML and TimelineJS outputs: structure, order, and that document text can never run."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from timeline.pipeline import summarise
from timeline.render import render


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.times: list[str] = []
        self.events = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        if tag == "time":
            self.times.append(dict(attrs)["datetime"])
        if tag == "li" and ("class", "event") in attrs:
            self.events += 1


@pytest.fixture()
def hostile(tmp_path, tiny_config):
    (tmp_path / "2020-01-01-a.txt").write_text(
        'The mayor said <script>alert("x")</script> was found on the server on January 1, 2020.\n'
        'Officials added that <img src=x onerror="alert(1)"> appeared on the site on January 1, 2020.\n')
    (tmp_path / "2020-01-02-b.txt").write_text("The server was repaired on January 2, 2020 by engineers.")
    tiny_config.condense.redundancy = 1.01
    return summarise([tmp_path], tiny_config)


def test_html_escapes_everything_and_has_no_script(hostile):
    page = render(hostile, "html")
    parsed = _Collect()
    parsed.feed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not any(name.startswith("on") for name, _ in parsed.attrs)
    assert "&lt;script&gt;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_html_events_in_date_order_with_citations(example_corpus, tiny_config):
    result = summarise([example_corpus], tiny_config)
    page = render(result, "html")
    parsed = _Collect()
    parsed.feed(page)
    assert parsed.events == sum(len(e.bullets) for e in result.entries)
    assert parsed.times == sorted(parsed.times)
    ids = {v for k, v in parsed.attrs if k == "id"}
    links = {v[1:] for k, v in parsed.attrs if k == "href" and v and v.startswith("#")}
    assert links and links <= ids  # every citation link lands on a source


def test_timelinejs_shape(hostile):
    data = json.loads(render(hostile, "timelinejs"))
    assert set(data) == {"title", "events"} and data["events"]
    for event in data["events"]:
        assert {"year", "month"} <= set(event["start_date"])
        assert "<script" not in event["text"]["text"] and "onerror=\"" not in event["text"]["text"]
    dates = [(e["start_date"]["year"], e["start_date"]["month"], e["start_date"].get("day", 0)) for e in data["events"]]
    assert dates == sorted(dates)


def test_timelinejs_matches_its_schema(example_corpus, tiny_config):
    from pathlib import Path

    import jsonschema

    import timeline.render as render_pkg

    schema = json.loads((Path(render_pkg.__file__).parent / "timelinejs.schema.json").read_text())
    data = json.loads(render(summarise([example_corpus], tiny_config), "timelinejs"))
    jsonschema.validate(data, schema)
    data["events"][0]["start_date"]["month"] = 13
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_html_marks_uncertain_dates_and_shows_at_a_glance(example_corpus, tiny_config):
    tiny_config.condense.redundancy = 1.01  # the tiny encoder's random vectors all look alike
    result = summarise([example_corpus], tiny_config)
    page = render(result, "html")
    assert len(result.entries) >= 3
    assert page.count('<li class="entry">') == len(result.entries)
    assert "At a glance" in page and "How this was made" in page
    assert page.count('class="uncertain"') == sum(e.uncertain is not None for e in result.entries) > 0
