"""The temporal tagger: candidate grammar, overlap resolution, anchoring, in text order.

Usage::

    tagger = Tagger("en")
    tagger.tag("He resigned on Thursday, two days after the vote.", dct=date(2013, 3, 22))
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re

from timeline.cjk import is_cjk
from timeline.temporal.english import AFTER_CJK, ALNUM, RULES, Context, Rule
from timeline.temporal.timex import Timex, value_to_date

log = logging.getLogger(__name__)

_EDGE = " \t\n,.;:()[]\"'"
# "closed since 3 March": a date that opens a state still holding at the reference time is
# not the time the narrative moved to, so it does not become the anchor of "two days later"
_STATE_START = re.compile(r"(?i:\b(?:since|ever\s+since)\s+(?:the\s+)?)$")
_REF_GRANULARITIES = {"day", "week", "month"}
_YEAR_GRANULARITIES = {"day", "week", "month", "quarter", "season", "year"}


class Tagger:
    """Finds and normalises TIMEX3 expressions in one language.

    Args:
        lang: ISO 639-1 code. English uses the hand-written grammar; other languages use
            rules built from ``dateparser``'s locale data.

    Raises:
        ValueError: If the language is unknown to ``dateparser``.
    """

    def __init__(self, lang: str = "en"):
        self.lang = lang
        if lang == "en":
            self.rules: list[Rule] = RULES
        else:
            from timeline.temporal.foreign import foreign_rules

            self.rules = foreign_rules(lang)

    def tag(self, text: str, dct: dt.date | None = None, absolute_only: bool = False) -> list[Timex]:
        """Tag ``text``; relative expressions are anchored on ``dct`` (the publication date).

        Args:
            text: Any text.
            dct: Document creation time; without it only absolute expressions are normalised.
            absolute_only: Run only the rules that need no DCT (faster, for datelines).

        Returns:
            Non-overlapping timexes in text order, each with ``text[start:end] == timex.text``.
        """
        if not text:
            return []
        chosen = self._select(text, absolute_only)
        ctx = Context(text=text, dct=dct)
        out: list[Timex] = []
        for start, end, rule, m in chosen:
            try:
                result = rule.normalise(m, ctx)
            except (ValueError, KeyError, OverflowError, TypeError) as exc:  # a rule bug must not kill a run
                log.debug("rule %s failed on %r: %s", rule.name, m[0], exc)
                result = None
            if result is None:
                continue
            typ, value = result[0], result[1]
            if len(result) >= 4:
                start, end = result[2], result[3]
            anchor = result[4] if len(result) == 5 else None
            start, end = _trim(text, start, end)
            if end <= start:
                continue
            if typ == "DATE" and self.lang == "en":
                start = _extend_modifier(text, start)
            out.append(Timex(start, end, text[start:end], typ, value, anchor))
            point = anchor or (value if typ in ("DATE", "TIME") else None)
            if point and not _STATE_START.search(text, max(0, start - 12), start):
                found = value_to_date(point)
                if found and found[1] in _YEAR_GRANULARITIES:
                    ctx.ref_year = found[0].year
                if found and found[1] in _REF_GRANULARITIES:
                    ctx.ref, ctx.ref_granularity = found
                    ctx.ref_pos = end
        return out

    def _select(self, text: str, absolute_only: bool) -> list[tuple[int, int, Rule, Joined]]:
        candidates = []
        for priority, rule in enumerate(self.rules):
            if absolute_only and not rule.absolute:
                continue
            for m in rule.pattern.finditer(text):
                start = m.start()
                if m.end() <= start:
                    continue
                if start > 0:
                    before = text[start - 1]
                    if before.isalnum():
                        if rule.left is not AFTER_CJK or not is_cjk(before):
                            continue
                    elif rule.left is not ALNUM and rule.left is not AFTER_CJK and before in rule.left:
                        continue
                pre = None
                if rule.prefix is not None:
                    lo = max(0, start - _PREFIX_WINDOW)
                    pre = rule.prefix.search(text, lo, start)
                    if pre is not None and pre.start() == pre.end():
                        pre = None
                    if pre is None and rule.prefix_required:
                        continue
                    if pre is not None and pre.start() > 0 and text[pre.start() - 1].isalnum():
                        pre = None  # the prefix starts inside a word: ignore it
                        if rule.prefix_required:
                            continue
                joined = Joined(text, m, pre)
                if rule.check is not None and not rule.check(joined, text):
                    continue
                candidates.append((_core_start(joined), joined.end(), priority, rule, joined))
        # longest match wins; ties go to the earlier position, then the earlier rule
        candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
        taken: list[tuple[int, int]] = []
        chosen = []
        for start, end, _, rule, m in candidates:
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            chosen.append((start, end, rule, m))
        chosen.sort(key=lambda c: c[0])
        return chosen


_PREFIX_WINDOW = 64


class Joined:
    """A match and the optional context (prefix) matched right before it, as one match."""

    __slots__ = ("text", "main", "pre")

    def __init__(self, text: str, main: re.Match, pre: re.Match | None):
        self.text, self.main, self.pre = text, main, pre

    def _owner(self, key: str) -> re.Match | None:
        if key in self.main.re.groupindex and self.main.group(key) is not None:
            return self.main
        if self.pre is not None and key in self.pre.re.groupindex and self.pre.group(key) is not None:
            return self.pre
        return None

    def __getitem__(self, key: int | str):
        if key == 0:
            return self.text[self.start():self.end()]
        owner = self._owner(key)
        return owner.group(key) if owner is not None else None

    group = __getitem__

    def start(self, key: int | str = 0) -> int:
        if key == 0:
            return self.pre.start() if self.pre is not None else self.main.start()
        owner = self._owner(key)
        return owner.start(key) if owner is not None else -1

    def end(self, key: int | str = 0) -> int:
        if key == 0:
            return self.main.end()
        owner = self._owner(key)
        return owner.end(key) if owner is not None else -1

    def groupdict(self) -> dict[str, str | None]:
        out = dict(self.pre.groupdict()) if self.pre is not None else {}
        out.update({k: v for k, v in self.main.groupdict().items() if v is not None or k not in out})
        return out


_PREPOSITIONS = {"in", "since", "until", "till", "by", "from", "through", "during", "before", "after", "of",
                 "between", "and", "to", "on"}


def _core_start(m: re.Match) -> int:
    """Where a match really starts: a leading preposition captured as ``cue`` is context, not span."""
    cue = m.groupdict().get("cue")
    if cue and cue.lower() in _PREPOSITIONS:
        return m.end("cue")
    return m.start()


_MODIFIER = re.compile(r"(?i:(?:(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|rest|remainder|first\s+half|"
                       r"second\s+half|latter\s+part|early\s+part|turn)\s+of\s+(?:the\s+)?|"
                       r"(?:later|earlier)\s+|(?<![\w-])(?:early|late|mid-?)[^\S\n]*))$")


def _extend_modifier(text: str, start: int) -> int:
    """Include a leading TIMEX3 modifier ("the end of", "later", "late") in a date's span.

    TimeML puts such modifiers inside the span (as ``mod="END"`` and the like):
    "late last July", "early this year", "the end of the year".
    """
    m = _MODIFIER.search(text, max(0, start - 40), start)
    return m.start() if m else start


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE and not text[start:end].endswith((".m.", "a.m", "p.m")):
        end -= 1
    return start, end


@functools.lru_cache(maxsize=64)
def get_tagger(lang: str) -> Tagger:
    """A shared :class:`Tagger` per language."""
    return Tagger(lang)


def first_absolute_date(text: str, lang: str = "en") -> dt.date | None:
    """The first full calendar date (day, month and year written out) in ``text``, or ``None``."""
    for timex in get_tagger(lang).tag(text, dct=None, absolute_only=True):
        found = value_to_date(timex.value)
        if found and found[1] == "day":
            return found[0]
    return None
