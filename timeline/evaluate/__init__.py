"""Evaluate stage: timeline metrics (tilse-equivalent ROUGE, date F1), the TLS benchmark
protocol, and TempEval-3 scoring for the temporal tagger."""

from __future__ import annotations

from timeline.evaluate.tlsmetrics import average, score_task

__all__ = ["average", "score_task"]
