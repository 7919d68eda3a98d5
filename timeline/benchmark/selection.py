"""Nested choice of a setting: each scored topic gets the value that did best on the others.

Given one benchmark run per candidate value of a setting (every topic scored under each),
the value for a topic is the one whose mean score over the *other* topics is highest, each
dataset weighing the same; the topic is then reported with its own score under that value.
No topic's score takes part in choosing its own setting.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from timeline.benchmark.results import BenchmarkResult


def _dataset(topic: str) -> str:
    return topic.rpartition("/")[0]


def balanced_mean(tasks: list[dict], metric: str) -> float:
    """The mean of ``metric`` per dataset (the part of a topic's name before ``/``), averaged."""
    by: dict[str, list[float]] = {}
    for t in tasks:
        by.setdefault(_dataset(t["topic"]), []).append(t[metric])
    return float(np.mean([np.mean(v) for v in by.values()])) if by else 0.0


def nested_choice(runs: dict[str, BenchmarkResult], metric: str = "ar1_f1") -> tuple[BenchmarkResult, Counter]:
    """Per topic, the tasks of the run whose value scored best on every other topic.

    Args:
        runs: One result per candidate value (its label), all over the same tasks; on a tie
            the earlier value wins, so list the default first.

    Returns:
        The combined result and how many topics each value was chosen for.
    """
    labels = list(runs)
    topics = list(dict.fromkeys(t["topic"] for t in runs[labels[0]].tasks))
    combined, chosen = BenchmarkResult(runs[labels[0]].method), Counter()
    for topic in topics:
        scores = [balanced_mean([t for t in runs[label].tasks if t["topic"] != topic], metric) for label in labels]
        best = labels[int(np.argmax(scores))]
        chosen[best] += 1
        combined.tasks += [t for t in runs[best].tasks if t["topic"] == topic]
    return combined, chosen
