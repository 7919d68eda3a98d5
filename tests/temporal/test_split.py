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
