"""The timeline-summarisation benchmark protocol (as published results use it).

One task per reference timeline: the system gets L = the number of reference dates and
k = round(mean sentences per reference date), sees only articles published within the
reference's first..last date, may choose dates only in that span, and must return at most
L dates with at most k sentences each. Printed sentences must contain a topic keyword.

Methods: ``timeline`` (the configured pipeline) and three baselines that anchor every
number: ``random`` (random candidate dates, our sentence selection), ``pubcount`` (the dates
with most articles, their lead sentences) and ``oracle-dates`` (the reference dates, our
sentence selection).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from timeline.config import Config
from timeline.corpus.tls import dataset_topics, read_keywords, read_timelines, topic_articles
from timeline.embed import Embedder
from timeline.engine import engine_for
from timeline.errors import InputError
from timeline.evaluate.tlsmetrics import as_timeline, average, score_task
from timeline.languages import follow_languages
from timeline.select import DateRanker, candidate_dates, rank_dates

log = logging.getLogger(__name__)

METHODS = ("timeline", "random", "pubcount", "oracle-dates")


@dataclass
class BenchmarkResult:
    method: str
    tasks: list[dict] = field(default_factory=list)  # topic, timeline, scores...
    predictions: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    guard: Counter = field(default_factory=Counter)  # abstractive runs: the condenser's counts, summed
    rankers: Counter = field(default_factory=Counter)  # leave-one-topic-out: which date ranker each fold kept

    @property
    def average(self) -> dict[str, float]:
        return average(self.tasks)


def task_settings(reference: list[tuple[str, list[str]]]) -> tuple[int, int, dt.date, dt.date]:
    """L, k and the date span of one reference timeline."""
    dates = sorted(dt.date.fromisoformat(d) for d, _ in reference)
    k = round(sum(len(s) for _, s in reference) / len(reference))
    return len(reference), max(1, k), dates[0], dates[-1]


def restrict(prepared, start: dt.date, end: dt.date):
    """Articles published in ``start..end`` and their events dated in that span."""
    from timeline.pipeline import Prepared

    docs = prepared.docs
    day = docs["published"].dt.tz_localize(None).dt.normalize()
    keep = (day >= pd.Timestamp(start)) & (day <= pd.Timestamp(end))
    doc_ids = set(docs.loc[keep, "doc_id"])
    ev = prepared.events
    ev = ev[ev["doc_id"].isin(doc_ids) & (ev["date"] >= pd.Timestamp(start)) & (ev["date"] <= pd.Timestamp(end))]
    return Prepared(docs[keep].reset_index(drop=True), prepared.sentences, prepared.mentions,
                    ev.reset_index(drop=True))


def _ranking(method: str, prepared, cfg: Config, reference, seed: int, keywords: list[str],
             ranker=None) -> pd.DataFrame:
    if method == "timeline":
        return rank_dates(prepared.events, prepared.docs, cfg.select, keywords, ranker)
    table = candidate_dates(prepared.events, prepared.docs)
    table = table[table["granularity"] == "day"]
    if method == "pubcount":
        return table.sort_values(["published_docs", "date"], ascending=[False, True]).reset_index(drop=True)
    if method == "random":
        rng = np.random.default_rng(seed)
        return table.iloc[rng.permutation(len(table))].reset_index(drop=True)
    if method == "oracle-dates":
        ref = pd.DataFrame({"date": pd.to_datetime([d for d, _ in reference]).astype("datetime64[us]"),
                            "granularity": "day"})
        return ref
    raise InputError(f"unknown benchmark method {method!r} ({', '.join(METHODS)})")


def run_benchmark(dataset: Path, cfg: Config, methods: tuple[str, ...] = ("timeline",),
                  topics: list[str] | None = None, embedder: Embedder | None = None,
                  progress: bool = False, model=None, loo: bool = False,
                  prepared_topics: dict | None = None, engine=None,
                  validate_ranker: bool = True) -> list[BenchmarkResult]:
    """Run ``methods`` on every reference timeline of every topic in ``dataset``.

    Each topic's articles are read and tagged once and shared by all methods and tasks.

    Args:
        model: A trained :class:`~timeline.modeldir.ModelDir` for the ``timeline`` method.
        loo: Leave one topic out: before scoring a topic, train the date ranker on all the
            dataset's other topics (never on the topic being scored).
        validate_ranker: With ``loo``, keep the fitted date ranker only where it beats the
            heuristic on the training topics held out in turn (as ``timeline train`` does).
        prepared_topics: A dict that keeps each topic's read-and-tagged corpus, to share it
            across calls with different settings (filled here; memory grows with the dataset).
        engine: A :mod:`timeline.engine` engine; one is made from ``cfg.engine`` (and closed
            at the end) when ``None``.

    Raises:
        InputError: An unknown topic or method, or a folder that is not a TLS dataset.
    """
    if engine is None:
        with engine_for(cfg.engine) as own:
            return run_benchmark(dataset, cfg, methods, topics, embedder, progress, model, loo, prepared_topics, own,
                                 validate_ranker)
    from tqdm.auto import tqdm

    from timeline.pipeline import make_embedder, prepare, timeline_from

    available = dataset_topics(dataset) or ([dataset.name] if topic_articles(dataset) else [])
    if not available:
        raise InputError("not a TLS dataset (no <topic>/articles.jsonl or InputDocs/)", dataset)
    root = dataset if dataset_topics(dataset) else dataset.parent
    chosen = topics or available
    unknown = [t for t in chosen if t not in available]
    if unknown:
        raise InputError(f"unknown topic(s) {', '.join(unknown)}; the dataset has {', '.join(available)}", dataset)
    for m in methods:
        if m not in METHODS:
            raise InputError(f"unknown benchmark method {m!r} ({', '.join(METHODS)})")
    embedder = embedder or make_embedder(cfg, engine)
    encoders: dict = {}  # the encoders a topic in another language switches to
    results = {m: BenchmarkResult(m) for m in methods}
    store = prepared_topics if prepared_topics is not None else {}

    def prepared_topic(topic: str, keep: bool) -> tuple:
        """A topic's prepared corpus and the seconds it took (counted once: 0.0 when kept)."""
        if topic not in store:
            t0 = time.perf_counter()
            store[topic] = prepare([root / topic], cfg, progress, engine=engine), time.perf_counter() - t0
        prepared, seconds = store.pop(topic)
        if keep or prepared_topics is not None:
            store[topic] = prepared, 0.0
        return prepared, seconds

    examples: dict[str, list] = {}
    seconds: dict[str, float] = {}
    if loo:
        from timeline.train import topic_examples

        for topic in tqdm(available, desc="training examples", disable=not progress):
            prepared, seconds[topic] = prepared_topic(topic, keep=topic in chosen)
            examples[topic] = topic_examples(root / topic, cfg, prepared, embedder=embedder)
    for topic in tqdm(chosen, desc="topics", disable=not progress):
        folder = root / topic
        prepared, prep_seconds = prepared_topic(topic, keep=False)
        prep_seconds += seconds.get(topic, 0.0)
        keywords = cfg.keywords or read_keywords(folder)
        ranker = model.date_ranker if model is not None else None
        scorer = model.sentence_scorer if model is not None else None
        if loo:
            from timeline.train import fit_date_ranker, fit_sentence_scorer

            others = [e for t, ex in examples.items() if t != topic for e in ex]
            report: dict = {}
            ranker = fit_date_ranker(others, DateRanker.heuristic(cfg.select) if validate_ranker else None, report)
            for res in results.values():
                res.rankers[report.get("chosen", "fitted")] += 1
            scorer = fit_sentence_scorer(others)
        for index, reference in enumerate(read_timelines(folder)):
            L, k, start, end = task_settings(reference)
            task = restrict(prepared, start, end)
            for method in methods:
                t1 = time.perf_counter()
                run_cfg = copy.deepcopy(cfg)
                if model is not None and model.generator is not None:
                    run_cfg.condense.generator = str(model.generator)
                run_cfg.select.max_dates, run_cfg.condense.sentences_per_date = L, k
                run_cfg.select.start, run_cfg.select.end = start.isoformat(), end.isoformat()
                run_cfg.select.granularities = ["day"]  # reference timelines are dated by day
                run_cfg = follow_languages(run_cfg, prepared.docs)  # the topic's language's settings
                if run_cfg.embed.model != cfg.embed.model:
                    if run_cfg.embed.model not in encoders:
                        encoders[run_cfg.embed.model] = make_embedder(run_cfg, engine)
                    topic_embedder = encoders[run_cfg.embed.model]
                else:
                    topic_embedder = embedder
                if method == "pubcount":
                    run_cfg.condense.mode = "lead"
                ranked = _ranking(method, task, run_cfg, reference, index, keywords, ranker)
                pairs: list[tuple[str, list[str]]] = []
                if not ranked.empty and not task.events.empty:
                    tl = timeline_from(task, run_cfg, keywords, topic_embedder, topic, ranked=ranked,
                                       scorer=scorer if method == "timeline" else None)
                    pairs = tl.as_pairs()
                    for key, value in tl.settings.get("guard", {}).items():
                        results[method].guard[key] += value
                scores = score_task(as_timeline(pairs), [as_timeline(reference)])
                res = results[method]
                res.tasks.append({"topic": topic, "timeline": index, **scores})
                res.predictions.append({"topic": topic, "timeline": index, "prediction": [[d, s] for d, s in pairs]})
                res.seconds += time.perf_counter() - t1 + prep_seconds / max(1, len(methods))
            prep_seconds = 0.0
    return list(results.values())


