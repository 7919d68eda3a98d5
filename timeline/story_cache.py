"""Story groupings kept beside the tagged documents, so that a feed is grouped once.

Listing a feed's stories, summarising it ``--by-story`` and picking one story with
``--story`` all group the same documents; on the nine Timeline17 topics pooled (4,616
documents) the grouping is most of a warm ``--by-story`` run. The grouping depends only on
the documents (their order, ids, publication dates and the text it reads) and the minimum
story size, so it is kept under ``stories/`` in the cache folder (or the ``--state``
folder), one JSON file per grouping, named by a hash of exactly those; a grouping that
reads the encoder's document vectors (``stories.vectors``) is not kept (the vectors are
cached already). A file that cannot be read is recomputed and replaced.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd

from timeline.io import atomic_write_text
from timeline.stories import BODY_CHARS, Stories, Story, find_stories

log = logging.getLogger(__name__)

FOLDER = "stories"
VERSION = 1  # bump when the grouping, its terms or its keywords change


def grouped(docs: pd.DataFrame, embedder=None, min_size: int = 5, progress: bool = False,
            folder: Path | None = None, only_latest: bool = False) -> Stories:
    """:func:`timeline.stories.find_stories`, kept in ``folder`` (``None``: not kept).
    ``only_latest`` (a ``--state`` folder, which follows one corpus) drops the groupings of
    the corpus's earlier versions when a new one is kept."""
    if folder is None or embedder is not None:
        return find_stories(docs, embedder, min_size, progress)
    path = Path(folder) / FOLDER / f"{grouping_key(docs, min_size)}.json"
    stories = _load(path)
    if stories is None:
        stories = find_stories(docs, None, min_size, progress)
        try:
            atomic_write_text(path, json.dumps(_as_json(stories)))
            if only_latest:
                for old in path.parent.glob("*.json"):
                    if old != path:
                        old.unlink(missing_ok=True)
        except OSError as exc:  # a cache that cannot be written costs time, not the run
            log.warning("%s: %s; the stories are not kept", path.parent, exc)
    return stories


def grouping_key(docs: pd.DataFrame, min_size: int) -> str:
    """A hash of what the grouping reads: each document's id, publication date and text (as
    far as the grouping reads it), in order, and the minimum story size."""
    digest = hashlib.sha256(f"{VERSION}|{min_size}|{len(docs)}".encode())
    for doc_id, published, text in zip(docs["doc_id"], docs["published"], docs["text"]):
        body = hashlib.sha256(str(text)[:BODY_CHARS].encode("utf-8", "surrogatepass")).hexdigest()
        digest.update(json.dumps([str(doc_id), pd.Timestamp(published).isoformat(), body]).encode())
    return digest.hexdigest()[:32]


def _as_json(stories: Stories) -> dict:
    return {"version": VERSION, "labels": stories.labels.tolist(), "stories": [asdict(s) for s in stories.stories]}


def _load(path: Path) -> Stories | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            return None
        return Stories(np.asarray(data["labels"], dtype=np.int64), [Story(**s) for s in data["stories"]])
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        log.debug("%s unreadable (%s); grouping again", path, exc)
        return None
