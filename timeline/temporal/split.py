"""Sentence splitting with character offsets.

Text is cut at blank lines and line breaks first (news files often hold one paragraph
or one sentence per line), then each line goes through ``pysbd``, a rule-based splitter
that keeps abbreviations such as "Dr." and "U.S." inside their sentence.
"""

from __future__ import annotations

import functools
import re

_LINE = re.compile(r"[^\n]+")
_PYSBD_LANGS = {"en", "es", "fr", "it", "de", "nl", "ru", "pl", "da", "el", "ar", "fa", "hi", "hy", "am",
                "bg", "my", "ja", "kk", "mr", "sk", "ur", "zh"}
_INNER_STOP = re.compile(r"[.!?;]\S*\s+\S")  # a stop with more text after it


@functools.lru_cache(maxsize=16)
def _segmenter(lang: str):
    import pysbd

    return pysbd.Segmenter(language=lang if lang in _PYSBD_LANGS else "en", clean=False)


def split_sentences(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Split ``text`` into sentences.

    Returns:
        ``(start, end)`` character offsets, in order, trimmed of surrounding whitespace,
        never overlapping, each holding at least one letter or digit.
    """
    spans: list[tuple[int, int]] = []
    seg = None
    for line in _LINE.finditer(text):
        chunk = line.group()
        base = line.start()
        if not _INNER_STOP.search(chunk):
            parts = [chunk]
        else:
            seg = seg or _segmenter(lang)
            parts = seg.segment(chunk)
        pos = 0
        for part in parts:
            stripped = part.strip()
            if not stripped:
                continue
            found = chunk.find(stripped, pos)
            if found < 0:  # pysbd altered the text; fall back to the whole rest of the line
                found, stripped = pos, chunk[pos:].strip()
                found = chunk.find(stripped, pos) if stripped else pos
            start, end = base + found, base + found + len(stripped)
            pos = found + len(stripped)
            if any(ch.isalnum() for ch in stripped):
                spans.append((start, end))
    return spans
