from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.temporal.split import split_sentences


def test_abbreviations_stay_inside_sentences():
    text = "Dr. Smith met U.S. officials on Jan. 5 in Washington. He left at 3 p.m. on Friday. Mr. Jones stayed."
    sents = [text[s:e] for s, e in split_sentences(text)]
    assert sents == ["Dr. Smith met U.S. officials on Jan. 5 in Washington.", "He left at 3 p.m. on Friday.",
                     "Mr. Jones stayed."]


def test_lines_are_boundaries_and_offsets_are_exact():
    text = "Headline without stop\n\nFirst sentence here. Second one!\n  Indented third .  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["Headline without stop", "First sentence here.", "Second one!",
                                             "Indented third ."]


@given(st.text(max_size=300))
def test_any_text_gives_ordered_non_overlapping_spans(text):
    spans = split_sentences(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        last = e


_TRICKY = [
    "It rained. It rained. It rained again. It rained.",  # repeated sentences: each found after the last
    "Dr. Smith met U.S. officials on Jan. 5.  Then he left.\t It was 3 p.m. on Friday.",
    "He said: \"Stop.\" She said: \"Stop.\" (Then nothing.) 1. First. 2. Second.",
    "Price rose 4.5 per cent. e.g. this. i.e. that. Mt. Everest is high. St. Louis, Mo. is far.",
    "Ends with spaces.   \u00a0 Next\u2009one!  ",
]


@given(st.lists(st.sampled_from(["Dr. Who came.", "It fell.", "U.S. troops left.", " ", "  ", "Yes!", "No?",
                                 "e.g. this", "3.5 m.", "\u00a0"]), max_size=12).map("".join))
def test_sentence_spans_match_pysbds_own(text):
    """The str.find replacement for pysbd's per-sentence regexes finds the same spans."""
    _check_same_as_pysbd(text)


def test_sentence_spans_match_pysbds_own_on_tricky_text():
    for text in _TRICKY:
        _check_same_as_pysbd(text)


def _check_same_as_pysbd(text, lang="en"):
    import pysbd

    from timeline.temporal.split import _segmenter

    ours = _segmenter(lang).segment(text)
    theirs = pysbd.Segmenter(language=lang, clean=False).segment(text)
    assert ours == theirs


# Abbreviation-heavy pieces for pysbd's abbreviation pass (timeline/temporal/abbreviations.py):
# matches at a line start and after tabs or odd whitespace, repeated and differently cased
# matches, abbreviations inside words, pysbd's unescaped "u.s"-style patterns, its "{abbr} "
# lookbehind, and non-ASCII letters that fold case unlike str.lower().
_PIECES = ["Gen. Smith", "gen. staff", "GEN. X", "no. 5", "No. 10", "al. said", "Al. went", "also", " p. 4", "pp. 3",
           "St. Louis", "st. paul", "Ph.D. holder", "ph.d. a", "vs. them", "Co. ltd", "co. a", "U.S. troops",
           "u.s. a", "etc. and", "{al} X", "{no} y", "İs. a", "ſt. b", "Sr. García", "Sra. López", "Dott. Rossi",
           "Mme. Dupont", "fig. 3", "e.g. this", "Mr.", "mr. b", "Jan. 5", "\t", "\u00a0", "\x1c", " ", "  ", ".",
           "It fell.", "Yes!", "(Then.)", "ave. 3", "Ave. B", "Is. C", "is. d"]


@settings(deadline=None)  # the first example of a language builds its segmenter
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map(" ".join),
       st.sampled_from(["en", "es", "fr", "it", "de", "nl", "ru"]))
def test_abbreviation_pass_matches_stock_pysbd(text, lang):
    """The faster abbreviation pass gives stock pysbd's sentences in every language it serves."""
    _check_same_as_pysbd(text, lang)


# each of these failed a wrong shortcut: "u.s" is a pattern matching "ups", and re's case
# folding matches "İs" to "is" and "ſt" to "st" where str.lower() does not
_TRICKY_ABBREVIATIONS = ["a thu.s then ups. and more", "this İs. a test", "last ſt. paul went",
                         "Gen. Smith at {gen} X. then gen. staff.", "This is. Is. a"]


def test_abbreviation_pass_matches_stock_pysbd_on_tricky_text():
    for text in _TRICKY_ABBREVIATIONS:
        _check_same_as_pysbd(text)


def test_faster_abbreviations_only_where_the_replacer_is_pysbds_own():
    import pysbd.lang.deutsch
    import pysbd.lang.english
    import pysbd.lang.russian

    from timeline.temporal.abbreviations import FastAbbreviations, faster
    from timeline.temporal.split import _segmenter

    english = faster(pysbd.lang.english.English)
    assert issubclass(english, pysbd.lang.english.English)
    assert issubclass(english.AbbreviationReplacer, FastAbbreviations)
    assert issubclass(_segmenter("en").language_module.AbbreviationReplacer, FastAbbreviations)
    # German and Russian replace matches their own way: left to pysbd
    assert faster(pysbd.lang.deutsch.Deutsch) is pysbd.lang.deutsch.Deutsch
    assert faster(pysbd.lang.russian.Russian) is pysbd.lang.russian.Russian
