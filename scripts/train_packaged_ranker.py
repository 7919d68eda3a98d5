#!/usr/bin/env python
"""Train the date ranker that ships with timeline (``timeline/models/dev``) on both dev datasets.

    python scripts/train_packaged_ranker.py [--data ../shared/data/t17 ../shared/data/entities-dev]

The same fit as ``timeline train`` (pairwise over log counts, each dataset weighing the same,
kept only if it beats the heuristic on the training topics held out in turn), without the
sentence scorer. The manifest names every training topic, so ``timeline evaluate`` never
scores one of them with it (``select.ranker = "packaged"``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def main(argv=None) -> int:
    from timeline.config import load_config
    from timeline.datasets import choose_topics
    from timeline.modeldir import PACKAGED, ModelDir
    from timeline.prepare import prepare
    from timeline.select import DateRanker
    from timeline.train import fit_date_ranker, topic_examples

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, nargs="+", default=[DATA / "t17", DATA / "entities-dev"])
    ap.add_argument("--out", type=Path, default=PACKAGED)
    args = ap.parse_args(argv)
    cfg = load_config()
    topics = choose_topics(args.data)
    examples = [e for t in topics for e in topic_examples(t, cfg, prepare([t.folder], cfg))]
    report: dict = {}
    ranker = fit_date_ranker(examples, DateRanker.heuristic(cfg.select), report)
    ModelDir(date_ranker=ranker).save(args.out, {
        "dataset": ", ".join(d.name for d in args.data), "topics": [t.name for t in topics],
        "timelines": len(examples), "date_ranker": report,
        "command": "python scripts/train_packaged_ranker.py"})
    print(f"wrote {args.out}: {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
