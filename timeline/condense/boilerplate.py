"""News boilerplate around and instead of sentences: what a printed line should not carry.

Web news pages put update stamps, bylines and datelines before the first sentence, and the
sentence splitter keeps them on it ("( Updated 6:15 p.m. ) President Mubarak 's ...",
"Cairo , Egypt ( CNN ) -- Thousands ..."). :func:`strip_boilerplate` cuts such a prefix
from a candidate line; :func:`is_chatter` tells reader comments ("January 31 , 2011 at 5:21 pm |
...") and transcript speaker turns ("BLITZER : ..."), which are never printed. Patterns
accept both plain prose spacing and the Treebank spacing of tokenised corpora.
"""

from __future__ import annotations

import functools
import operator
import re

import numpy as np
import pandas as pd

from timeline.cjk import count_words

_NAME = r"[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω][\w.'-]*"
# news agencies whose name closes a dateline: "PARIS, 5 mars (AFP) - ", "ROMA, 5 marzo (ANSA) - "
_WIRE = r"(?:CNN|Reuters|AP|AFP|Xinhua|UPI|BBC|ANSA|AGI|Adnkronos|EFE|Europa Press|dpa|DPA|ATS|Belga|ANP|TASS|Interfax|ТАСС|Интерфакс|РИА Новости)"
# the date of a dateline: month first ("Jan. 5", "March 19 ,") or day first in any language
# ("5 mars", "5. März", "5 de marzo de")
_DATELINE_DATE = (r"(?:[A-Z][a-z]+\.? \d{1,2}(?: ?,)? (?:\d{4} )?"
                  r"|\d{1,2}\.?(?: de)? [^\W\d_]+\.?(?: de)?(?: \d{4})? )")
_PREFIXES = [
    r"\d{1,2} [A-Z][a-z]+ \d{4} Last updated at \d{1,2}:\d{2}(?: GMT)?(?: Help)? ",  # BBC page stamp
    r"Page last updated at \d{1,2}:\d{2} GMT ?, [A-Z][a-z]+ ?, \d{1,2} [A-Z][a-z]+ \d{4} ",
    r"\( ?Update[ds]? [^()]*(?:\([^()]*\)[^()]*)*\) (?:-+ )?",  # "(Updated 6:15 p.m. (0115 in Egypt))"
    r"By [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,2} [A-Z][a-z]+\.? \d{1,2} ?, \d{4} ?: \d{1,2}:\d{2} [AP]M ET ",  # byline
    # the agency first: "(ANSA) – ROMA, 17 FEB – " (before the next, which would take "(ANSA) – " alone)
    rf"\( ?{_WIRE} ?\) ?(?:--|-|—|–) {_NAME}(?:(?: ?,)? {_NAME}){{0,3}} ?, ?{_DATELINE_DATE}?(?:--|-|—|–) ",
    # dateline: "Cairo , Egypt ( CNN ) -- ", "WASHINGTON , Jan. 5 (Reuters) - "
    rf"(?:{_NAME}(?:(?: ?,)? {_NAME}){{0,3}}(?: ?,)? )?{_DATELINE_DATE}?"
    rf"\( ?{_WIRE} ?\) ?(?:--|-|:|—|–) ",
]
_PREFIX = re.compile(r"^(?:" + "|".join(_PREFIXES) + r")+")
# "at 5:21 pm |": a reader's comment. "\b\d{1,2}:" written as a digit with no word character
# before it, then maybe another, so that re's search skips from digit to digit
_COMMENT = re.compile(r"\d(?<!\w\d)\d?:\d{2}\s*[ap]\.?m\.?\s*\|")
_SPEAKER = re.compile(r"\s*[A-Z][A-Z.'-]{2,}(?: [A-Z][A-Z.'-]+)? ?:")  # "BLITZER :": a transcript turn


def strip_boilerplate(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` with boilerplate prefixes cut from ``text`` (and ``n_words`` recounted).

    (The "March 19 - " that opens a chronology's line is kept: cutting it when the line is
    printed under that date lowered AR-2 on Timeline17.)
    """
    texts = events["text"].tolist()
    stripped = [_stripped(t) for t in texts]
    changed = np.fromiter(map(operator.ne, stripped, texts), dtype=bool, count=len(texts))
    if not changed.any():
        return events
    n_words = events["n_words"].to_numpy().copy()
    n_words[changed] = [count_words(stripped[i]) for i in np.flatnonzero(changed)]
    return events.assign(text=pd.Series(stripped, index=events.index, dtype=events["text"].dtype), n_words=n_words)


@functools.lru_cache(maxsize=65536)
def _stripped(text: str) -> str:
    """``text`` less its boilerplate prefix, remembered: the date chunks of a walk and a
    benchmark's tasks strip the same candidates again and again."""
    return _PREFIX.sub("", text)


def is_chatter(text: str) -> bool:
    """True for a reader's comment or a transcript's speaker turn."""
    return _COMMENT.search(text) is not None or _SPEAKER.match(text) is not None


_WORD = re.compile(r"[^\W_][\w'’.-]*")


@functools.lru_cache(maxsize=65536)
def is_dateline(text: str, mention: str) -> bool:
    """True when ``text`` says nothing but its date ``mention``: before it only capitalised
    words (a place, a byline's name, a weekday) and short function words ("le", "de"), five
    words at most; after it one word at most ("года", a time). A line like that is a dateline or
    a comment's stamp that the splitter cut off as a sentence ("Paris, le 5 mars 2024."); in
    English the five-word minimum already drops most of them, in other languages not."""
    at = text.find(mention) if mention else -1
    if at < 0:
        return False
    before = _WORD.findall(text[:at])
    after = " ".join(_WORD.findall(text[at + len(mention):]))
    if count_words(after) > 1 or len(before) > 5:  # (a run of Han counts a word per two characters)
        return False
    return all(w[0].isupper() or (len(w) <= 3 and not w[0].isdigit()) for w in before)
