"""Our Louvain gives networkx's communities for the same graph and seed."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from timeline.louvain import louvain_communities


def networkx_communities(matrix: sparse.csr_matrix, seed: int) -> list[set[int]]:
    """networkx on the graph the story stage used to build: the upper triangle, row by row."""
    n = matrix.shape[0]
    g = nx.Graph()
    g.add_nodes_from(range(n))
    coo = sparse.triu(matrix, k=1).tocoo()
    g.add_weighted_edges_from((int(i), int(j), float(w)) for i, j, w in zip(coo.row, coo.col, coo.data) if w > 0)
    return nx.community.louvain_communities(g, weight="weight", resolution=1.0, seed=seed)


def canonical(parts) -> list[tuple[int, ...]]:
    return sorted(tuple(sorted(p)) for p in parts)


def symmetric(dense: np.ndarray) -> sparse.csr_matrix:
    upper = np.triu(dense, k=1)
    return sparse.csr_matrix((upper + upper.T).astype(np.float32))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 14), st.data(), st.integers(0, 3))
def test_same_communities_as_networkx_on_small_graphs(n, data, seed):
    # few distinct weights, so that gains tie and the order of neighbours decides
    cells = data.draw(st.lists(st.sampled_from([0.0, 0.0, 0.5, 1.0, 0.25]), min_size=n * n, max_size=n * n))
    matrix = symmetric(np.array(cells, dtype=np.float64).reshape(n, n))
    assert canonical(louvain_communities(matrix, seed=seed)) == canonical(networkx_communities(matrix, seed))


@pytest.mark.parametrize("seed", range(4))
def test_same_communities_as_networkx_on_a_nearest_neighbour_graph(seed):
    """A graph like the story stage's: points around many centres, each linked to its nearest
    others by cosine similarity; loose enough that the method aggregates three or four levels
    (the seeded shuffle of each level matters)."""
    rng = np.random.default_rng(seed)
    n, k = 400, 5
    centres = rng.normal(size=(30, 16))
    points = centres[rng.integers(0, 30, size=n)] + 1.2 * rng.normal(size=(n, 16))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    sims = points @ points.T
    np.fill_diagonal(sims, -np.inf)
    nearest = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    rows = np.repeat(np.arange(n), k)
    graph = sparse.csr_matrix((np.clip(sims[rows, nearest.ravel()], 0, None).astype(np.float32),
                               (rows, nearest.ravel())), shape=(n, n))
    graph = graph.maximum(graph.T).tocsr()
    ours = louvain_communities(graph, seed=seed)
    assert canonical(ours) == canonical(networkx_communities(graph, seed))
    assert 2 <= len(ours) < n and sorted(u for p in ours for u in p) == list(range(n))


def test_no_edges_leaves_every_node_alone():
    assert canonical(louvain_communities(sparse.csr_matrix((3, 3)))) == [(0,), (1,), (2,)]
