"""Run methods under the benchmark protocol (:mod:`timeline.protocol`) and score them.

Methods: ``timeline`` (the configured pipeline), three baselines that anchor every number:
``random`` (random candidate dates, our sentence selection), ``pubcount`` (the dates with most
articles, their lead sentences) and ``oracle-dates`` (the reference dates, our sentence
selection), and two peers, the project's own DATEWISE and CLUST (:mod:`timeline.peers`;
DATEWISE's date ranker always trained on the other topics only).
"""

from __future__ import annotations

import copy
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from timeline.benchmark.results import BenchmarkResult
from timeline.config import Config
from timeline.datasets import Topic, choose_topics, dataset_topic_list
from timeline.embed import SentenceEncoder, cache_folder, make_embedder
from timeline.engine import Engine, engine_for
from timeline.errors import InputError
from timeline.languages import follow_languages
from timeline.modeldir import packaged_model, training_topics
from timeline.peers import Peer, PeerTask, make_peer, topic_tasks
from timeline.pipeline import timeline_from
from timeline.prepare import Prepared, prepare
from timeline.protocol import Reference, reference_dates, restrict, task_settings
from timeline.select import DateRanker, candidate_dates, rank_dates
from timeline.train import fit_date_ranker, fit_sentence_scorer, topic_examples

log = logging.getLogger(__name__)

PEER_METHODS = ("datewise", "clust")
METHODS = ("timeline", "random", "pubcount", "oracle-dates", *PEER_METHODS)


class PreparedTopics:
    """Each topic's read-and-tagged corpus, prepared once and shared by every method, task and
    fold (and, passed between calls, by runs with other settings; memory grows with the topics).

    :meth:`walk` prepares the next topic in a background thread while the caller works on the
    current one: with a multi-process engine the next topic's splitting and tagging run in the
    worker processes while this process embeds and condenses (single-threaded stretches that
    leave cores idle). Preparation is the same function either way, so results are identical.

    Attributes:
        seconds: Preparation time per topic not yet charged to a method (in the background
            thread, so it may overlap other work).
    """

    def __init__(self, cfg: Config, progress: bool = False, engine: Engine | None = None):
        self.cfg, self.progress, self.engine = cfg, progress, engine
        self._prepared: dict[str, Prepared] = {}
        self._pending: dict[str, Future] = {}
        self._background: ThreadPoolExecutor | None = None
        self.seconds: dict[str, float] = {}

    def get(self, topic: Topic) -> Prepared:
        if topic.name not in self._prepared:
            pending = self._pending.pop(topic.name, None)
            prepared, seconds = pending.result() if pending is not None else self._prepare(topic, self.progress)
            self._prepared[topic.name], self.seconds[topic.name] = prepared, seconds
        return self._prepared[topic.name]

    def walk(self, topics: list[Topic], desc: str = "topics"):
        """``(topic, prepared)`` for each of ``topics`` in order, the next one prepared in the
        background meanwhile (where the engine has worker processes to do it on). With
        ``corpus.skip_bad`` a topic whose articles cannot be read (none usable) is skipped with a
        warning."""
        try:
            for i, topic in enumerate(tqdm(topics, desc=desc, disable=not self.progress)):
                try:
                    prepared = self.get(topic)
                except InputError as exc:
                    if not self.cfg.corpus.skip_bad:
                        raise
                    log.warning("%s; topic skipped", exc)
                    continue
                if i + 1 < len(topics):
                    self._prefetch(topics[i + 1])
                yield topic, prepared
        finally:  # done, or the caller stopped early (an error): no thread outlives the walk
            self.close()

    def _prefetch(self, topic: Topic) -> None:
        if self.engine is None or self.engine.workers <= 1 or self.engine.name != "processes":
            return  # no cores to overlap with (local), or a cluster engine that is not thread-safe
        if topic.name not in self._prepared and topic.name not in self._pending:
            if self._background is None:
                self._background = ThreadPoolExecutor(1, thread_name_prefix="prepare")
            # quiet: its read and tag bars would be drawn over the current topic's
            self._pending[topic.name] = self._background.submit(self._prepare, topic, False)

    def _prepare(self, topic: Topic, progress: bool) -> tuple[Prepared, float]:
        t0 = time.perf_counter()
        prepared = prepare([topic.folder], self.cfg, progress, engine=self.engine)
        return prepared, time.perf_counter() - t0

    def charge(self, topic: Topic) -> float:
        """The topic's preparation seconds, once (0.0 afterwards)."""
        return self.seconds.pop(topic.name, 0.0)

    def drop(self, topic: Topic) -> None:
        self._prepared.pop(topic.name, None)

    def close(self) -> None:
        """Stop background preparation. The thread is joined, unless it is still preparing a
        topic (the walk was left on an error or Ctrl-C): that one finishes unseen, not waited for."""
        if self._background is not None:
            busy = any(not f.done() for f in self._pending.values())
            self._background.shutdown(wait=not busy, cancel_futures=True)
            self._background, self._pending = None, {}


