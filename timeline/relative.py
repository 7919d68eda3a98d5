"""The dates that a printed line's relative words stand for ("today", "on Thursday", "last
week"), kept with the line so that it reads right when quoted alone.

The tagger resolved every mention against its article's publication date; the printed line
is the source sentence, so the resolved dates of its mentions are carried over as
``Bullet.dates`` and rendered in brackets after the words ("today [9 November 2005]"). So is
whether its document's tokeniser split hyphens off (``Bullet.hyphens_split``: "five - day"
renders "five-day").
"""

from __future__ import annotations

import re

import pandas as pd

from timeline.corpus.document import splits_hyphens
from timeline.model import Entry

RESOLVED = ("day", "week", "month", "year")  # granularities worth a bracket
_DIGIT = re.compile(r"\d")


def attach_relative_dates(entries: list[Entry], mentions: pd.DataFrame) -> None:
    """Set each bullet's ``dates`` to ``(words, YYYY-MM-DD, granularity)`` for the relative
    mentions (no digit in their words) in its source sentences, in text order."""
    if mentions.empty:
        return
    printed = pd.MultiIndex.from_tuples({o for e in entries for b in e.bullets for o in b.origin},
                                        names=["doc_id", "sent_idx"])
    if printed.empty:
        return
    here = pd.MultiIndex.from_frame(mentions[["doc_id", "sent_idx"]]).isin(printed)  # only the printed sentences
    keep = mentions[here]
    keep = keep[keep["date"].notna() & keep["granularity"].isin(RESOLVED) & ~keep["text"].str.contains(_DIGIT)]
    by_sentence = {key: group.sort_values("start") for key, group in keep.groupby(["doc_id", "sent_idx"])}
    for entry in entries:
        for bullet in entry.bullets:
            found = []
            for doc_id, sent_idx in bullet.origin:
                group = by_sentence.get((doc_id, sent_idx))
                if group is not None:
                    found += [(" ".join(str(t).split()), pd.Timestamp(d).date().isoformat(), g)
                              for t, d, g in zip(group["text"], group["date"], group["granularity"])]
            bullet.dates = found


def mark_split_hyphens(entries: list[Entry], docs: pd.DataFrame) -> None:
    """Flag the bullets whose source document's tokeniser split hyphens off
    (:func:`~timeline.corpus.document.splits_hyphens`), read once per cited document."""
    bullets = [b for e in entries for b in e.bullets if b.origin]
    if "text" not in docs.columns:
        return
    cited = {b.origin[0][0] for b in bullets}
    texts = docs.loc[docs["doc_id"].isin(cited), ["doc_id", "text"]]
    split = {d for d, text in zip(texts["doc_id"], texts["text"]) if splits_hyphens(text)}
    for b in bullets:
        b.hyphens_split = b.origin[0][0] in split
