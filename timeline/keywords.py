"""Topic keywords: which sentences speak of the topic (used to rank dates and to print lines)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

_MEMO_TEXTS = 131072  # verdicts remembered per keyword set


def keyword_mask(texts: pd.Series, keywords: list[str]) -> np.ndarray:
    """Rows whose text contains a keyword (case-insensitive, at a word start); all rows if none."""
    if not keywords:
        return np.ones(len(texts), dtype=bool)
    values = texts.tolist()
    return np.fromiter(map(_mentions(tuple(keywords)), values), dtype=bool, count=len(values))


def mentions_any(texts: pd.Series, keywords: list[str]) -> bool:
    """Whether any text contains a keyword (as :func:`keyword_mask` finds them), stopping at
    the first that does; True when there are no keywords."""
    return not keywords or any(map(_mentions(tuple(keywords)), texts.tolist()))


@functools.lru_cache(maxsize=16)
def keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern:
    r"""A pattern that finds a keyword where ``\b(?:kw1|kw2|...)`` with ``re.IGNORECASE`` does.

    Written so that ``re`` can skip ahead: its search jumps to the next possible start only
    when a pattern begins with one character class, and it cannot for ``\b`` or for a
    case-insensitive letter. So the pattern begins with every character that case-insensitively
    equals a keyword's first one (``[EeSsſ]`` for "egypt" and "syria": the long s is an s to
    ``re``), then checks the word boundary before that character and the keyword's rest:
    ``[EeSsſ](?:(?<=[Ee])(?<!\w\w)(?i:gypt)|(?<=[Ssſ])(?<!\w\w)(?i:yria))``. Only whether a
    keyword occurs is asked, so the order of the alternatives does not matter.
    """
    rests: dict[str, list[str]] = {}
    for keyword in (k.strip() for k in keywords):
        if keyword:
            rests.setdefault(keyword[0], []).append(re.escape(keyword[1:]))
    if not rests:
        return re.compile(r"\b")  # blank keywords: what the plain pattern's empty choice finds
    firsts = {first: _case_variants(first) for first in rests}
    branches = []
    for first, tails in rests.items():
        # \b before a word character: no word character before it; before any other: one
        boundary = r"(?<!\w\w)" if re.match(r"\w", first) else r"(?<=\w.)"
        branches.append(f"(?<=[{re.escape(firsts[first])}]){boundary}(?i:{'|'.join(tails)})")
    starts = "".join(sorted(set("".join(firsts.values()))))
    return re.compile(f"[{re.escape(starts)}](?:{'|'.join(branches)})", re.S)


@functools.lru_cache(maxsize=256)
def _case_variants(char: str) -> str:
    """Every character that ``re.IGNORECASE`` takes for ``char``, asked of ``re`` itself (and
    ``char``, should it be a lone surrogate that the search string leaves out)."""
    return "".join(sorted({char, *re.findall("(?i)" + re.escape(char), _every_character())}))


@functools.cache
def _every_character() -> str:
    """All of Unicode but the surrogates, as one string (built by numpy, not a Python loop)."""
    points = np.arange(0x110000, dtype="<u4")
    return points[(points < 0xD800) | (points >= 0xE000)].tobytes().decode("utf-32-le")


@functools.lru_cache(maxsize=2)
def _mentions(keywords: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a text mentions one of ``keywords``, remembered per text: date ranking, the
    condenser and a benchmark's several tasks per topic ask about the same sentences. One memo
    per keyword set (the last two kept), so that a lookup hashes the text alone, not the
    compiled pattern as well."""
    search = keyword_pattern(keywords).search
    return functools.lru_cache(maxsize=_MEMO_TEXTS)(lambda text: search(text) is not None)
