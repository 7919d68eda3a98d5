"""Train stage: learn date selection from corpora with reference timelines.

``timeline train DATASET_DIR -o MODEL_DIR`` reads every topic of a TLS dataset, builds the
candidate dates of each reference timeline's task exactly as the benchmark protocol does
(articles and dates within the reference span), labels a candidate 1 when the reference
has that day, and fits a :class:`~timeline.select.DateRanker` (weights that maximise the
training tasks' date F1, kept only if they beat the configured heuristic on held-out topics)
and a sentence scorer. The result is a model folder
(:mod:`timeline.modeldir`) that ``summarise`` and ``evaluate`` take with ``--model-dir``.
"""

from __future__ import annotations

from timeline.train.examples import TaskExamples, fit_date_ranker, fit_sentence_scorer, task_examples, topic_examples
from timeline.train.trainer import train

__all__ = ["TaskExamples", "fit_date_ranker", "fit_sentence_scorer", "task_examples", "topic_examples", "train"]
