"""Evaluate stage: timeline metrics (tilse-equivalent ROUGE, date F1) and TempEval-3 scoring
for the temporal tagger. The benchmark harness that uses them is :mod:`timeline.benchmark`."""

from __future__ import annotations

from timeline.evaluate.tlsmetrics import average, score_task

__all__ = ["average", "score_task"]