def date_ranking(method: str, task: Prepared, cfg: Config, reference: Reference, seed: int, keywords: list[str],
                 ranker: DateRanker | None = None) -> pd.DataFrame:
    """The candidate dates of one task, best first, as ``method`` ranks them."""
    if method == "timeline":
        return rank_dates(task.events, task.docs, cfg.select, keywords, ranker)
    if method == "oracle-dates":
        return reference_dates(reference)
    table = candidate_dates(task.events, task.docs)
    table = table[table["granularity"] == "day"]
    if method == "pubcount":
        return table.sort_values(["published_docs", "date"], ascending=[False, True]).reset_index(drop=True)
    if method == "random":
        rng = np.random.default_rng(seed)
        return table.iloc[rng.permutation(len(table))].reset_index(drop=True)
    raise InputError(f"unknown benchmark method {method!r} ({', '.join(METHODS)})")


def task_config(cfg: Config, reference: Reference, method: str) -> Config:
    """The run settings the protocol fixes for one task: L, k, the date span, day dates."""
    L, k, start, end = task_settings(reference)
    run = copy.deepcopy(cfg)
    run.select.max_dates, run.condense.sentences_per_date = L, k
    run.select.start, run.select.end = start.isoformat(), end.isoformat()
    run.select.granularities = ["day"]  # reference timelines are dated by day
    if method == "pubcount":
        run.condense.mode = "lead"
    return run


def run_task(method: str, prepared: Prepared, reference: Reference, index: int, cfg: Config, keywords: list[str],
             embedder: SentenceEncoder, name: str, ranker: DateRanker | None = None, scorer=None,
             generator=None, peer: Peer | None = None) -> tuple[list[tuple[str, list[str]]], dict]:
    """One task's predicted timeline (``[(date, [sentence, ...]), ...]``) and the condenser's counts.

    Args:
        peer: For a peer method, the peer fitted on the other topics.
    """
    L, k, start, end = task_settings(reference)
    task = restrict(prepared, start, end)
    if peer is not None:
        return peer.predict(task, L, k, keywords, start, end), {}
    run = task_config(cfg, reference, method)
    ranked = date_ranking(method, task, run, reference, index, keywords, ranker)
    if ranked.empty or task.events.empty:
        return [], {}
    tl = timeline_from(task, run, keywords, embedder, name, ranked=ranked,
                       scorer=scorer if method == "timeline" else None, generator=generator)
    return tl.as_pairs(), tl.settings.get("guard", {})