def write_results(result: BenchmarkResult, out_dir: Path, force: bool = False) -> None:
    """``predictions.jsonl`` and ``metrics.json`` in the format of DESIGN.md, written atomically."""
    from timeline.io import atomic_write_text

    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("predictions.jsonl", "metrics.json"):
        if (out_dir / name).exists() and not force:
            raise InputError("output exists; pass --force to replace it", out_dir / name)
    atomic_write_text(out_dir / "predictions.jsonl",
                      "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in result.predictions))
    atomic_write_text(out_dir / "metrics.json",
                      json.dumps({"average": result.average, "tasks": result.tasks}, indent=2) + "\n")


def format_table(results: list[BenchmarkResult], published: dict[str, tuple[float, float, float]] | None = None) -> str:
    """A Markdown table of AR-1, AR-2, date F1, concat and agreement F1 per method."""
    lines = ["| method | AR-1 F1 | AR-2 F1 | date F1 | concat R-1 F1 | concat R-2 F1 | agree R-1 F1 | "
             "agree R-2 F1 | time (s) |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        a = r.average
        lines.append(f"| {r.method} | {a['ar1_f1']:.3f} | {a['ar2_f1']:.3f} | {a['date_f1']:.3f} | "
                     f"{a['concat_r1_f1']:.3f} | {a['concat_r2_f1']:.3f} | {a['agreement_r1_f1']:.3f} | "
                     f"{a['agreement_r2_f1']:.3f} | {r.seconds:.0f} |")
    for name, (ar1, ar2, df1) in (published or {}).items():
        lines.append(f"| {name} (published) | {ar1:.3f} | {ar2:.3f} | {df1:.3f} | | | | | |")
    return "\n".join(lines)


def score_predictions(predictions: Path, dataset: Path) -> list[dict]:
    """Score a ``predictions.jsonl`` (as ``timeline evaluate`` writes it) against a dataset.

    Raises:
        InputError: A malformed line, or a topic or timeline index the dataset lacks.
    """
    from timeline.corpus.decode import decode_bytes

    references: dict[str, list] = {}
    tasks = []
    text = decode_bytes(predictions.read_bytes(), predictions)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            topic, index, pairs = item["topic"], int(item["timeline"]), item["prediction"]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"malformed prediction line ({exc})", predictions, number) from None
        if topic not in references:
            folder = dataset / topic
            if not folder.is_dir():
                raise InputError(f"topic {topic!r} not in {dataset}", predictions, number)
            references[topic] = read_timelines(folder)
        if not 0 <= index < len(references[topic]):
            raise InputError(f"topic {topic!r} has no timeline {index}", predictions, number)
        scores = score_task(as_timeline(pairs), [as_timeline(references[topic][index])])
        tasks.append({"topic": topic, "timeline": index, **scores})
    return tasks
