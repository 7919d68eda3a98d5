#!/usr/bin/env python
"""How many documents of each topic are near-duplicates (wire copies, re-published versions).

    python scripts/near_duplicates.py ../shared/data/t17 ../shared/data/entities-dev [--threshold 0.8]

Two documents are near-duplicates when the Jaccard similarity of their word 5-shingle sets is
at least the threshold (exact, over candidate pairs found by MinHash LSH: 64 hashes in 16 bands).
Prints one row per topic: documents, documents with a near-duplicate, and groups.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_PRIME = (1 << 61) - 1


def shingles(text: str, k: int = 5) -> set[int]:
    words = text.lower().split()
    return {hash(" ".join(words[i:i + k])) & 0xFFFFFFFF for i in range(max(1, len(words) - k + 1))}


def near_duplicate_groups(texts: list[str], threshold: float = 0.8, hashes: int = 64, bands: int = 16) -> list[int]:
    """A group number per text; texts in one group are linked by Jaccard >= ``threshold``."""
    rng = np.random.default_rng(0)
    a = rng.integers(1, _PRIME, hashes, dtype=np.uint64)
    b = rng.integers(0, _PRIME, hashes, dtype=np.uint64)
    sets = [shingles(t) for t in texts]
    sigs = []
    for s in sets:
        x = np.fromiter(s, dtype=np.uint64, count=len(s))
        sigs.append(((np.outer(x, a) + b) % np.uint64(_PRIME)).min(axis=0))
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rows = hashes // bands
    for band in range(bands):
        buckets: dict[bytes, list[int]] = {}
        for i, sig in enumerate(sigs):
            buckets.setdefault(sig[band * rows:(band + 1) * rows].tobytes(), []).append(i)
        for members in buckets.values():
            for j in members[1:]:
                i = members[0]
                if find(i) != find(j) and len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= threshold:
                    parent[find(j)] = find(i)
    return [find(i) for i in range(len(texts))]


def main() -> int:
    from collections import Counter

    from timeline.corpus import read_corpus
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
