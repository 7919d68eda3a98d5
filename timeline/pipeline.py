"""The orchestrator: wires the stages from a config. Nothing else lives here."""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from timeline import __version__
from timeline.cluster import make_clusterer
from timeline.condense import make_condenser
from timeline.condense.boilerplate import strip_boilerplate
from timeline.condense.candidates import candidate_pool
from timeline.config import Config
from timeline.corpus import corpus_keywords, read_corpus
from timeline.embed import HASHING, Embedder, HashingEmbedder, cache_root
from timeline.engine import engine_for
from timeline.errors import InputError
from timeline.events import build_events
from timeline.model import Bullet, Entry, Timeline
from timeline.modeldir import ModelDir
from timeline.select import DateRanker, rank_dates
from timeline.state import StateStore
from timeline.stories import warn_if_mixed
from timeline.temporal import tag_documents

log = logging.getLogger(__name__)

MAX_CITATIONS = 4


def cache_folder(cfg: Config) -> Path:
    """Where vectors, tagged documents and converted models are kept: ``embed.cache_dir``,
    else the user cache folder."""
    return Path(cfg.embed.cache_dir) if cfg.embed.cache_dir else cache_root()


def make_embedder(cfg: Config, engine=None) -> Embedder | HashingEmbedder:
    if cfg.embed.model == HASHING:
        return HashingEmbedder()
    cache = cache_folder(cfg) if cfg.embed.cache else None
    return Embedder(cfg.embed.model, cfg.embed.batch_size, cfg.embed.max_length, cache_dir=cache, engine=engine)


@dataclass
class Prepared:
    """A corpus read, split, tagged and turned into events: everything before embedding."""

    docs: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    events: pd.DataFrame


def prepare(inputs: list[str | Path], cfg: Config, progress: bool = False, store: StateStore | None = None,
            engine=None) -> Prepared:
    """Read, split, tag and build events (the corpus-wide, model-free stages); documents
    already in ``store`` (``--state``) are not split and tagged again. A distributed
    ``engine`` reads, splits and tags per partition on its workers."""
    cache = None
    if store is None and cfg.temporal.cache:  # tagged documents kept in the user cache folder
        try:
            cache = store = StateStore(cache_folder(cfg), prune=False)
        except InputError as exc:
            log.warning("%s; splitting and tagging without the cache", exc)
    try:
        docs, sentences, mentions = _read_and_tag(inputs, cfg, progress, store, engine)
    finally:
        if cache is not None:
            cache.close()
    events = build_events(docs, sentences, mentions, cfg.temporal.event_granularities)
    return Prepared(docs, sentences, mentions, events)


def _read_and_tag(inputs, cfg: Config, progress: bool, store: StateStore | None, engine):
    part = cfg.engine.partition_docs
    docs = read_corpus([Path(p) for p in inputs], lang=cfg.corpus.lang, skip_bad=cfg.corpus.skip_bad,
                       max_documents=cfg.corpus.max_documents, max_document_chars=cfg.corpus.max_document_chars,
                       engine=engine, partition=part, progress=progress)
    sentences, mentions = tag_documents(docs, progress=progress, store=store, engine=engine, partition=part)
    return docs, sentences, mentions


