"""Which events may speak for a date: those dated to it, and the leads of the next days' news.

A sentence that names a date is a candidate for that date. A sentence dated only by its
article's publication (``date_source == "published"``) is a candidate for the publication
day and, with ``days_before`` > 0, for the days just before it: news published on the 5th
mostly reports what happened on the 4th.
"""

from __future__ import annotations

import pandas as pd

KEYS = ["date", "granularity"]


def candidate_pool(events: pd.DataFrame, dates: pd.DataFrame, days_before: int = 0) -> pd.DataFrame:
    """The events that are candidates for ``dates`` (``date, granularity`` rows), one row each
    per (sentence, date); a shifted publication-dated row keeps ``date_source == "published"``."""
    pool = [events.merge(dates[KEYS], on=KEYS)]
    published = events[(events["date_source"] == "published") & (events["granularity"] == "day")]
    for shift in range(1, days_before + 1):
        moved = published.assign(date=published["date"] - pd.Timedelta(days=shift))
        pool.append(moved.merge(dates[KEYS], on=KEYS))
    out = pd.concat(pool, ignore_index=True)
    return out.drop_duplicates(["doc_id", "sent_idx", "date", "granularity"]).reset_index(drop=True)
