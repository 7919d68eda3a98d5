"""The model-free stages in one call: read, split, tag, build events.

What comes out (:class:`Prepared`) is everything before embedding; summarising, the
benchmark harness and training all start from it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd

from timeline.config import Config
from timeline.corpus import read_inputs
from timeline.corpus.language import AUTO, LanguageCache
from timeline.corpus.neardup import set_copies_aside
from timeline.embed import cache_folder
from timeline.engine import Engine
from timeline.errors import InputError
from timeline.events import build_events
from timeline.state import StateStore
from timeline.temporal import tag_documents

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    """A corpus read, split, tagged and turned into events: everything before embedding."""

    docs: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    events: pd.DataFrame
    copies: pd.DataFrame | None = None  # near-duplicates of documents in ``docs`` (corpus.near_duplicates)


def prepare(inputs, cfg: Config, progress: bool = False, store: StateStore | None = None,
            engine: Engine | None = None) -> Prepared:
    """Read, split, tag and build events (the corpus-wide, model-free stages); documents
    already in ``store`` (``--state``) are not split and tagged again. A distributed
    ``engine`` reads, splits and tags per partition on its workers.

    Args:
        inputs: Files and folders, or records in memory (see :func:`timeline.corpus.read_inputs`).
    """
    cache = languages = None
    if store is None and cfg.temporal.cache:  # tagged documents kept in the user cache folder
        try:
            cache = store = StateStore(cache_folder(cfg), prune=False)
        except InputError as exc:
            log.warning("%s; splitting and tagging without the cache", exc)
    if cache is not None and cfg.corpus.lang == AUTO:  # and, beside them, the documents' languages
        languages = LanguageCache(cache.folder / "tagged.sqlite")
    try:
        part = cfg.engine.partition_docs
        docs = read_inputs(inputs, lang=cfg.corpus.lang, skip_bad=cfg.corpus.skip_bad,
                           max_documents=cfg.corpus.max_documents, max_document_chars=cfg.corpus.max_document_chars,
                           engine=engine, partition=part, progress=progress, published=cfg.corpus.published,
                           languages=languages)
        docs, copies = set_copies_aside(docs, cfg.corpus.near_duplicates)  # wire copies count once
        sentences, mentions = tag_documents(docs, progress=progress, store=store, engine=engine, partition=part)
    finally:
        if languages is not None:
            languages.close()
        if cache is not None:
            cache.close()
    events = build_events(docs, sentences, mentions, cfg.temporal.event_granularities)
    return Prepared(docs, sentences, mentions, events, copies)
