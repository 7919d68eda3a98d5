from __future__ import annotations

import numpy as np
from scipy import sparse

from timeline.peers.mcl import clusters_of, markov_clusters, mcl


def block_graph(sizes: list[int], inside: float = 0.8, across: float = 0.02) -> np.ndarray:
    n = sum(sizes)
    S = np.full((n, n), across)
    start = 0
    for s in sizes:
        S[start:start + s, start:start + s] = inside
        start += s
    np.fill_diagonal(S, 0.0)
    return S


def test_mcl_finds_the_blocks_of_a_block_graph():
    S = block_graph([4, 3, 5])
    rng = np.random.default_rng(0)
    perm = rng.permutation(len(S))
    found = markov_clusters(sparse.csr_matrix(S[np.ix_(perm, perm)]))
    blocks = [set(perm.tolist().index(i) for i in range(a, b)) for a, b in ((0, 4), (4, 7), (7, 12))]
    assert sorted(map(set, found), key=min) == sorted(blocks, key=min)


def test_mcl_converges_to_a_fixed_point():
    M = mcl(sparse.csr_matrix(block_graph([3, 3])))
    again = mcl(M, loop_value=0)  # one more round changes nothing
    assert np.allclose(M.toarray(), again.toarray(), atol=1e-6)
    assert np.allclose(M.toarray().sum(axis=0), 1.0)


def test_isolated_nodes_are_their_own_clusters():
    S = np.zeros((3, 3))
    assert clusters_of(mcl(sparse.csr_matrix(S))) == [(0,), (1,), (2,)]


def test_inflation_controls_granularity():
    S = sparse.csr_matrix(block_graph([3, 3], inside=0.5, across=0.1))
    assert markov_clusters(S, inflation=1.2) == [(0, 1, 2, 3, 4, 5)]  # weak inflation merges the blocks
    assert markov_clusters(S, inflation=2.0) == [(0, 1, 2), (3, 4, 5)]
