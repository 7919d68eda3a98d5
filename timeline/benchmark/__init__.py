"""The benchmark harness: methods run under the published protocol, scored, written out."""

from __future__ import annotations

from timeline.benchmark.harness import METHODS, PreparedTopics, run_benchmark, run_task
from timeline.benchmark.results import BenchmarkResult, format_table, score_predictions, write_results
from timeline.datasets import Topic, choose_topics

__all__ = ["METHODS", "BenchmarkResult", "PreparedTopics", "Topic", "choose_topics", "format_table",
           "run_benchmark", "run_task", "score_predictions", "write_results"]
