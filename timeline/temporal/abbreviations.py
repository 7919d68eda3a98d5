"""pysbd's abbreviation pass, the same result in less time.

pysbd protects the period of an abbreviation ("Gen. Petraeus", "no. 10") by replacing it
with a placeholder before it splits. For every line and every abbreviation of the language
(188 in English, about 1,500 in Italian) its ``search_for_abbreviations_in_string`` runs a
regular expression over the whole line when the abbreviation occurs anywhere in it ("al" is
in "also", "p" in almost every line), then one substitution per match, compiling each
pattern through ``re``'s cache, which those hundreds of patterns overflow. That pass was half
of pysbd's time, and pysbd a quarter of a cold ``timeline evaluate``.

:class:`FastAbbreviations` keeps pysbd's code path and changes three things, none of which
changes a result (``tests/test_split.py`` compares against stock pysbd):

- **Plain abbreviations found with ``str.find``.** pysbd's pattern finds the abbreviation
  at the start of the line or after a whitespace character, case-insensitively. For an
  ASCII abbreviation without pattern characters, those are exactly the places of " abbr"
  in the lowered line with every whitespace character made a space, index for index. This
  holds on any line without the four letters that ``re`` matches to an ASCII letter where
  ``str.lower()`` does not ("İ", "ı", "ſ" and the Kelvin sign; "İ" is also the one letter
  whose lower case is longer). Those lines, and abbreviations such as "u.s", whose period
  pysbd leaves unescaped, take pysbd's own pattern.
- **Each distinct match substituted once.** Every substitution turns a period into the
  placeholder and matches only where a period is still there, so running it again, after
  any other of these substitutions, finds nothing new.
- **Patterns compiled once** and kept in a cache of our own.

Used only for languages whose replacer does not override the methods involved. Timings
against stock pysbd are in the README's Speed section.
"""

from __future__ import annotations

import functools
import re

from pysbd.abbreviation_replacer import AbbreviationReplacer

_SPACE = re.compile(r"\s")
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")  # every such letter (checked over all of Unicode)


@functools.lru_cache(maxsize=4096)
def _compiled(pattern: str, flags: int = 0) -> re.Pattern:
    return re.compile(pattern, flags)


@functools.lru_cache(maxsize=32)
def _abbreviation_table(lang: type) -> list[tuple[str, bool, re.Pattern, re.Pattern]]:
    """Per abbreviation of pysbd language ``lang``, in pysbd's order: the stripped form,
    whether it is plain ASCII text (no pattern characters), and pysbd's two patterns,
    compiled as pysbd writes them."""
    table = []
    for abbr in lang.Abbreviation.ABBREVIATIONS:
        stripped = abbr.strip()
        plain = bool(stripped) and stripped.isascii() and re.escape(stripped) == stripped
        table.append((stripped, plain,
                      _compiled(rf"(?:^|\s|\r|\n){stripped}", re.IGNORECASE),
                      _compiled(r"(?<={" + str(re.escape(stripped)) + "} ).{1}")))
    return table


def _word_starts(text: str, spaced: str, stripped: str) -> list[str]:
    """What pysbd's ``(?:^|\\s|\\r|\\n)abbr`` finds in ``text``, case-insensitively, found in
    ``spaced`` (" " + the lowered ``text`` with whitespace made spaces, index for index)."""
    key = " " + stripped
    found, at = [], spaced.find(key)
    while at >= 0:
        found.append(text[max(at - 1, 0):at + len(stripped)])
        at = spaced.find(key, at + len(key))
    return found


class FastAbbreviations:
    """Mixed in before a language's ``AbbreviationReplacer`` (see :func:`faster`)."""

    def search_for_abbreviations_in_string(self, text: str) -> str:
        lowered = text.lower()
        spaced = None if _FOLDS_TO_ASCII.search(text) else " " + _SPACE.sub(" ", lowered)
        for stripped, plain, word, following in _abbreviation_table(self.lang):
            if stripped not in lowered:
                continue
            if plain and spaced is not None:
                matches = _word_starts(text, spaced, stripped)
            else:
                matches = word.findall(text)
            if not matches:
                continue
            # pysbd's next-character pattern matches only after a literal "{abbr} "
            chars = following.findall(text) if not plain or "{" + stripped + "} " in text else []
            done = set()
            for ind, match in enumerate(matches):
                key = (match, chars[ind] if ind < len(chars) else "")
                if key not in done:
                    done.add(key)
                    text = self.scan_for_replacements(text, match, ind, chars)
        return text

    def replace_period_of_abbr(self, txt: str, abbr: str) -> str:
        pattern = rf"(?<=\s{re.escape(abbr.strip())})\.(?=((\.|\:|-|\?|,)|(\s([a-z]|I\s|I'm|I'll|\d|\())))"
        return _compiled(pattern).sub("∯", " " + txt)[1:]


_OWN = ("search_for_abbreviations_in_string", "scan_for_replacements", "replace_period_of_abbr")


def faster(language: type) -> type:
    """``language`` (a pysbd language class) with :class:`FastAbbreviations` in its replacer,
    or ``language`` itself when its replacer overrides one of the methods this relies on."""
    replacer = getattr(language, "AbbreviationReplacer", AbbreviationReplacer)
    if any(getattr(replacer, name) is not getattr(AbbreviationReplacer, name) for name in _OWN):
        return language
    fast = type(replacer.__name__, (FastAbbreviations, replacer), {})
    return type(language.__name__, (language,), {"AbbreviationReplacer": fast})
