"""The story's rhythm: articles published per day, with the timeline's dates marked (PNG).

Drawn with matplotlib's Agg backend (no display), with fixed size and no timestamp in the
file, so the same timeline gives the same bytes.
"""

from __future__ import annotations

import io
import logging

import numpy as np
import pandas as pd

from timeline.model import Timeline

log = logging.getLogger(__name__)


def chart_png(timeline: Timeline, width: float = 8.0, height: float = 2.6) -> bytes | None:
    """A bar chart of documents per publication day; timeline dates marked in the accent colour.

    The axis spans the publication dates (plus three days each side); timeline dates outside
    it (background, such as a report from years before) are counted in a note. Returns
    ``None`` (with a warning) when the dates cannot be drawn: a chart never costs the briefing.
    """
    try:
        return _draw(timeline, width, height)
    except (ValueError, OverflowError) as exc:
        log.warning("chart not drawn (%s)", exc)
        return None


def _draw(timeline: Timeline, width: float, height: float) -> bytes:
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure  # not pyplot: no global figure registry, no GUI backend to pick

    days = timeline.documents["published"].dt.tz_localize(None).dt.normalize()
    counts = days.value_counts().sort_index()
    chosen = sorted({pd.Timestamp(e.date) for e in timeline.entries if e.granularity == "day"})
    pad = pd.Timedelta(days=3)
    first, last = counts.index.min(), counts.index.max()
    lo = first - pad if first.year > 1 else first  # matplotlib's dates run from year 1 to 9999
    hi = last + pad if last.year < 9999 else last
    marked = [d for d in chosen if lo <= d <= hi]  # the axis is the publication span
    outside = len(chosen) - len(marked)
    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.bar(counts.index, counts.to_numpy(), width=0.8, color="#8a8f98", label="articles published")
    top = float(counts.max()) if len(counts) else 1.0
    if marked:
        ax.vlines(marked, 0, top * 1.08, colors="#2b6cb0", linewidth=1.2, label="timeline dates")
        ax.plot(marked, np.full(len(marked), top * 1.08), "v", color="#2b6cb0", markersize=5)
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, top * 1.25)
    ax.yaxis.get_major_locator().set_params(integer=True)
    if outside:
        ax.text(1.0, 1.0, f"{outside} timeline date{'s' if outside > 1 else ''} outside the publication span",
                transform=ax.transAxes, ha="right", va="top", fontsize=8, color="#555b63")
    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylabel("articles")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", frameon=False, fontsize=8, ncols=2)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
