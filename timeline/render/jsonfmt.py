"""JSON briefing, described by ``briefing.schema.json`` beside this file."""

from __future__ import annotations

import json

from timeline.model import Timeline, date_label
from timeline.render.common import Citations, coverage, line_text, source_title

SCHEMA_ID = "timeline.briefing/1"


def briefing_dict(timeline: Timeline) -> dict:
    cites = Citations.of(timeline)
    entries = []
    for entry in timeline.entries:
        entries.append({
            "date": entry.date.isoformat(),
            "granularity": entry.granularity,
            "label": date_label(entry.date, entry.granularity),
            "rank": entry.rank,
            "uncertain": entry.uncertain,
            "events": [{"text": line_text(b),
                        "citations": [cites.number[d] for d in b.doc_ids],
                        "origin": [{"doc_id": d, "sent_idx": int(i)} for d, i in b.origin]}
                       for b in entry.bullets],
        })
    sources = [{"id": cites.number[row["doc_id"]], "doc_id": row["doc_id"], "title": source_title(row),
                "source": row["source"], "published": row["published"].isoformat(), "path": row["path"],
                "url": row["url"]} for _, row in cites.sources.iterrows()]
    position = {id(e): i for i, e in enumerate(timeline.entries)}
    return {"schema": SCHEMA_ID, "title": timeline.title, "coverage": coverage(timeline),
            "settings": timeline.settings, "highlights": [position[id(e)] for e in timeline.highlights()],
            "entries": entries, "sources": sources}


def render_json(timeline: Timeline) -> str:
    return json.dumps(briefing_dict(timeline), ensure_ascii=False, indent=2) + "\n"