def summarise(inputs: list[str | Path], config: Config | None = None, *, progress: bool = False,
              embedder: Embedder | None = None, model: ModelDir | None = None,
              state: str | Path | None = None, engine=None) -> Timeline:
    """Read documents, find dated events and condense the most important dates into a timeline.

    Args:
        inputs: Files and folders of documents.
        config: Run settings; defaults when ``None``.
        progress: Show progress bars.
        embedder: A ready encoder (to share one across runs); built from the config otherwise.
        model: A trained model folder (``timeline train``); heuristics where it has no component.
        state: A folder that keeps tagged documents and sentence vectors between runs, so a
            rerun processes only new or changed documents (same result as a fresh run).
        engine: A :mod:`timeline.engine` engine to run on; one is made from ``engine.*``
            settings (and closed at the end) when ``None``.

    Raises:
        InputError: Bad input, or nothing datable in it.
    """
    cfg = config or Config()
    if engine is None:
        with engine_for(cfg.engine) as own:
            return summarise(inputs, cfg, progress=progress, embedder=embedder, model=model, state=state, engine=own)
    paths = [Path(p) for p in inputs]
    store = None
    if state is not None:
        store = StateStore(Path(state))
        cfg = copy.deepcopy(cfg)
        cfg.embed.cache, cfg.embed.cache_dir = True, str(state)  # vectors kept beside the tagged documents
    try:
        prepared = prepare(paths, cfg, progress, store, engine)
    finally:
        if store is not None:
            store.close()
            log.info("state %s: %s", state, store.summary())
    if cfg.stories.warn:
        warn_if_mixed(prepared.docs, cfg.stories.min_size)
    keywords = cfg.keywords or corpus_keywords(paths)
    title = cfg.render.title or _title(paths, keywords)
    ranker = model.date_ranker if model is not None else None
    scorer = model.sentence_scorer if model is not None else None
    if model is not None and model.generator is not None:
        cfg = copy.deepcopy(cfg)
        cfg.condense.generator = str(model.generator)  # the fine-tuned condensing model
    return timeline_from(prepared, cfg, keywords, embedder or make_embedder(cfg, engine), title, progress, ranker=ranker,
                         scorer=scorer)


def timeline_from(prepared: Prepared, cfg: Config, keywords: list[str], embedder: Embedder, title: str,
                  progress: bool = False, ranked: pd.DataFrame | None = None,
                  ranker: DateRanker | None = None, scorer=None) -> Timeline:
    """Rank dates and condense them into a :class:`Timeline` (the model stages).

    Args:
        ranked: A date ranking to use instead of ranking here (baselines, oracles).
        ranker: A trained date ranker; the configured heuristic when ``None``.
        scorer: A trained sentence scorer; centroid relevance when ``None``.
    """
    if ranked is None:
        ranked = rank_dates(prepared.events, prepared.docs, cfg.select, keywords, ranker)
    if ranked.empty:
        raise InputError("no dated events in the given period")
    stats: dict = {}
    entries = condense_dates(prepared.events, ranked, cfg, keywords, embedder, progress, scorer, stats)
    settings = {"version": __version__, "summariser": cfg.condense.mode, "encoder": cfg.embed.model,
                "date_ranker": "trained" if ranker is not None else "heuristic",
                "sentence_scorer": "trained" if scorer is not None else "centroid",
                "max_dates": cfg.select.max_dates, "sentences_per_date": cfg.condense.sentences_per_date,
                "keywords": keywords, "condense": _condense_label(cfg),
                "corpus": {"sentences": int(len(prepared.sentences)), "events": int(len(prepared.events)),
                           "candidate_dates": int(len(ranked))}, **stats}
    return Timeline(title=title, entries=entries, documents=prepared.docs, settings=settings)


