"""``timeline cache info|clear``: what the cache folder holds, and emptying it.

No cache ever shrinks by itself: ``embeddings.sqlite`` keeps every sentence vector (by
model and text hash), ``tagged.sqlite`` every split and tagged document (by content hash
and tagger version) and ``stories/`` every grouping of a corpus into stories (by the
documents' hash); ``models/`` holds converted generators. Clearing them costs only time:
the next run recomputes what it needs.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from timeline.errors import InputError

PARTS = {"embeddings.sqlite": ("vectors", "sentence vectors"), "tagged.sqlite": ("tagged", "tagged documents"),
         "stories": (None, "story groupings"), "models": (None, "converted models")}


@dataclass
class CachePart:
    name: str
    what: str
    bytes: int
    entries: int | None  # rows, files of stories/, folders of models/; None when unreadable


def cache_info(folder: Path) -> list[CachePart]:
    """The parts of the cache folder that exist, with their size and entry counts."""
    out = []
    for name, (table, what) in PARTS.items():
        path = folder / name
        if not path.exists():
            continue
        if path.is_dir():
            size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
            entries = sum(1 for p in path.iterdir() if (p.suffix == ".json" if name == "stories" else p.is_dir()))
            out.append(CachePart(name, what, size, entries))
            continue
        out.append(CachePart(name, what, path.stat().st_size, _rows(path, table)))
    return out


def _rows(path: Path, table: str) -> int | None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as con:
            return int(con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    except sqlite3.Error:
        return None


def clear_cache(folder: Path) -> int:
    """Delete the cache's parts (only the files and folders timeline makes there, SQLite's
    side files included); anything else in the folder is left alone. Returns the bytes freed.

    Raises:
        InputError: The path is a file.
    """
    if not folder.exists():
        return 0
    if not folder.is_dir():
        raise InputError("not a folder", folder)
    freed = 0
    for part in cache_info(folder):
        freed += part.bytes
        path = folder / part.name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    for name in PARTS:
        for side in ("-journal", "-wal", "-shm"):
            (folder / f"{name}{side}").unlink(missing_ok=True)
    return freed
