"""Many documents in one file: JSONL (optionally gzipped) and CSV."""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
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
    text = _read_maybe_gzip(path)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError(f"expected a JSON object, got {type(record).__name__}")
        except ValueError as exc:
            reason = f"malformed JSON line ({str(exc).split(':')[0]})"
            if not skip_bad:
                raise InputError(reason + "; pass --skip-bad to skip such lines", path, number) from None
            log.warning("%s:%d: %s; skipped", path, number, reason)
            continue
        yield number, record


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
    while True:
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
        if len(row) > len(header):
            reason = f"row has {len(row)} fields, header has {len(header)}"
            if not skip_bad:
                raise InputError(reason + "; pass --skip-bad to skip such rows", path, reader.line_num)
            log.warning("%s:%d: %s; skipped", path, reader.line_num, reason)
            continue
        yield reader.line_num, dict(zip(header, row))
