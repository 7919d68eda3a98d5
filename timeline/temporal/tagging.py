"""Split + tag stage: every document into sentences, its temporal expressions found and dated."""

from __future__ import annotations

import bisect
import logging

import pandas as pd

from timeline.engine import LocalEngine, chunks
from timeline.temporal.split import split_sentences
from timeline.temporal.tagger import get_tagger
from timeline.temporal.timex import value_to_date
from timeline.timing import stage

log = logging.getLogger(__name__)

SENTENCE_COLUMNS = ["doc_id", "sent_idx", "start", "end", "text"]
MENTION_COLUMNS = ["doc_id", "sent_idx", "start", "end", "text", "type", "value", "date", "granularity"]


def tag_document(doc_id: str, text: str, published: pd.Timestamp, lang: str) -> tuple[list, list]:
    """Sentences and mentions (as row tuples) of one document."""
    with stage("split", 1):
        spans = split_sentences(text, lang)
    sentences = [(doc_id, i, s, e, text[s:e]) for i, (s, e) in enumerate(spans)]
    starts = [s for s, _ in spans]
    mentions = []
    tagger = get_tagger(lang if lang else "en")
    for tx in tagger.tag(text, dct=published.date()):
        idx = bisect.bisect_right(starts, tx.start) - 1
        if idx < 0 or tx.start >= spans[idx][1]:
            continue  # in a heading or between sentences
        # a duration counted from a reference time ("two days later") is, for the timeline,
        # the date it reaches: the mention carries that point as a DATE
        typ, value = ("DATE", tx.anchor) if tx.anchor else (tx.type, tx.value)
        found = value_to_date(value)
        date, gran = (pd.Timestamp(found[0]), found[1]) if found else (pd.NaT, None)
        mentions.append((doc_id, idx, tx.start, tx.end, tx.text, typ, value, date, gran))
    return sentences, mentions


def tag_documents(docs: pd.DataFrame, progress: bool = False, store=None, engine=None,
                  partition: int = 100) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split every document into sentences and tag their temporal expressions.

    Args:
        docs: The documents table (``doc_id, text, published, lang``).
        progress: Show a progress bar.
        store: A :class:`~timeline.state.StateStore`: documents it holds are not tagged
            again, and newly tagged ones are added to it as they are done.
        engine: A :mod:`timeline.engine` engine; a distributed one tags ``partition``
            documents per task on its workers.

    Returns:
        ``(sentences, mentions)`` tables.
    """
    rows = list(zip(docs["doc_id"], docs["text"], docs["published"], docs["lang"]))
    keys = [store.key(text, published, lang) for _, text, published, lang in rows] if store else []
    stored = store.get(keys) if store else {}
    todo = [i for i in range(len(rows)) if not (store and keys[i] in stored)]
    distributed = engine is not None and engine.distributed
    parts = chunks(todo, partition if distributed else 1)
    results = (engine or LocalEngine()).map(_tag_partition, [[rows[i] for i in part] for part in parts],
                                            "split + tag", progress, "doc", [len(p) for p in parts])
    tagged: dict[int, tuple[list, list]] = {}
    try:
        for part, result in zip(parts, results):
            for i, (sents, mentions) in zip(part, result):
                tagged[i] = sents, mentions
                if store:
                    store.put(keys[i], [row[1:] for row in sents], [row[1:] for row in mentions])
    finally:  # what was tagged before an interruption is kept
        if store:
            store.flush()
    if store:
        store.prune(set(keys))
    all_sents: list = []
    all_mentions: list = []
    for i, (doc_id, *_rest) in enumerate(rows):
        if i in tagged:
            sents, mentions = tagged[i]
        else:
            sents, mentions = stored[keys[i]]
            sents = [(doc_id, *row) for row in sents]
            mentions = [(doc_id, *row) for row in mentions]
        all_sents += sents
        all_mentions += mentions
    sentences = pd.DataFrame(all_sents, columns=SENTENCE_COLUMNS)
    mentions = pd.DataFrame(all_mentions, columns=MENTION_COLUMNS)
    mentions["date"] = pd.to_datetime(mentions["date"]).astype("datetime64[us]")
    return sentences, mentions


def _tag_partition(rows: list[tuple]) -> list[tuple[list, list]]:
    """Sentences and mentions of each ``(doc_id, text, published, lang)`` row (on a worker)."""
    out = []
    for doc_id, text, published, lang in rows:
        try:
            out.append(tag_document(doc_id, text, published, lang))
        except ValueError as exc:  # unknown language code
            log.warning("%s: %s; tagged as English", doc_id, exc)
            out.append(tag_document(doc_id, text, published, "en"))
    return out
