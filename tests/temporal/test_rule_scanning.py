"""The English rules are written so that ``re`` can skip ahead to their first character;
the rewrites that made them so match exactly what the plain forms match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.temporal.english import RULES, _up_to_2

_compiler = pytest.importorskip("re._compiler")
_parser = pytest.importorskip("re._parser")

SLOW_START = {"decade"}  # "1990s" or "'90s": a choice of groups; rare enough to leave as it is


def _skips_ahead(pattern: re.Pattern) -> bool:
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    return bool(_compiler._get_literal_prefix(parsed, pattern.flags)[0]
                or _compiler._get_charset_prefix(parsed, pattern.flags))


def test_every_rule_starts_with_a_character_re_can_skip_to():
    slow = {rule.name for rule in RULES if not _skips_ahead(rule.pattern)}
    assert slow == SLOW_START


# (plain form, rewritten form) of each rewrite in english.py
_PAIRS = [
    (r"[0-3]?\d", _up_to_2("0-3")),
    (r"[012]?\d", _up_to_2("012")),
    (r"1[0-2]|0?[1-9]", r"1[0-2]|0[1-9]|1|2|3|4|5|6|7|8|9"),
    (r"\d{1,2}", r"\d\d?"),
    (r"\d+(?:\.\d+)?", r"\d\d*(?:\.\d+)?"),
    (r"(?<=(?:1[5-9]|20)\d\d[-–/])(?P<y2>\d\d(?:\d\d)?)", r"(?P<y2>\d(?<=(?:1[5-9]|20)\d\d[-–/]\d)\d(?:\d\d)?)"),
]


@given(st.text(alphabet="0123456789١٢ -–/.:xX", max_size=40))
def test_rewritten_patterns_match_what_the_plain_forms_match(text):
    for plain, rewritten in _PAIRS:
        for tail in ("", r"(?=:)", r"(?![\d])", r"\b"):  # followed by context, as in the rules
            a = [m.span() for m in re.finditer(f"(?:{plain}){tail}", text)]
            b = [m.span() for m in re.finditer(f"(?:{rewritten}){tail}", text)]
            assert a == b, (plain, tail)
