"""TIMEX3 values: the record type and the calendar arithmetic behind normalisation."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from timeline.temporal.lexicon import SEASONS


@dataclass(frozen=True)
class Timex:
    """One temporal expression: character span in the text, TIMEX3 type and value.

    ``anchor`` is set on a DURATION counted from a reference time ("two days" in "two days
    later"): TimeML annotates the duration and leaves the point it reaches to a temporal
    link, but a timeline needs that point, so the tagger keeps its value here.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    anchor: str | None = None

    def as_dict(self) -> dict:
        """The ``timeline tag`` record; ``anchor`` only where there is one."""
        out = {"start": self.start, "end": self.end, "text": self.text, "type": self.type, "value": self.value}
        if self.anchor:
            out["anchor"] = self.anchor
        return out


def day_value(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def week_value(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def month_value(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def add_months(d: dt.date, months: int) -> dt.date:
    """``d`` moved by ``months``, the day clipped to the target month's length."""
    total = d.year * 12 + (d.month - 1) + months
    y, m = divmod(total, 12)
    y = min(max(y, 1), 9999)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def add_days(d: dt.date, days: int) -> dt.date | None:
    try:
        return d + dt.timedelta(days=days)
    except OverflowError:
        return None


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def weekday_date(target: int, base: dt.date, direction: str) -> dt.date | None:
    """The ``target`` weekday nearest ``base``: ``before``/``after`` (strict) or ``past``/``future``
    (the same day counts).

    Public because every language's grammar resolves bare weekdays the same way.
    """
    delta = target - base.weekday()
    if direction == "past":
        return add_days(base, delta if delta <= 0 else delta - 7)
    if direction == "future":
        return add_days(base, delta if delta >= 0 else delta + 7)
    if direction == "before":
        return add_days(base, delta if delta < 0 else delta - 7)
    return add_days(base, delta if delta > 0 else delta + 7)


def shift(base: dt.date, unit: str, n: int) -> tuple[str, str] | None:
    """``base`` moved ``n`` units, as a value of the unit's granularity.

    Shared by the English and the ``dateparser``-built grammars ("last week", "la semana
    pasada"), so both name the same calendar period the same way.
    """
    try:
        if unit in ("day", "night", "morning", "afternoon", "evening"):
            d = add_days(base, n)
            return ("DATE", day_value(d)) if d else None
        if unit in ("week", "fortnight"):
            d = add_days(base, 7 * n * (2 if unit == "fortnight" else 1))
            return ("DATE", week_value(d)) if d else None
        if unit == "weekend":
            d = add_days(base, 7 * n)
            return ("DATE", week_value(d) + "-WE") if d else None
        if unit == "month":
            d = add_months(base, n)
            return "DATE", month_value(d.year, d.month)
        if unit == "quarter":
            d = add_months(base, 3 * n)
            return "DATE", f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        if unit == "year":
            return "DATE", f"{base.year + n:04d}"
        if unit == "decade":
            return "DATE", f"{(base.year + 10 * n) // 10:03d}"
        if unit in ("century", "centurie"):
            return "DATE", f"{(base.year + 100 * n) // 100:02d}"
        if unit in SEASONS:
            y = base.year + n
            return "DATE", f"{y:04d}-{SEASONS[unit]}"
    except (ValueError, OverflowError):
        return None
    return None


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_YEAR = re.compile(r"^(?:FY)?(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")

VALUE_PATTERN = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}(?:T(?:\d{2}:\d{2}(?::\d{2})?Z?|MO|AF|EV|NI|DT))?|\d{4}-W\d{2}(?:-WE)?|"
    r"\d{4}-\d{2}|\d{4}-Q[1-4]|\d{4}-H[12]|\d{4}-(?:SP|SU|FA|WI)|\d{2,4}|FY\d{4}|"
    r"P(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|DE|CE|Q)|PT(?:\d+|X)(?:H|M|S)|PT(?:\d+H)?(?:\d+M)?(?:\d+S)?|P\d+Y\d+M|"
    r"PRESENT_REF|PAST_REF|FUTURE_REF|XXXX-WXX-[1-7]|XXXX-XX-XX(?:T(?:MO|AF|EV|NI))?|XXXX-\d{2}-\d{2}|"
    r"XXXX-\d{2})$")


def value_to_date(value: str) -> tuple[dt.date, str] | None:
    """The first day of the period a TIMEX3 value names, and its granularity.

    Returns ``None`` for values that name no calendar period (durations, sets, references).
    """
    try:
        if m := _DAY.match(value):
            return dt.date(int(m[1]), int(m[2]), int(m[3])), "day"
        if m := _WEEK.match(value):
            return dt.date.fromisocalendar(int(m[1]), int(m[2]), 1), "week"
        if m := _MONTH.match(value):
            return dt.date(int(m[1]), int(m[2]), 1), "month"
        if m := _QUARTER.match(value):
            return dt.date(int(m[1]), 3 * int(m[2]) - 2, 1), "quarter"
        if m := _HALF.match(value):
            return dt.date(int(m[1]), 6 * int(m[2]) - 5, 1), "quarter"
        if m := _SEASON.match(value):
            return dt.date(int(m[1]), _SEASON_MONTH[m[2]], 1), "season"
        if m := _YEAR.match(value):
            return dt.date(int(m[1]), 1, 1), "year"
        if m := _DECADE.match(value):
            return dt.date(max(int(m[1]) * 10, 1), 1, 1), "decade"
        if m := _CENTURY.match(value):
            return dt.date(max(int(m[1]) * 100, 1), 1, 1), "century"
    except ValueError:
        return None
    return None


def parse_dct(value: str) -> dt.date:
    """A document creation time: ``YYYY-MM-DD`` (a time part is ignored), also ``DD-MM-YYYY``.

    Raises:
        ValueError: If the value is neither.
    """
    text = str(value).strip()[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"unreadable date {value!r}; expected YYYY-MM-DD")
