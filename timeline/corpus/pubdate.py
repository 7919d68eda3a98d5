"""Publication dates: from a record field, front matter, the file path, a dateline or the text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

_PATH_DATE = re.compile(r"(?<!\d)((?:1[89]|20)\d\d)[-_/.]?(0[1-9]|1[0-2])[-_/.]?(0[1-9]|[12]\d|3[01])(?!\d)")
# a dateline sits in the first few hundred characters: "LONDON, March 3, 2011 (Reuters) -"
_DATELINE_CHARS = 300


# an epoch number this large counts milliseconds (JavaScript's Date.now()), microseconds or nanoseconds
_EPOCH_UNITS = ((1e17, "ns"), (1e14, "us"), (1e11, "ms"))
_EPOCH_DIGITS = re.compile(r"-?\d{9,19}")  # a number in a string: "20240305" (8 digits) is a date
_NUMERIC_DATE = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})")


def numeric_order(values) -> bool | None:
    """Whether a file's numeric dates put the day first (``True``), the month first (``False``),
    or cannot tell (``None``): one date whose first number is over 12 says day first, one whose
    second is says month first; both, or neither, say nothing."""
    day = month = False
    for value in values:
        m = _NUMERIC_DATE.fullmatch(str(value).strip()) if isinstance(value, str) else None
        if m is not None and m[2] != ".":
            day, month = day or int(m[1]) > 12, month or int(m[3]) > 12
    return day if day != month else None


def parse_timestamp(value: object, lang: str = "en", day_first: bool | None = None) -> pd.Timestamp | None:
    """Parse a publication date value into a tz-aware UTC timestamp, or ``None``.

    Accepts ISO strings, RFC 2822 strings, ``datetime``/``date`` objects, epoch seconds (or
    milliseconds, micro- or nanoseconds, told apart by size), numeric dates (``05.03.2024``
    and, outside English, ``05/03/2024`` day first, as those conventions write them; or as
    ``day_first`` says, the order the rest of the file shows: :func:`numeric_order`) and,
    for anything else, whatever ``dateparser`` understands in ``lang``.
    """
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    if isinstance(value, str) and _EPOCH_DIGITS.fullmatch(value.strip()):
        value = int(value)
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            unit = next((u for limit, u in _EPOCH_UNITS if abs(value) >= limit), "s")
            ts = pd.Timestamp(int(value), unit=unit, tz="UTC")
        elif isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
            ts = pd.Timestamp(value)
        elif m := _NUMERIC_DATE.fullmatch(str(value).strip()):
            ts = _numeric_date(m, lang, day_first)
        else:
            ts = pd.Timestamp(str(value).strip())
    except (ValueError, TypeError, OverflowError):
        ts = _dateparser_timestamp(str(value), lang)
        if ts is None:
            return None
    if pd.isna(ts):
        return None
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    return ts.tz_convert("UTC").as_unit("us")


def _numeric_date(m: re.Match, lang: str, day_first: bool | None = None) -> pd.Timestamp:
    """``D.M.YYYY`` always, and ``D/M/YYYY`` outside English, day first; in English month
    first (``03/25/2024``) unless the first number cannot be a month; ``day_first``, when
    given, decides the dates either order could read."""
    a, sep, b, year = int(m[1]), m[2], int(m[3]), int(m[4])
    if sep == "." or a > 12 or b > 12 or day_first is None:
        day_first = sep == "." or a > 12 or (b <= 12 and not lang.lower().startswith("en"))
    day, month = (a, b) if day_first else (b, a)
    return pd.Timestamp(year, month, day)  # ValueError for 31/02, as pandas raises


def _dateparser_timestamp(text: str, lang: str) -> pd.Timestamp | None:
    import dateparser

    if len(text) > 100:
        return None
    parsed = dateparser.parse(text, languages=list(dict.fromkeys([lang, "en"])),
                              settings={"PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": True})
    return pd.Timestamp(parsed) if parsed else None


def date_from_path(path: Path | str) -> pd.Timestamp | None:
    """A ``YYYY-MM-DD`` (or ``YYYYMMDD``) date in a folder or file name, last one wins."""
    found = None
    for part in Path(path).parts:
        m = _PATH_DATE.search(part)
        if m:
            found = m
    if not found:
        return None
    try:
        return pd.Timestamp(int(found[1]), int(found[2]), int(found[3]), tz="UTC").as_unit("us")
    except ValueError:
        return None


def date_from_text(text: str, dateline_only: bool = False, lang: str = "en") -> pd.Timestamp | None:
    """The first full calendar date written in the text (a dateline when ``dateline_only``),
    read in the document's language (English rules when the tagger has none for it)."""
    from timeline.temporal.tagger import first_absolute_date

    sample = text[:_DATELINE_CHARS] if dateline_only else text
    try:
        found = first_absolute_date(sample, lang)
    except ValueError:  # a language dateparser has no data for
        found = first_absolute_date(sample)
    if found is None:
        return None
    return pd.Timestamp(found, tz="UTC").as_unit("us")
