#!/usr/bin/env python
"""Rescore a predictions.jsonl against a TLS dataset and time the metric computation.

    python scripts/score_predictions.py RESULTS_DIR/predictions.jsonl ../shared/data/t17

Prints the averaged metrics (AR-1/AR-2 align+ m:1, date, concat, agreement; precision and
recall averaged over tasks, F1 from the averages) and how long scoring took, cold (no
ROUGE token cache) and warm.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main(argv=None) -> int:
    from timeline.benchmark import score_predictions
    from timeline.errors import InputError
    from timeline.evaluate import rouge
    from timeline.evaluate.tlsmetrics import average

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("predictions", type=Path)
    ap.add_argument("dataset", type=Path)
    args = ap.parse_args(argv)
    try:
        t0 = time.perf_counter()
        tasks = score_predictions(args.predictions, args.dataset)
        cold = time.perf_counter() - t0
        rouge.tokens.cache_clear()
        rouge.ngrams.cache_clear()
        t0 = time.perf_counter()
        score_predictions(args.predictions, args.dataset)
        again = time.perf_counter() - t0
    except (InputError, OSError) as exc:
        print(f"score_predictions: {exc}", file=sys.stderr)
        return 2
    avg = average(tasks)
    print(f"{len(tasks)} tasks scored in {cold:.1f} s (second run, caches cleared: {again:.1f} s)")
    for name in ("ar1", "ar2", "date", "concat_r1", "concat_r2", "agreement_r1", "agreement_r2"):
        print(f"{name:14s} P {avg[name + '_p']:.4f}  R {avg[name + '_r']:.4f}  F1 {avg[name + '_f1']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
