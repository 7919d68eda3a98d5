"""ROUGE-N counts computed exactly as ROUGE-1.5.5 does with ``-m -s -t 2 -f A`` (no Perl).

The preprocessing mirrors the Perl script step by step: each sentence is written into a
SEE-format HTML line (``^`` escaped as ``&circ;``) and read back only up to its first
``<``; the text is lower-cased, ``-`` padded with spaces, every other character outside
``[A-Za-z0-9-]`` turned into a space; stopwords (ROUGE's SMART list) are dropped, tokens
must start with ``[a-z0-9$]``, and tokens longer than three characters are replaced by
their WordNet 2.0 exception form or their Porter stem. Counts with several references add
up per reference: hits clipped per reference (``H``), reference n-grams (``M``) and
``references x peer n-grams`` (``P``).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from importlib import resources

from timeline.evaluate.porter import stem

_NON_ALNUM = re.compile(r"[^A-Za-z0-9\-]")
_KEEP = re.compile(r"^[a-z0-9$]")


@functools.cache
def _stopwords() -> frozenset[str]:
    text = resources.files("timeline.evaluate").joinpath("data/rouge-stopwords.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@functools.cache
def _exceptions() -> dict[str, str]:
    text = resources.files("timeline.evaluate").joinpath("data/wordnet-2.0-exceptions.tsv").read_text("utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {k: v for k, v in pairs}


def _see_line(sentence: str) -> str:
    """What ROUGE reads back of one sentence written by pyrouge (tokens re-joined by spaces)."""
    text = " ".join(sentence.split()).replace("^", "&circ;")
    return text.split("<", 1)[0]


@functools.lru_cache(maxsize=100_000)
def tokens(summary: tuple[str, ...]) -> tuple[str, ...]:
    """ROUGE-1.5.5 tokens of a summary given as sentences."""
    lines = [line.lower() for line in (_see_line(s) for s in summary) if line]
    if not lines:
        return ()
    text = " ".join(lines).replace("-", " - ")
    text = _NON_ALNUM.sub(" ", text)
    stop, exc = _stopwords(), _exceptions()
    out = []
    for tok in text.split():
        if tok in stop or not _KEEP.match(tok):
            continue
        out.append((exc.get(tok) or stem(tok)) if len(tok) > 3 else tok)
    return tuple(out)


@functools.lru_cache(maxsize=100_000)
def ngrams(summary: tuple[str, ...], n: int) -> Counter:
    toks = tokens(summary)
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def rouge_counts(peer: Sequence[str], models: Sequence[Sequence[str]], n: int) -> tuple[int, int, int]:
    """``(hits, peer_count, model_count)`` of ROUGE-N for ``peer`` against each of ``models``.

    Args:
        peer: The system summary as sentences.
        models: Reference summaries, each as sentences (an empty one counts as a reference
            with no n-grams, as in ROUGE).
        n: N-gram size.
    """
    p_grams = ngrams(tuple(peer), n)
    p_count = sum(p_grams.values())
    hits = peer_total = model_total = 0
    for model in models:
        m_grams = ngrams(tuple(model), n)
        hits += sum(min(c, p_grams[g]) for g, c in m_grams.items() if g in p_grams)
        model_total += sum(m_grams.values())
        peer_total += p_count
    return hits, peer_total, model_total
