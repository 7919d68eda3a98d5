"""Markdown briefing: title, coverage, dated entries with citations, numbered sources."""

from __future__ import annotations

import datetime as dt
import re

from timeline.model import Timeline
from timeline.render.common import Citations, coverage, date_label, source_title

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    """Escape Markdown (and inline-HTML) syntax in document text so it prints literally."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def render_markdown(timeline: Timeline) -> str:
    cites = Citations.of(timeline)
    cov = coverage(timeline)
    span = (f"{date_label(dt.date.fromisoformat(cov['first']), 'day')} – "
            f"{date_label(dt.date.fromisoformat(cov['last']), 'day')}")
    out = [f"# {md_escape(timeline.title)}", "",
           f"*{cov['documents']} documents from {cov['sources']} sources, published {span}. "
           f"{len(timeline.entries)} dates, {sum(len(e.bullets) for e in timeline.entries)} events.*", ""]
    for entry in timeline.entries:
        out.append(f"## {date_label(entry.date, entry.granularity)}")
        out.append("")
        for bullet in entry.bullets:
            marks = "".join(f"[{cites.number[d]}]" for d in bullet.doc_ids)
            out.append(f"- {md_escape(bullet.text)} {marks}")
        out.append("")
    out += ["## Sources", ""]
    for _, row in cites.sources.iterrows():
        n = cites.number[row["doc_id"]]
        where = row["url"] or row["path"]
        outlet = f" — {md_escape(row['source'])}" if row["source"] else ""
        out.append(f"{n}. {md_escape(source_title(row))}{outlet}, {row['published'].date().isoformat()}. "
                   f"`{str(where).replace('`', '')}`")
    out.append("")
    settings = timeline.settings
    if settings:
        out += ["---", "", f"*Made by timeline {settings.get('version', '')}: "
                f"{settings.get('summariser', 'extractive')} condensing, encoder "
                f"`{settings.get('encoder', '')}`, {settings.get('max_dates')} dates max, "
                f"{settings.get('sentences_per_date')} sentences per date"
                + (f", keywords {', '.join(settings['keywords'])}" if settings.get("keywords") else "")
                + ".*", ""]
    return "\n".join(out)
