"""The orchestrator: wires the stages from a config. Nothing else lives here."""

from __future__ import annotations

import copy
import logging
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from timeline import __version__
from timeline.cluster import PoolClusters, make_clusterer
from timeline.condense import bullet, make_condenser
from timeline.condense.boilerplate import strip_boilerplate
from timeline.condense.candidates import candidate_pool
from timeline.condense.context import rewrite_requests
from timeline.config import Config, load_config
from timeline.corpus import STDIN, corpus_keywords, in_memory
from timeline.corpus.language import language_counts
from timeline.corpus.neardup import cite_copies
from timeline.embed import SentenceEncoder, cache_folder, make_embedder
from timeline.engine import Engine, engine_for
from timeline.errors import InputError
from timeline.keywords import mentions_any
from timeline.languages import follow_languages
from timeline.model import Entry, Timeline
from timeline.modeldir import ModelDir, packaged_model
from timeline.prepare import Prepared, prepare
from timeline.relative import attach_relative_dates, mark_split_hyphens
from timeline.select import DateRanker, rank_dates
from timeline.state import StateStore
from timeline.stories import warn_if_mixed
from timeline.timing import stage

log = logging.getLogger(__name__)

def summarise(inputs: list[str | Path], config: Config | str | Path | None = None, *, progress: bool = False,
              embedder: SentenceEncoder | None = None, model: ModelDir | None = None,
              state: str | Path | None = None, engine: Engine | None = None) -> Timeline:
    """Read documents, find dated events and condense the most important dates into a timeline.

    Args:
        inputs: Files and folders of documents, or the documents themselves: a pandas
            DataFrame or a list of dicts (``text``, ``published``; optionally ``id``,
            ``title``, ``url``, ``source``).
        config: Run settings, or the path of a TOML config file; defaults when ``None``.
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
    if inputs is None or (isinstance(inputs, list | tuple) and not inputs):
        raise InputError("no inputs: give files, folders, a pandas DataFrame or a list of dicts")
    cfg = load_config(config) if isinstance(config, str | Path) else config or Config()
    if engine is None:
        with engine_for(cfg.engine) as own:
            return summarise(inputs, cfg, progress=progress, embedder=embedder, model=model, state=state, engine=own)
    paths = [] if in_memory(inputs) else [Path(p) for p in inputs]
    store = StateStore(Path(state)) if state is not None else None
    try:
        prepared = prepare(paths or inputs, cfg, progress, store, engine)
    finally:
        if store is not None:
            store.close()
            log.info("state %s: %s", state, store.summary())
    cfg = follow_languages(cfg, prepared.docs)  # encoder, stopwords, hindsight: the documents' language
    if cfg.stories.warn:
        warn_if_mixed(prepared.docs, cfg.stories.min_size)
    keywords = cfg.keywords or corpus_keywords(paths)
    if not mentions_any(prepared.events["text"], keywords):
        log.warning("no sentence mentions any of the keywords (%s), so the timeline will be empty; "
                    "check their spelling, or leave them out", ", ".join(map(_shown, keywords)))
    title = cfg.render.title or _title(paths, keywords)
    model = with_default_ranker(model, cfg)
    ranker = model.date_ranker if model is not None else None
    scorer = model.sentence_scorer if model is not None else None
    if model is not None and model.generator is not None:
        cfg = copy.deepcopy(cfg)
        cfg.condense.generator = str(model.generator)  # the fine-tuned condensing model
    if embedder is None:  # with --state, vectors are kept beside the tagged documents
        embedder = make_embedder(cfg, engine, cache_dir=Path(state) if state is not None else None)
    return timeline_from(prepared, cfg, keywords, embedder, title, progress, ranker=ranker, scorer=scorer)


def with_default_ranker(model: ModelDir | None, cfg: Config) -> ModelDir | None:
    """The model folder a run uses: the user's (``--model-dir``), else the packaged date ranker
    where ``select.ranker = "packaged"`` (the default for English; other languages switch to the
    heuristic in :func:`~timeline.languages.follow_languages`), else none (the heuristic)."""
    if model is None and cfg.select.ranker == "packaged":
        return ModelDir(date_ranker=packaged_model().date_ranker)
    return model


def timeline_from(prepared: Prepared, cfg: Config, keywords: list[str], embedder: SentenceEncoder, title: str,
                  progress: bool = False, ranked: pd.DataFrame | None = None,
                  ranker: DateRanker | None = None, scorer=None, generator=None) -> Timeline:
    """Rank dates and condense them into a :class:`Timeline` (the model stages).

    Args:
        ranked: A date ranking to use instead of ranking here (baselines, oracles).
        ranker: A trained date ranker; the configured heuristic when ``None``.
        scorer: A trained sentence scorer; centroid relevance when ``None``.
        generator: A loaded generator for abstractive mode (to share one across runs).
    """
    if ranked is None:
        ranked = rank_dates(prepared.events, prepared.docs, cfg.select, keywords, ranker)
    if ranked.empty:
        raise InputError("no dated events in the given period" + _period_hint(cfg, prepared.events))
    stats: dict = {}
    entries = condense_dates(prepared.events, ranked, cfg, keywords, embedder, progress, scorer, stats, generator,
                             prepared)
    if not entries:
        log.warning("none of the %d candidate dates has a line to print (a full sentence of %d to %d words%s), "
                    "so the timeline is empty", len(ranked), cfg.condense.min_words, cfg.condense.max_words,
                    " with a keyword" if keywords else "")
    attach_relative_dates(entries, prepared.mentions)  # "today" -> "today [9 November 2005]" when rendered
    mark_split_hyphens(entries, prepared.docs)  # "five - day" -> "five-day" when rendered
    cite_copies([b for e in entries for b in e.bullets], prepared.copies)
    documents = prepared.docs if prepared.copies is None or prepared.copies.empty else \
        pd.concat([prepared.docs, prepared.copies.drop(columns="copy_of")], ignore_index=True)
    settings = {"version": __version__, "summariser": cfg.condense.mode, "encoder": cfg.embed.model,
                "date_ranker": "trained" if ranker is not None else "heuristic",
                "sentence_scorer": "trained" if scorer is not None else "centroid",
                "max_dates": cfg.select.max_dates, "sentences_per_date": cfg.condense.sentences_per_date,
                "keywords": keywords, "selection": _selection(cfg),
                "languages": language_counts(prepared.docs["lang"]),
                "corpus": {"sentences": int(len(prepared.sentences)), "events": int(len(prepared.events)),
                           "candidate_dates": int(len(ranked))}, **stats}
    return Timeline(title=title, entries=entries, documents=documents, settings=settings)


def condense_dates(events: pd.DataFrame, ranked: pd.DataFrame, cfg: Config, keywords: list[str],
                   embedder: SentenceEncoder, progress: bool = False, scorer=None,
                   stats: dict | None = None, generator=None, prepared: Prepared | None = None) -> list[Entry]:
    """Walk the ranked dates, best first, until ``max_dates`` of them yield at least one line.

    Only the printable events (keyword, length, full sentence) of the dates being considered
    are embedded: a chunk of dates is gathered at a time, and its events are embedded and
    clustered a run of neighbouring dates at a time, when the walk first reaches a date of
    that run (:class:`timeline.cluster.PoolClusters`), so dates never reached cost nothing.
    TF-IDF centroids are taken over all candidates.
    A rewriting condenser then gets every line at once (with ``prepared``'s sentences and
    date mentions around them), so that its model works in batches.
    """
    condenser = make_condenser(cfg.condense, keywords, scorer, cache_folder(cfg), cfg.corpus.lang, generator,
                               cfg.select.hindsight_days)
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
        # embedded and clustered a run of neighbouring dates at a time, as the walk reaches them
        clusters = PoolClusters(pool, lambda texts: embedder.encode(texts, progress=progress), clusterer)
        if cfg.condense.support_weight:
            pool["support"] = 0
        groups = pool.groupby(["date", "granularity"], sort=False).indices
        for date, gran in dates.itertuples(index=False):
            rows = groups.get((date, gran))
            if rows is None:
                continue
            new = clusters.need(rows)
            vectors, labels = clusters.vectors, clusters.labels
            if cfg.condense.support_weight and len(new):  # how many documents tell each line's event
                pool.loc[new, "support"] = pool.iloc[new].groupby(labels[new])["doc_id"].transform("nunique").to_numpy()
            cands = pool.iloc[rows]
            picks = condenser.condense(cands, vectors[rows], k, history, context.get_group((date, gran)),
                                       eligible=np.ones(len(rows), dtype=bool))  # the pool holds only printable rows
            if not picks:
                continue
            best = picks[0]
            picks = sorted(picks, key=lambda g: _order_key(pool, rows[g[0]]))  # rank, then restore order
            bullets = []
            for group in picks:
                positions = [rows[i] for i in group]
                history.extend(vectors[p] for p in positions)
                bullets.append(bullet(pool, labels, positions))
            inferred = all(pool.at[rows[i], "date_source"] == "published" for g in picks for i in g)
            entries.append(Entry(date.date(), gran, bullets, inferred, rank=len(entries), lead=picks.index(best)))
            bar.update()
            if len(entries) >= limit:
                break
        if len(entries) >= limit:
            break
    bar.close()
    if condenser.wants_context:
        _rewrite(entries, condenser, prepared, keywords)
    entries.sort(key=lambda e: (e.date, e.granularity != "month"))  # rank, then restore order
    if stats is not None and condenser.stats:
        stats["generator"] = cfg.condense.generator
        stats["edit"] = cfg.condense.edit
        stats["guard"] = condenser.stats
    return entries


def _rewrite(entries: list[Entry], condenser, prepared: Prepared | None, keywords: list[str]) -> None:
    """Replace each bullet's text by the condenser's rewrite where it gives one."""
    if prepared is not None:
        attach_relative_dates(entries, prepared.mentions)
    requests = rewrite_requests(entries, prepared.sentences if prepared is not None else None, keywords)
    with stage("rewrite", len(requests)):
        lines = condenser.rewrite_batch(requests)
    for b, line in zip((b for e in entries for b in e.bullets), lines):
        if line is not None:
            b.text = line


def _period_hint(cfg: Config, events: pd.DataFrame) -> str:
    """`` (START to END; the documents' dated events run from A to B)``, or ``""`` without a
    period or events."""
    start, end = cfg.select.start, cfg.select.end
    if not (start or end) or events.empty:
        return ""
    first, last = (d.date().isoformat() for d in (events["date"].min(), events["date"].max()))
    return f" ({start or 'the start'} to {end or 'the end'}; the documents' dated events run from {first} to {last})"


def _order_key(pool: pd.DataFrame, position: int) -> tuple:
    """Where a source sentence stands in the corpus: publication time, document, position."""
    return (pool.at[position, "published"], pool.at[position, "doc_id"], pool.at[position, "sent_idx"])


def _selection(cfg: Config) -> dict:
    """How lines were chosen, as the briefing's "How this was made" words it."""
    return {"relevance": cfg.condense.relevance, "objective": cfg.condense.objective,
            "hindsight_days": cfg.select.hindsight_days if cfg.condense.hindsight_weight else 0}


def _shown(keyword: str) -> str:
    """A keyword as a warning shows it: characters that would print invisibly (a tab, a
    control character) are escaped, as in a Python string."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in keyword)


def _title(paths: list[Path], keywords: list[str]) -> str:
    if keywords:
        return "Timeline: " + ", ".join(keywords)
    name = ("stdin" if str(paths[0]) == STDIN else paths[0].resolve().name) if paths else "documents"
    return f"Timeline: {Path(name).stem}"
