"""The English temporal grammar: candidate patterns and their TIMEX3 normalisation.

Each :class:`Rule` pairs a regular expression with a function that turns a match into
``(type, value)`` (or a span-adjusted ``(type, value, start, end)``), given a
:class:`Context` that knows the document creation time (DCT), the last date the text
referred to, and the tense of the clause around the match. Patterns are case-sensitive
where case carries meaning (month and weekday names) and use ``(?i:...)`` elsewhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from timeline.temporal.lexicon import (
    AMBIGUOUS_MONTHS,
    FUTURE_CUES,
    IRREGULAR_PAST,
    MONTHS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAYS,
    number_value,
)
from timeline.temporal.timex import (
    add_days,
    day_value,
    month_value,
    safe_date,
    shift,
    week_value,
    weekday_date,
)

# (type, value), or (type, value, start, end) with the span moved, or (type, value, start, end,
# anchor) for a duration counted from a reference time (see ``Timex.anchor``)
Result = tuple[str, str] | tuple[str, str, int, int] | tuple[str, str, int, int, str] | None


@dataclass
class Context:
    """What normalisation needs beyond the match itself."""

    text: str
    dct: dt.date | None
    ref: dt.date | None = None  # the last date the text referred to (for "two days later")
    ref_granularity: str = "day"
    ref_pos: int = -1  # where the expression that set ``ref`` ends
    ref_year: int | None = None  # the year of the last calendar date of any granularity
    _tense_cache: dict[tuple[int, int], str] = field(default_factory=dict)

    def anchor(self) -> dt.date | None:
        return self.ref or self.dct

    def tense(self, start: int, end: int) -> str:
        """``"future"``, ``"past"``, ``"present"`` or ``"neutral"``: the tense of the clause around
        ``start..end``.

        The clause runs from the last punctuation mark or subordinating word ("since",
        "after", "which", ...) before the expression to the next punctuation mark or
        complementiser ("that", "which", ...) after it. Future cues ("will", "next",
        "scheduled", "should") win; a past-tense verb form makes it past; a present-tense
        auxiliary or "now" makes it present (the article's own time); else neutral.
        """
        lo = max(self.text.rfind(ch, 0, start) for ch in ".!?\n;,:") + 1
        for m in _SUBORDINATE.finditer(self.text, lo, start):
            lo = m.start()
        his = [self.text.find(ch, end) for ch in ".!?\n;,"]
        hi = min([h for h in his if h >= 0], default=len(self.text))
        if m := _RIGHT_BOUNDARY.search(self.text, end, hi):
            hi = m.start()
        key = (lo, hi)
        if key not in self._tense_cache:
            if _FUTURE.search(self.text, lo, hi):
                tense = "future"
            elif _PAST.search(self.text, lo, hi):
                tense = "past"
            elif _PRESENT.search(self.text, lo, hi):
                tense = "present"
            else:
                tense = "neutral"
            self._tense_cache[key] = tense
        return self._tense_cache[key]


_SUBORDINATE = re.compile(r"\b(?:since|after|before|when|because|although|while|which|until|whereas)\b",
                          re.I)
_RIGHT_BOUNDARY = re.compile(r"\b(?:that|which|who|because|although|whereas|while)\b", re.I)
_FUTURE = re.compile(FUTURE_CUES, re.I)
_PRESENT = re.compile(r"\b(?:is|are|has|have|now|currently|today)\b", re.I)
_PAST = re.compile(r"\b(?:was|were|had|did|said|ago|last|previously|[a-z]{2,}ed|" + "|".join(IRREGULAR_PAST) + r")\b",
                   re.I)


ALNUM = "\0alnum"  # ``left`` default: the match may not follow a letter or digit
AFTER_CJK = "\0cjk"  # ``left``: as ALNUM, but a Han, kana or Hangul letter may come before (no spaces there)


@dataclass(frozen=True)
class Rule:
    """A candidate pattern and its normaliser.

    Attributes:
        prefix: Optional context before the match (a pattern ending at the match start);
            its named groups join the match's and it extends the span when present.
        prefix_required: Drop the match when the prefix is absent.
        left: Characters that may not come right before the match (always: letters and digits).
    """

    name: str
    pattern: re.Pattern
    normalise: Callable[[re.Match, Context], Result]
    check: Callable[[re.Match, str], bool] | None = None
    absolute: bool = False  # needs no DCT (used for datelines)
    prefix: re.Pattern | None = None
    prefix_required: bool = False
    left: str = ALNUM


# --- building blocks -------------------------------------------------------------------
_MON = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|"
        r"December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|"
        r"DECEMBER|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_WD = (r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon\.|Tue\.|Tues\.|Wed\.|"
       r"Thu\.|Thurs\.|Fri\.|Sat\.|Sun\.)")
# A pattern is scanned fast when it starts with one character class or a choice of single
# letters: re then skips to the next place where that character occurs. An optional first
# character ("[0-3]?\d") or a group of choices does not qualify, and re tries a match at
# every position. _UP_TO_2 is "[0-3]?\d" written to start with "\d" (the same matches,
# tried in the same order: two digits first when the first is 0-3, then one).
def _up_to_2(first: str) -> str:
    return rf"\d(?:(?<=[{first}])\d)?"


_DAY = rf"(?P<day>{_up_to_2('0-3')})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[1-9]|20)\d\d)"
_NUMWORD = (r"(?:(?:\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|"
            r"four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
            r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)(?:\s+and\s+a\s+half)?|"
            r"a\s+couple\s+of|couple\s+of|a\s+dozen|dozen|a|an|hundreds\s+of)")
_VAGUE = r"(?:several|a\s+few|few|many|some|numerous|multiple)"
_UNIT = r"(?P<unit>second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ie))"


def _month(m: re.Match) -> int:
    return MONTHS[m["mon"].lower().rstrip(".")]


def _year_for(month: int, day: int | None, ctx: Context, m: re.Match) -> int | None:
    """Year of a month (and day) written without one: by tense, around the DCT."""
    if ctx.dct is None:
        return None
    anchor = ctx.dct
    y = anchor.year
    tense = ctx.tense(m.start(), m.end())
    cand = (month, day or 1)
    now = (anchor.month, anchor.day if day else 1)
    if tense == "future" and cand < now:
        return y + 1
    if tense == "past" and cand > now:
        return y - 1
    return y


# --- explicit calendar dates -------------------------------------------------------------
def _mdy(m: re.Match, ctx: Context) -> Result:
    month, day = _month(m), int(m["day"])
    year = int(m["year"]) if m["year"] else _year_for(month, day, ctx, m)
    if year is None:
        return None
    d = safe_date(year, month, day)
    return ("DATE", day_value(d)) if d else None


def _valid_day(m: re.Match, text: str) -> bool:
    if not 1 <= int(m["day"]) <= 31:
        return False
    mon = m["mon"]
    # "May 5" is a date; "may 5" is not (case-sensitive pattern already); "Mar." needs the dot
    return not (mon.lower() in AMBIGUOUS_MONTHS and len(mon) == 3 and not m["year"] and mon.isupper())


def _iso(m: re.Match, ctx: Context) -> Result:
    d = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return ("DATE", day_value(d)) if d else None


def _numeric(m: re.Match, ctx: Context) -> Result:
    a, b, y = int(m["a"]), int(m["b"]), m["y"]
    year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 50 else 1900 + int(y))
    month, day = (a, b) if a <= 12 else (b, a)
    d = safe_date(year, month, day)
    return ("DATE", day_value(d)) if d else None


def _month_year(m: re.Match, ctx: Context) -> Result:
    return "DATE", month_value(int(m["year"]), _month(m))


def _month_rel_year(m: re.Match, ctx: Context) -> Result:
    if ctx.dct is None:
        return None
    y = ctx.dct.year + {"next": 1, "last": -1}.get(m["rel"].lower(), 0)
    return "DATE", month_value(y, _month(m))


_CUE_MODIFIERS = {"last", "next", "this", "early", "late", "mid", "mid-", "the end of", "end of",
                  "the beginning of", "the start of", "the middle of", "coming", "previous"}


def _month_alone(m: re.Match, ctx: Context) -> Result:
    month = _month(m)
    cue = (m["cue"] or "").lower()
    if ctx.dct is None:
        return None
    y = ctx.dct.year
    if cue == "last" or cue == "previous":
        y = y - 1 if month >= ctx.dct.month else y
    elif cue in ("next", "coming"):
        y = y + 1 if month <= ctx.dct.month else y
    elif cue == "since":  # "the best week since November": a month before now
        y = y - 1 if month > ctx.dct.month else y
    else:
        y = _year_for(month, None, ctx, m)
    start = m.start("cue") if cue in _CUE_MODIFIERS else m.start("mon")
    return "DATE", month_value(y, month), start, m.end()


def _month_alone_ok(m: re.Match, text: str) -> bool:
    mon = m["mon"].lower().rstrip(".")
    cue = (m["cue"] or "").lower()
    if mon in AMBIGUOUS_MONTHS or len(m["mon"]) <= 4:
        if cue in ("and", "to") and _AFTER_MONTH.search(text, max(0, m.start() - 16), m.start()):
            return not m["mon"].isupper()  # "between April and June"
        return bool(cue) and cue not in ("and", "to") and not m["mon"].isupper()
    return True


_AFTER_MONTH = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                          r"December)\s+$")


def _year(m: re.Match, ctx: Context) -> Result:
    return "DATE", m["year"]


_YEAR_CUE = re.compile(r"(?i:(?:in|since|by|of|from|until|till|to|before|after|during|the|and|or|mid|early|"
                       r"late|fiscal|year|season|between|through|,|-|–|\()\s*)$")


_YEAR_FOLLOWERS = {"was", "were", "is", "will", "saw", "had", "has", "and", "or", "to", "when", "in", "at", "on",
                   "the", "after", "before", "as", "until", "for", "with", "by", "through", "remains", "brought",
                   "elections", "election", "season", "budget", "census", "olympics", "games", "campaign",
                   "levels", "level", "figures", "report", "crisis", "war", "bc", "ad", "ce", "onwards", "onward"}


# a determiner or possessive right before a year followed by a noun makes the year a
# pre-modifier ("a 2010 commando raid", "his 2007 campaign", "the party's 2012 budget")
_YEAR_DETERMINER = re.compile(r"(?i:\b(?:a|an|his|her|its|their|our|my|your|whose|this|that)|['’]s)\s+$")


_COUNTED_NOUN = re.compile(r"[a-z]{2,}[^siu]s$|[a-z]+(?:men|people|children)$")
_COUNT_DETERMINER = re.compile(r"(?i:\b(?:a|an|his|her|its|their|our|my|your|whose|the|of|some|about|nearly|"
                               r"almost|over|than)|['’]s)\s+$")


def _year_ok(m: re.Match, text: str) -> bool:
    if int(m["year"]) < 1500:
        return False
    after = text[m.end("year"):m.end("year") + 30]
    before = text[max(0, m.start() - 25):m.start()]
    nxt = re.match(r"\s+([a-z]+)\b", after)
    if nxt and nxt[1] not in _YEAR_FOLLOWERS and not _YEAR_CUE.search(before) and not (
            1800 <= int(m["year"]) <= 2099 and _YEAR_DETERMINER.search(before)):
        return False  # "2000 people", "1500 troops marched"
    if nxt and nxt[1] not in _YEAR_FOLLOWERS and _COUNTED_NOUN.match(nxt[1]) and _COUNT_DETERMINER.search(before):
        return False  # "their 2000 employees", "batches of 1500 workers": a count before a plural noun
    if re.search(r"(?i:\bno\.|number|#|\$|€|£|page|room|flight|route|article|model)\s*$", before):
        return False
    if re.search(r"\d[\s,.]*$", before):
        return False  # part of a longer number: "555 1234"
    return True


def _range_end(first: int, second: str) -> int | None:
    """The year ``second`` names after ``first`` in a range ("1957-58", "2009-2010"), if plausible."""
    if len(second) == 4:
        year = int(second)
    else:
        year = first - first % 100 + int(second)
        if year <= first:
            year += 100
    return year if 0 < year - first <= 30 else None


def _range_start_ok(m: re.Match, text: str) -> bool:
    return _range_end(int(m["year"]), m["y2"]) is not None and _year_ok(m, text)


def _range_second(m: re.Match, ctx: Context) -> Result:
    year = _range_end(int(m.text[m.start() - 5:m.start() - 1]), m["y2"])
    return ("DATE", f"{year:04d}") if year else None


_FISCAL_REL = {"this": 0, "current": 0, "the current": 0, "the": 0, "last": -1, "previous": -1, "the previous": -1,
               "the last": -1, "next": 1, "the next": 1, "coming": 1, "the coming": 1}


def _fiscal(m: re.Match, ctx: Context) -> Result:
    """Fiscal years are FY values in TimeML: "fiscal 2012" FY2012, "this fiscal year" FY<DCT year>."""
    if m["year"]:
        return "DATE", f"FY{m['year']}"
    if ctx.dct is None:
        return None
    rel = " ".join((m["rel"] or "the").lower().split())
    return "DATE", f"FY{ctx.dct.year + _FISCAL_REL.get(rel, 0):04d}"


def _the_unit(m: re.Match, ctx: Context) -> Result:
    """ "the end of the year", "later in the day", "for the week": the unit around the reference time."""
    base = ctx.anchor()
    if base is None:
        return None
    unit = m["unit"].lower()
    if unit == "day" and ctx.ref is not None and ctx.ref_granularity != "day":
        return None  # the text's last date is no day: which day is meant is unknown
    if unit == "year" and ctx.ref_year and ctx.dct and ctx.tense(m.start(), m.end()) != "future":
        return "DATE", f"{ctx.ref_year:04d}"  # "the fourth quarter of 2005 ... for the entire year"
    return shift(base, unit, 0)


def _short_year(m: re.Match, ctx: Context) -> Result:
    """ "since '82": the year of that two-digit form not after the DCT (or the 1900s without one)."""
    yy = int(m["yy"])
    latest = ctx.dct.year if ctx.dct else 1999
    year = 2000 + yy if 2000 + yy <= latest else 1900 + yy
    return "DATE", f"{year:04d}", m.start("yy") - 1, m.end()


def _weekend(m: re.Match, ctx: Context) -> Result:
    """ "during the weekend": the last weekend before the DCT, the next one in a future clause."""
    if ctx.dct is None:
        return None
    future = ctx.tense(m.start(), m.end()) == "future"
    saturday = weekday_date(5, ctx.dct, "future" if future else "past")
    if saturday is None:
        return None
    if not future and ctx.dct.weekday() == 6:
        saturday = add_days(ctx.dct, -1)
    return "DATE", week_value(saturday) + "-WE", m.start("the"), m.end()


def _clock_duration(m: re.Match, ctx: Context) -> Result:
    """ "finishing in 3:07:35" is a race time: a DURATION, unless it is a time of day ("at 10:30:00")."""
    h, mi, sec = int(m["h"]), int(m["mi"]), int(m["sec"])
    before = m.text[max(0, m.start() - 4):m.start()]
    if re.search(r"(?i:\bat\s*)$", before) and h < 24:
        return None if ctx.dct is None else ("TIME", f"{day_value(ctx.dct)}T{h:02d}:{mi:02d}:{sec:02d}")
    value = "PT" + "".join(f"{n}{u}" for n, u in ((h, "H"), (mi, "M"), (sec, "S")) if n)
    return "DURATION", value if value != "PT" else "PT0S"


def _decade(m: re.Match, ctx: Context) -> Result:
    if m["dec"]:
        return "DATE", m["dec"][:3]
    yy = int(m["dd"])
    return "DATE", ("19" if yy >= 30 else "20") + m["dd"][0]


def _century(m: re.Match, ctx: Context) -> Result:
    word = m["ord"].lower()
    n = int(word[:-2]) if word[:-2].isdigit() else ORDINALS.get(word)
    return ("DATE", f"{n - 1:02d}") if n and 1 <= n <= 30 else None


# --- days relative to the DCT --------------------------------------------------------------
_REL_DAY = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
            "the day before yesterday": -2, "the day after tomorrow": 2}


def _rel_day(m: re.Match, ctx: Context) -> Result:
    if ctx.dct is None:
        return None
    word = " ".join(m["w"].lower().split())
    d = add_days(ctx.dct, _REL_DAY[word])
    if d is None:
        return None
    pod = (m["pod"] or "").lower()
    if word == "tonight":
        return "TIME", day_value(d) + "TNI"
    if pod:
        return "TIME", day_value(d) + "T" + PARTS_OF_DAY[pod]
    return "DATE", day_value(d)


def _this_pod(m: re.Match, ctx: Context) -> Result:
    if ctx.dct is None:
        return None
    cue, pod = m["cue"].lower(), m["pod"].lower()
    d = ctx.dct if cue == "this" else add_days(ctx.dct, -1)
    return "TIME", day_value(d) + "T" + PARTS_OF_DAY[pod]


def _weekday(m: re.Match, ctx: Context) -> Result:
    if ctx.dct is None:
        return None
    target = WEEKDAYS[m["wd"].lower().rstrip(".")]
    cue = " ".join((m["cue"] or "").lower().split())
    base = ctx.dct
    if cue in ("last", "past", "previous"):
        direction = "before"
    elif cue in ("next", "coming"):
        direction = "after"
    elif cue in ("the following", "following"):
        base, direction = ctx.anchor(), "after"
    elif cue in ("the previous", "the preceding"):
        base, direction = ctx.anchor(), "before"
    elif cue in ("until", "till", "by"):
        direction = "future" if ctx.tense(m.start(), m.end()) != "past" else "past"
    else:
        direction = "future" if ctx.tense(m.start(), m.end()) == "future" else "past"
    d = weekday_date(target, base, direction)
    if d is None:
        return None
    start = m.start("wd") if cue in ("", "on", "until", "till", "by") else m.start("cue")
    pod = (m["pod"] or "").lower()
    if pod:
        return "TIME", day_value(d) + "T" + PARTS_OF_DAY[pod], start, m.end()
    return "DATE", day_value(d), start, m.end("wd")


def _weekday_ok(m: re.Match, text: str) -> bool:
    # "Sunday Times", "Monday Night Football" are names, not dates
    return not re.match(r"\s+(?:Times|Telegraph|Mirror|Express|Herald|Post|Night\s+Football|Bloody)\b",
                        text[m.end():m.end() + 25])


# --- units relative to the DCT or to the previous date -------------------------------------
_DCT_CUES = {"last": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1}
_REF_CUES = {"the previous": -1, "the preceding": -1, "the prior": -1, "prior": -1, "previous": -1,
             "the following": 1, "following": 1, "the same": 0, "that": 0, "the next": 1}


def _rel_unit(m: re.Match, ctx: Context) -> Result:
    cue = " ".join(m["cue"].lower().split())
    unit = m["unit"].lower()
    if unit in PARTS_OF_DAY and cue in ("this", "last"):
        if ctx.dct is None:
            return None
        d = ctx.dct if cue == "this" or unit != "night" else add_days(ctx.dct, -1)
        if cue == "last" and unit != "night":
            return None
        return "TIME", day_value(d) + "T" + PARTS_OF_DAY[unit]
    if cue in ("the past", "the last", "the coming", "the next") and not (
            cue == "the next" and unit in ("day", "morning", "evening", "night")):
        letter = UNITS.get(unit, ("D", False))[0] if unit not in SEASONS else None
        if letter is None or letter == "WE":
            return None
        letter, amount = _UNIT_FACTOR.get(letter, (letter, 1))
        return "DURATION", ("PT" if UNITS[unit][1] else "P") + str(amount) + letter
    if cue in _DCT_CUES:
        base, n = ctx.dct, _DCT_CUES[cue]
        if unit in SEASONS and base is not None and n == 0:
            return "DATE", f"{base.year:04d}-{SEASONS[unit]}"
    elif cue in _REF_CUES:
        base, n = ctx.anchor(), _REF_CUES[cue]
    else:
        return None
    if base is None or unit in ("morning", "afternoon", "evening", "night") and cue not in _REF_CUES:
        return None
    shifted = shift(base, unit, n)
    if shifted and unit in PARTS_OF_DAY:
        d = add_days(base, n)
        return "TIME", day_value(d) + "T" + PARTS_OF_DAY[unit]
    return shifted


def _ago(m: re.Match, ctx: Context) -> Result:
    n = _count(m["num"])
    direction = m["dir"].lower().split()[0]
    if n is None:  # "a few years ago": a vague past (TimeML PAST_REF), "several days later": a duration
        if direction == "ago":
            return "DATE", "PAST_REF"
        if direction in ("from", "hence"):
            return "DATE", "FUTURE_REF"
        duration = _duration(m, ctx)
        return None if duration is None else (duration[0], duration[1], m.start(), m.start("dir"))
    if n != int(n):
        return None
    unit = m["unit"].lower()
    if direction in ("ago", "from", "hence") or ctx.tense(m.start(), m.end()) == "present":
        base = ctx.dct  # "is now 5% above a year earlier": counted from the article's own time
    else:
        base = ctx.anchor()  # "two days later": from the time the narrative is at
    if base is None:
        return None
    sign = -1 if direction in ("ago", "earlier", "before", "previously", "prior") else 1
    if unit in ("second", "minute", "hour"):
        point: tuple[str, str] | None = ("DATE", day_value(base))
    elif unit in ("week", "fortnight"):  # "a week ago" names a day, not a calendar week
        d = add_days(base, sign * int(n) * (14 if unit == "fortnight" else 7))
        point = ("DATE", day_value(d)) if d else None
    else:
        point = shift(base, unit, sign * int(n))
    if point is None or direction in ("ago", "from", "hence"):
        return point  # "two years ago", "eight years from now": one DATE in TimeML
    # "two days later": TimeML marks the duration "two days"; the date it reaches is the anchor
    duration = _duration(m, ctx)
    if duration is None:
        return None
    return duration[0], duration[1], m.start(), m.start("dir"), point[1]  # the tagger trims the space


def _ago_ok(m: re.Match, text: str) -> bool:
    if m["dir"].lower() in ("before", "after", "prior"):
        # "two days after the vote" anchors on an event, not on a date: not this rule
        return bool(re.match(r"\s*(?:[,.;:)!?]|$|and\b|but\b)", text[m.end():m.end() + 6]))
    return True


def _count(word: str) -> float | None:
    w = " ".join(word.lower().split())
    if w in VAGUE_NUMBERS or w.startswith("hundreds"):
        return None
    return number_value(w)


# --- durations, sets, references ------------------------------------------------------------
# TimeML counts decades and centuries in years ("a decade" is P10Y) and fortnights in weeks
_UNIT_FACTOR = {"DE": ("Y", 10), "CE": ("Y", 100)}


def _duration(m: re.Match, ctx: Context) -> Result:
    unit = m["unit"].lower()
    letter, is_time = UNITS[unit]
    n = _count(m["num"])
    if unit == "fortnight" and n is not None:
        n = 2 * n
    if letter in _UNIT_FACTOR and n is not None:
        letter, factor = _UNIT_FACTOR[letter]
        n = n * factor
    amount = "X" if n is None else (str(int(n)) if n == int(n) else str(n))
    return "DURATION", ("PT" if is_time else "P") + amount + letter


def _duration_ok(m: re.Match, text: str) -> bool:
    after = text[m.end():m.end() + 12]
    if re.match(r"(?i:\s*-?\s*olds?\b)", after):
        return False  # ages: "45-year-old", "five years old"
    num = m["num"].lower()
    unit = m["unit"].lower()
    if num in ("a", "an") and unit == "second" and not re.match(
            r"(?i:\s*(?:[,.;:)!?]|$|later|earlier|ago|longer|or|and|of|to|in)\b)", after):
        return False  # "a second A380", "a second consecutive day": the ordinal
    if unit == "quarter" and re.fullmatch(r"[ \t-]+", text[m.end("num"):m.start("unit")]) and \
            re.match(r"\s*,?\s*of\b(?!\s+(?:the\s+)?(?:year|\d))", after):
        return False  # "about a quarter of its dealers": a fraction
    if num in ("a", "an"):
        before = text[max(0, m.start() - 20):m.start()]
        if re.search(r"(?i:(?:\d|times|once|twice|thrice|percent|%)\s*)$", before):
            return False  # "15 a year", "twice a week": a set
    return True


_VAGUE_UNITS = {"years": "PXY", "months": "PXM", "decades": "PXDE", "weeks": "PXW", "days": "PXD",
                "hours": "PTXH", "minutes": "PTXM", "centuries": "PXCE"}


def _vague_duration_the(m: re.Match, ctx: Context) -> Result:
    return "DURATION", _VAGUE_UNITS[m["unit"].lower()]


def _vague_duration(m: re.Match, ctx: Context) -> Result:
    key = "unit" if m["unit"] else "unit2"
    # the span starts at the unit: "for years", "in minutes" keep their preposition outside
    return "DURATION", _VAGUE_UNITS[m[key].lower()], m.start(key), m.end()


_SET_ADVERBS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
                "fortnightly": "P2W", "monthly": "P1M", "quarterly": "P3M", "yearly": "P1Y",
                "annually": "P1Y", "annual": "P1Y", "hourly": "PT1H"}


def _set_adverb(m: re.Match, ctx: Context) -> Result:
    return "SET", _SET_ADVERBS[m[0].lower()]


def _set_every(m: re.Match, ctx: Context) -> Result:
    if m["wd"]:
        return "SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower().rstrip('.')] + 1}"
    unit = m["unit"].lower()
    if unit in PARTS_OF_DAY:  # "every morning": the part of every day
        return "SET", "XXXX-XX-XXT" + PARTS_OF_DAY[unit]
    if unit == "season":  # "each season" of a sport or a theatre: yearly
        return "SET", "P1Y"
    letter, is_time = UNITS[unit]
    n = 2 if (m["num"] or "").lower() == "other" else int(number_value(m["num"]) or 1) if m["num"] else 1
    if letter == "WE":
        return "SET", "P1W"
    return "SET", ("PT" if is_time else "P") + str(n) + letter


def _set_freq(m: re.Match, ctx: Context) -> Result:
    letter, is_time = UNITS[m["unit"].lower()]
    return "SET", ("PT1" if is_time else "P1") + letter


_REFS = {"now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
         "presently": "PRESENT_REF", "nowadays": "PRESENT_REF", "present": "PRESENT_REF",
         "these days": "PRESENT_REF", "the moment": "PRESENT_REF", "recently": "PAST_REF",
         "the past": "PAST_REF", "the future": "FUTURE_REF", "formerly": "PAST_REF"}


def _ref(m: re.Match, ctx: Context) -> Result:
    word = " ".join(m["w"].lower().split())
    if word.startswith("recent "):  # "in recent weeks": a vague duration reaching up to now
        return "DURATION", _VAGUE_UNITS[word.split()[1]], m.start("w"), m.end("w")
    return "DATE", _REFS[word], m.start("w"), m.end("w")


def _season(m: re.Match, ctx: Context) -> Result:
    season = SEASONS[m["season"].lower()]
    cue = (m["cue"] or "").lower()
    if m["year"]:
        y = int(m["year"])
    elif ctx.dct is None:
        return None
    else:
        y = ctx.dct.year + {"last": -1, "next": 1}.get(cue, 0)
    start = m.start("cue") if cue in ("this", "last", "next", "the", "early", "late", "mid", "mid-") \
        else (m.start("mod") if m["mod"] else m.start("season"))
    return "DATE", f"{y:04d}-{season}", start, m.end()


def _season_ok(m: re.Match, text: str) -> bool:
    return bool(m["year"] or m["cue"] or m["mod"])


def _half_of_year(m: re.Match, text: str) -> bool:
    """ "the first half", "first-half profit": a half-year, unless it is the half of something else
    ("the second half of the match")."""
    return m["ord"].lower() in ("first", "second", "1st", "2nd") and not re.match(
        r"\s+of\s+(?!(?:the\s+|this\s+|last\s+|next\s+)?(?:year|fiscal|financial|\d))", text[m.end():m.end() + 30])


def _is_half(m: re.Match) -> bool:
    return (m["unit"] or "").lower() == "half"


def _quarter(m: re.Match, ctx: Context) -> Result:
    q = m["q"] or m["ord"]
    n = int(q) if q.isdigit() else (int(q[0]) if q[0].isdigit() else ORDINALS.get(q.lower()))
    if not n or not 1 <= n <= 4:
        return None
    if m["year"]:
        y = int(m["year"])
    elif ctx.dct is None:
        return None
    elif m["qrel"] and m["qrel"].lower() != "the":  # "of the year": the tense decides, as for no year
        y = ctx.dct.year + {"next": 1, "last": -1}.get(m["qrel"].lower(), 0)
    else:
        y = ctx.dct.year
        current = (ctx.dct.month - 1) // (6 if _is_half(m) else 3) + 1
        if (m["rel"] or "").lower() in ("last", "previous") or n > current and ctx.tense(
                m.start(), m.end()) == "past":
            y -= 1
    if _is_half(m):
        return "DATE", f"{y:04d}-H{min(n, 2)}"
    return "DATE", f"{y:04d}-Q{n}"


_TZ_UTC = {"utc", "gmt", "z"}


def _time(m: re.Match, ctx: Context) -> Result:
    if m["hm"]:
        h, mi = int(m["hm"][:2]), int(m["hm"][2:])
    elif m["noon"]:
        h, mi = (12, 0) if m["noon"].lower() == "noon" else (24, 0)
    else:
        h, mi = int(m["h"]), int(m["mi"] or 0)
    ap = (m["ap"] or "").lower().replace(".", "")
    if ap == "pm" and h < 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    if h > 24 or mi > 59:
        return None
    base = ctx.dct
    if ctx.ref is not None and ctx.ref_granularity == "day" and ctx.ref_pos >= 0 and \
            not re.search(r"[.!?\n]", ctx.text[ctx.ref_pos:m.start()]):
        base = ctx.ref  # "flew on Tuesday ... at 18:00 UTC": the sentence's day
    if m["wd"] and ctx.dct is not None:
        direction = "future" if ctx.tense(m.start(), m.end()) == "future" else "past"
        base = weekday_date(WEEKDAYS[m["wd"].lower().rstrip(".")], ctx.dct, direction)
    elif m["rd"] and ctx.dct is not None:
        base = add_days(ctx.dct, _REL_DAY[m["rd"].lower()])
    if base is None:
        return None
    tz = "Z" if (m["tz"] or "").lower() in _TZ_UTC else ""
    return "TIME", f"{day_value(base)}T{h:02d}:{mi:02d}{tz}"


_HOLIDAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
             "new year's day": (1, 1), "new year's eve": (12, 31), "new year": (1, 1),
             "valentine's day": (2, 14), "halloween": (10, 31), "independence day": (7, 4)}


def _holiday(m: re.Match, ctx: Context) -> Result:
    month, day = _HOLIDAYS[" ".join(m["h"].lower().replace("’", "'").split())]
    year = int(m["year"]) if m["year"] else _year_for(month, day, ctx, m)
    if year is None:
        return None
    return "DATE", day_value(dt.date(year, month, day))


# --- the rule table ---------------------------------------------------------------------------
# Every pattern starts with a required, case-sensitive token (month, digit, unit word, ...) so the
# regex engine can skip ahead on its first character; optional context before that token
# ("early", "on", "the past", a number) is a ``prefix`` pattern matched backwards from the token,
# and the word boundary on the left is checked in Python (``left``).
_S = r"[^\S\n]"  # whitespace within a line: a timex never spans a line break


def _ci(*words: str) -> str:
    """An alternation of ``words`` in lower, Capitalised and UPPER case (cheaper than ``(?i:)``),
    longest first, grouped by first letter: ``(?:d(?:ecade|ay)|D(?:ecade|ECADE|ay|AY)|...)``.

    Two alternatives with different first letters never match at the same place, so grouping
    them keeps every match; it lets the regular expression engine try one group at a letter
    instead of every alternative, and a pattern that starts with it is scanned fast (see
    :func:`_up_to_2`).
    """
    return _by_first_letter(_cased(words))


def _cased(words: tuple[str, ...], tail: str = "") -> list[tuple[str, str]]:
    """``(first letter, rest + tail)`` of each word in lower, Capitalised and UPPER case, longest first."""
    return [(v[0], re.escape(v[1:]).replace(r"\ ", _S + "+") + tail)
            for w in sorted(words, key=len, reverse=True) for v in (w, w[0].upper() + w[1:], w.upper())]


def _by_first_letter(*choices: list[tuple[str, str]]) -> str:
    """One alternation of several :func:`_cased` lists, grouped by first letter; at each letter
    the alternatives are tried in the order given, as in ``(?:A|B|C)`` of the lists (a repeat
    is kept once, where it first comes)."""
    groups: dict[str, list[str]] = {}
    for first, rest in (item for items in choices for item in items):
        if rest not in groups.setdefault(first, []):
            groups[first].append(rest)
    return "(?:" + "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in groups.items()) + ")"


_MOD = (r"(?P<mod>(?i:early|late|mid-?|the\s+end\s+of|end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
        r"the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of))")
_ORD = (r"(?P<ord>(?i:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
        r"eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
        r"twentieth|twenty-first))")
_UNITS_CI = _ci("second", "minute", "hour", "day", "night", "week", "fortnight", "month", "quarter", "year",
                "decade", "century", "centurie")
_TIME_UNIT = rf"(?P<unit>{_UNITS_CI})"
_QUANT = (r"(?:nearly|almost|about|around|over|more\s+than|less\s+than|at\s+least|roughly|approximately|"
          r"up\s+to|just\s+over|just\s+under|under|some)")


_TIME_TAIL = (rf"(?:{_S}*\(?(?P<tz>UTC|GMT|EST|EDT|CST|CDT|PST|PDT|CET|CEST|BST|IST|JST|Z)\b\)?)?"
              rf"(?:{_S}*(?:(?i:on){_S}+)?{_WD}|{_S}+(?P<rd>(?i:today|yesterday|tomorrow)))?")


def _r(name, pattern, normalise, check=None, absolute=False, prefix=None, prefix_required=False, left=ALNUM):
    return Rule(name, re.compile(pattern), normalise, check, absolute,
                re.compile(f"(?:{prefix})$") if prefix else None, prefix_required, left)


# "now", "in recent weeks", "the past" (not "the past two years"): one alternation by first letter
_REF_WORDS = _by_first_letter(
    _cased(("right now", "now", "currently", "presently", "nowadays", "these days", "recently", "formerly",
            "the future")),
    _cased(("recent",), rf"{_S}+(?i:years|months|weeks|days|decades)"),
    _cased(("the past",), rf"(?!{_S}+(?:\d|\w+{_S}+(?:years?|months?|weeks?|days?|decades?)|years?|months?|"
                          r"weeks?|days?|decades?|few|several|two|three))"))

RULES: list[Rule] = [
    # "the March 3 vote": the article belongs to the noun, not to the date (unlike "the 3rd of March")
    _r("mdy", rf"{_MON}{_S}+{_DAY}\b(?!{_S}*(?::|\.\d|%|-\d))(?:{_S}*,?{_S}*{_YEAR}\b)?", _mdy, _valid_day,
       absolute=True, prefix=rf"(?:{_WD}{_S}*,?{_S}+)?"),
    _r("dmy", rf"{_DAY}{_S}+(?:(?i:of){_S}+)?{_MON}\b(?:{_S}*,?{_S}*{_YEAR}\b)?", _mdy, _valid_day,
       absolute=True, prefix=rf"(?:{_WD}{_S}*,?{_S}+)?(?:(?i:the){_S}+)?"),
    _r("iso", r"(?P<y>(?:1[0-9]|20)\d\d)(?P<sep>[-/])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d-])",
       lambda m, c: _iso(m, c), absolute=True, left="-/"),
    _r("numeric", rf"(?P<a>{_up_to_2('0-3')})(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d|\d\d)(?![\d/.]\d|\d)",
       _numeric, absolute=True, left="/.,-"),
    _r("month_year", rf"{_MON}{_S}*,?{_S}*(?:(?i:of){_S}+)?{_YEAR}\b", _month_year, absolute=True,
       prefix=rf"{_MOD}{_S}*"),
    _r("month_rel_year", rf"{_MON}{_S}+(?:(?i:of){_S}+)?(?P<rel>(?i:next|last|this)){_S}+(?i:year)\b",
       _month_rel_year),
    _r("month", rf"{_MON}(?![\w-])", _month_alone, _month_alone_ok,
       prefix=r"(?P<cue>(?i:last|next|this|coming|previous|early|late|mid-?|in|since|until|till|by|from|through|"
              r"during|before|after|of|between|and|to|the\s+end\s+of|end\s+of|the\s+beginning\s+of|"
              rf"the\s+start\s+of|the\s+middle\s+of)){_S}*"),
    _r("year", rf"{_YEAR}(?![\w%]|[.,:/]\d|-\d|{_S}*%|s\b)", _year, _year_ok, absolute=True,
       prefix=rf"{_MOD}{_S}*", left="$£€#.,/:"),
    _r("fiscal", rf"(?P<f>{_ci('fiscal', 'financial')})(?:{_S}+(?i:year))?{_S}+{_YEAR}\b", _fiscal, absolute=True),
    _r("fiscal_year", rf"(?P<f>{_ci('fiscal', 'financial')}){_S}+(?i:year)\b(?!{_S}+(?:1[5-9]|20)\d\d)", _fiscal,
       prefix=rf"(?:{_YEAR}|(?P<rel>(?i:this|current|the\s+current|last|previous|the\s+previous|the\s+last|next|"
              rf"the\s+next|coming|the\s+coming|the))){_S}+", prefix_required=True),
    _r("the_unit", rf"(?P<the>{_ci('the')}){_S}+(?:(?i:entire|whole|full){_S}+)?(?P<unit>(?i:year|day|week|month|quarter))\b(?![ \t-]*(?:\d|old|long|ago|"
                   r"earlier|later|before|after|that|when|in\s+which))",
       lambda m, c: _span_from(_the_unit(m, c), m.start("the"), m.end()),
       prefix=r"(?i:(?:end|beginning|start|middle|rest|remainder|course|close|balance|turn|half|part)\s+of|"
              r"(?:early|earlier|late|later)\s+in|(?:end|ended|ending|ends|finish|finished|finishing|close|closed|"
              r"closing|start|started|starting|opened|began|begin|for))\s+",
       prefix_required=True),
    _r("clock_duration", r"(?P<h>\d\d?):(?P<mi>[0-5]\d):(?P<sec>[0-5]\d)(?![\d:])", _clock_duration, left=":."),
    # a range of years is two DATEs: "2009-2010", "1957-58", "1914–18"
    _r("year_range", rf"{_YEAR}(?=[-–/](?P<y2>\d\d(?:\d\d)?)(?![\w%]|[.,:/-]\d))", _year, _range_start_ok,
       absolute=True, prefix=rf"{_MOD}{_S}*", left="$£€#.,/:"),
    # the year before checked after the first digit, so that the pattern starts with "\d"
    _r("year_range_end", r"(?P<y2>\d(?<=(?:1[5-9]|20)\d\d[-–/]\d)\d(?:\d\d)?)(?![\w%]|[.,:/-]\d)", _range_second,
       absolute=True),
    _r("decade", r"(?:(?P<dec>(?:1[0-9]|20)\d0)'?s\b|'(?P<dd>\d0)s\b)", _decade, absolute=True,
       prefix=rf"(?:(?i:the){_S}+)?(?:(?P<mod>(?i:early|late|mid-?)){_S}*)?", left="'"),
    _r("century", _ci("century") + r"\b", _century, absolute=True, prefix=rf"(?:(?i:the){_S}+)?{_ORD}[ \t-]+",
       prefix_required=True),
    _r("rel_day", rf"(?P<w>{_ci('today', 'tonight', 'yesterday', 'tomorrow', 'the day before yesterday', 'the day after tomorrow')})"
                  rf"(?:{_S}+(?P<pod>(?i:morning|afternoon|evening|night)))?\b", _rel_day,
       prefix=rf"(?i:earlier|later){_S}+"),
    _r("this_pod", rf"(?P<cue>{_ci('this', 'last')}){_S}+(?P<pod>(?i:morning|afternoon|evening|night))\b", _this_pod),
    _r("weekday", rf"{_WD}(?:{_S}+(?P<pod>(?i:morning|afternoon|evening|night)))?(?!\w)", _weekday, _weekday_ok,
       prefix=r"(?P<cue>(?i:last|next|this|coming|past|on|until|till|by|previous|the\s+following|the\s+previous|"
              rf"the\s+preceding|following)){_S}+"),
    _r("rel_unit", rf"(?P<cue>{_ci('last', 'next', 'this', 'coming', 'past', 'previous', 'following', 'current', 'the past', 'the last', 'the next', 'the coming', 'the previous', 'the following', 'the same', 'the current', 'the preceding', 'the prior', 'that', 'prior')})"
                   r"[^\S\n]+(?P<unit>(?i:day|week|weekend|fortnight|month|year|quarter|decade|century|spring|summer|"
                   r"autumn|fall|winter|morning|afternoon|evening|night))\b(?![\s-]+(?:old|long)\b)", _rel_unit),
    _r("ago", rf"{_TIME_UNIT}s?{_S}+(?P<dir>(?i:ago|earlier|before|later|after|afterwards?|previously|prior|"
              rf"from{_S}+now|hence))\b", _ago, _ago_ok,
       prefix=rf"(?P<num>(?i:{_NUMWORD}|{_VAGUE}))[ \t-]+", prefix_required=True),
    # "the coming months", "the past years": a vague duration up to or from now
    _r("vague_span", rf"(?P<the>{_ci('the')}){_S}+(?i:past|last|coming|next|previous|following){_S}+"
                     r"(?P<unit>(?i:years|months|weeks|days|decades|hours|minutes|centuries))\b", _vague_duration_the),
    _r("duration", rf"{_TIME_UNIT}s?(?:[ \t-]+(?i:long))?\b", _duration, _duration_ok,
       prefix=rf"(?i:(?:{_QUANT}{_S}+(?!the\b))?(?:the{_S}+(?:past|last|next|first|previous|coming|following){_S}+)?"
              rf"(?P<num>{_NUMWORD}|{_VAGUE})(?:[ \t-]+(?:more|straight|consecutive|full|long|whole|trading|business|"
              rf"calendar|working))?)[ \t-]+", prefix_required=True),
    _r("duration_bare", r"(?P<unit>years|months|decades|weeks|days|hours|minutes|centuries)\b", _vague_duration,
       prefix=rf"(?i:for|in|within|over|just|only){_S}+", prefix_required=True),
    # "between 60 and 90 days": the first number shares the unit
    _r("duration_range", rf"(?P<num>\d\d*(?:\.\d+)?)(?=[ \t]*(?:-|–|(?i:and|or|to))[ \t]*\d+(?:\.\d+)?[ \t-]+"
                         rf"{_TIME_UNIT}s?\b)", _duration, left="-–/.,"),
    _r("short_year", r"['’](?P<yy>\d\d)\b(?![\d'’]|s\b)", _short_year,
       prefix=rf"(?i:since|in|of|from|until|to|and|by|class{_S}+of){_S}+", prefix_required=True),
    _r("weekend", rf"(?P<the>{_ci('the')}){_S}+(?i:weekend)\b", _weekend,
       prefix=rf"(?i:during|over|at|on|across|for|this{_S}+past){_S}+", prefix_required=True),
    _r("duration_long", r"(?P<unit2>decades|years|Decades|Years)-long\b", _vague_duration),
    _r("set_adverb", _ci("daily", "nightly", "weekly", "biweekly", "fortnightly", "monthly", "quarterly", "yearly",
                         "annually", "annual", "hourly") + r"\b", _set_adverb),
    _r("set_every", rf"{_ci('every', 'each')}{_S}+(?:(?P<num>other|two|three|four|\d+){_S}+)?(?:(?P<unit>(?i:second|"
                    rf"minute|hour|day|night|week|weekend|month|year|season|morning|afternoon|evening))s?\b|{_WD})", _set_every),
    _r("set_freq", rf"{_ci('once', 'twice', 'thrice')}{_S}+(?i:a|an|per|each){_S}+"
                   r"(?P<unit>(?i:minute|hour|day|week|month|year))\b", _set_freq),
    _r("set_times", rf"{_ci('times')}{_S}+(?i:a|an|per|each){_S}+(?P<unit>(?i:minute|hour|day|week|month|year))\b",
       _set_freq, prefix=rf"(?:\w+|\d+){_S}+", prefix_required=True),
    _r("set_per", rf"(?:a|per){_S}+(?P<unit>(?i:day|week|month|year))\b", _set_freq, prefix=rf"\d{_S}",
       prefix_required=True),
    _r("ref", rf"(?P<w>{_REF_WORDS})\b(?!-\w)", _ref),
    _r("ref_at", rf"(?P<w>{_ci('present', 'the moment')})\b", _ref, prefix=rf"(?i:at){_S}+", prefix_required=True),
    _r("season", rf"(?P<season>{_ci('spring', 'summer', 'autumn', 'fall', 'winter')})(?:{_S}*,?{_S}*(?:(?i:of){_S}+)?{_YEAR})?\b",
       _season, _season_ok,
       prefix=rf"(?:(?P<cue>(?i:this|last|next|the|early|late|mid-?|in|during|by|until|since)){_S}+)?"
              rf"(?:(?P<mod>(?i:early|late|mid-?)){_S}*)?"),
    _r("quarter", rf"(?P<unit>{_ci('quarter', 'half')})\b(?:{_S}*,?{_S}*(?:(?i:of){_S}+)?"
                  rf"(?:(?i:fiscal){_S}+)?{_YEAR}\b|{_S}+(?i:of){_S}+(?P<qrel>(?i:this|last|next|the)){_S}+(?i:year)\b)?",
       _quarter, lambda m, t: bool(m["year"] or m["qrel"] or m["unit"].lower() == "quarter" or _half_of_year(m, t)),
       prefix=rf"(?:(?i:the){_S}+)?(?:(?P<rel>(?i:last|this|next|previous|current|same)){_S}+)?"
              rf"(?P<ord>(?i:first|second|third|fourth|final|1st|2nd|3rd|4th))[ \t-]+(?:(?i:fiscal){_S}+)?",
       prefix_required=True),
    _r("quarter_q", rf"Q(?P<q>[1-4])\b(?:{_S}*,?{_S}*(?:(?i:of){_S}+)?(?:(?i:fiscal){_S}+)?{_YEAR}\b)?", _quarter,
       prefix=rf"(?i:the){_S}+"),
    *[_r(name, head + _TIME_TAIL, lambda m, c: _time(_TimeAlias(m), c), left=":.")
      for name, head in (
          ("time", rf"(?P<h>{_up_to_2('012')}):(?P<mi>[0-5]\d)(?:{_S}*(?P<ap>(?i:a\.m\.|p\.m\.|am\b|pm\b)))?"),
          # "1[0-2]|0?[1-9]" as choices that each start with one character
          ("time_ampm", rf"(?P<h2>1[0-2]|0[1-9]|1|2|3|4|5|6|7|8|9){_S}*(?P<ap2>(?i:a\.m\.|p\.m\.|am\b|pm\b))"),
          ("time_military", rf"(?P<hm>[0-2]\d[0-5]\d)(?={_S}*(?:UTC|GMT|hours|hrs))"),
          ("time_noon", rf"(?P<noon>{_ci('noon', 'midnight')})\b"))],
    _r("holiday", r"(?P<h>Christmas(?:[^\S\n]+(?:Day|Eve))?|New[^\S\n]+Year(?:'|’)s[^\S\n]+(?:Day|Eve)|"
                  r"Valentine(?:'|’)s[^\S\n]+Day|Halloween|Independence[^\S\n]+Day)(?:[^\S\n]*,?[^\S\n]*(?P<year>(?:19|20)\d\d))?\b",
       _holiday),
]


def _span_from(result: Result, start: int, end: int) -> Result:
    return None if result is None else (result[0], result[1], start, end)


class _TimeAlias:
    def __init__(self, m: re.Match):
        self.m = m
        self.start, self.end = m.start, m.end

    def __getitem__(self, key: str):
        if key == "h":
            return self.m["h"] or self.m["h2"]
        if key == "ap":
            return self.m["ap"] or self.m["ap2"]
        return self.m[key]
