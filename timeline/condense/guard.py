"""The faithfulness guard: a generated line may state no number, date or name its sources don't.

Numbers are compared by value ("12" = "twelve", "1,200" = "1200"), month names by month
("Feb." = "February"), and capitalised names (not at the start of the sentence) by their
lower-cased form. A line that fails falls back to the best extractive sentence.
"""

from __future__ import annotations

import re

from timeline.temporal.lexicon import MONTHS, NUMBERS, WEEKDAYS, number_value

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\b(?:" + "|".join(sorted((w for w in NUMBERS if " " not in w and len(w) > 2),
                                                                       key=len, reverse=True)) + r")\b", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
_STOP_CAPS = {"The", "A", "An", "In", "On", "At", "He", "She", "It", "They", "We", "I", "This", "That", "These",
              "Those", "His", "Her", "Their", "Its", "After", "Before", "During", "As", "But", "And", "Meanwhile"}


def _numbers(text: str) -> set[float]:
    out = set()
    for m in _NUMBER.finditer(text):
        v = number_value(m.group().replace(",", ""))
        if v is not None:
            out.add(float(v))
    return out


def _months(text: str) -> set[int]:
    return {MONTHS[w.lower().rstrip(".")] for w in _WORD.findall(text) if w.lower().rstrip(".") in MONTHS
            and w[0].isupper()}


def _names(text: str) -> set[str]:
    words = _WORD.findall(text)
    out = set()
    for i, w in enumerate(words):
        bare = w.strip(".'’-")
        if not bare or not bare[0].isupper() or bare in _STOP_CAPS:
            continue
        low = bare.lower()
        if low in MONTHS or low in WEEKDAYS:
            continue
        if i == 0:
            continue  # sentence-initial capital carries no information
        out.add(low.removesuffix("'s").removesuffix("’s"))
    return out


def unsupported(generated: str, sources: list[str]) -> list[str]:
    """What the generated line states that no source supports (empty when faithful)."""
    src = " ".join(sources)
    problems = []
    missing_numbers = _numbers(generated) - _numbers(src)
    problems += [f"number {n:g}" for n in sorted(missing_numbers)]
    problems += [f"month {m}" for m in sorted(_months(generated) - _months(src))]
    src_words = {w.strip(".'’-").lower().removesuffix("'s").removesuffix("’s") for w in _WORD.findall(src)}
    problems += [f"name {n}" for n in sorted(_names(generated) - src_words)]
    return problems


def is_faithful(generated: str, sources: list[str]) -> bool:
    return bool(generated.strip()) and not unsupported(generated, sources)
