"""The timeline itself: what condense produces and render prints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd


def date_label(date: dt.date, granularity: str) -> str:
    """``"25 June 2009"`` for a day, ``"June 2009"`` for a month, ``"week of 22 June 2009"``,
    ``"2009"`` for a year."""
    if granularity == "month":
        return f"{date:%B} {date.year}"
    if granularity == "year":
        return str(date.year)
    day = f"{date.day} {date:%B} {date.year}"
    return f"week of {day}" if granularity == "week" else day

@dataclass
class Bullet:
    """One condensed event line and where it came from.

    Attributes:
        text: The line as printed.
        doc_ids: Documents that report it, the one it was taken from first.
        origin: ``(doc_id, sent_idx)`` of each source sentence it condenses.
        dates: ``(words, YYYY-MM-DD, granularity)`` of the relative date words in its source
            sentences ("on Thursday"), resolved by the tagger; rendered in brackets after them.
        hyphens_split: Its source document's tokeniser split hyphens off ("five - day"), so
            rendering joins them again (:func:`timeline.corpus.document.splits_hyphens`).
    """

    text: str
    doc_ids: list[str]
    origin: list[tuple[str, int]]
    dates: list[tuple[str, str, str]] = field(default_factory=list)
    hyphens_split: bool = False


@dataclass
class Entry:
    date: dt.date
    granularity: str  # "day" or "month"
    bullets: list[Bullet]
    inferred: bool = False  # dated only by publication date, not by a mention
    rank: int = 0  # 0 for the most important date of the timeline, then 1, 2, ...
    lead: int = 0  # which bullet was chosen first (the most central one)

    @property
    def uncertain(self) -> str | None:
        """Why the date may be off: ``"month"`` (only the month is known), ``"published"``
        (no source names the day; it is the publication date), or ``None``."""
        if self.granularity == "month":
            return "month"
        return "published" if self.inferred else None

    @property
    def lead_bullet(self) -> Bullet:
        """The entry's most central line (chosen first), for "at a glance"."""
        return self.bullets[min(self.lead, len(self.bullets) - 1)]


@dataclass
class Timeline:
    title: str
    entries: list[Entry]
    documents: pd.DataFrame  # the documents table (all read documents)
    settings: dict[str, Any] = field(default_factory=dict)

    def cited_doc_ids(self) -> list[str]:
        """Cited documents in order of first citation."""
        seen: dict[str, None] = {}
        for entry in self.entries:
            for bullet in entry.bullets:
                for d in bullet.doc_ids:
                    seen.setdefault(d, None)
        return list(seen)

    def highlights(self, most: int = 5) -> list[Entry]:
        """The ``most`` most important entries, in date order: "at a glance". Entries with a
        certain day come first, then by date rank."""
        best = sorted(self.entries, key=lambda e: (e.uncertain is not None, e.rank))[:most]
        return sorted(best, key=lambda e: (e.date, e.granularity != "month"))

    def as_pairs(self) -> list[tuple[str, list[str]]]:
        """``[["YYYY-MM-DD", [sentence, ...]], ...]`` as the TLS benchmarks write timelines."""
        return [(e.date.isoformat(), [b.text for b in e.bullets]) for e in self.entries]
