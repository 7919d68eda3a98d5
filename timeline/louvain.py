"""Louvain communities of a weighted undirected graph given as a scipy sparse matrix.

The same method, step for step, as networkx's ``louvain_communities(G, weight="weight",
resolution=1, threshold=1e-7, seed=0)`` on the graph whose edges are the matrix's upper
triangle added row by row: the same node order, the same seeded shuffles, the same sums in
the same order, so the communities are the same. What it leaves out is the cost around the
method: networkx builds the graph twice (once from the matrix, once more inside) and
computes each level's modularity over Python sets; on a feed of 4,600 documents that was
over half of the grouping's time. Modularity here is only compared with a threshold
(networkx's stopping rule), so it is computed with numpy.

Kept separate from :mod:`timeline.stories` so that the equivalence can be tested alone
(``tests/test_louvain.py`` compares the two on random graphs).
"""

from __future__ import annotations

import random

import numpy as np
from scipy import sparse

THRESHOLD = 1e-7  # networkx's default: a level must raise modularity by more than this


def louvain_communities(matrix: sparse.spmatrix, seed: int = 0, resolution: float = 1.0) -> list[set[int]]:
    """The communities of the graph with an edge ``i - j`` for every positive ``matrix[i, j]``
    with ``i < j`` (the matrix is read as symmetric), as sets of node numbers."""
    n = matrix.shape[0]
    upper = sparse.triu(sparse.csr_matrix(matrix), k=1).tocoo()
    keep = upper.data > 0
    rows, cols, weights = upper.row[keep].tolist(), upper.col[keep].tolist(), upper.data[keep].tolist()
    partition = [{u} for u in range(n)]
    if not rows:
        return partition
    adj: list[dict[int, float]] = [{} for _ in range(n)]  # neighbours in the order networkx keeps them
    for i, j, w in sorted(zip(rows, cols, weights)):
        adj[i][j] = w
        adj[j][i] = w
    rng = random.Random(seed)
    members = [[u] for u in range(n)]  # each node of the current level: the original nodes it stands for
    degrees = _degrees(adj)
    m = sum(degrees) / 2
    mod = _modularity(adj, degrees, members, resolution)
    partition, inner, improvement = _one_level(adj, degrees, m, members, resolution, rng)
    while improvement:
        new_mod = _modularity(adj, degrees, inner, resolution)
        if new_mod - mod <= THRESHOLD:
            break
        mod = new_mod
        adj, members = _aggregate(adj, inner, partition)
        degrees = _degrees(adj)
        partition, inner, improvement = _one_level(adj, degrees, m, members, resolution, rng)
    return [set(p) for p in partition]


def _degrees(adj: list[dict[int, float]]) -> list[float]:
    """Weighted degrees as networkx sums them (a self-loop counts twice)."""
    return [sum(nbrs.values()) + (nbrs[u] if u in nbrs else 0) for u, nbrs in enumerate(adj)]


def _one_level(adj, degrees, m, members, resolution, rng):
    """One pass of local moves until no node moves (networkx's ``_one_level``)."""
    n = len(adj)
    node2com = list(range(n))
    partition = [set(ms) for ms in members]
    inner = [{u} for u in range(n)]
    stot = list(degrees)
    nbrs = [[(v, w) for v, w in a.items() if v != u] for u, a in enumerate(adj)]
    order = list(range(n))
    rng.shuffle(order)
    scale = 2 * m**2
    improvement = False
    moves = 1
    while moves > 0:
        moves = 0
        for u in order:
            best_gain = 0
            own = best = node2com[u]
            to_com: dict[int, float] = {}
            for v, w in nbrs[u]:
                c = node2com[v]
                to_com[c] = to_com.get(c, 0.0) + w
            if own not in to_com:
                to_com[own] = 0.0  # networkx's defaultdict adds it last
            degree = degrees[u]
            stot[own] -= degree
            remove_cost = -to_com[own] / m + resolution * (stot[own] * degree) / scale
            for c, w in to_com.items():
                gain = remove_cost + w / m - resolution * (stot[c] * degree) / scale
                if gain > best_gain:
                    best_gain = gain
                    best = c
            stot[best] += degree
            if best != own:
                partition[own].difference_update(members[u])
                inner[own].remove(u)
                partition[best].update(members[u])
                inner[best].add(u)
                improvement = True
                moves += 1
                node2com[u] = best
    partition = [p for p in partition if p]
    inner = [sorted(p) for p in inner if p]
    return partition, inner, improvement


def _aggregate(adj, inner, partition):
    """The next level's graph: one node per community, edge weights summed in networkx's
    edge order (``_gen_graph``)."""
    node2com = {}
    for c, nodes in enumerate(inner):
        for u in nodes:
            node2com[u] = c
    out: list[dict[int, float]] = [{} for _ in inner]
    for u, nbrs in enumerate(adj):  # each edge once, from its lower end, as networkx lists them
        for v, w in nbrs.items():
            if v < u:
                continue
            a, b = node2com[u], node2com[v]
            total = w + out[a].get(b, 0)
            out[a][b] = total
            out[b][a] = total
    return out, [sorted(p) for p in partition]


def _modularity(adj, degrees, communities, resolution) -> float:
    """Newman's modularity of a partition of the level's nodes (networkx's formula), given
    their weighted degrees."""
    n = len(adj)
    com = np.empty(n, dtype=np.int64)
    for c, nodes in enumerate(communities):
        com[list(nodes)] = c
    degrees = np.asarray(degrees)
    deg_sum = degrees.sum()
    inside = np.zeros(len(communities))
    for u, nbrs in enumerate(adj):
        for v, w in nbrs.items():
            if v >= u and com[u] == com[v]:
                inside[com[u]] += w
    deg_c = np.bincount(com, weights=degrees, minlength=len(communities))
    return float(np.sum(inside / (deg_sum / 2) - resolution * deg_c * deg_c / deg_sum**2))
