"""A standalone HTML timeline: one file, inline styles, no scripts, readable on a phone.

Every piece of document text is escaped, links are emitted only for http(s) URLs, and a
Content-Security-Policy forbids scripts outright, so a document containing ``<script>`` or
``onerror=`` can never run anything in the reader's browser.
"""

from __future__ import annotations

import base64
import html

from timeline.model import Timeline
from timeline.render.common import (
    UNCERTAIN_LABEL,
    Citations,
    counted,
    coverage,
    date_label,
    documents_phrase,
    line_text,
    made_with,
    source_title,
    span_label,
)

_CSS = """
:root { color-scheme: light dark; --line: #8a8f98; --accent: #2b6cb0; }
* { box-sizing: border-box; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 46rem;
       padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
.coverage { color: var(--line); margin-top: 0; }
ol.timeline { list-style: none; margin: 1.5rem 0; padding: 0 0 0 1.2rem; border-left: 3px solid var(--line); }
ol.timeline > li { position: relative; margin: 0 0 1.4rem; }
ol.timeline > li::before { content: ""; position: absolute; left: -1.72rem; top: 0.45rem; width: 0.9rem;
       height: 0.9rem; border-radius: 50%; background: var(--accent); }
time { font-weight: 650; }
.month { font-style: italic; }
ul.events { margin: 0.3rem 0 0; padding-left: 1.1rem; }
sup a { text-decoration: none; color: var(--accent); }
ol.sources { font-size: 0.92rem; padding-left: 1.6rem; }
ol.sources li:target { background: rgba(43, 108, 176, 0.15); }
footer { color: var(--line); font-size: 0.85rem; border-top: 1px solid var(--line); margin-top: 2rem; }
.uncertain { color: var(--line); font-size: 0.85rem; font-style: italic; margin-left: 0.4rem; }
.glance { border: 1px solid var(--line); border-radius: 0.5rem; padding: 0.2rem 1rem 0.6rem; }
.glance h2 { font-size: 1.1rem; }
.glance ul { padding-left: 1.1rem; margin: 0; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; }
figcaption { color: var(--line); font-size: 0.85rem; }
"""


def _e(text: object) -> str:
    return html.escape(" ".join(str(text).split()), quote=True)


def _link(url: str, text: str) -> str:
    if url.lower().startswith(("http://", "https://")):
        return f'<a href="{_e(url)}" rel="noopener noreferrer">{text}</a>'
    return text


def render_html(timeline: Timeline, chart: bytes | None = None) -> str:
    """The briefing as one HTML file; ``chart`` (PNG bytes) is inlined as a data URI."""
    cites = Citations.of(timeline)
    cov = coverage(timeline)
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
           "img-src data:\">",
           f"<title>{_e(timeline.title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           f"<h1>{_e(timeline.title)}</h1>",
           f'<p class="coverage">{_e(documents_phrase(cov))}, published '
           f'{_e(span_label(cov["first"], cov["last"]))}; {counted(len(timeline.entries), "date")}.</p>']

    def marks(bullet) -> str:
        return "".join(f'<sup><a href="#src-{cites.number[d]}">[{cites.number[d]}]</a></sup>' for d in bullet.doc_ids)

    if chart:
        out.append('<figure><img alt="Articles published per day, the timeline\'s dates marked" '
                   f'src="data:image/png;base64,{base64.b64encode(chart).decode("ascii")}">'
                   "<figcaption>Articles per day; the timeline's dates are marked.</figcaption></figure>")
    if len(timeline.entries) >= 3:
        out += ['<section class="glance"><h2>At a glance</h2><ul>']
        for entry in timeline.highlights():
            bullet = entry.lead_bullet
            out.append(f"<li><strong>{_e(date_label(entry.date, entry.granularity))}</strong>: "
                       f"{_e(line_text(bullet))} {marks(bullet)}</li>")
        out.append("</ul></section>")
    out.append('<ol class="timeline">')
    for entry in timeline.entries:
        label = date_label(entry.date, entry.granularity)
        cls = ' class="month"' if entry.granularity == "month" else ""
        value = entry.date.isoformat()[:7] if entry.granularity == "month" else entry.date.isoformat()
        note = UNCERTAIN_LABEL.get(entry.uncertain or "")
        note = f'<span class="uncertain">{note}</span>' if note else ""
        out.append(f'<li class="entry"><time datetime="{value}"{cls}>{_e(label)}</time>{note}')
        out.append('<ul class="events">')
        for bullet in entry.bullets:
            out.append(f'<li class="event">{_e(line_text(bullet))} {marks(bullet)}</li>')
        out.append("</ul></li>")
    out += ["</ol>", "<h2>Sources</h2>", '<ol class="sources">']
    for _, row in cites.sources.iterrows():
        n = cites.number[row["doc_id"]]
        outlet = f" — {_e(row['source'])}" if row["source"] else ""
        where = _link(str(row["url"]), _e(row["url"])) if row["url"] else f"<code>{_e(row['path'])}</code>"
        out.append(f'<li id="src-{n}">{_e(source_title(row))}{outlet}, {_e(row["published"].date().isoformat())}. '
                   f"{where}</li>")
    out.append("</ol>")
    if timeline.settings:
        out.append("<footer><h2>How this was made</h2><ul>" + "".join(f"<li>{_e(line)}</li>"
                                                                  for line in made_with(timeline)) + "</ul></footer>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
