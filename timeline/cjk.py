"""Chinese, Japanese and Korean text: what the word-based stages need to know about it.

Chinese and Japanese write no spaces between words, so a sentence is one whitespace "word"
and one TF-IDF token. Here a run of Han or kana characters counts as one word per two
characters (the mean length of a Chinese word is about 1.5 to 2 characters), and TF-IDF sees
such a run as its character bigrams, the usual unit of Chinese retrieval. Korean puts spaces
between words, so Hangul is counted and tokenised as any other script.
"""

from __future__ import annotations

import math
import re

# Han (with extension A and the compatibility block), hiragana and katakana
_UNSPACED = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u309f\u30a0-\u30ff"
UNSPACED_RUN = re.compile(f"[{_UNSPACED}]+")
# the three scripts' letters, Hangul included: a date rule may follow one with no space
CJK_LETTER = re.compile(f"[{_UNSPACED}\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")


def has_unspaced(text: str) -> bool:
    """Whether ``text`` holds a run of Han or kana (ASCII text, the common case, is told by a C scan)."""
    return not text.isascii() and UNSPACED_RUN.search(text) is not None


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a Han, kana or Hangul character."""
    return CJK_LETTER.match(ch) is not None


def count_words(text: str) -> int:
    """Whitespace words, with each unspaced run of Han or kana counted as one word per two
    characters (rounded up; then lone punctuation such as "，" is no word): a 60-character
    Chinese sentence is about 30 words, not 1."""
    if not has_unspaced(text):
        return len(text.split())
    rest = [w for w in UNSPACED_RUN.sub(" ", text).split() if any(c.isalnum() for c in w)]  # not "，"
    return len(rest) + sum(math.ceil(len(run) / 2) for run in UNSPACED_RUN.findall(text))


def bigram_tokens(tokens):
    """``tokens`` with every token holding a Han or kana run replaced by that run's character
    bigrams (a single character stays whole), and any other part of the token kept."""
    out = []
    for token in tokens:
        if not has_unspaced(token):
            out.append(token)
            continue
        pos = 0
        for m in UNSPACED_RUN.finditer(token):
            if m.start() > pos:
                out.append(token[pos:m.start()])
            run = m.group()
            out.extend([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
            pos = m.end()
        if pos < len(token):
            out.append(token[pos:])
    return out


def with_bigrams(analyse):
    """A scikit-learn analyzer whose Han and kana runs come out as character bigrams
    (:func:`bigram_tokens`); texts without such a run are analysed as before."""
    def analyse_cjk(text: str) -> list[str]:
        tokens = analyse(text)
        return bigram_tokens(tokens) if has_unspaced(text) else tokens
    return analyse_cjk
