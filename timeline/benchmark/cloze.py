"""A test of the model's one job in ``condense.edit = "choose"`` with a known right answer.

The job: a line opens with "He" after a sentence naming several people; the rules build one
line per person (:func:`timeline.condense.resolve.alternatives`) and the model picks one, or
none when its best leads the next by less than ``condense.choice_margin``. Whom a real "He"
means is known to nobody, so the test is built from sentences whose journalist wrote the
name: a sentence that opens with a person's full name after a sentence that names several
people. The name becomes "He", the candidates are the people the rules would offer, and the
right answer is the name that was written, or no pick at all when it is none of them (as
for many real lines: the referent was named earlier, or a place was taken for a person).
A journalist writes the name where the subject changes, so these items hold more "no right
line" cases than real "He" lines do.
"""

from __future__ import annotations

from dataclasses import dataclass

from timeline.condense.choice import Choice, pick
from timeline.condense.resolve import LineContext, alternatives, person_names
from timeline.corpus.document import detokenise
from timeline.temporal.split import split_sentences

MIN_WORDS, MAX_WORDS = 6, 40  # the lines condensing prints
CONTEXT_SENTENCES = 3  # what the model reads before the line, as in condensing


@dataclass(frozen=True)
class ClozeItem:
    topic: str
    choice: Choice
    gold: int | None  # index of the right line in ``choice.lines``; None: no line is right (abstain)


def article_sentences(text: str, lang: str = "en") -> list[str]:
    """The article's sentences as prose (Treebank spacing undone)."""
    return [detokenise(text[a:b]) for a, b in split_sentences(text, lang)]


def cloze_items(sentences: list[str], topic: str = "") -> list[ClozeItem]:
    """The items one article gives: each sentence of 6-40 words that opens with a person's
    full name where, had it opened with "He", the rules would offer a choice of people
    (:func:`~timeline.condense.resolve.alternatives`). When the written person is not among
    them (the journalist turned to someone else), the right answer is to pick none."""
    items = []
    for i, sentence in enumerate(sentences):
        if i == 0 or not MIN_WORDS <= len(sentence.split()) <= MAX_WORDS:
            continue
        names = person_names(sentence)
        if not names or not sentence.startswith(names[0][0] + " "):
            continue
        surname = names[0][0].split()[-1]
        line = "He" + sentence[len(names[0][0]):]
        options = alternatives(line, LineContext(tuple(sentences[max(0, i - 12):i])))
        people = [next(e.new for e in o.edits if e.kind == "name") for o in options]
        surnames = [p.split()[-1] for p in people]
        if len(options) < 2 or any(surname in p.split()[:-1] for p in people):
            continue  # no choice offered, or the name is part of a candidate's ("Lula" in "Lula da Silva")
        context = " ".join(sentences[max(0, i - CONTEXT_SENTENCES):i])
        choice = Choice(context, tuple(o.target for o in options), "He", tuple(people))
        items.append(ClozeItem(topic, choice, surnames.index(surname) if surname in surnames else None))
    return items


def margin_counts(scores: list[list[float]], golds: list[int | None], margin: float) -> tuple[int, int]:
    """``(resolved, right)``: the items the model picks a line for at ``margin``, and how
    many of those picks are the written name (a pick where no line is right is wrong)."""
    picks = [pick(s, margin) for s in scores]
    made = [(p, g) for p, g in zip(picks, golds) if p is not None]
    return len(made), sum(p == g for p, g in made)


def choose_margin(scores: list[list[float]], golds: list[int | None], grid: list[float],
                  precision: float = 0.9) -> float | None:
    """The smallest margin of ``grid`` at which at least ``precision`` of the model's picks
    are right (and it picks at least one); ``None`` when none is."""
    for margin in sorted(grid):
        resolved, right = margin_counts(scores, golds, margin)
        if resolved and right >= precision * resolved:
            return margin
    return None
