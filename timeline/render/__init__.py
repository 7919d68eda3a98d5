"""Render stage: a :class:`~timeline.model.Timeline` to Markdown or JSON."""

from __future__ import annotations

from timeline.errors import InputError
from timeline.model import Timeline
from timeline.render.jsonfmt import briefing_dict, render_json
from timeline.render.markdown import render_markdown

__all__ = ["FORMATS", "briefing_dict", "render", "render_json", "render_markdown"]

FORMATS = {"md": render_markdown, "json": render_json}


def render(timeline: Timeline, fmt: str = "md") -> str:
    """The timeline as text in ``fmt`` (``md`` or ``json``)."""
    try:
        return FORMATS[fmt](timeline)
    except KeyError:
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})") from None