def run_benchmark(datasets: Path | list[Path], cfg: Config, methods: tuple[str, ...] = ("timeline",),
                  topics: list[str] | None = None, embedder: SentenceEncoder | None = None,
                  progress: bool = False, model=None, loo: bool = False,
                  prepared_topics: PreparedTopics | None = None, engine: Engine | None = None,
                  validate_ranker: bool = True, generator=None) -> list[BenchmarkResult]:
    """Run ``methods`` on every reference timeline of every chosen topic of ``datasets``.

    Args:
        datasets: One TLS dataset folder, or several (topics named ``<folder>/<topic>``).
        model: A trained :class:`~timeline.modeldir.ModelDir` for the ``timeline`` method.
        loo: Leave one topic out: before scoring a topic, train the date ranker on all the
            datasets' other topics (never on the topic being scored). Without it, a topic the
            packaged ranker (``select.ranker = "packaged"``) was trained on is ranked by the
            heuristic; ``rankers`` counts which ranker scored each topic.
        validate_ranker: With ``loo``, keep the fitted date ranker only where it beats the
            heuristic on the training topics held out in turn (as ``timeline train`` does).
        prepared_topics: Prepared corpora to share across calls with different settings.
        engine: A :mod:`timeline.engine` engine; one is made from ``cfg.engine`` (and closed
            at the end) when ``None``.
        generator: A loaded generator for abstractive runs; loaded once here when ``None``.

    Raises:
        InputError: An unknown topic or method, or a folder that is not a TLS dataset.
    """
    datasets = [datasets] if isinstance(datasets, Path) else list(datasets)
    if engine is None:
        with engine_for(cfg.engine) as own:
            return run_benchmark(datasets, cfg, methods, topics, embedder, progress, model, loo, prepared_topics,
                                 own, validate_ranker, generator)
    for m in methods:
        if m not in METHODS:
            raise InputError(f"unknown benchmark method {m!r} ({', '.join(METHODS)})")
    chosen = choose_topics(datasets, topics, cfg.corpus.skip_bad)
    store = prepared_topics or PreparedTopics(cfg, progress, engine)
    embedder = embedder or make_embedder(cfg, engine)
    encoders: dict = {}  # the encoders that topics in other languages switch to
    generator = generator or _generator(cfg, model)
    packaged = packaged_model() if model is None and cfg.select.ranker == "packaged" else None
    results = {m: BenchmarkResult(m) for m in methods}
    # sentence examples (embedding every candidate of every reference date) only feed the sentence
    # scorer, which counts only with condense.scorer_weight: without it, date examples alone
    examples = _training_examples(chosen, datasets, cfg, store, embedder if cfg.condense.scorer_weight else None,
                                  progress) if loo else {}
    peer_methods = [m for m in methods if m in PEER_METHODS]
    peers = {m: make_peer(m, cfg) for m in peer_methods}  # one each: they keep per-task features across folds
    peer_tasks = _peer_tasks(chosen, datasets, cfg, store, progress) if peer_methods else {}
    for topic, prepared in store.walk(chosen):
        prep_seconds = store.charge(topic)
        topic_cfg = follow_languages(cfg, prepared.docs)  # the settings of the topic's language
        ranker = model.date_ranker if model is not None else None
        scorer = model.sentence_scorer if model is not None else None
        # the packaged ranker only where the topic's language keeps it (follow_languages)
        trained = model if model is not None else packaged if topic_cfg.select.ranker == "packaged" else None
        if trained is not None and not loo:  # never score a topic with a model trained on it
            seen = topic.folder.name in training_topics(trained)
            kind = "packaged" if model is None else "model"
            if seen:
                ranker, scorer = None, None
            else:
                ranker = trained.date_ranker
            for res in results.values():
                res.rankers[f"heuristic (the {kind} ranker was trained on this topic)" if seen else kind] += 1
        if loo:
            ranker, scorer, chosen_ranker = _fold_models(topic, examples, cfg, validate_ranker)
            for res in results.values():
                res.rankers[chosen_ranker] += 1
        keywords = cfg.keywords or topic.keywords()
        if topic_cfg.embed.model != cfg.embed.model and topic_cfg.embed.model not in encoders:
            encoders[topic_cfg.embed.model] = make_embedder(topic_cfg, engine)
        topic_embedder = encoders.get(topic_cfg.embed.model, embedder)
        fitted = {}
        for method, peer in peers.items():  # on the other topics only
            t1 = time.perf_counter()
            fitted[method] = peer.fit([t for name, ts in peer_tasks.items() if name != topic.name for t in ts])
            results[method].seconds += time.perf_counter() - t1
        for index, reference in enumerate(topic.references()):
            for method in methods:
                t1 = time.perf_counter()
                pairs, guard = run_task(method, prepared, reference, index, topic_cfg, keywords, topic_embedder,
                                        topic.name, ranker, scorer, generator, fitted.get(method))
                res = results[method]
                res.guard.update(guard)
                res.add(topic.name, index, pairs, reference)
                res.seconds += time.perf_counter() - t1 + prep_seconds / max(1, len(methods))
            prep_seconds = 0.0
        if not loo and not peer_methods and prepared_topics is None:
            store.drop(topic)  # not needed again
    return list(results.values())


def _generator(cfg: Config, model):
    """One generator for every abstractive task (loading takes seconds), or ``None``."""
    if cfg.condense.mode != "abstractive":
        return None
    from timeline.condense import load_generator

    settings = copy.deepcopy(cfg.condense)
    if model is not None and model.generator is not None:
        settings.generator = str(model.generator)
    return load_generator(settings, cache_folder(cfg))


def _training_topics(chosen: list[Topic], datasets: list[Path]) -> list[Topic]:
    """Every topic of the datasets that folds may train on: the scored ones (already checked)
    and the others that have usable reference timelines."""
    scored = {t.name for t in chosen}
    return [t for t in dataset_topic_list(datasets) if t.name in scored or _has_references(t)]


def _training_examples(chosen: list[Topic], datasets: list[Path], cfg: Config, store: PreparedTopics,
                       embedder: SentenceEncoder | None, progress: bool) -> dict[str, list]:
    """Training examples of every topic of the datasets (leave-one-topic-out draws on all of them)."""
    scored = {t.name for t in chosen}
    out = {}
    for topic, prepared in store.walk(_training_topics(chosen, datasets), "training examples"):
        out[topic.name] = topic_examples(topic, cfg, prepared, embedder=embedder)
        if topic.name not in scored:
            store.drop(topic)  # its examples are all that folds need of it
    return out


def _peer_tasks(chosen: list[Topic], datasets: list[Path], cfg: Config, store: PreparedTopics,
                progress: bool) -> dict[str, list[PeerTask]]:
    """The peers' training tasks of every topic with reference timelines (folds draw on all)."""
    return {topic.name: topic_tasks(topic.folder, prepared, cfg.keywords or topic.keywords(), topic.name)
            for topic, prepared in store.walk(_training_topics(chosen, datasets), "peer tasks")}


def _has_references(topic: Topic) -> bool:
    try:
        topic.references()
    except InputError:
        return False
    return True


def _fold_models(topic: Topic, examples: dict[str, list], cfg: Config, validate: bool):
    """The date ranker and sentence scorer trained on every topic but ``topic``, and which
    date ranker the validation kept."""
    others = [e for name, ex in examples.items() if name != topic.name for e in ex]
    report: dict = {}
    ranker = fit_date_ranker(others, DateRanker.heuristic(cfg.select) if validate else None, report)
    return ranker, fit_sentence_scorer(others), report.get("chosen", "fitted")
