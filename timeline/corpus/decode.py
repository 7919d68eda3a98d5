"""Turn raw bytes from disk into text, or say clearly why not."""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

from timeline.errors import SkippedInput

log = logging.getLogger(__name__)

_SNIFF = 8192


def decode_bytes(data: bytes, path: Path | str) -> str:
    """Decode a document's bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM, then cp1252/latin-1.

    Args:
        data: The file's bytes.
        path: Used in messages only.

    Returns:
        The text, with ``\\r\\n`` normalised to ``\\n``.

    Raises:
        SkippedInput: The file is empty or binary.
    """
    if not data.strip():
        raise SkippedInput("empty file", path)
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _clean(data.decode(enc))
            except UnicodeDecodeError:
                raise SkippedInput(f"invalid {enc} text after its byte-order mark", path) from None
    if b"\x00" in data[:_SNIFF]:
        raise SkippedInput("binary file (NUL bytes), not text", path)
    try:
        return _clean(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
        enc = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        enc = "latin-1"
    if _looks_binary(text):
        raise SkippedInput("binary file, not text", path)
    log.warning("%s: not UTF-8 (byte %d); read as %s", path, utf8_error.start, enc)
    return _clean(text)


def _looks_binary(text: str) -> bool:
    sample = text[:_SNIFF]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return control > max(2, len(sample) // 100)


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise SkippedInput("empty file")
    return text


def read_text(path: Path, max_bytes: int) -> str:
    """Read and decode one text file, refusing ones larger than ``max_bytes``."""
    size = path.stat().st_size
    if size > max_bytes:
        raise SkippedInput(f"file is {size:,} bytes, over the limit of {max_bytes:,} "
                           "(raise corpus.max_document_chars)", path)
    try:
        return decode_bytes(path.read_bytes(), path)
    except SkippedInput as exc:
        if exc.path is None:
            raise SkippedInput(exc.reason, path) from None
        raise
