"""Dates as Chinese, Japanese and Korean news writes them: "2024年3月5日", "2024년 3월 5일",
"3月5日" (the publication year), "2024年3月", and the relative day words ("昨天", "昨日", "어제").

``dateparser``'s locale data covers these languages' month names, but its words sit between
word boundaries, and running Han or kana text has none, so the grammar built from it
(:mod:`timeline.temporal.foreign`) finds nothing there. These rules may follow a Han, kana or
Hangul letter directly (``left = AFTER_CJK``). Digits may be ASCII or fullwidth.
"""

from __future__ import annotations

import functools
import re

from timeline.temporal.english import AFTER_CJK, Context, Result, Rule
from timeline.temporal.timex import add_days, day_value, month_value, safe_date

LANGUAGES = ("zh", "ja", "ko")
_YEAR = r"(?P<y>\d{4})\s*[年년]\s*"
_MONTH = r"(?P<m>\d{1,2})\s*[月월]"
_DAY = r"\s*(?P<d>\d{1,2})\s*[日일号號]"
# day offsets of the relative day words (Chinese, Japanese, Korean); "今日" and "明日" are
# "today" and "tomorrow" in both Chinese and Japanese
_RELATIVE_DAYS = {"前天": -2, "昨天": -1, "今天": 0, "明天": 1, "后天": 2, "後天": 2,
                  "一昨日": -2, "おととい": -2, "昨日": -1, "きのう": -1, "今日": 0, "きょう": 0,
                  "明日": 1, "あした": 1, "明後日": 2,
                  "그저께": -2, "그제": -2, "어제": -1, "오늘": 0, "내일": 1, "모레": 2}


def _year(m: re.Match) -> int | None:
    year = int(m["y"])  # int() reads fullwidth digits too
    return year if 1500 <= year <= 2099 else None


def _full(m: re.Match, ctx: Context) -> Result:
    year = _year(m)
    date = safe_date(year, int(m["m"]), int(m["d"])) if year else None
    return ("DATE", day_value(date)) if date else None


def _month(m: re.Match, ctx: Context) -> Result:
    year, month = _year(m), int(m["m"])
    return ("DATE", month_value(year, month)) if year and 1 <= month <= 12 else None


def _month_day(m: re.Match, ctx: Context) -> Result:
    """"3月5日": the publication year (no year, no date without one)."""
    if ctx.dct is None:
        return None
    date = safe_date(ctx.dct.year, int(m["m"]), int(m["d"]))
    return ("DATE", day_value(date)) if date else None


def _relative(m: re.Match, ctx: Context) -> Result:
    if ctx.dct is None:
        return None
    date = add_days(ctx.dct, _RELATIVE_DAYS[m[0]])
    return ("DATE", day_value(date)) if date else None


@functools.cache
def cjk_rules() -> list[Rule]:
    """The rules above, longest first (the tagger prefers the longest match anyway)."""
    words = "|".join(sorted(map(re.escape, _RELATIVE_DAYS), key=len, reverse=True))
    return [
        Rule("cjk_ymd", re.compile(_YEAR + _MONTH + _DAY), _full, absolute=True, left=AFTER_CJK),
        Rule("cjk_ym", re.compile(_YEAR + _MONTH + r"(?!\s*\d)"), _month, absolute=True, left=AFTER_CJK),
        Rule("cjk_md", re.compile(_MONTH + _DAY), _month_day, left=AFTER_CJK),
        Rule("cjk_relative", re.compile(words), _relative, left=AFTER_CJK),
    ]
