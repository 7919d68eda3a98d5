"""Which language each document is written in (``corpus.lang = "auto"``, ``--lang auto``).

Detection uses py3langid: a naive Bayes model over byte n-grams that ships inside the
package (no download at run time), about 1 ms a document. It only chooses among languages
the date tagger can read (those ``dateparser`` has data for), so a document is never
routed to rules that do not exist.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import sqlite3
from collections import Counter
from itertools import islice
from pathlib import Path

log = logging.getLogger(__name__)

AUTO = "auto"
# the start of a document tells its language as well as the whole: on 2,104 dev documents in
# English, French, Italian and Spanish, 1,000 characters gave the same language (and the same
# side of MIN_CONFIDENCE) as 3,000 for every one, in a third of the time
SAMPLE_CHARS = 1000
MIN_CONFIDENCE = 0.5  # below this (short, empty or mixed text) the corpus's main language stands in


@functools.cache
def _identifier():
    from dateparser.data import language_order
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(sorted(set(ident.nb_classes) & set(language_order)))
    return ident


def detect_language(text: str) -> tuple[str, float]:
    """``(ISO 639-1 code, confidence 0..1)`` of ``text``'s language; confidence is near 0
    for text with too little to go on."""
    sample = text[:SAMPLE_CHARS]
    if next(islice((ch for ch in sample if ch.isalpha()), 2, None), None) is None:  # fewer than 3 letters
        return "en", 0.0
    lang, confidence = _identifier().classify(sample)
    return str(lang), float(confidence)


def language_of(own, lang: str, text: str, detect=detect_language) -> tuple[str, bool]:
    """``(language, unsure)`` of one document or line: its ``own`` language when it names one,
    else ``lang``, else (``auto``) the detected language, ``unsure`` when detection could not
    tell (:func:`settle_languages` then gives it the main language of the rest)."""
    if own:
        return str(own), False
    if lang != AUTO:
        return lang, False
    code, confidence = detect(text)
    return code, confidence < MIN_CONFIDENCE


def detector_version() -> str:
    """A fingerprint of what a detection depends on: this module's code and the versions of
    py3langid (the model) and dateparser (the languages it may choose among)."""
    from importlib.metadata import version

    h = hashlib.sha1(f"{SAMPLE_CHARS}\0".encode())
    for lib in ("py3langid", "dateparser"):
        h.update(f"{lib}={version(lib)}\0".encode())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:16]


class LanguageCache:
    """Detected languages kept beside the tagged documents (a ``languages`` table in the cache
    folder's ``tagged.sqlite``), so that a rerun over the same articles does not detect them
    again: detection is most of a warm run's reading time.

    An entry is keyed by a hash of the detector's version and of the only text detection
    reads (the first :data:`SAMPLE_CHARS` characters), so a changed text or detector misses.
    The cache pickles as its path: each worker process opens its own connection, and stores
    what it detected when its partition is read (:meth:`flush`).
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.version = detector_version()
        self._con: sqlite3.Connection | None = None
        self._usable = True
        self._new: dict[str, tuple[str, float]] = {}

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_con": None, "_new": {}}

    def detect(self, text: str) -> tuple[str, float]:
        """:func:`detect_language` of ``text``, from the cache when it holds it."""
        key = hashlib.sha1(f"{self.version}\0{text[:SAMPLE_CHARS]}".encode("utf-8", "surrogatepass")).hexdigest()
        found = self._new.get(key) or self._lookup(key)
        if found is None:
            found = self._new[key] = detect_language(text)
        return found

    def _connection(self) -> sqlite3.Connection | None:
        """The cache's database, or ``None`` where it cannot be opened (a worker on another
        machine, a read-only folder): detection then goes on without it."""
        if self._con is None and self._usable:
            try:
                self._con = sqlite3.connect(self.path, timeout=30)
                self._con.execute("CREATE TABLE IF NOT EXISTS languages "
                                  "(key TEXT PRIMARY KEY, lang TEXT, confidence REAL)")
            except sqlite3.Error as exc:
                log.debug("%s: no language cache (%s)", self.path, exc)
                self._con, self._usable = None, False
        return self._con

    def _lookup(self, key: str) -> tuple[str, float] | None:
        con = self._connection()
        if con is None:
            return None
        row = con.execute("SELECT lang, confidence FROM languages WHERE key = ?", (key,)).fetchone()
        return (str(row[0]), float(row[1])) if row else None

    def flush(self) -> None:
        """Store the detections made since the last flush (a cache that cannot be written is
        only slower: a warning, not an error)."""
        con = self._connection() if self._new else None
        if con is None:
            self._new = {}
            return
        try:
            con.executemany("INSERT OR REPLACE INTO languages VALUES (?, ?, ?)",
                            [(k, lang, conf) for k, (lang, conf) in self._new.items()])
            con.commit()
        except sqlite3.Error as exc:
            log.warning("%s: detected languages not cached (%s)", self.path, exc)
        self._new = {}

    def close(self) -> None:
        self.flush()
        if self._con is not None:
            self._con.close()
            self._con = None


def settle_languages(rows: list[dict]) -> None:
    """Give the documents whose detection was unsure (``lang_unsure`` set) the language most
    of the sure ones have (English when none is sure), in place, and drop the marker."""
    unsure = [row for row in rows if row.pop("lang_unsure", False)]
    if not unsure:
        return
    sure = Counter(row["lang"] for row in rows if row not in unsure)
    main = sure.most_common(1)[0][0] if sure else "en"
    for row in unsure:
        row["lang"] = main
    log.info("%d documents too short to tell their language; read as %s", len(unsure), main)


def language_counts(langs) -> dict[str, int]:
    """``{"en": 240, "fr": 7}``: documents per language, most first (ties by code)."""
    return dict(sorted(Counter(str(x) for x in langs).items(), key=lambda kv: (-kv[1], kv[0])))
