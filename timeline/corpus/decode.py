"""Turn raw bytes from disk into text, or say clearly why not."""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

from timeline.errors import SkippedInput

log = logging.getLogger(__name__)

_SNIFF = 8192


def decode_bytes(data: bytes, path: Path | str) -> str:
    """Decode a document's bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM, then the
    legacy encoding charset-normalizer detects (cp1251, GBK, Shift-JIS, ...), cp1252/latin-1
    for Western text; a warning names the encoding assumed.

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
    text, enc = _western(data)
    detected = _detect(data, text)
    if detected is not None:
        text, enc = detected
    if _looks_binary(text):
        raise SkippedInput("binary file, not text", path)
    log.warning("%s: not UTF-8 (byte %d); read as %s", path, utf8_error.start, enc)
    return _clean(text)


def _western(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _detect(data: bytes, western: str) -> tuple[str, str] | None:
    """Another legacy encoding, and how it was chosen, when the bytes are better read in it than in cp1252: the Latin
    code page of the text's language (cp1250 for Czech, cp1254 for Turkish, ...), else the
    encoding charset-normalizer finds (cp1251, GBK, Shift-JIS, ...); ``None`` keeps the Western reading.

    Western European text decodes the same in several Latin code pages, and charset-normalizer
    may rank cp1250 (or cp850, on short text) first: text whose cp1252 reading has only Western
    letters and typographic punctuation, and few of them, keeps cp1252 without asking; so does
    a tie, or a best guess that reads as cp1252 does. Western files read as they always did.
    """
    from charset_normalizer import from_bytes

    latin = _latin_by_language(data, western)
    if latin is not None or _plausibly_western(western):
        return latin
    results = from_bytes(data)
    best = results.best()
    if best is None or best.encoding in _WESTERN:
        return None
    text = str(best)
    if text == western or any(m.encoding in _WESTERN and m.chaos <= best.chaos and m.coherence >= best.coherence
                              for m in results):
        return None
    return text, f"{best.encoding} (detected by charset-normalizer)"


# Latin code pages other than cp1252 and the languages each is the usual one for. Their text
# read as cp1252 still looks Western ("uzavøen" for Czech "uzavřen", "açýk" for Turkish "açık"),
# and charset-normalizer is unsure on short text, but the language still shows through
_LATIN_PAGES = {"cp1250": {"cs", "sk", "pl", "hu", "sl", "hr", "bs", "ro", "sq"},
                "cp1254": {"tr", "az"}, "cp1257": {"lt", "lv"}}


def _latin_by_language(data: bytes, western: str) -> tuple[str, str] | None:
    """The Latin code page usual for the language the cp1252 reading is written in, where the
    bytes decode in it and still read as that language; else ``None``."""
    from timeline.corpus.language import detect_language

    lang, _ = detect_language(western)
    for enc, langs in _LATIN_PAGES.items():
        if lang not in langs:
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            return None
        return (text, f"{enc} (the usual code page of {lang} text)") if detect_language(text)[0] == lang else None
    return None


_WESTERN = {"cp1252", "latin_1", "iso8859_15", "ascii"}
# what a Western European text's non-ASCII characters look like in cp1252: accented letters
# and typographic punctuation (not ¹ ³ ¿-inside-words or a run of ÀÁÂ... as cp1251/GBK bytes give)
_WESTERN_CHARS = set("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿœŒšŠžŽŸ"
                     "‘’‚“”„–—…€«»°·©®™£¡¿§ºª\xa0•†‰")


def _plausibly_western(text: str) -> bool:
    sample = text[:20_000]
    foreign = [ch for ch in sample if ord(ch) > 127]
    letters = sum(1 for ch in sample if ch.isalpha())
    return all(ch in _WESTERN_CHARS for ch in foreign) and len(foreign) < 0.15 * max(letters, 1)


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
