"""Sentence splitting with character offsets.

Text is cut at blank lines and line breaks first (news files often hold one paragraph
or one sentence per line), then each line goes through ``pysbd``, a rule-based splitter
that keeps abbreviations such as "Dr." and "U.S." inside their sentence.
"""

from __future__ import annotations

import functools
import re
import types

import pysbd
from pysbd.utils import TextSpan

from timeline.temporal.abbreviations import faster

_LINE = re.compile(r"[^\n]+")
_PYSBD_LANGS = {"en", "es", "fr", "it", "de", "nl", "ru", "pl", "da", "el", "ar", "fa", "hi", "hy", "am",
                "bg", "my", "ja", "kk", "mr", "sk", "ur", "zh"}
# a stop with more text after it (Chinese and Japanese put no space after theirs)
_INNER_STOP = re.compile(r"[.!?;]\S*\s+\S|[。！？][」』”）)]*[^\s」』”）)]")


@functools.lru_cache(maxsize=16)
def _segmenter(lang: str) -> pysbd.Segmenter:
    seg = pysbd.Segmenter(language=lang if lang in _PYSBD_LANGS else "en", clean=False)
    seg.sentences_with_char_spans = types.MethodType(_sentence_spans, seg)
    seg.language_module = faster(seg.language_module)
    return seg


@functools.lru_cache(maxsize=4096)
def _segment(line: str, lang: str) -> tuple[str, ...]:
    """pysbd's sentences of one line (remembered: agency copy repeats lines across articles)."""
    return tuple(_segmenter(lang).segment(line))


def _sentence_spans(seg, sentences: list[str]) -> list:
    """pysbd's ``Segmenter.sentences_with_char_spans`` with ``str.find`` in place of one
    regex per sentence: those filled ``re``'s 512-pattern cache, so pysbd's abbreviation
    patterns were compiled again for every line (a quarter of the split stage). Same result:
    each sentence's first occurrence, with its trailing whitespace, that ends past the last."""
    text = seg.original_text
    spans, prior = [], 0
    for sent in sentences:
        pos = 0
        while (start := text.find(sent, pos)) >= 0:
            end = start + len(sent)
            while end < len(text) and text[end].isspace():
                end += 1
            if end > prior:
                spans.append(TextSpan(text[start:end], start, end))
                prior = end
                break
            pos = end if end > start else start + 1
    return spans


def split_sentences(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Split ``text`` into sentences.

    Returns:
        ``(start, end)`` character offsets, in order, trimmed of surrounding whitespace,
        never overlapping, each holding at least one letter or digit.
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        chunk = line.group()
        base = line.start()
        if not _INNER_STOP.search(chunk):
            parts = [chunk]
        else:
            parts = _segment(chunk, lang)
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
