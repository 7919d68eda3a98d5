"""The documents table and how one raw record becomes a row of it."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pandas as pd

from timeline.config import language_code
from timeline.corpus.language import detect_language, language_of
from timeline.corpus.mojibake import repair
from timeline.corpus.pubdate import date_from_path, date_from_text, parse_timestamp
from timeline.errors import SkippedInput

log = logging.getLogger(__name__)

DOC_COLUMNS = ["doc_id", "title", "text", "published", "published_from", "source", "url", "lang", "path"]

TEXT_KEYS = ("text", "content", "body", "article", "maintext")
DATE_KEYS = ("published", "date", "time", "pubdate", "publication_date", "date_publish", "dct",
             "datetime", "timestamp", "created_at")
TITLE_KEYS = ("title", "headline")
ID_KEYS = ("id", "doc_id", "docid", "uid")
SOURCE_KEYS = ("source", "outlet", "publisher", "sitename", "source_folder", "hostname")
URL_KEYS = ("url", "link", "source_url")


def first_of(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    """The first non-empty value among ``keys`` (matched case-insensitively)."""
    lower = {str(k).lower(): v for k, v in record.items()}
    for key in keys:
        value = lower.get(key)
        if value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value).strip():
            return value
    return None


def _text_value(value: Any, path: Path, line: int | None) -> str | None:
    """A record's text: a string, or a list of strings (paragraphs, as some exports keep
    them) joined by blank lines.

    Raises:
        SkippedInput: A number, a mapping or a list of anything else ("text": 5 is no article).
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return "\n\n".join(v.strip() for v in value if v.strip())
    kind = ("a list" if isinstance(value, list | tuple) else "an object" if isinstance(value, dict)
            else "true or false" if isinstance(value, bool) else "a number" if isinstance(value, int | float)
            else f"a {type(value).__name__}")
    raise SkippedInput(f"the text field is {kind}, not text", path, line)


