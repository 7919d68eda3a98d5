"""The one prompt every generator gets (local model, fine-tuned model, model server): a
sentence and the edits that make it stand alone, and how the answer is read back.

The job is narrow on purpose: a 135M model rewriting freely invents and merges facts, but it
copies a sentence with a named replacement well.
"""

from __future__ import annotations

import re

from timeline.condense.resolve import Resolution

# short on purpose: on a CPU the prompt's tokens cost more time than the answer's
SYSTEM_PROMPT = "Make the replacement and copy every other word exactly."
# what a chat server is told when it picks a candidate line (condense.edit = "choose")
SYSTEM_CHOICE = "You resolve pronouns in news text. Answer with one number."

_ECHO = re.compile(r"^(?:(?:edited(?: sentence)?|sentence|timeline entry|entry)\s*:\s*|[-•*]\s+)+", re.I)


# one worked example before the real line: a small model copies a shown pattern far more
# reliably than it follows a description of it
_EXAMPLE = ('Sentence: He told reporters that 12 miners were safe.\nReplace "He" with "John Smith".\nEdited:',
            "John Smith told reporters that 12 miners were safe.")


def edit_prompt(resolution: Resolution) -> str:
    """The user message for one line."""
    asks = "\n".join(f'Replace "{e.old}" with "{e.new}".' for e in resolution.edits)
    return f"Sentence: {resolution.source}\n{asks}\nEdited:"


def messages(user: str) -> list[dict[str, str]]:
    """The chat for one user message: system prompt, the worked example, the message."""
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": _EXAMPLE[0]},
            {"role": "assistant", "content": _EXAMPLE[1]}, {"role": "user", "content": user}]


def plain_prompt(user: str) -> str:
    """The same chat as one text, for models without a chat template (seq2seq)."""
    return f"{_EXAMPLE[0]} {_EXAMPLE[1]}\n{user}"


def token_budget(resolution: Resolution, count) -> int:
    """``max_new_tokens`` for a line: the expected answer's length plus a little slack (an
    answer is never much longer than the sentence it edits). ``count`` counts a text's tokens."""
    return count(resolution.target) + 6


def read_answer(text: str) -> str:
    """The edited line in a generated answer: whitespace collapsed, quotes and an echoed
    label or bullet dropped, the first sentence only."""
    from timeline.temporal.split import split_sentences

    line = " ".join(text.split()).strip().strip('"“”')
    line = _ECHO.sub("", line).strip().strip('"“”')
    spans = split_sentences(line)
    return line[spans[0][0]:spans[0][1]].strip() if spans else line
