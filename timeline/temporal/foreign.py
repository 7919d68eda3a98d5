"""A temporal grammar for other languages, built from ``dateparser``'s language data.

``dateparser`` knows month and weekday names, relative words ("ayer", "la semana pasada")
and "N days ago" patterns for some 200 locales. This module turns that data into the same
kind of :class:`~timeline.temporal.english.Rule` the English grammar uses, so explicit and
common relative dates work in Spanish, French, Italian, German and beyond.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from timeline.temporal.cjk import LANGUAGES as CJK_LANGUAGES
from timeline.temporal.cjk import cjk_rules
from timeline.temporal.english import Context, Result, Rule
from timeline.temporal.lexicon import PARTS_OF_DAY
from timeline.temporal.timex import add_days, day_value, month_value, safe_date, shift, weekday_date

_MONTH_KEYS = ["january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december"]
_WEEKDAY_KEYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_REL_KEY = re.compile(r"^(?:(in) )?(\d+) (second|minute|hour|day|week|month|year)(?: (ago))?$")
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)"
# "the 25 December last", "next Tuesday": the adjectives that set the direction of a date
# written without its year, or of a bare weekday, in the languages whose news this grammar
# was checked on (after the date in Italian and French, either side in Spanish and Portuguese)
_PAST_CUES = {"it": "scors[oa]", "fr": "derni[eè]re?", "es": "pasad[oa]", "pt": "passad[oa]"}
_FUTURE_CUES = {"it": "prossim[oa]", "fr": "prochaine?", "es": "pr[oó]xim[oa]|que\\s+viene",
                "pt": "pr[oó]xim[oa]|que\\s+vem"}
# "23 giugno del 2008", "maggio del 2011": the word between a month and its year where
# dateparser's locale data lists none (read apart, the date took the publication year)
_PERTAIN = {"it": ["del"]}
# a date written without its year and without a cue word that would fall more than half a year
# after publication in the publication year is read in the year before: a January paper's
# "28 December" is the one just past. (A date earlier in the year keeps the publication year,
# so a year-end review's "6 January" stays in its year.)
_FAR_AHEAD = dt.timedelta(days=183)
# "un'ora", "l'ora", "mezz'ora": after an elided article or a number, a word that also means
# "now" (Italian "ora") is the noun "hour", not the present
_NOUN_BEFORE = re.compile(r"(?:['’]|\d\s*)$")
# "por la mañana", "esta mañana", "cada mañana", "la mañana del sábado": the Spanish morning
_ES_MORNING_BEFORE = re.compile(r"(?i:\b(?:la|las|una|esta|esa|aquella|cada|media|toda|por|en|de|a|su|misma|otra)\s+)$")
_ES_MORNING_AFTER = re.compile(r"(?i:\s+(?:del?|siguiente)\b)")
# "esta mañana", "ce soir", "stamattina", "anoche": a part of the publication day (or the night
# before), as English "this morning" and "last night"; dateparser's data lists only the day words
# ("hoy", "ayer"). (offset in days, part of the day); "cette nuit" and "stanotte" are left out,
# being last night in a morning paper and tonight in an evening one
_PARTS_OF_DAY = {
    "es": {"esta mañana": (0, "morning"), "esta madrugada": (0, "morning"), "esta tarde": (0, "afternoon"),
           "esta noche": (0, "night"), "anoche": (-1, "night"), "anteanoche": (-2, "night")},
    "fr": {"ce matin": (0, "morning"), "cet après-midi": (0, "afternoon"), "ce soir": (0, "evening")},
    "it": {"stamattina": (0, "morning"), "stamani": (0, "morning"), "stamane": (0, "morning"),
           "stasera": (0, "evening"), "oggi pomeriggio": (0, "afternoon")},
    "pt": {"esta manhã": (0, "morning"), "nesta manhã": (0, "morning"), "esta tarde": (0, "afternoon"),
           "esta noite": (0, "night"), "ontem à noite": (-1, "night")},
}


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
    base = lang.split("-")[0]
    pertain = "|".join(re.escape(w) for w in [*info.get("pertain", []), *_PERTAIN.get(base, [])] if w.strip()) or "of"
    # abbreviations ("mar", "feb"), as opposed to each month's full name: "14 MAR 16" is a
    # day, a month and a two-digit year (page datelines), "14 marzo 16 persone" is not
    longest = {i: max((w for w, j in months.items() if j == i), key=len) for i in set(months.values())}
    abbreviations = {w: i for w, i in months.items() if w != longest[i]}
    mon = rf"(?P<mon>{_alt(months)})\.?"
    day = r"(?P<day>[0-3]?\d)(?:\.|º|er|°)?"
    glue = rf"(?:\s*,?\s+|\s+(?:{pertain})\s+)"
    # "mercoledì 14 agosto", "Vendredi 2 août": the weekday belongs to the date it names
    # (read apart, it became a second, wrong date: the last such weekday before publication)
    wd_lead = rf"(?:(?P<wd>{_alt(weekdays)})\.?,?\s+)?" if weekdays else ""
    day_first = info.get("date_order", "DMY").startswith("D")
    past_cue = _cue(_PAST_CUES.get(base))
    future_cue = _cue(_FUTURE_CUES.get(base))

    def direction(m: re.Match, ctx: Context) -> str | None:
        """``"past"`` or ``"future"`` when a cue word stands right before or after the match."""
        after = ctx.text[m.end():m.end() + 20]
        before = ctx.text[max(0, m.start() - 20):m.start()]
        for name, cue in (("past", past_cue), ("future", future_cue)):
            if cue is not None and (cue[0].match(after) or cue[1].search(before)):
                return name
        return None

    def mdy(m: re.Match, ctx: Context) -> Result:
        month, d = months[m["mon"].lower()], int(m["day"])
        if m["year"]:
            year = int(m["year"])
        elif ctx.dct is None:
            return None
        else:  # the publication year, unless a cue word says the date is past or to come
            year = ctx.dct.year
            way = direction(m, ctx)
            if way == "past" and (month, d) > (ctx.dct.month, ctx.dct.day):
                year -= 1
            elif way == "future" and (month, d) < (ctx.dct.month, ctx.dct.day):
                year += 1
            elif way is None and _FAR_AHEAD < (safe_date(year, month, d) or ctx.dct) - ctx.dct:
                year -= 1  # "le 28 décembre" in a January paper: last December, not eleven months on
            if m.groupdict().get("wd"):  # "mercoledì 14 agosto": the year next to it where that is a Wednesday
                year = _weekday_year(year, month, d, weekdays[m["wd"].lower()])
        date = safe_date(year, month, d)
        return ("DATE", day_value(date)) if date else None

    def short_year(m: re.Match, ctx: Context) -> Result:
        yy = int(m["yy"])
        if ctx.dct is None:  # POSIX strptime's %y: 69-99 are 1969-1999, 00-68 are 2000-2068
            year = 1900 + yy if yy >= 69 else 2000 + yy
        else:  # the century nearest publication
            year = min((1900 + yy, 2000 + yy), key=lambda y: abs(y - ctx.dct.year))
        return _day(year, abbreviations[m["abbr"].lower()], int(m["day"]))

    def month_year(m: re.Match, ctx: Context) -> Result:
        return "DATE", month_value(int(m["year"]), months[m["mon"].lower()])

    def weekday(m: re.Match, ctx: Context) -> Result:
        if ctx.dct is None:
            return None
        way = {"past": "before", "future": "after"}.get(direction(m, ctx), "past")
        d = weekday_date(weekdays[m["wd"].lower()], ctx.dct, way)
        return ("DATE", day_value(d)) if d else None

    rules = [
        Rule("dmy", re.compile(rf"(?i:\b{wd_lead}{day}{glue}{mon}(?:{glue}{_YEAR})?)\b"), mdy, absolute=True),
        # month before day: in a language that writes the day first, only with the year
        # ("maggio 22, 2012" on a web page); "marzo 15 persone" is a month and a count
        Rule("mdy", re.compile(rf"(?i:\b{mon}\s+{day}(?:\s*,\s*{_YEAR}){'' if day_first else '?'})\b"), mdy,
             absolute=True),
        *([Rule("dmy_yy", re.compile(rf"(?i:\b{wd_lead}{day}\s+(?P<abbr>{_alt(abbreviations)})\.?\s+(?P<yy>\d\d))"
                                  r"(?![\w%]|[.,:/]\d)"), short_year, absolute=True)] if abbreviations else []),
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
        now = step == ("second", 0)
        check = _not_a_noun if now else (_not_the_morning(base) if step == ("day", 1) else None)
        rules.append(Rule(f"rel:{key}", re.compile(rf"(?i:\b(?:{'|'.join(map(re.escape, phrases))}))\b"),
                          functools.partial(_relative, step=step), check=check))
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
    parts = _PARTS_OF_DAY.get(base)
    if parts:
        rules.append(Rule("part_of_day", re.compile(rf"(?i:\b(?P<w>{_alt(parts)}))\b"),
                          lambda m, c: _part_of_day(c, *parts[" ".join(m["w"].lower().split())])))
    if base in CJK_LANGUAGES:  # dates in running Han, kana or Hangul text
        rules = cjk_rules() + rules
    return rules


def _cue(words: str | None) -> tuple[re.Pattern, re.Pattern] | None:
    """Patterns for a cue word right after a match and right before it (an article allowed)."""
    if not words:
        return None
    return (re.compile(rf"(?i:,?\s+(?:{words})\b)"),
            re.compile(rf"(?i:\b(?:{words})\s+(?:(?:el|la|le|il|lo|o|a)\s+)?)$"))


def _not_a_noun(m, text: str) -> bool:
    return not _NOUN_BEFORE.search(text, max(0, m.start() - 3), m.start())


def _not_the_morning(lang: str):
    """A check that "tomorrow" is not the noun "morning" its language writes the same way, or
    ``None`` where the two differ."""
    if lang == "es":
        return _not_la_manana
    if lang == "de":
        return _not_der_morgen
    return None


def _not_la_manana(m: re.Match, text: str) -> bool:
    """Spanish "mañana" after an article or a preposition ("por la mañana", "esta mañana") or
    before "de" ("la mañana del sábado") is the morning."""
    return not (_ES_MORNING_BEFORE.search(text, max(0, m.start() - 12), m.start())
                or _ES_MORNING_AFTER.match(text, m.end()))


def _not_der_morgen(m: re.Match, text: str) -> bool:
    """German "Morgen" capitalised inside a sentence ("heute Morgen", "am Morgen") is the
    morning; "morgen" is tomorrow."""
    return m.group(0)[0].islower() or not text[:m.start()].rstrip() or text[:m.start()].rstrip()[-1] in ".!?:\"„«"


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


def _part_of_day(ctx: Context, days: int, part: str) -> Result:
    d = add_days(ctx.dct, days) if ctx.dct is not None else None
    return ("TIME", f"{day_value(d)}T{PARTS_OF_DAY[part]}") if d else None


def _relative_n(m: re.Match, ctx: Context, step: tuple[str, int]) -> Result:
    unit, sign = step
    return _relative(m, ctx, (unit, sign * int(m["n"])))


def _weekday_year(year: int, month: int, day: int, weekday: int) -> int:
    """``year``, unless the date falls on ``weekday`` in neither it but in the year before or
    after it (the weekday written beside a date without its year tells which year it is)."""
    def falls(y: int) -> bool:
        date = safe_date(y, month, day)
        return date is not None and date.weekday() == weekday

    if falls(year):
        return year
    return next((y for y in (year - 1, year + 1) if falls(y)), year)
