"""Incremental runs: ``--state DIR`` keeps every document's sentences and date mentions.

Documents are keyed by a hash of their content (text, publication time, language) and the
tagger's version (:func:`tagger_version`: the splitter's and tagger's code and libraries),
so a rerun over a grown corpus splits and tags only the new or changed
documents; a removed or changed document's old entry is dropped at the end of the run. The
sentence vectors live in the same folder (the embedding cache). Entries are committed in
batches while tagging, so a run interrupted with Ctrl-C resumes where it stopped.

Without ``--state`` the same store serves as a cache of tagged documents in the user cache
folder (``temporal.cache``), which never drops entries: a rerun over the same articles (an
evaluation, a briefing with other settings) skips splitting and tagging.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from pathlib import Path

import pandas as pd

import timeline.temporal
from timeline.errors import InputError

log = logging.getLogger(__name__)

BATCH = 200  # documents per commit


class StateStore:
    """Tagged documents in ``folder/tagged.sqlite``, keyed by content hash.

    Attributes:
        reused: Documents found in the state on this run.
        tagged: Documents split and tagged on this run.
        removed: Entries dropped because their document is gone or changed.
    """

    def __init__(self, folder: Path, version: str | None = None, prune: bool = True):
        self.folder = Path(folder)
        self.keep_unseen = not prune
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._con = sqlite3.connect(self.folder / "tagged.sqlite", timeout=30)
            self._con.execute("CREATE TABLE IF NOT EXISTS tagged (key TEXT PRIMARY KEY, sentences TEXT, mentions TEXT)")
            self._con.commit()
        except (OSError, sqlite3.Error) as exc:
            raise InputError(f"cannot use the state folder ({exc})", self.folder) from None
        self.version = version or TAGGER_VERSION
        self._pending: list[tuple[str, str, str]] = []
        self.reused = self.tagged = self.removed = 0

    def key(self, text: str, published: pd.Timestamp, lang: str) -> str:
        h = hashlib.sha1(f"{self.version}\0{lang}\0{published.isoformat()}\0".encode())
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def get(self, keys: list[str]) -> dict[str, tuple[list, list]]:
        """Stored ``(sentences, mentions)`` rows (without ``doc_id``) for the keys present."""
        out: dict[str, tuple[list, list]] = {}
        unique = list(dict.fromkeys(keys))
        for i in range(0, len(unique), 500):
            chunk = unique[i:i + 500]
            rows = self._con.execute(f"SELECT key, sentences, mentions FROM tagged WHERE key IN "
                                     f"({','.join('?' * len(chunk))})", chunk)
            for key, sents, mentions in rows:
                out[key] = ([tuple(r) for r in json.loads(sents)],
                            [(*r[:6], pd.Timestamp(r[6]) if r[6] else pd.NaT, r[7]) for r in json.loads(mentions)])
        self.reused += sum(1 for k in keys if k in out)
        return out

    def put(self, key: str, sentences: list, mentions: list) -> None:
        self._pending.append((key, json.dumps(sentences, ensure_ascii=False),
                              json.dumps(mentions, ensure_ascii=False, default=_iso)))
        self.tagged += 1
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self._con.executemany("INSERT OR REPLACE INTO tagged VALUES (?, ?, ?)", self._pending)
            self._con.commit()
            self._pending = []

    def prune(self, keep: set[str]) -> None:
        """Drop entries of documents not in this run's corpus (removed or changed since);
        a cache (``prune=False``) keeps them."""
        self.flush()
        if self.keep_unseen:
            return
        stale = [k for (k,) in self._con.execute("SELECT key FROM tagged") if k not in keep]
        self._con.executemany("DELETE FROM tagged WHERE key = ?", [(k,) for k in stale])
        self._con.commit()
        self.removed = len(stale)

    def close(self) -> None:
        self.flush()
        self._con.close()

    def summary(self) -> str:
        return f"{self.reused} documents reused, {self.tagged} tagged, {self.removed} dropped"


def tagger_version() -> str:
    """A fingerprint of what splitting and tagging depend on: the ``timeline.temporal``
    sources and the versions of dateparser and pysbd (a change re-tags everything)."""
    from importlib.metadata import version

    h = hashlib.sha1()
    for lib in ("dateparser", "pysbd"):
        h.update(f"{lib}={version(lib)}\0".encode())
    for f in sorted(Path(timeline.temporal.__file__).parent.glob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


# taken once, when this module is imported beside the tagger, so that it describes the code
# this process runs: a process started before the sources changed must not store what its
# older tagger found under the newer code's fingerprint
TAGGER_VERSION = tagger_version()


def _iso(value):
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")
