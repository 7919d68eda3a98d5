"""The model's job in ``condense.edit = "choose"``: pick one of a few rule-built lines.

A 135M model asked to rewrite a line copies its worked example, drops words or restates the
date (issue 21: 1 of 11 rewrites kept). Asked instead which of a few finished lines is the
likeliest continuation of the article, it does no writing at all: the rules build every
candidate line ("Tony Blair said ...", "Hu Jintao said ..."), so each one is the sentence
with an edit made, and the model's scores only decide between them. This is where a model
adds something the rules cannot: a pronoun after a sentence naming two people.

A local model scores the candidates in one forward pass (:meth:`Generator.choose
<timeline.condense.generator.Generator.choose>`); a chat server, which can only chat, is
asked for the number of the right line (:func:`choice_prompt`, :func:`read_choice`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    """One line the rules cannot finish alone.

    Attributes:
        context: The article's sentences before the line, as prose.
        lines: The candidate lines, each the source with one possible edit made.
        slot: The words the candidates replace ("He"), for a chat server's question.
        names: What each candidate puts in the slot, in the order of ``lines``.
    """

    context: str
    lines: tuple[str, ...]
    slot: str = ""
    names: tuple[str, ...] = ()


def pick(scores: list[float], margin: float) -> int | None:
    """The best candidate's index, or ``None`` when it leads the runner-up by less than
    ``margin`` (the model is unsure, so the line is left as it is)."""
    if not scores:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
    if len(order) > 1 and scores[order[0]] - scores[order[1]] < margin:
        return None
    return order[0]


def shared_suffix(token_lists: list[list[int]]) -> int:
    """How many final tokens all candidate lines share: the part a candidate is scored on
    (the words after the edit, read in the light of the name before them). Scoring only the
    shared words compares the candidates on the same tokens, so a short name is not
    favoured for being short (Trinh & Le 2018's partial scoring)."""
    if not token_lists:
        return 0
    n = min(len(t) for t in token_lists)
    k = 0
    while k < n and len({t[-1 - k] for t in token_lists}) == 1:
        k += 1
    return k


def choice_prompt(choice: Choice) -> str:
    """The question a chat server gets: the context, the line, the numbered candidates."""
    options = "\n".join(f"{i + 1}. {line}" for i, line in enumerate(choice.lines))
    who = f'whom "{choice.slot}" refers to' if choice.slot else "what the last sentence means"
    return (f"Text: {choice.context}\n\nIn the next sentence of this text, decide {who}. "
            f"Which line says it correctly?\n{options}\n\nAnswer with the number only.")


def read_choice(answer: str, n: int) -> int | None:
    """The 0-based candidate a chat answer names ("2", "2.", "Line 2"), or ``None`` when it
    names none or one out of range: the line is then left as it is."""
    m = re.search(r"\b(\d{1,2})\b", answer)
    if m is None or not 1 <= int(m.group(1)) <= n:
        return None
    return int(m.group(1)) - 1
