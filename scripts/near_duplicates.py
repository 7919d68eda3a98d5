#!/usr/bin/env python
"""How many documents of each topic are near-duplicates (wire copies, re-published versions).

    python scripts/near_duplicates.py ../shared/data/t17 ../shared/data/entities-dev [--threshold 0.8]

Two documents are near-duplicates when the Jaccard similarity of their word 5-shingle sets is
at least the threshold (exact, over candidate pairs found by MinHash LSH: 64 hashes in 16 bands;
``timeline/corpus/neardup.py``, the same test ``corpus.near_duplicates`` applies).
Prints one row per topic: documents, documents with a near-duplicate, and groups.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

def main() -> int:
    from collections import Counter

    from timeline.corpus import read_corpus
    from timeline.corpus.neardup import near_duplicate_groups
    from timeline.corpus.tls import dataset_topics

    ap = argparse.ArgumentParser()
    ap.add_argument("datasets", nargs="+", type=Path)
    ap.add_argument("--threshold", type=float, default=0.8)
    args = ap.parse_args()
    print("| dataset | topic | documents | with a near-duplicate | groups | would drop |")
    print("|---|---|---|---|---|---|")
    for ds in args.datasets:
        totals = [0, 0, 0, 0]
        for topic in dataset_topics(ds):
            docs = read_corpus([ds / topic], lang="en")
            groups = near_duplicate_groups(docs["text"].tolist(), args.threshold)
            sizes = Counter(groups)
            dup_docs = sum(n for n in sizes.values() if n > 1)
            n_groups = sum(1 for n in sizes.values() if n > 1)
            drop = dup_docs - n_groups
            totals = [totals[0] + len(docs), totals[1] + dup_docs, totals[2] + n_groups, totals[3] + drop]
            print(f"| {ds.name} | {topic} | {len(docs)} | {dup_docs} ({dup_docs / len(docs):.1%}) | {n_groups} | {drop} |")
        print(f"| {ds.name} | all | {totals[0]} | {totals[1]} ({totals[1] / max(totals[0], 1):.1%}) | {totals[2]} | "
              f"{totals[3]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
