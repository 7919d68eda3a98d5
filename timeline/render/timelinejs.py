"""TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html).

TimelineJS renders ``text`` fields as HTML, so all document text is escaped here.
"""

from __future__ import annotations

import html
import json

from timeline.model import Timeline, date_label
from timeline.render.common import Citations, coverage, documents_phrase, line_text


def _e(text: object) -> str:
    return html.escape(" ".join(str(text).split()), quote=True)


def timelinejs_dict(timeline: Timeline) -> dict:
    cites = Citations.of(timeline)
    cov = coverage(timeline)
    events = []
    for entry in timeline.entries:
        start = {"year": entry.date.year, "month": entry.date.month}
        if entry.granularity == "day":
            start["day"] = entry.date.day
        items = []
        for bullet in entry.bullets:
            refs = ", ".join(
                f"{_e(cites.sources.loc[cites.sources['doc_id'] == d, 'source'].iat[0] or d)} "
                f"({_e(cites.sources.loc[cites.sources['doc_id'] == d, 'published'].iat[0].date().isoformat())})"
                for d in bullet.doc_ids)
            items.append(f"<p>{_e(line_text(bullet))} <small>[{refs}]</small></p>")
        events.append({"start_date": start, "display_date": date_label(entry.date, entry.granularity),
                       "text": {"headline": _e(date_label(entry.date, entry.granularity)), "text": "".join(items)},
                       "unique_id": f"{entry.date.isoformat()}-{entry.granularity}"})
    title = {"text": {"headline": _e(timeline.title),
                      "text": f"<p>{_e(documents_phrase(cov))}, "
                              f"{_e(cov['first'])} to {_e(cov['last'])}.</p>"}}
    return {"title": title, "events": events}


def render_timelinejs(timeline: Timeline) -> str:
    return json.dumps(timelinejs_dict(timeline), ensure_ascii=False, indent=2) + "\n"
