from __future__ import annotations

from hypothesis import given
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


def _check_same_as_pysbd(text):
    import pysbd

    from timeline.temporal.split import _segmenter

    ours = _segmenter("en").segment(text)
    theirs = pysbd.Segmenter(language="en", clean=False).segment(text)
    assert ours == theirs
