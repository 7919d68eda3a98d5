"""``timeline tag``: JSONL texts in, JSONL timexes out."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pandas as pd

from timeline.config import language_code
from timeline.corpus import STDIN, STDIN_NAME, published_option
from timeline.corpus.decode import decode_bytes
from timeline.corpus.language import AUTO, language_of, settle_languages
from timeline.corpus.records import json_problem
from timeline.errors import InputError, SkippedInput
from timeline.temporal.tagger import get_tagger
from timeline.temporal.timex import parse_dct

log = logging.getLogger(__name__)


def tag_jsonl(path: Path, lang: str = AUTO, published: str | None = None) -> str:
    """Tag every line of ``path``; returns the output JSONL text.

    Input lines (``path`` ``-``: piped in): ``{"id" (or "doc_id"), "dct": "YYYY-MM-DD", "text"}``,
    optionally ``"lang"``.
    Output lines: ``{"id", "timexes": [{"start", "end", "text", "type", "value"}]}``. Each
    line is tagged in its own ``lang``, else ``lang`` (``auto``: its detected language; a line
    too short to tell takes the file's main language, as documents do). Lines without a
    ``dct`` are anchored on ``published`` (a date, or ``mtime``: the file's), with one
    warning that counts them; without it their relative dates stay unresolved.

    Raises:
        InputError: A missing file, a malformed line, or a line without ``text``/``dct``,
            naming the file and line.
    """
    piped = str(path) == STDIN  # the lines piped in
    if piped:
        path, raw = Path(STDIN_NAME), sys.stdin.buffer.read()
    else:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise InputError("no such file", path) from None
        except IsADirectoryError:
            raise InputError("is a folder, expected a JSONL file", path) from None
    try:
        text = decode_bytes(raw, path)
    except SkippedInput as exc:
        raise InputError(exc.reason, path) from None
    given, use_mtime = published_option(published)
    if use_mtime and piped:
        raise InputError("--published mtime needs a file; give a date (YYYY-MM-DD) for lines piped in", path)
    if use_mtime:
        given = pd.Timestamp(int(path.stat().st_mtime), unit="s", tz="UTC")
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:
            raise InputError(f"malformed JSON line ({json_problem(exc)})", path, number) from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError('line has no "text" string', path, number)
        doc_id = record.get("id", record.get("doc_id"))
        if doc_id is None:
            raise InputError('line has no "id" (or "doc_id")', path, number)
        try:
            dct = parse_dct(record["dct"]) if record.get("dct") else None
        except ValueError as exc:
            raise InputError(str(exc), path, number) from None
        own = record.get("lang") if isinstance(record.get("lang"), str) else None
        known = language_code(own) if own is not None else None
        if own is not None and known in (None, "auto"):
            raise InputError(f'"lang" {own!r} is not a language code (en, es, fr, it, de, pt, ru, zh, ...)',
                             path, number)
        code, unsure = language_of(known, lang, record["text"])
        rows.append({"id": doc_id, "dct": dct, "text": record["text"], "lang": code, "lang_unsure": unsure})
    settle_languages(rows)
    undated = 0
    out = []
    for row in rows:
        dct = row["dct"]
        if dct is None and given is not None:
            dct, undated = given.date(), undated + 1
        timexes = [t.as_dict() for t in get_tagger(row["lang"]).tag(row["text"], dct)]
        out.append(json.dumps({"id": row["id"], "timexes": timexes}, ensure_ascii=False))
    if undated:
        log.warning("%s: %d of %d lines have no dct; anchored on %s (--published%s)", path, undated, len(out),
                    given.date().isoformat(), " mtime" if use_mtime else "")
    return "\n".join(out) + ("\n" if out else "")

