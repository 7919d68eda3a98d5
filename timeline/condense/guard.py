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


# --- the guard of a self-contained rewrite: the line may only carry out the resolver's edits ---

_PERSONAL = {"he", "she", "him", "his", "her", "hers", "they", "them", "their", "we", "i", "you"}
_NEGATION = {"not", "no", "never", "nor", "n't", "without", "neither", "none"}
_FUNCTION = set("a an the of in on at to for by with from and or but as that which who whom whose this these "
                "those it its is was were be been are has have had will would".split())


def _tokens(text: str) -> list[str]:
    """Lower-cased word tokens, possessives and "n't" split off, numbers kept."""
    text = re.sub(r"n['’]t\b", " n't", text)
    return [t.lower().removesuffix("'s").removesuffix("’s").strip(".'’-")
            for t in re.findall(r"n't|\d[\d,.]*\d|\d|[A-Za-z][A-Za-z'’.-]*", text)]


def referents(text: str, name_words: set[str]) -> list[str]:
    """Who and how many a line speaks of, in order: its name words (those of ``name_words``),
    personal pronouns, numbers and negations. A rewrite that drops, swaps or moves one of
    them could attribute a fact to the wrong person."""
    return [t for t in _tokens(text) if t in name_words or t in _PERSONAL or t in _NEGATION or t[:1].isdigit()]


def capitalised(text: str) -> set[str]:
    """The lower-cased capitalised words of ``text`` (any position): its possible name words."""
    return {t.lower().removesuffix("'s").removesuffix("’s").strip(".'’-")
            for t in re.findall(r"[A-Z][A-Za-z'’.-]*", text)} - _PERSONAL - _FUNCTION


def edit_problems(line: str, source: str, target: str, inserted: str) -> list[str]:
    """Why ``line`` is not a faithful self-contained version of ``source`` (empty: it is).

    ``target`` is ``source`` with the resolver's edits applied and ``inserted`` the words
    those edits bring in. The line must (1) state no number, month or name that neither the
    source nor the edits hold, (2) use no content word outside them, (3) name the same
    people, pronouns, numbers and negations in the same order as ``target``: so an opening
    "He" must have become the resolved name, and no fact can move to another person, and
    (4) keep every other content word of ``target`` in order (only function words such as
    "that" or "the" may differ): the job is the edit, not a summary. The first three name
    what went wrong; the fourth alone would suffice.
    """
    allowed = f"{source} {inserted}"
    problems = unsupported(line, [allowed])
    allowed_words = set(_tokens(allowed))
    extra = [t for t in _tokens(line) if t not in allowed_words and t not in _FUNCTION]
    problems += [f"word {t}" for t in dict.fromkeys(extra)]
    names = capitalised(source) | capitalised(inserted)
    want, got = referents(target, names), referents(line, names)
    if want != got:
        problems.append(f"referents {' '.join(got)} != {' '.join(want)}")
    content = [t for t in _tokens(target) if t not in _FUNCTION]
    if [t for t in _tokens(line) if t not in _FUNCTION] != content:  # a word dropped, moved or changed
        problems.append("not the sentence with its edits")
    return problems
