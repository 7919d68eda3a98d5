"""The timeline-summarisation benchmark protocol (as published results use it).

One task per reference timeline: the system gets L = the number of reference dates and
k = round(mean sentences per reference date), sees only articles published within the
reference's first..last date, and may choose dates only in that span. The harness
(:mod:`timeline.benchmark`) and training (:mod:`timeline.train`) both build their tasks here,
so a model is trained on exactly the tasks it is scored on.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from timeline.corpus.tls import Reference
from timeline.events import publication_day
from timeline.prepare import Prepared


def task_settings(reference: Reference) -> tuple[int, int, dt.date, dt.date]:
    """L, k and the date span of one reference timeline."""
    dates = sorted(dt.date.fromisoformat(d) for d, _ in reference)
    k = round(sum(len(s) for _, s in reference) / len(reference))
    return len(reference), max(1, k), dates[0], dates[-1]


def restrict(prepared: Prepared, start: dt.date, end: dt.date) -> Prepared:
    """Articles published in ``start..end`` and their events dated in that span."""
    docs = prepared.docs
    day = publication_day(docs["published"])
    keep = (day >= pd.Timestamp(start)) & (day <= pd.Timestamp(end))
    doc_ids = set(docs.loc[keep, "doc_id"])
    ev = prepared.events
    ev = ev[ev["doc_id"].isin(doc_ids) & (ev["date"] >= pd.Timestamp(start)) & (ev["date"] <= pd.Timestamp(end))]
    copies = prepared.copies
    if copies is not None and not copies.empty:
        copies = copies[copies["copy_of"].isin(doc_ids)].reset_index(drop=True)
    return Prepared(docs[keep].reset_index(drop=True), prepared.sentences, prepared.mentions,
                    ev.reset_index(drop=True), copies)


def reference_dates(reference: Reference) -> pd.DataFrame:
    """A reference timeline's dates as a ranking table (``date``, ``granularity``)."""
    return pd.DataFrame({"date": pd.to_datetime([d for d, _ in reference]).astype("datetime64[us]"),
                         "granularity": "day"})
