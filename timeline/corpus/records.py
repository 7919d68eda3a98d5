"""Many documents in one file: JSONL (optionally gzipped), a JSON array or object, and CSV."""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from timeline.corpus.decode import decode_bytes
from timeline.corpus.document import DATE_KEYS, TEXT_KEYS
from timeline.errors import InputError, SkippedInput

log = logging.getLogger(__name__)


def _read_maybe_gzip(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"not a readable gzip file ({exc})", path) from None
    return decode_bytes(data, path)


def iter_jsonl(path: Path, skip_bad: bool) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, record)`` for each JSON object line.

    Raises:
        InputError: On a malformed line, unless ``skip_bad`` (then it is logged and skipped).
    """
    yield from _json_lines(_read_maybe_gzip(path), path, skip_bad)


def _json_lines(text: str, path: Path, skip_bad: bool) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError(f"expected a JSON object, got {type(record).__name__}")
        except (ValueError, RecursionError) as exc:
            reason = f"malformed JSON line ({json_problem(exc)})"
            if not skip_bad:
                raise InputError(reason + "; pass --skip-bad to skip such lines", path, number) from None
            log.warning("%s:%d: %s; skipped", path, number, reason)
            continue
        yield number, record


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def json_problem(exc: Exception) -> str:
    """What is wrong with a JSON text, in a few words: the decoder's message before its
    position, or that it nests deeper than Python's recursion limit lets it be read."""
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(":")[0]


def iter_json(path: Path, skip_bad: bool) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """Yield ``(item_number, line_number, record)`` for each document of a JSON file: an array
    of objects, an object holding such an array (``{"articles": [...]}``), or one object with a
    text field.

    Raises:
        InputError: Malformed JSON, or an array item that is no object (unless ``skip_bad``).
        SkippedInput: JSON that holds no documents (a keywords list, a settings object).
    """
    text = _read_maybe_gzip(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and _is_json_object(text.lstrip().split("\n", 1)[0]):
            log.info("%s: one JSON object a line; read as JSON Lines", path)  # JSONL named .json
            yield from ((number, number, record) for number, record in _json_lines(text, path, skip_bad))
            return
        raise InputError(f"malformed JSON ({exc.msg})", path, exc.lineno) from None
    except RecursionError as exc:
        raise InputError(f"malformed JSON ({json_problem(exc)})", path) from None
    if isinstance(data, dict) and any(k in data for k in TEXT_KEYS):
        yield 1, 1, data
        return
    start, items = _records_array(text, data)
    if items is None or not any(isinstance(x, dict) for x in items):
        raise SkippedInput("JSON holds no documents (objects with a text field, or a list of them)", path)
    for number, (offset, item) in enumerate(zip(_item_offsets(text, start), items), start=1):
        line = text.count("\n", 0, offset) + 1
        if not isinstance(item, dict):
            reason = f"item {number} is a JSON {type(item).__name__}, not an object"
            if not skip_bad:
                raise InputError(reason + "; pass --skip-bad to skip such items", path, line)
            log.warning("%s:%d: %s; skipped", path, line, reason)
            continue
        yield number, line, item


def _records_array(text: str, data: Any) -> tuple[int, list | None]:
    """Where the list of records starts in ``text`` (its ``[``) and the list: ``data`` itself,
    or the first value of an object that is a list holding an object."""
    if isinstance(data, list):
        return text.index("["), data
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, list) and any(isinstance(x, dict) for x in value):
                m = re.search(re.escape(json.dumps(key)) + r"\s*:\s*\[", text)
                if m is None:  # the key written with other escapes: look for it as json wrote it
                    m = re.search(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:\s*\[", text)
                return (m.end() - 1 if m else 0), value
    return 0, None


def _item_offsets(text: str, start: int) -> Iterator[int]:
    """The offset of each item of the JSON array whose ``[`` is at ``start`` (0 each when
    ``start`` is not one: line numbers are then 1)."""
    if text[start:start + 1] != "[":
        while True:
            yield 0
    decoder, i = json.JSONDecoder(), start + 1
    while True:
        while i < len(text) and text[i] in " \t\r\n,":
            i += 1
        yield i
        try:
            i = decoder.raw_decode(text, i)[1]
        except json.JSONDecodeError:  # cannot happen after json.loads; keep yielding, never raise
            i = len(text)


def iter_csv(path: Path, skip_bad: bool) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, record)`` for each CSV row; the header must name a text column.

    Raises:
        InputError: No text column, or a row with more fields than the header (unless ``skip_bad``).
    """
    text = decode_bytes(path.read_bytes(), path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise SkippedInput("empty CSV file", path) from None
    except csv.Error as exc:
        raise InputError(f"malformed CSV header ({exc})", path, 1) from None
    lower = [h.lower() for h in header]
    if not any(k in lower for k in TEXT_KEYS):
        raise InputError(f"CSV has no text column (one of {', '.join(TEXT_KEYS)}); "
                         f"found: {', '.join(header) or 'nothing'}", path, 1)
    if not any(k in lower for k in DATE_KEYS):
        log.info("%s: CSV has no date column; dates come from datelines or text", path)
    # an odd number of quote characters: a quoted field never closes, and the reader puts the
    # rest of the file into it (a stray quote would silently lose every row after it)
    quote = dialect.quotechar or '"'
    unbalanced = text.count(quote) % 2 == 1 and not text.rstrip().endswith(quote)
    last_line = text.rstrip("\n").count("\n") + 1
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if not skip_bad:
                raise InputError(f"malformed CSV row ({exc})", path, reader.line_num) from None
            log.warning("%s:%d: malformed CSV row; skipped", path, reader.line_num)
            continue
        if not any(cell.strip() for cell in row):
            continue
        if unbalanced and reader.line_num >= last_line and "\n" in row[-1]:  # a last field running to the end
            reason = f"the quoted field opened on line {start} never closes (the rest of the file ran into it)"
            if not skip_bad:
                raise InputError(reason, path, start)
            log.warning("%s:%d: %s; skipped", path, start, reason)
            return
        if len(row) > len(header):
            reason = f"row has {len(row)} fields, header has {len(header)}"
            if not skip_bad:
                raise InputError(reason + "; pass --skip-bad to skip such rows", path, reader.line_num)
            log.warning("%s:%d: %s; skipped", path, reader.line_num, reason)
            continue
        yield reader.line_num, dict(zip(header, row))
