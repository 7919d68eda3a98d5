"""The documents around printed lines, for condensers that rewrite them: each line's
preceding sentences in its article and its resolved relative dates, gathered for all lines
at once so that the model can rewrite them in batches."""

from __future__ import annotations

import pandas as pd

from timeline.condense.abstractive import RewriteRequest
from timeline.condense.resolve import LineContext
from timeline.model import Entry

PRECEDING = 12  # sentences before a line that the resolver may read


def rewrite_requests(entries: list[Entry], sentences: pd.DataFrame | None,
                     keywords: list[str]) -> list[RewriteRequest]:
    """One request per bullet of ``entries`` (in order), its sources the bullet's text.

    ``sentences`` is the split stage's table (``doc_id, sent_idx, text``); bullets carry
    their relative dates (``Bullet.dates``) already."""
    bullets = [b for e in entries for b in e.bullets]
    before: dict[tuple[str, int], tuple[str, ...]] = {}
    if sentences is not None and len(sentences):
        wanted = {b.origin[0] for b in bullets if len(b.origin) == 1}
        docs = {d for d, _ in wanted}
        rows = sentences[sentences["doc_id"].isin(docs)].sort_values(["doc_id", "sent_idx"])
        by_doc = {d: (g["sent_idx"].to_numpy(), g["text"].tolist()) for d, g in rows.groupby("doc_id", sort=False)}
        for doc_id, idx in wanted:
            positions, texts = by_doc.get(doc_id, ((), []))
            earlier = [t for p, t in zip(positions, texts) if p < idx]
            before[(doc_id, idx)] = tuple(earlier[-PRECEDING:])
    out = []
    for b in bullets:
        ctx = None
        if len(b.origin) == 1:
            ctx = LineContext(before.get(b.origin[0], ()), tuple(keywords), tuple(b.dates))
        out.append(RewriteRequest([b.text], ctx))
    return out
