"""Render stage: a :class:`~timeline.model.Timeline` to Markdown, JSON, HTML or TimelineJS JSON."""

from __future__ import annotations

from timeline.errors import InputError
from timeline.model import Timeline
from timeline.render.html import render_html
from timeline.render.jsonfmt import briefing_dict, render_json
from timeline.render.markdown import render_markdown
from timeline.render.timelinejs import render_timelinejs, timelinejs_dict

__all__ = ["FORMATS", "briefing_dict", "render", "render_html", "render_json", "render_markdown",
           "render_timelinejs", "timelinejs_dict"]

FORMATS = {"md": render_markdown, "json": render_json, "html": render_html, "timelinejs": render_timelinejs}


def render(timeline: Timeline, fmt: str = "md", *, chart_link: str | None = None,
           chart_png: bytes | None = None) -> str:
    """The timeline as text in ``fmt`` (``md``, ``json``, ``html`` or ``timelinejs``).

    Args:
        chart_link: Markdown: the path of the chart PNG to link (the PNG is written beside it).
        chart_png: HTML: the chart's PNG bytes, inlined.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "md":
        return render_markdown(timeline, chart_link)
    if fmt == "html":
        return render_html(timeline, chart_png)
    return FORMATS[fmt](timeline)
