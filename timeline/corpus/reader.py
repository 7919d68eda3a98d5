"""Reading files, folders and in-memory records into the documents table."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from timeline.corpus import files, records, tls
from timeline.corpus.decode import decode_bytes, read_text
from timeline.corpus.document import DATE_KEYS, UNDATED, documents_frame, first_of, make_document
from timeline.corpus.feeds import FEED_SUFFIXES, iter_feed
from timeline.corpus.language import LanguageCache, detect_language, settle_languages
from timeline.corpus.memory import WHERE, in_memory, memory_records
from timeline.corpus.pubdate import numeric_order, parse_timestamp
from timeline.engine import chunks
from timeline.errors import InputError, SkippedInput

log = logging.getLogger(__name__)

STDIN = "-"  # an input path that means the document piped in
STDIN_NAME = "<stdin>"  # what messages and citations name it

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv", ".tsv"}


def corpus_keywords(paths: list[Path]) -> list[str]:
    """Keywords shipped with TLS topic folders among ``paths`` (``keywords.json``)."""
    out: list[str] = []
    for p in paths:
        if p.is_dir() and tls.topic_articles(p):
            out += [k for k in tls.read_keywords(p) if k not in out]
    return out


def published_option(value: str | None) -> tuple[pd.Timestamp | None, bool]:
    """``corpus.published`` (``--published``) as ``(date, use_mtime)``.

    Raises:
        InputError: Neither a date nor ``mtime``.
    """
    if not value:
        return None, False
    if value.strip().lower() == "mtime":
        return None, True
    date = parse_timestamp(value.strip()) if _ISO_DAY.match(value.strip()) else None
    if date is None:
        raise InputError(f"--published {value!r} is not a YYYY-MM-DD date or 'mtime'")
    return date, False


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$")


def _mtime(path: Path) -> pd.Timestamp:
    return pd.Timestamp(int(os.stat(path).st_mtime), unit="s", tz="UTC").as_unit("us")


class _TooMany(InputError):
    """Past ``corpus.max_documents``: stops the run, ``--skip-bad`` or not."""


class _Reader:
    def __init__(self, lang: str, skip_bad: bool, max_documents: int, max_document_chars: int,
                 published: str = "", languages: LanguageCache | None = None):
        self.lang = lang
        self.detect = languages.detect if languages is not None else detect_language
        self.skip_bad = skip_bad
        self.published, self.use_mtime = published_option(published)
        self.max_documents = max_documents
        self.max_bytes = max_document_chars * 4
        self.max_chars = max_document_chars
        self.rows: list[dict] = []
        self.skipped: list[str] = []

    # -- outcomes -------------------------------------------------------------
    def add(self, record: dict, *, path: Path, doc_id: str, line: int | None = None,
            default_source: str = "", single: bool = False, day_first: bool | None = None) -> None:
        """Add one record's row; a bad record is skipped with a warning, or, for a file that
        holds one document (``single``), raised for :meth:`read_unit` to judge."""
        try:
            row = make_document(record, path=path, doc_id=doc_id, lang=self.lang, line=line,
                                default_source=default_source, published=self.published,
                                mtime=_mtime(path) if self.use_mtime and path.exists() else None,
                                detect=self.detect, day_first=day_first)
        except SkippedInput as exc:
            if single:
                raise
            self.skip(exc)
            return
        if len(row["text"]) > self.max_chars:
            log.warning("%s: document has %d characters; truncated to %d (corpus.max_document_chars)",
                        row["path"], len(row["text"]), self.max_chars)
            row["text"] = row["text"][: self.max_chars]
        if len(self.rows) >= self.max_documents:
            raise self.too_many(path)
        self.rows.append(row)

    def finish(self, where: str) -> pd.DataFrame:
        """The documents table of what was read: exact duplicates dropped, ids made unique.

        Raises:
            InputError: Nothing usable was read.
        """
        settle_languages(self.rows)
        _warn_repaired([row["path"] for row in self.rows if row.pop("repaired", False)], len(self.rows))
        if not self.rows:
            detail = f" ({len(self.skipped)} skipped: {self.skipped[0]})" if self.skipped else ""
            raise InputError("no usable documents" + detail, where)
        df = documents_frame(self.rows)
        digest = df["text"].map(lambda t: hashlib.sha1(t.encode("utf-8")).hexdigest())
        dup = digest.duplicated()
        if dup.any():
            log.info("dropped %d duplicate documents (same text)", int(dup.sum()))
            df = df[~dup].reset_index(drop=True)
        counts = df["doc_id"].groupby(df["doc_id"]).cumcount()
        df.loc[counts > 0, "doc_id"] = df["doc_id"] + "#" + (counts + 1).astype(str)
        _warn_given_dates(df, self.published)
        df.attrs["skipped"] = self.skipped
        return df

    def too_many(self, path) -> InputError:
        return _TooMany(f"more than {self.max_documents:,} documents; raise corpus.max_documents "
                          "or split the corpus", path)

    def skip(self, exc: SkippedInput) -> None:
        log.warning("%s; skipped", exc)
        self.skipped.append(str(exc))

    # -- dispatch ---------------------------------------------------------------
    def plan(self, path: Path, named: bool) -> list[tuple[str, str, bool, bool]]:
        """The files to read for one input path, as ``(path, root, named, records)`` units
        (``records``: a topic folder's articles file, read as records without skip handling).

        Raises:
            InputError: A missing path, a whole dataset, or a folder with nothing to read.
        """
        if str(path) == STDIN:
            return [(STDIN, "", named, False)]
        if not os.path.exists(path):
            raise InputError("no such file or folder", path)
        if not path.is_dir():
            return [(str(path), str(path.parent), named, False)]
        topics = tls.dataset_topics(path)
        if topics:
            raise InputError(f"this is a dataset of {len(topics)} topics ({', '.join(topics[:5])}"
                             f"{', ...' if len(topics) > 5 else ''}); pass one topic folder, "
                             f"e.g. {path / topics[0]}", path)
        articles = tls.topic_articles(path)
        if articles is not None and articles.name != "InputDocs":
            return [(str(articles), str(path), False, True)]
        folder = articles if articles is not None else path
        units = [(str(p), str(folder), False, False) for p in _walk(folder)]
        if not units:
            raise InputError("folder holds no .txt, .md, .html, .json, .jsonl, .csv or feed files", folder)
        return units

    def read_unit(self, path: str, root: str, named: bool, records: bool) -> None:
        """Read one planned file; a bad file is skipped, or stops the run when it was named."""
        path = Path(path)
        try:
            if records:
                self.read_records(path)
            else:
                self.read_file(path, root=Path(root))
        except SkippedInput as exc:
            if named and not self.skip_bad:
                raise InputError(exc.reason, exc.path or path, exc.line) from None
            self.skip(exc)
        except _TooMany:
            raise
        except InputError as exc:  # a bad file (wrong CSV columns, broken JSON, bad gzip): stops unless --skip-bad
            if not self.skip_bad:
                hint = "" if "--skip-bad" in exc.reason else "; pass --skip-bad to skip bad files"
                raise InputError(exc.reason + hint, exc.path or path, exc.line) from None
            self.skip(SkippedInput(exc.reason, exc.path or path, exc.line))
        except OSError as exc:  # permission denied, a dangling symlink, a device that fails to read
            if named and not self.skip_bad:
                raise InputError(_os_reason(exc), path) from None
            self.skip(SkippedInput(_os_reason(exc), path))

    def read_file(self, path: Path, root: Path) -> None:
        if str(path) == STDIN:
            self.read_stdin()
            return
        suffixes = [s.lower() for s in path.suffixes]
        suffix = suffixes[-1] if suffixes else ""
        if suffix == ".gz" and len(suffixes) > 1:
            suffix = suffixes[-2]
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        source = path.relative_to(root).parts[0] if len(path.relative_to(root).parts) > 1 else ""
        if suffix in RECORD_SUFFIXES or suffix in FEED_SUFFIXES:
            self.read_records(path)
        elif suffix in HTML_SUFFIXES:
            html = read_text(path, self.max_bytes)
            self.add(files.html_record(html, path), path=path, doc_id=rel, default_source=source, single=True)
        elif suffix in TEXT_SUFFIXES or suffix == "":
            text = read_text(path, self.max_bytes)
            if files.looks_like_html(text):  # a saved web page named .txt (or with no suffix)
                self.add(files.html_record(text, path), path=path, doc_id=rel, default_source=source, single=True)
                return
            record = files.text_record(text, path, markdown=suffix in MARKDOWN_SUFFIXES)
            self.add(record, path=path, doc_id=rel, default_source=source, single=True)
        else:
            raise SkippedInput(f"unsupported file type '{suffix}'", path)

    def read_stdin(self) -> None:
        """One document piped in (``-``): text (with headers or front matter) or a web page."""
        where = Path(STDIN_NAME)
        data = sys.stdin.buffer.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise SkippedInput(f"more than {self.max_bytes:,} bytes (raise corpus.max_document_chars)", where)
        text = decode_bytes(data, where)
        record = files.html_record(text, where) if files.looks_like_html(text) else files.text_record(text, where)
        try:
            self.add(record, path=where, doc_id="stdin", single=True)
        except SkippedInput as exc:
            if self.use_mtime and exc.reason == UNDATED:
                raise SkippedInput("--published mtime needs a file; give a date (YYYY-MM-DD) for a document piped in",
                                   where) from None
            raise

    def read_records(self, path: Path) -> None:
        kind = path.name.lower().removesuffix(".gz")
        n_before = len(self.rows)
        stem = path.name
        # (item number, line or None, record); the file is read whole already
        if kind.endswith(tuple(FEED_SUFFIXES)):
            items = [(number, None, record) for number, record in iter_feed(path)]
        elif kind.endswith(".json"):  # numbered by item: a compact array is one line
            items = list(records.iter_json(path, self.skip_bad))
        else:
            iterator = records.iter_csv if kind.endswith((".csv", ".tsv")) else records.iter_jsonl
            items = [(number, number, record) for number, record in iterator(path, self.skip_bad)]
        day_first = numeric_order(first_of(r, DATE_KEYS) for _, _, r in items)  # "25/03/2024" in a column
        for number, line, record in items:
            self.add(record, path=path, doc_id=f"{stem}:{number}", line=line, day_first=day_first)
        if len(self.rows) == n_before:
            log.warning("%s: no usable documents", path)


def _read_partition(args: tuple) -> tuple[list[dict], list[str]]:
    """Read a partition of planned files (on a worker): its document rows and skip reasons."""
    units, lang, skip_bad, max_documents, max_document_chars, published, languages = args
    reader = _Reader(lang, skip_bad, max_documents, max_document_chars, published, languages)
    try:
        for unit in units:
            reader.read_unit(*unit)
    finally:
        if languages is not None:
            languages.close()
    return reader.rows, reader.skipped


def _os_reason(exc: OSError) -> str:
    """``permission denied``, ``no such file or directory`` (a dangling link), ..."""
    return (exc.strerror or type(exc).__name__).lower()


def _walk(folder: Path):
    """Files below ``folder`` in a stable order, following no symlink loops and skipping hidden ones."""
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True, onerror=_walk_error):
        st = os.stat(dirpath)
        key = (st.st_dev, st.st_ino)
        if key in seen:
            log.warning("%s: symlink loop; not followed again", dirpath)
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _walk_error(exc: OSError) -> None:
    log.warning("%s: %s; skipped", exc.filename, exc.strerror)


def read_corpus(paths: list[str | Path], lang: str = "en", skip_bad: bool = False,
                max_documents: int = 200_000, max_document_chars: int = 2_000_000, *,
                engine=None, partition: int = 100, progress: bool = False, published: str = "",
                languages: LanguageCache | None = None) -> pd.DataFrame:
    """Read documents from files and folders into the documents table.

    Args:
        paths: Files (.txt, .md, .html, .jsonl, .csv) and folders (read recursively, or as a
            TLS topic folder when they hold ``articles.jsonl`` or ``InputDocs/``).
        lang: Language code of the documents (used for date parsing), or ``"auto"``: each
            document's own (a record's ``lang``, else detected).
        skip_bad: Skip every bad file or record (wrong CSV columns, broken JSON, undecodable,
            unreadable, undated), named or in a folder, with a warning instead of stopping.
        max_documents: Stop with a clear message past this many documents.
        max_document_chars: Truncate longer documents (with a warning).
        engine: A :mod:`timeline.engine` engine; a distributed one reads ``partition``
            files per task on its workers.
        progress: Show a progress bar (for 100 files or more).
        published: The publication date (``YYYY-MM-DD``) of documents that carry none, or
            ``mtime`` for each file's modification time (``--published``); a warning counts them.
        languages: Detected languages kept from earlier runs (``lang = "auto"``), and where
            this run's detections are kept; detected afresh when ``None``.

    Returns:
        The documents table; exact duplicate texts are kept once. ``df.attrs["skipped"]``
        lists what was skipped and why.

    Raises:
        InputError: Bad input that should stop the run, or no usable document at all.
    """
    reader = _Reader(lang, skip_bad, max_documents, max_document_chars, published, languages)
    units = [u for p in paths for u in reader.plan(Path(p), named=True)]
    if engine is None or not engine.distributed or any(u[0] == STDIN for u in units):  # stdin is read here
        try:
            for unit in tqdm(units, desc="read", unit="file", disable=not progress or len(units) < 100, leave=False):
                reader.read_unit(*unit)
        finally:
            if languages is not None:
                languages.flush()
    else:  # partitions of files read on the cluster, gathered here in order
        parts = [(part, lang, skip_bad, max_documents, max_document_chars, published, languages)
                 for part in chunks(units, partition)]
        for (rows, skipped), part in zip(engine.map(_read_partition, parts, "read", progress, "file",
                                                    [len(p[0]) for p in parts]), parts):
            reader.rows += rows
            reader.skipped += skipped
            if len(reader.rows) > max_documents:
                raise reader.too_many(part[0][-1][0])
    return reader.finish(", ".join(str(p) for p in paths))


def read_inputs(inputs, lang: str = "en", skip_bad: bool = False, max_documents: int = 200_000,
                max_document_chars: int = 2_000_000, **kwargs) -> pd.DataFrame:
    """The documents table from paths (:func:`read_corpus`) or from records in memory (a pandas
    DataFrame or a list of dicts with ``text``, ``published`` and optionally ``id``, ``title``,
    ``url``, ``source``), read with the same rules and the same warnings as JSONL lines.

    Raises:
        InputError: As :func:`read_corpus`; a record's message names ``<records>:N``.
    """
    if not in_memory(inputs):
        return read_corpus([Path(p) for p in inputs], lang, skip_bad, max_documents, max_document_chars, **kwargs)
    languages = kwargs.get("languages")
    reader = _Reader(lang, skip_bad, max_documents, max_document_chars, kwargs.get("published", ""), languages)
    try:
        for number, record in memory_records(inputs):
            reader.add(record, path=Path(WHERE), doc_id=f"record-{number}", line=number)
    finally:
        if languages is not None:
            languages.flush()
    return reader.finish(WHERE)


def _warn_repaired(paths: list[str], total: int) -> None:
    """One warning counting the documents whose mis-decoded UTF-8 was undone (:mod:`~timeline.corpus.mojibake`)."""
    if paths:
        log.warning("%s: UTF-8 text that had been decoded as cp1252 (\"â€™\" for \"’\") repaired in %d of %d "
                    "documents%s", paths[0], len(paths), total, " (this one the first)" if len(paths) > 1 else "")


def _warn_given_dates(df: pd.DataFrame, published: pd.Timestamp | None) -> None:
    """One warning counting the documents dated by ``--published`` rather than by themselves."""
    given = int((df["published_from"] == "given").sum())
    if given:
        log.warning("%d of %d documents carry no publication date; dated %s (--published)",
                    given, len(df), published.date().isoformat())
    by_mtime = int((df["published_from"] == "mtime").sum())
    if by_mtime:
        log.warning("%d of %d documents carry no publication date; dated by their files' modification "
                    "times (--published mtime)", by_mtime, len(df))
