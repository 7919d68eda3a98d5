"""Near-duplicate documents: wire copies and re-published versions of one article.

Two documents are near-duplicates when the Jaccard similarity of their word 5-shingle sets
reaches a threshold. Candidate pairs come from MinHash LSH (64 hashes in 16 bands of 4), so
the cost grows with the corpus, not with its square; each candidate is then checked exactly.
Exact duplicates are dropped earlier, when reading.
"""

from __future__ import annotations

import logging
import zlib

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

_PRIME = (1 << 61) - 1
HASHES, BANDS, SHINGLE = 64, 16, 5


def shingles(text: str, k: int = SHINGLE) -> set[int]:
    """Hashes of the text's lower-cased word k-grams (stable across runs: CRC-32)."""
    words = text.lower().split()
    return {zlib.crc32(" ".join(words[i:i + k]).encode("utf-8")) for i in range(max(1, len(words) - k + 1))}


def near_duplicate_groups(texts: list[str], threshold: float = 0.8) -> list[int]:
    """A group number per text (the index of its group's first text); texts linked by a
    Jaccard similarity of at least ``threshold`` share a group."""
    rng = np.random.default_rng(0)
    a = rng.integers(1, _PRIME, HASHES, dtype=np.uint64)
    b = rng.integers(0, _PRIME, HASHES, dtype=np.uint64)
    sets = [shingles(t) for t in texts]
    sigs = [((np.outer(np.fromiter(s, dtype=np.uint64, count=len(s)), a) + b) % np.uint64(_PRIME)).min(axis=0)
            for s in sets]
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rows = HASHES // BANDS
    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = {}
        for i, sig in enumerate(sigs):
            buckets.setdefault(sig[band * rows:(band + 1) * rows].tobytes(), []).append(i)
        for members in buckets.values():
            for j in members[1:]:
                i = members[0]
                ri, rj = find(i), find(j)
                if ri != rj and len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= threshold:
                    parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(len(texts))]


def set_copies_aside(docs: pd.DataFrame, threshold: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the documents table into the documents kept (the first published of each group
    of near-duplicates) and the copies, with a ``copy_of`` column naming the kept one.

    Copies count once: they are not tagged, ranked or condensed, but cited beside the
    document they copy. ``threshold`` 0 turns this off.
    """
    empty = docs.iloc[:0].assign(copy_of=pd.Series(dtype=str))
    if threshold <= 0 or len(docs) < 2:
        return docs, empty
    groups = near_duplicate_groups(docs["text"].tolist(), threshold)  # docs come sorted by publication
    first = docs["doc_id"].to_numpy()[groups]
    is_copy = np.asarray(groups) != np.arange(len(docs))
    if not is_copy.any():
        return docs, empty
    copies = docs[is_copy].assign(copy_of=first[is_copy])
    log.info("%d near-duplicate documents (Jaccard >= %.2f) count once, cited with the first", len(copies), threshold)
    return docs[~is_copy].reset_index(drop=True), copies.reset_index(drop=True)


def cite_copies(bullets, copies: pd.DataFrame | None) -> None:
    """Add each cited document's copies to the bullet's citations, right after it (in place)."""
    if copies is None or copies.empty:
        return
    by_first = copies.groupby("copy_of")["doc_id"].apply(list).to_dict()
    for bullet in bullets:
        cited = []
        for d in bullet.doc_ids:
            cited += [d] + [c for c in by_first.get(d, []) if c not in bullet.doc_ids]
        bullet.doc_ids = list(dict.fromkeys(cited))