def _own_language(value: Any, path: Path, line: int | None) -> str | None:
    """A record's ``lang`` as the date grammar knows it (``pt-BR`` -> ``pt``); one it does not
    know is said and left to detection (it had been tagged as English)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip():
        return None
    code = language_code(str(value).strip())
    if code in (None, "auto"):
        log.warning("%s%s: \"lang\" %r is not a language code; the language is detected instead", path,
                    f":{line}" if line else "", value)
        return None
    return code


UNDATED = ("no publication date (record, path, dateline or text); pass --published YYYY-MM-DD "
           "or --published mtime to date it")


def make_document(record: dict[str, Any], *, path: Path, doc_id: str, lang: str,
                  line: int | None = None, default_source: str = "",
                  published: pd.Timestamp | None = None, mtime: pd.Timestamp | None = None,
                  detect=detect_language, day_first: bool | None = None) -> dict[str, Any]:
    """Build one documents-table row from a raw record.

    ``lang`` is the record's own ``lang``, else the given code, else (``"auto"``) the
    detected language. The publication date comes from the record, else the file path, else a dateline; then
    the user's ``published`` date (``--published``: it beats a guess), else the first full
    date in the text, else the file's ``mtime`` (``--published mtime``: the weakest guess).
    A document with none is skipped. ``detect`` is the language detector
    (:func:`~timeline.corpus.language.detect_language`, or a cache's ``detect``); ``day_first``
    the order of numeric dates in the record's file (:func:`~timeline.corpus.pubdate.numeric_order`).

    Raises:
        SkippedInput: No text, no letter or digit in it, or no publication date anywhere.
    """
    text = _text_value(first_of(record, TEXT_KEYS), path, line)
    text = None if text is None else _unescape_brackets(text.replace("\r\n", "\n").replace("\x00", ""))
    if text is None or not text.strip():  # checked once cleaned: a text of NUL characters is none
        raise SkippedInput("document has no text", path, line)
    if not any(ch.isalnum() for ch in text):  # "。。。", "---", "* * *": nothing a line could say
        raise SkippedInput("document has no words (only punctuation or symbols)", path, line)
    read, text = text, repair(text)

    lang, unsure = language_of(_own_language(record.get("lang"), path, line), lang, text, detect)
    fallback, published, origin = published, None, ""
    raw_date = first_of(record, DATE_KEYS)
    if raw_date is not None:
        published = parse_timestamp(raw_date, lang, day_first)
        if published is None:
            raise SkippedInput(f"unreadable publication date {str(raw_date)[:40]!r}", path, line)
        origin = "record"
    if published is None:
        published, origin = date_from_path(path), "path"
    if published is None:
        published, origin = date_from_text(text, dateline_only=True, lang=lang), "dateline"
    if published is None and fallback is not None:
        published, origin = fallback, "given"
    if published is None:
        published, origin = date_from_text(text, lang=lang), "text"
    if published is None and mtime is not None:
        published, origin = mtime, "mtime"
    if published is None:
        raise SkippedInput(UNDATED, path, line)

    source = first_of(record, SOURCE_KEYS) or default_source
    source = str(source)
    if "_" in source and first_of(record, ("source_folder",)) == source:
        source = source.split("_", 1)[1]  # TLS datasets: "MJ_bbc" -> "bbc"
    title = first_of(record, TITLE_KEYS)
    row = {
        "doc_id": str(first_of(record, ID_KEYS) or doc_id),
        "title": repair(str(title).strip()) if title is not None else "",
        "text": text,
        "published": published,
        "published_from": origin,
        "source": source,
        "url": str(first_of(record, URL_KEYS) or ""),
        "lang": lang,
        "path": str(path) + (f":{line}" if line is not None else ""),
    }
    if unsure:
        row["lang_unsure"] = True  # settled on the corpus's main language once all are read
    if text != read:
        row["repaired"] = True  # mis-decoded UTF-8 undone; the reader counts them in a warning
    return row


def documents_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The documents table, typed, sorted by publication date then id."""
    df = pd.DataFrame(rows, columns=DOC_COLUMNS)
    df["published"] = pd.to_datetime(df["published"], utc=True).astype("datetime64[us, UTC]")
    return df.sort_values(["published", "doc_id"], kind="stable").reset_index(drop=True)


_PTB_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_PTB = re.compile("|".join(_PTB_BRACKETS))


def _unescape_brackets(text: str) -> str:
    """Penn Treebank bracket tokens (``-LRB-``, ``-RRB-``, ...), as in tokenised research
    corpora such as Timeline17, back to the brackets they stand for."""
    return _PTB.sub(lambda m: _PTB_BRACKETS[m[0]], text) if "-" in text else text


_DETOK = [
    (re.compile(r"``\s*|\s*''"), '"'),  # PTB quotes
    (re.compile(r"(?<=\w) (?=(?:'s|'re|'ve|'ll|'d|'m|n't)\b)", re.I), ""),  # clitics: Jackson 's -> Jackson's
    (re.compile(r"(?<=\w’) (?=(?:s|re|ve|ll|d|m|t)\b)", re.I), ""),  # Rousseff’ s (a repaired "â€™" the tokeniser split)
    (re.compile(r" +(?=[,.;:!?%)\]}])"), ""),  # no space before closing punctuation
    (re.compile(r"(?<=[(\[{$]) +"), ""),  # nor after opening brackets and currency signs
    (re.compile(r"\\([/*])"), r"\1"),  # escaped slashes and stars
]


# A tokeniser that splits hyphens off ("a five - day visit", "Vice - President") leaves a
# document with spaced hyphens, no joined one, and the other signs of tokenising (a space
# before a comma or full stop, split clitics, PTB quotes); in such a document " - " between two
# words is a hyphen, unless a word beside it is a function word ("warlords - the men who")
_TOKENISED = re.compile(r" [,.;:!?](?: |$)| (?:'s|'re|'ve|'ll|'d|n't)\b|``|''", re.I)
_SPLIT_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")
_JOINED_HYPHEN = re.compile(r"[^\W\d_]-[^\W\d_]")
_DASH_NEIGHBOURS = frozenset("""a an the and or but nor so yet if as at by for from in into of on onto to with
    without than then there here is are was were be been not no he she it they we i you his her its their our
    my your this that these those which who whom whose what when where while because although though after
    before since until also only even just otherwise perhaps including despite""".split())
_WORD_BEFORE, _WORD_AFTER = re.compile(r"(\w+)$"), re.compile(r"(\w+)")


def splits_hyphens(text: str) -> bool:
    """Whether a document's tokeniser split its hyphens off: two or more spaced ones, no joined
    one, and other signs of tokenising (Timeline17's tokeniser keeps "well-known" whole, so
    its " - " are dashes; entities-dev's writes "well - known")."""
    return (len(_SPLIT_HYPHEN.findall(text, 0, 200_000)) >= 2 and not _JOINED_HYPHEN.search(text)
            and _TOKENISED.search(text) is not None)


_PARENTHESIS_WORDS = 15  # a dash this few words after an opening one closes it ("- the first in years -")


def _join_hyphens(text: str) -> str:
    """``five - day`` -> ``five-day``, but not beside a function word (a dash), nor the dash
    that closes an aside such a dash opened."""
    out, pos, opened = [], 0, None
    for m in _SPLIT_HYPHEN.finditer(text):
        before = _WORD_BEFORE.search(text, 0, m.start())
        after = _WORD_AFTER.match(text, m.end())
        words = (before.group(1).lower() if before else "", after.group(1).lower() if after else "")
        closes = opened is not None and len(text[opened:m.start()].split()) <= _PARENTHESIS_WORDS
        dash = closes or any(w in _DASH_NEIGHBOURS for w in words)
        opened = None if closes else (m.end() if dash else opened)
        out += [text[pos:m.start()], " - " if dash else "-"]
        pos = m.end()
    return "".join(out) + text[pos:]


def detokenise(text: str, hyphens_split: bool = False) -> str:
    """Penn-Treebank-tokenised text (``Jackson 's death , `` he said ''``) as ordinary prose
    (``Jackson's death, "he said"``), for the models that read and write entries; with
    ``hyphens_split`` (a line of a document :func:`splits_hyphens` holds true of), hyphens the
    tokeniser split off are joined again (``a five - day visit`` -> ``a five-day visit``).
    Ordinary text passes through unchanged; only the spacing changes, never the words."""
    text = " ".join(text.split())
    if hyphens_split and " - " in text:
        text = _join_hyphens(text)
    for pattern, repl in _DETOK:
        text = pattern.sub(repl, text)
    return text
