"""Citation policy: which documents a printed line cites.

A line cites the documents its source sentences come from, then (up to :data:`MAX_CITATIONS`)
the earliest other documents whose sentences fell in the same event cluster: the outlets that
reported the same happening.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.model import Bullet

MAX_CITATIONS = 4


def bullet(pool: pd.DataFrame, labels: np.ndarray, positions: list[int], text: str | None = None) -> Bullet:
    """A bullet from the source rows ``positions`` of ``pool`` (event cluster ``labels`` per row;
    ``pool`` indexed by position, as the pipeline's is);
    ``text`` is the printed line, the source sentences themselves when ``None``."""
    doc_ids = list(dict.fromkeys(pool.at[p, "doc_id"] for p in positions))
    for p in positions:
        same = np.flatnonzero(labels == labels[p])
        if len(same) == 1:  # a cluster of its own sentence: nobody else to cite
            continue
        for d in _earliest_first(pool, same):
            if len(doc_ids) >= MAX_CITATIONS:
                break
            if d not in doc_ids:
                doc_ids.append(d)
    if text is None:
        text = " ".join(" ".join(pool.at[p, "text"].split()) for p in positions)
    return Bullet(text=text, doc_ids=doc_ids,
                  origin=[(pool.at[p, "doc_id"], int(pool.at[p, "sent_idx"])) for p in positions])


def _earliest_first(pool: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """The documents of ``pool``'s rows (positions) by publication time, then id (a stable
    sort, as ``sort_values(["published", "doc_id"])``, on the two columns alone)."""
    published = pool["published"].iloc[rows].tolist()
    ids = pool["doc_id"].iloc[rows].tolist()
    return [ids[i] for i in sorted(range(len(rows)), key=lambda i: (published[i], ids[i]))]
