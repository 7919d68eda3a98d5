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


def render(timeline: Timeline, fmt: str = "md", chart: str | bytes | None = None) -> str:
    """The timeline as text in ``fmt`` (``md``, ``json``, ``html`` or ``timelinejs``).

    Args:
        chart: Markdown: the path of the chart PNG to link; HTML: the PNG's bytes, inlined.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "md" and isinstance(chart, str):
        return render_markdown(timeline, chart)
    if fmt == "html" and isinstance(chart, bytes):
        return render_html(timeline, chart)
    return FORMATS[fmt](timeline)
