"""Pieces every output format shares: date labels, citation numbers, coverage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from timeline.model import Timeline


def date_label(date: dt.date, granularity: str) -> str:
    """``"25 June 2009"`` for a day, ``"June 2009"`` for a month."""
    if granularity == "month":
        return f"{date:%B} {date.year}"
    return f"{date.day} {date:%B} {date.year}"


@dataclass
class Citations:
    """Citation numbers (1-based, in order of first citation) and the cited documents' rows."""

    number: dict[str, int]
    sources: pd.DataFrame  # cited documents in citation order

    @classmethod
    def of(cls, timeline: Timeline) -> Citations:
        ids = timeline.cited_doc_ids()
        docs = timeline.documents.set_index("doc_id").loc[ids].reset_index()
        return cls({d: i + 1 for i, d in enumerate(ids)}, docs)


def coverage(timeline: Timeline) -> dict:
    """Documents, distinct sources and the publication span of the whole corpus."""
    docs = timeline.documents
    sources = docs["source"].replace("", pd.NA).dropna().nunique()
    return {
        "documents": int(len(docs)),
        "sources": int(sources),
        "first": docs["published"].min().date().isoformat(),
        "last": docs["published"].max().date().isoformat(),
    }


def source_title(row: pd.Series) -> str:
    """A document's title, or the start of its text when it has none."""
    title = str(row["title"] or "").strip()
    if title:
        return title
    words = " ".join(str(row["text"]).split()[:12])
    return words + ("…" if len(str(row["text"]).split()) > 12 else "")
