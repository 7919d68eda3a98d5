from __future__ import annotations

import pytest

from timeline.evaluate.porter import stem
from timeline.evaluate.rouge import rouge_counts, tokens

# outputs of ROUGE-1.5.5's own Perl stemmer (its -ement variant: "agreement" -> "agreem")
PERL_STEMS = {"adoption": "adopt", "agreed": "agre", "agreement": "agreem", "caresses": "caress",
              "cement": "cement", "conditional": "condit", "controlling": "control", "dependent": "depend",
              "effective": "effect", "electricity": "electr", "feed": "feed", "filing": "file",
              "generalization": "gener", "goodness": "good", "happy": "happi", "hopeful": "hope",
              "hopping": "hop", "ponies": "poni", "relational": "relat", "replacement": "replac",
              "rolling": "roll", "yelling": "yell"}


@pytest.mark.parametrize("word, expected", sorted(PERL_STEMS.items()))
def test_porter_matches_rouge_perl(word, expected):
    assert stem(word) == expected


def test_tokens_follow_rouge_preprocessing():
    # lower-cased, stopwords dropped, '-' split off, punctuation gone, WordNet exceptions, stems
    # "the", "well", "known", "went", "to" are SMART stopwords ("well-known" splits at the hyphen);
    # children -> child is a WordNet exception; offices -> offic is the Porter stem; "'s" -> "s" is dropped
    assert tokens(("The well-known Children went to BP 's offices .",)) == ("child", "bp", "offic")
    assert tokens(("", "   ")) == ()
    # ROUGE reads a SEE line only up to its first '<'
    assert tokens(("protesters marched <b>quickly</b> home",)) == tokens(("protesters marched",))


def test_rouge_counts_with_two_references():
    peer = ["police arrested the doctor", "the doctor was charged"]
    refs = [["police arrested the doctor"], ["a jury convicted the doctor"]]
    h, p, m = rouge_counts(peer, refs, 1)
    # peer unigrams after stopwords: polic arrest doctor doctor charg -> 5; per reference:
    # ref1 polic arrest doctor (3 hits), ref2 juri convict doctor (1 hit)
    assert (h, p, m) == (4, 10, 6)
    h2, p2, m2 = rouge_counts(peer, refs, 2)
    assert p2 == 2 * 4 and m2 == 2 + 2 and h2 == 2  # "polic arrest", "arrest doctor"


def test_empty_summaries():
    assert rouge_counts([], [["a reference sentence here"]], 1) == (0, 0, 2)  # refer, sentenc
    assert rouge_counts(["some words here"], [[]], 1) == (0, 1, 0)  # word
