"""The benchmark harness: methods run under the published protocol, scored, written out."""

from __future__ import annotations

from timeline.benchmark.harness import METHODS, PreparedTopics, run_benchmark, run_task
from timeline.benchmark.results import BenchmarkResult, format_table, score_predictions, write_results
from timeline.benchmark.selection import balanced_mean, nested_choice
from timeline.datasets import Topic, choose_topics

__all__ = ["METHODS", "BenchmarkResult", "PreparedTopics", "Topic", "balanced_mean", "choose_topics", "format_table",
           "nested_choice", "run_benchmark", "run_task", "score_predictions", "write_results"]
