"""Keywords: which sentences speak of the topic. The fast pattern finds a keyword exactly
where the plain case-insensitive ``\\b(?:...)`` pattern does, and ``re`` can skip ahead in it."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.keywords import keyword_mask, keyword_pattern, mentions_any

_compiler = pytest.importorskip("re._compiler")
_parser = pytest.importorskip("re._parser")

# letters that re.IGNORECASE pairs in ways str.lower() does not (dotted and dotless i, long s,
# Kelvin and Angstrom signs, final sigma, micro sign), word and non-word marks, a newline
_ALPHABET = "abeiksyzAEIKSYZİıſKÅåΣσςµμ0 -#(_.\n"


def _plain(keywords: list[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(k.strip()) for k in keywords if k.strip()) + ")", re.I)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=4), min_size=1, max_size=4),
       st.text(alphabet=_ALPHABET, max_size=30))
def test_finds_a_keyword_where_the_plain_pattern_does(keywords, text):
    assert (keyword_pattern(tuple(keywords)).search(text) is not None) == (_plain(keywords).search(text) is not None)


@pytest.mark.parametrize("keywords, text, found", [
    (["egypt"], "EGYPTIAN protests", True),  # any case, a word's start
    (["egypt"], "Negypt", False),  # not inside a word
    (["syria"], "ſyria", True),  # long s is an s to re.IGNORECASE
    (["istanbul"], "İstanbul", True),  # dotted capital I is an i to it
    (["kiev"], "\u212aiev", True),  # the Kelvin sign is a k
    (["#tag"], "a#tag", True),  # before a non-word first character, \b wants a word character
    (["#tag"], "a #tag", False),
    (["oil", "spill"], "the spillway", True),
    (["oil", "spill"], "turmoil", False),
    (["\ud800x"], "a\ud800x", True),  # a lone surrogate (JSON allows one) is a non-word character
])
def test_fixed_cases(keywords, text, found):
    assert (keyword_pattern(tuple(keywords)).search(text) is not None) is found
    assert (_plain(keywords).search(text) is not None) is found  # what the fast pattern stands for


def test_pattern_starts_with_a_character_class_re_can_skip_to():
    pattern = keyword_pattern(("egypt", "Egyptian", "#x", "kiev"))
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    assert _compiler._get_charset_prefix(parsed, pattern.flags)


def test_mask_marks_rows_and_keeps_all_without_keywords():
    texts = pd.Series(["Egypt votes.", "Rain in Cairo.", "egyptian army"])
    assert keyword_mask(texts, ["egypt"]).tolist() == [True, False, True]
    assert keyword_mask(texts, []).tolist() == [True, True, True]
    assert keyword_mask(pd.Series(["a", "-"]), ["  "]).tolist() == [True, False]  # as the plain pattern


def test_mentions_any_agrees_with_the_mask():
    texts = pd.Series(["Rain in Cairo.", "Egypt votes.", "egyptian army"])
    for keywords in (["egypt"], ["zeppelin"], ["cairo", "zeppelin"], [], ["  "]):
        assert mentions_any(texts, keywords) is bool(keyword_mask(texts, keywords).any())
    assert not mentions_any(pd.Series([], dtype=object), ["egypt"])
    assert mentions_any(pd.Series([], dtype=object), [])  # no keywords: nothing to warn about
