"""The choose job's test with a known answer: items built from sentences that name the person."""

from __future__ import annotations

from timeline.benchmark.cloze import article_sentences, choose_margin, cloze_items, margin_counts


def test_a_written_name_after_a_sentence_naming_several_people_becomes_an_item():
    sentences = ["The summit with President Hu opened in London on Monday, Mr Blair said.",
                 "Tony Blair met Hu Jintao at Downing Street for two hours.",
                 "Hu Jintao said the talks had been frank and would continue next year."]
    [item] = cloze_items(sentences, "t")
    assert item.choice.names == ("Tony Blair", "Hu Jintao")
    assert item.choice.lines == ("Tony Blair said the talks had been frank and would continue next year.",
                                 "Hu Jintao said the talks had been frank and would continue next year.")
    assert item.gold == 1 and item.choice.slot == "He"
    assert item.choice.context == " ".join(sentences[:2])


def test_no_item_without_a_choice_to_make():
    one_person = ["Tony Blair arrived at Downing Street for the talks.",
                  "Tony Blair said the talks had been frank and would continue."]
    too_short = ["Tony Blair met Hu Jintao at Downing Street for two hours.", "Hu Jintao left."]
    assert cloze_items(one_person) == cloze_items(too_short) == []


def test_a_name_none_of_the_offered_people_is_an_item_whose_answer_is_no_pick():
    someone_else = ["Mr Blair welcomed President Hu to London.", "Tony Blair met Hu Jintao at Downing Street for two hours.",
                    "Gordon Brown said the talks had been frank and would continue."]
    [item] = cloze_items(someone_else)
    assert item.gold is None and item.choice.names == ("Tony Blair", "Hu Jintao")
    assert margin_counts([[-1.0, -3.0]], [None], 0.5) == (1, 0)  # picking there is wrong
    assert margin_counts([[-1.0, -1.1]], [None], 0.5) == (0, 0)  # abstaining is not counted


def test_sentences_come_back_as_prose():
    assert article_sentences("Hu Jintao 's visit ended . \nHe left .") == ["Hu Jintao's visit ended.", "He left."]


def test_the_margin_is_the_smallest_whose_picks_are_right_often_enough():
    scores = [[-1.0, -1.2], [-2.0, -1.0], [-1.0, -1.05], [-3.0, -2.95]]
    golds = [0, 1, 1, 1]
    assert margin_counts(scores, golds, 0.0) == (4, 3)  # the third is a wrong pick
    assert margin_counts(scores, golds, 0.1) == (2, 2)  # only the clear leads remain
    assert choose_margin(scores, golds, [0.0, 0.1, 0.5], precision=0.9) == 0.1
    assert choose_margin(scores, golds, [0.0, 0.1, 0.5], precision=0.7) == 0.0
    assert choose_margin(scores, golds, [2.0], precision=0.9) is None  # resolves nothing
