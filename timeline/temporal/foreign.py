"""A temporal grammar for other languages, built from ``dateparser``'s language data.

``dateparser`` knows month and weekday names, relative words ("ayer", "la semana pasada")
and "N days ago" patterns for some 200 locales. This module turns that data into the same
kind of :class:`~timeline.temporal.english.Rule` the English grammar uses, so explicit and
common relative dates work in Spanish, French, Italian, German and beyond.
"""

from __future__ import annotations

import functools
import re

from timeline.temporal.english import Context, Result, Rule
from timeline.temporal.timex import add_days, day_value, month_value, safe_date, shift, weekday_date

_MONTH_KEYS = ["january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december"]
_WEEKDAY_KEYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_REL_KEY = re.compile(r"^(?:(in) )?(\d+) (second|minute|hour|day|week|month|year)(?: (ago))?$")
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)"


def _alt(words: dict[str, int]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=32)
def foreign_rules(lang: str) -> list[Rule]:
    """Rules for ``lang`` from ``dateparser``'s locale data.

    Raises:
        ValueError: If ``dateparser`` has no data for ``lang``.
    """
    from dateparser.languages.loader import default_loader

    info = default_loader.get_locale(lang).info
    months = {w.lower().rstrip("."): i + 1 for i, k in enumerate(_MONTH_KEYS)
              for w in info.get(k, []) if len(w.rstrip(".")) >= 3}
    weekdays = {w.lower().rstrip("."): i for i, k in enumerate(_WEEKDAY_KEYS)
                for w in info.get(k, []) if len(w.rstrip(".")) >= 4}
    pertain = "|".join(re.escape(w) for w in info.get("pertain", []) if w.strip()) or "of"
    mon = rf"(?P<mon>{_alt(months)})\.?"
    day = r"(?P<day>[0-3]?\d)(?:\.|º|er|°)?"
    glue = rf"(?:\s*,?\s+|\s+(?:{pertain})\s+)"

    def mdy(m: re.Match, ctx: Context) -> Result:
        month, d = months[m["mon"].lower()], int(m["day"])
        year = int(m["year"]) if m["year"] else (ctx.dct.year if ctx.dct else None)
        if year is None:
            return None
        date = safe_date(year, month, d)
        return ("DATE", day_value(date)) if date else None

    def month_year(m: re.Match, ctx: Context) -> Result:
        return "DATE", month_value(int(m["year"]), months[m["mon"].lower()])

    def weekday(m: re.Match, ctx: Context) -> Result:
        if ctx.dct is None:
            return None
        d = weekday_date(weekdays[m["wd"].lower()], ctx.dct, "past")
        return ("DATE", day_value(d)) if d else None

    rules = [
        Rule("dmy", re.compile(rf"(?i:\b{day}{glue}{mon}(?:{glue}{_YEAR})?)\b"), mdy, absolute=True),
        Rule("mdy", re.compile(rf"(?i:\b{mon}\s+{day}(?:\s*,\s*{_YEAR})?)\b"), mdy, absolute=True),
        Rule("month_year", re.compile(rf"(?i:\b{mon}{glue}{_YEAR})\b"), month_year, absolute=True),
        Rule("weekday", re.compile(rf"(?i:\b(?P<wd>{_alt(weekdays)}))\b"), weekday),
        Rule("iso", re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"),
             lambda m, c: _day(int(m["y"]), int(m["m"]), int(m["d"])), absolute=True),
        Rule("numeric", re.compile(r"(?<![\d/.])(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d)[/.](?P<y>(?:19|20)\d\d)(?![\d/.])"),
             _numeric_for(info.get("date_order", "DMY")), absolute=True),
        Rule("year", re.compile(rf"(?<![\w$€£#.,/-]){_YEAR}(?![\w%]|[.,]\d|-\d|\s*%)"),
             lambda m, c: ("DATE", m["year"]), absolute=True),
    ]
    for key, phrases in info.get("relative-type", {}).items():
        step = _relative_step(key)
        if step is None or not phrases:
            continue
        rules.append(Rule(f"rel:{key}", re.compile(rf"(?i:\b(?:{'|'.join(map(re.escape, phrases))}))\b"),
                          functools.partial(_relative, step=step)))
    for key, patterns in info.get("relative-type-regex", {}).items():
        step = _relative_step(key.replace("\\1", "1"))
        if step is None:
            continue
        for pat in patterns:
            body = pat.replace("(\\d++[.,]?\\d*+)", r"(?P<n>\d+)")
            try:
                compiled = re.compile(rf"(?i:\b{body})\b")
            except re.error:
                continue
            rules.append(Rule(f"relre:{key}", compiled, functools.partial(_relative_n, step=step)))
    return rules


def _day(y: int, m: int, d: int) -> Result:
    date = safe_date(y, m, d)
    return ("DATE", day_value(date)) if date else None


def _numeric_for(order: str):
    def normalise(m: re.Match, ctx: Context) -> Result:
        a, b = int(m["a"]), int(m["b"])
        day, month = (b, a) if order.startswith("M") else (a, b)
        return _day(int(m["y"]), month, day)
    return normalise


def _relative_step(key: str) -> tuple[str, int] | None:
    m = _REL_KEY.match(key)
    if not m:
        return None
    n = int(m[2])
    sign = 1 if m[1] else (-1 if m[4] else 0)
    return m[3], sign * n if sign else 0


def _relative(m: re.Match, ctx: Context, step: tuple[str, int]) -> Result:
    unit, n = step
    if ctx.dct is None or unit in ("second", "minute", "hour"):
        return ("DATE", "PRESENT_REF") if unit in ("second", "minute") and n == 0 else None
    if unit == "day":
        d = add_days(ctx.dct, n)
        return ("DATE", day_value(d)) if d else None
    return shift(ctx.dct, unit, n)


def _relative_n(m: re.Match, ctx: Context, step: tuple[str, int]) -> Result:
    unit, sign = step
    return _relative(m, ctx, (unit, sign * int(m["n"])))