def condense_dates(events: pd.DataFrame, ranked: pd.DataFrame, cfg: Config, keywords: list[str],
                   embedder: Embedder, progress: bool = False, scorer=None,
                   stats: dict | None = None) -> list[Entry]:
    """Walk the ranked dates, best first, until ``max_dates`` of them yield at least one line.

    Only the printable events (keyword, length, full sentence) of the dates being considered
    are embedded, a chunk of dates at a time; TF-IDF centroids are taken over all candidates.
    """
    condenser = make_condenser(cfg.condense, keywords, scorer,
                               Path(cfg.embed.cache_dir) if cfg.embed.cache_dir else None, cfg.corpus.lang)
    clusterer = make_clusterer(cfg.cluster.method, cfg.cluster.threshold, cfg.cluster.window_days)
    limit, k = cfg.select.max_dates, cfg.condense.sentences_per_date
    entries: list[Entry] = []
    history: list[np.ndarray] = []
    condenser.fit(events["text"])
    chunk = max(2 * limit, 10)
    bar = tqdm(total=limit, desc="condense", unit="date", disable=not progress, leave=False)
    for lo in range(0, len(ranked), chunk):
        dates = ranked.iloc[lo:lo + chunk][["date", "granularity"]]
        everything = strip_boilerplate(candidate_pool(events, dates, cfg.condense.published_days_before))
        context = everything.groupby(["date", "granularity"], sort=False)["text"]
        pool = everything[condenser.eligible(everything)].reset_index(drop=True)  # embed only what may be printed
        vectors = embedder.encode(pool["text"].tolist(), progress=progress)
        labels = clusterer.fit_predict(pool, vectors)
        if cfg.condense.support_weight:  # how many documents tell each line's event
            pool["support"] = pool.groupby(labels)["doc_id"].transform("nunique").to_numpy()
        groups = pool.groupby(["date", "granularity"], sort=False).indices
        for date, gran in dates.itertuples(index=False):
            rows = groups.get((date, gran))
            if rows is None:
                continue
            cands = pool.iloc[rows]
            picks = condenser.condense(cands, vectors[rows], k, history, context.get_group((date, gran)))
            if not picks:
                continue
            best = picks[0]
            picks = sorted(picks, key=lambda g: _order_key(pool, rows[g[0]]))  # rank, then restore order
            bullets = []
            for group in picks:
                positions = [rows[i] for i in group]
                history.extend(vectors[p] for p in positions)
                text = None
                if hasattr(condenser, "rewrite"):  # abstractive: one guarded line, else the best source sentence
                    sources = [pool.at[p, "text"] for p in positions]
                    text = condenser.rewrite(sources) or " ".join(sources[0].split())
                bullets.append(_bullet(pool, labels, positions, text))
            inferred = all(pool.at[rows[i], "date_source"] == "published" for g in picks for i in g)
            entries.append(Entry(date.date(), gran, bullets, inferred, rank=len(entries), lead=picks.index(best)))
            bar.update()
            if len(entries) >= limit:
                break
        if len(entries) >= limit:
            break
    bar.close()
    entries.sort(key=lambda e: (e.date, e.granularity != "month"))  # rank, then restore order
    if stats is not None and hasattr(condenser, "rewrite"):
        stats["generator"] = cfg.condense.generator
        stats["guard"] = condenser.stats
    return entries


def _bullet(pool: pd.DataFrame, labels: np.ndarray, positions: list[int], text: str | None = None) -> Bullet:
    """A bullet from source rows; cited documents: the sources, then others in the same clusters."""
    doc_ids = list(dict.fromkeys(pool.at[p, "doc_id"] for p in positions))
    for p in positions:
        same = pool.index[labels == labels[p]]
        others = pool.loc[same].sort_values(["published", "doc_id"])["doc_id"]
        for d in others:
            if len(doc_ids) >= MAX_CITATIONS:
                break
            if d not in doc_ids:
                doc_ids.append(d)
    if text is None:
        text = " ".join(" ".join(pool.at[p, "text"].split()) for p in positions)
    return Bullet(text=text, doc_ids=doc_ids,
                  origin=[(pool.at[p, "doc_id"], int(pool.at[p, "sent_idx"])) for p in positions])


def _order_key(pool: pd.DataFrame, position: int) -> tuple:
    """Where a source sentence stands in the corpus: publication time, document, position."""
    return (pool.at[position, "published"], pool.at[position, "doc_id"], pool.at[position, "sent_idx"])


def _condense_label(cfg: Config) -> str:
    space = "TF-IDF" if cfg.condense.relevance == "tfidf" else "embedding"
    how = "the lines together" if cfg.condense.objective == "summary" else "each line alone"
    later = (f", favouring lines published over {cfg.condense.hindsight_days} days after the date"
             if cfg.condense.hindsight_weight else "")
    return f"{space} similarity to what all sources say about the date ({how}){later}"


def _title(paths: list[Path], keywords: list[str]) -> str:
    if keywords:
        return "Timeline: " + ", ".join(keywords)
    name = paths[0].resolve().name if paths else "documents"
    return f"Timeline: {Path(name).stem}"
