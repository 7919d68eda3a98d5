"""Timeline-summarisation dataset layouts (see the README's "Formats").

* this project's / news-tls: ``<topic>/articles.jsonl`` (or ``articles.preprocessed.jsonl.gz``),
  ``timelines.jsonl``, ``keywords.json``;
* tilse / Timeline17 release: ``<topic>/InputDocs/<YYYY-MM-DD>/*.txt`` and ``<topic>/timelines/*.txt``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from timeline.corpus.decode import decode_bytes
from timeline.errors import InputError

ARTICLE_FILES = ("articles.jsonl", "articles.jsonl.gz", "articles.preprocessed.jsonl.gz",
                 "articles.preprocessed.jsonl")

Reference = list[tuple[str, list[str]]]


def topic_articles(folder: Path) -> Path | None:
    """The articles file or ``InputDocs`` folder of a TLS topic folder, else ``None``."""
    for name in ARTICLE_FILES:
        if (folder / name).is_file():
            return folder / name
    if (folder / "InputDocs").is_dir():
        return folder / "InputDocs"
    return None


def dataset_topics(folder: Path) -> list[str]:
    """Names of the topic sub-folders of a TLS dataset folder (empty if it is not one)."""
    if not folder.is_dir() or topic_articles(folder):
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and topic_articles(p))


def read_keywords(folder: Path) -> list[str]:
    """A topic's query keywords from ``keywords.json``, or ``[]``."""
    path = folder / "keywords.json"
    if not path.is_file():
        return []
    try:
        data = json.loads(decode_bytes(path.read_bytes(), path))
    except (ValueError, RecursionError) as exc:
        raise InputError(f"malformed keywords file ({exc})", path) from None
    if not isinstance(data, list) or not all(isinstance(k, str) for k in data):
        raise InputError("keywords file must be a JSON list of strings", path)
    return data


_DATE_LINE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(value: object) -> str:
    """A reference date as ``YYYY-MM-DD``.

    Raises:
        ValueError: Not a date of that form ("2024-13-01", "March 4").
    """
    text = str(value)
    if not _DATE_LINE.match(text):
        raise ValueError(f"date {text[:30]!r} is not YYYY-MM-DD")
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"date {text!r} is no day of the calendar") from None
    return text


def read_timelines(folder: Path) -> list[Reference]:
    """A topic's reference timelines: ``timelines.jsonl`` lines or tilse ``timelines/*.txt`` files."""
    path = folder / "timelines.jsonl"
    if path.is_file():
        out: list[Reference] = []
        for number, line in enumerate(decode_bytes(path.read_bytes(), path).split("\n"), start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                out.append([(_day(d), [str(s) for s in sents]) for d, sents in data])
            except (ValueError, TypeError, RecursionError) as exc:
                raise InputError(f"malformed timeline line ({exc})", path, number) from None
        return out
    tdir = folder / "timelines"
    if tdir.is_dir():
        return [parse_tilse_timeline(p) for p in sorted(tdir.glob("*.txt"))]
    raise InputError("no reference timelines (timelines.jsonl or timelines/*.txt)", folder)


def parse_tilse_timeline(path: Path) -> Reference:
    """Parse a tilse timeline file: a date line, its sentences, a dashed separator, repeated."""
    entries: Reference = []
    date, sents = None, []
    for number, raw in enumerate(decode_bytes(path.read_bytes(), path).split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        if set(line) == {"-"} and len(line) >= 3:
            if date is not None:
                entries.append((date, sents))
            date, sents = None, []
        elif date is None:
            try:
                date = _day(line)
            except ValueError:
                raise InputError(f"expected a YYYY-MM-DD date line, got {line[:30]!r}", path, number) from None
        else:
            sents.append(line)
    if date is not None:
        entries.append((date, sents))
    return entries
