"""Training examples and the models fitted on them: the date ranker and the sentence scorer.

Every benchmark task (one reference timeline) gives its candidate dates, built exactly as
the benchmark builds them (:mod:`timeline.protocol`), labelled 1 where the reference has
that day; with an encoder, also the candidate sentences of each reference date and the
ROUGE-1 F1 each reaches against it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from timeline.condense import ExtractiveCondenser
from timeline.condense.candidates import candidate_pool
from timeline.condense.scorer import SENTENCE_FEATURES, SentenceScorer, sentence_features
from timeline.config import Config
from timeline.datasets import Topic
from timeline.errors import InputError
from timeline.evaluate.rouge import rouge_counts
from timeline.prepare import Prepared
from timeline.protocol import Reference, reference_dates, restrict, task_settings
from timeline.select import DateRanker, candidate_dates, date_f1

log = logging.getLogger(__name__)


@dataclass
class TaskExamples:
    topic: str
    timeline: int
    table: pd.DataFrame  # candidate dates with feature counts
    labels: np.ndarray  # 1 where the reference has the (day) date
    size: int = 0  # L: the number of dates in the reference timeline
    sentence_x: np.ndarray | None = None  # features of candidate sentences on reference dates
    sentence_y: np.ndarray | None = None  # their ROUGE-1 F1 against the reference summary


def task_examples(prepared: Prepared, reference: Reference, keywords: list[str], topic: str, index: int, cfg: Config | None = None,
                  embedder=None) -> TaskExamples:
    """Candidate dates of one benchmark task and their labels; with an ``embedder``, also the
    candidate sentences of each reference date and the ROUGE-1 F1 each reaches against it."""
    cfg = cfg or Config()
    _, _, start, end = task_settings(reference)
    task = restrict(prepared, start, end)
    table = candidate_dates(task.events, task.docs, keywords, cfg.select.hindsight_days, cfg.select.date_spread)
    table = table[(table["date"] >= pd.Timestamp(start)) & (table["date"] <= pd.Timestamp(end))]
    ref_days = {pd.Timestamp(d) for d, _ in reference}
    labels = ((table["granularity"] == "day") & table["date"].isin(ref_days)).to_numpy(dtype=int)
    out = TaskExamples(topic, index, table.reset_index(drop=True), labels, len(reference))
    if embedder is not None:
        out.sentence_x, out.sentence_y = _sentence_examples(task, reference, keywords, cfg, embedder)
    return out


def _sentence_examples(task, reference, keywords: list[str], cfg: Config, embedder) -> tuple[np.ndarray, np.ndarray]:
    condenser = ExtractiveCondenser(cfg.condense, keywords, lang=cfg.corpus.lang,
                                    hindsight_days=cfg.select.hindsight_days).fit(task.events["text"])
    pool = candidate_pool(task.events, reference_dates(reference), cfg.condense.published_days_before)
    by_date = dict(list(pool.groupby("date", sort=False)))
    xs, ys = [], []
    for day, sents in reference:
        everything = by_date.get(pd.Timestamp(day))
        if everything is None:
            continue
        cands = everything[condenser.eligible(everything)]
        if len(cands) < 2:
            continue
        vectors = embedder.encode(cands["text"].tolist())
        centrality = condenser.relevance(cands, vectors, everything["text"])
        xs.append(sentence_features(cands, vectors, keywords, centrality))
        f1 = []
        for text in cands["text"]:
            h, p, m = rouge_counts([text], [sents], 1)
            prec, rec = (h / p if p else 0.0), (h / m if m else 0.0)
            f1.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
        ys.append(np.array(f1))
    if not xs:
        return np.zeros((0, len(SENTENCE_FEATURES))), np.zeros(0)
    return np.concatenate(xs), np.concatenate(ys)


def topic_examples(topic: Topic, cfg: Config, prepared: Prepared, embedder=None) -> list[TaskExamples]:
    """Examples of every reference timeline of one topic."""
    keywords = cfg.keywords or topic.keywords()
    return [task_examples(prepared, ref, keywords, topic.name, i, cfg, embedder)
            for i, ref in enumerate(topic.references())]


def fit_date_ranker(examples: list[TaskExamples], prior: DateRanker | None = None,
                    report: dict | None = None) -> DateRanker:
    """Fit a :class:`~timeline.select.DateRanker`; with a ``prior`` (the heuristic), keep
    whichever of the two ranks held-out reference dates better.

    Every dataset the examples come from (the part of a topic's name before ``/``) has an
    equal say in the fit and in the validation, however many tasks it has, so a ranker
    trained on a dense event dataset and a sparse one does not learn only the larger.
    Validation holds out each topic in turn (each timeline when there is one topic), fits on
    the rest and scores the held-out tasks' date F1; the prior wins ties. ``report`` receives
    the two scores and the choice.
    """
    if not examples:
        raise InputError("no reference timelines to train on")
    fitted = _fit(examples)
    if prior is None:
        return fitted
    by = "topic" if len({e.topic for e in examples}) > 1 else "timeline"
    groups = sorted({getattr(e, by) for e in examples})
    info = {"validation": f"leave-one-{by}-out", "chosen": "fitted"}
    if len(groups) > 1:
        held_out, fold_weights = [], []
        for g in groups:
            held = [e for e in examples if getattr(e, by) == g]
            rest = [e for e in examples if getattr(e, by) != g]
            try:
                fold = np.array(_fit(rest).coef)
            except InputError:  # no reference date among the rest's candidates
                fold = np.array(prior.coef)
            held_out += held
            fold_weights += [fold] * len(held)
        tasks, weights, keep = _tasks(held_out)
        info["fitted_date_f1"] = round(date_f1(tasks, [fold_weights[i] for i in keep], weights), 4)
        info["heuristic_date_f1"] = round(date_f1(tasks, [np.array(prior.coef)] * len(tasks), weights), 4)
        if info["heuristic_date_f1"] >= info["fitted_date_f1"]:
            info["chosen"] = "heuristic"
    else:
        info["validation"] = "none (one timeline)"
    if report is not None:
        report.update(info)
    log.info("date ranker: %s", info)
    return prior if info["chosen"] == "heuristic" else fitted


def _tasks(examples: list[TaskExamples]) -> tuple[list[tuple], list[float], list[int]]:
    """The ranker's tasks of ``examples`` (those with day dates), each dataset's tasks weighted
    to an equal total, and the positions of the examples they came from."""
    keep = [i for i, e in enumerate(examples) if e.size > 0 and (e.table["granularity"] == "day").any()]
    kept = [examples[i] for i in keep]
    tasks = DateRanker.tasks([e.table for e in kept], [e.labels for e in kept], [e.size for e in kept])
    dataset = [e.topic.rpartition("/")[0] for e in kept]
    counts = {d: dataset.count(d) for d in dataset}
    return tasks, [1.0 / counts[d] for d in dataset], keep


def _fit(examples: list[TaskExamples]) -> DateRanker:
    _, weights, keep = _tasks(examples)
    kept = [examples[i] for i in keep]
    return DateRanker.fit_pairwise([e.table for e in kept], [e.labels for e in kept], [e.size for e in kept],
                                   weights=weights)


def fit_sentence_scorer(examples: list[TaskExamples]):
    """A :class:`~timeline.condense.scorer.SentenceScorer`, or ``None`` without sentence examples."""
    xs = [e.sentence_x for e in examples if e.sentence_x is not None and len(e.sentence_x)]
    if not xs:
        return None
    return SentenceScorer.fit(np.concatenate(xs), np.concatenate([e.sentence_y for e in examples
                                                                  if e.sentence_x is not None and len(e.sentence_x)]))


