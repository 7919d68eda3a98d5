"""A briefing on disk: summarise, render, draw the chart, write both atomically.

The one library call behind ``timeline summarise``: output paths are checked before any work
(never over an input, never inside an input folder, never over an existing file without
``force``), and written only once everything is ready, so an interrupted run leaves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from timeline.config import Config
from timeline.errors import InputError
from timeline.io import atomic_write_bytes, atomic_write_text, check_output_path, check_state_path
from timeline.model import Timeline
from timeline.modeldir import ModelDir
from timeline.pipeline import summarise
from timeline.render import render
from timeline.render.chart import chart_png
from timeline.render.common import counted
from timeline.story_briefings import story_briefing_text


@dataclass
class Briefing:
    """What :func:`write_briefing` made: the timeline, its text, and where they went.

    Attributes:
        text: The rendered briefing (written to ``path``, or for the caller to print).
        path: The briefing file, or ``None`` (no output file given).
        chart_path: The chart PNG written beside a Markdown briefing, or ``None``.
    """

    timeline: Timeline | None  # None for story briefings (one timeline per story)
    text: str
    path: Path | None
    chart_path: Path | None
    what: str = ""  # what was written, in words ("10 dates", "3 story timelines")


# the formats a briefing file's name can ask for; the first is taken when the configured one is not among them
_FORMATS_OF_SUFFIX = {".md": ("md",), ".markdown": ("md",), ".txt": ("md",), ".json": ("json", "timelinejs"),
                      ".html": ("html",), ".htm": ("html",)}


def format_for(output: Path, configured: str) -> str:
    """The briefing format that ``output``'s name asks for (``x.json`` -> JSON, ``x.html`` ->
    HTML), ``configured`` where the name agrees with it (a ``.json`` file takes JSON or
    TimelineJS) or has no suffix.

    Raises:
        InputError: A suffix no format writes (``x.pdf``).
    """
    suffix = output.suffix.lower()
    if not suffix:
        return configured
    formats = _FORMATS_OF_SUFFIX.get(suffix)
    if formats is None:
        raise InputError(f"no briefing format writes {suffix} files; name it .md, .json or .html, or pass --format",
                         output)
    return configured if configured in formats else formats[0]


def write_briefing(inputs: list[Path], cfg: Config, output: Path | None = None, *, chart: bool = True,
                   force: bool = False, model: ModelDir | None = None, state: Path | None = None,
                   progress: bool = False, by_story: bool = False, story: str | None = None,
                   min_size: int | None = None) -> Briefing:
    """Summarise ``inputs`` and write the briefing in ``cfg.render.format`` to ``output``.

    Args:
        output: The briefing file; ``None`` writes nothing (the caller prints ``text``).
        chart: The articles-per-day chart: a PNG beside a Markdown ``output`` (``x.md`` ->
            ``x.png``, linked), inlined in HTML.
        force: Replace existing output files.
        state: ``--state`` folder (see :func:`timeline.pipeline.summarise`).
        by_story, story, min_size: One timeline per story of a mixed feed, all of them or the
            one best matching ``story`` (see :mod:`timeline.story_briefings`); no chart.

    Raises:
        InputError: Bad input, or an output path that would overwrite an input or existing file.
    """
    fmt = cfg.render.format
    target = check_output_path(output, inputs, force) if output is not None else None
    chart_path = None
    if chart and target is not None and fmt == "md":  # the PNG beside the briefing
        chart_path = check_output_path(target.with_suffix(".png"), inputs, force)
    if state is not None:
        check_state_path(state, inputs)
    if by_story or story:
        text, what = story_briefing_text(inputs, cfg, by_story=by_story, story=story, min_size=min_size,
                                         progress=progress, model=model, state=state)
        if target is not None:
            atomic_write_text(target, text)
        return Briefing(None, text, target, None, what)
    timeline = summarise(inputs, cfg, progress=progress, model=model, state=state)
    png = chart_png(timeline) if chart and (chart_path is not None or fmt == "html") else None
    chart_path = chart_path if png else None
    text = render(timeline, fmt, chart_link=chart_path.name if chart_path else None, chart_png=png)
    if target is not None:
        if chart_path is not None:
            atomic_write_bytes(chart_path, png)
        atomic_write_text(target, text)
    return Briefing(timeline, text, target, chart_path, counted(len(timeline.entries), "date"))
