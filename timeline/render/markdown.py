"""Markdown briefing: title, coverage, chart, "At a glance", the chronology, sources, and
how it was made.

Headings follow the dates' granularity: a month-level date reads "June 2009" and is marked
*month only*, a date no source names (the articles' publication dates stand in) is marked
*dated from publication*; a timeline spanning several years is grouped under year headings.
"""

from __future__ import annotations

import re

from timeline.model import Entry, Timeline
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

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    """Escape Markdown (and inline-HTML) syntax in document text so it prints literally."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _heading(entry: Entry, with_year: bool = True) -> str:
    label = date_label(entry.date, entry.granularity)
    if not with_year and entry.granularity == "day":
        label = f"{entry.date.day} {entry.date:%B}"
    elif not with_year:
        label = f"{entry.date:%B}"
    note = UNCERTAIN_LABEL.get(entry.uncertain or "")
    return label + (f" *({note})*" if note else "")


def render_markdown(timeline: Timeline, chart: str | None = None) -> str:
    """The briefing as Markdown; ``chart`` is the path of the PNG chart to link, if any."""
    cites = Citations.of(timeline)
    cov = coverage(timeline)
    marks = lambda b: "".join(f"[{cites.number[d]}]" for d in b.doc_ids)  # noqa: E731
    out = [f"# {md_escape(timeline.title)}", "",
           f"*{documents_phrase(cov)}, published "
           f"{span_label(cov['first'], cov['last'])}. {counted(len(timeline.entries), 'date')}, "
           f"{counted(sum(len(e.bullets) for e in timeline.entries), 'event')}.*", ""]
    if chart:
        out += [f"![Articles per day, the timeline's dates marked]({chart.replace(' ', '%20')})", ""]
    if len(timeline.entries) >= 3:
        out += ["## At a glance", ""]
        for entry in timeline.highlights():
            bullet = entry.lead_bullet
            out.append(f"- **{date_label(entry.date, entry.granularity)}**: {md_escape(line_text(bullet))} {marks(bullet)}")
        out.append("")
    out += ["## Chronology", ""]
    years = sorted({e.date.year for e in timeline.entries})
    level = "####" if len(years) > 1 else "###"
    year = None
    for entry in timeline.entries:
        if len(years) > 1 and entry.date.year != year:
            year = entry.date.year
            out += [f"### {year}", ""]
        out += [f"{level} {_heading(entry, with_year=len(years) == 1)}", ""]
        out += [f"- {md_escape(line_text(b))} {marks(b)}" for b in entry.bullets]
        out.append("")
    out += ["## Sources", ""]
    for _, row in cites.sources.iterrows():
        n = cites.number[row["doc_id"]]
        where = f"<{row['url']}>" if str(row["url"]).startswith(("http://", "https://")) else \
            f"`{str(row['path'] or row['url']).replace('`', '')}`"
        outlet = f" — {md_escape(row['source'])}" if row["source"] else ""
        published = date_label(row["published"].date(), "day")
        out.append(f"{n}. **{md_escape(source_title(row))}**{outlet}, {published}. {where}")
    out.append("")
    if timeline.settings:
        out += ["## How this was made", ""] + [f"- {md_escape(line)}" for line in made_with(timeline)] + [""]
    return "\n".join(out)

