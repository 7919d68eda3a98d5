"""Markov clustering (van Dongen 2000) of a similarity graph, with scipy sparse matrices.

Follows the ``markov_clustering`` package that news-tls uses: self-loops set to 1, columns
normalised to sum 1, then expansion (matrix power), inflation (element-wise power and
re-normalisation) and pruning (entries under a threshold dropped, each column's maximum
kept) until the matrix stops changing. Clusters are read off the attractors, the rows with
a non-zero diagonal: each cluster is the set of columns its attractor row reaches.
"""

from __future__ import annotations

import logging

import numpy as np
from scipy import sparse

log = logging.getLogger(__name__)


def _normalise_columns(M: sparse.csc_matrix) -> sparse.csc_matrix:
    sums = np.asarray(M.sum(axis=0)).ravel()
    return (M @ sparse.diags(np.divide(1.0, sums, out=np.zeros_like(sums), where=sums != 0))).tocsc()


def _prune(M: sparse.csc_matrix, threshold: float) -> sparse.csc_matrix:
    """Drop entries below ``threshold`` but keep every column's largest entry."""
    top_rows = np.asarray(M.argmax(axis=0)).ravel()
    coo = M.tocoo()
    keep = (coo.data >= threshold) | (coo.row == top_rows[coo.col])
    keep &= coo.data != 0
    return sparse.csc_matrix((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=M.shape)


def mcl(S: sparse.spmatrix | np.ndarray, expansion: int = 2, inflation: float = 2.0, loop_value: float = 1.0,
        iterations: int = 100, prune_threshold: float = 0.001, tol: tuple[float, float] = (1e-5, 1e-8)) -> sparse.csc_matrix:
    """Run MCL on the (possibly asymmetric) similarity matrix ``S``; returns the final flow matrix."""
    M = sparse.lil_matrix(sparse.csc_matrix(S, dtype=float))
    if loop_value > 0:
        M.setdiag(loop_value)
    M = _normalise_columns(sparse.csc_matrix(M))
    rtol, atol = tol
    for i in range(iterations):
        last = M.copy()
        E = M
        for _ in range(expansion - 1):
            E = E @ M
        M = _normalise_columns(sparse.csc_matrix(E).power(inflation))
        if prune_threshold > 0:
            M = _prune(M, prune_threshold)
        diff = abs(M - last) - rtol * abs(last)
        if diff.nnz == 0 or diff.max() <= atol:
            log.debug("MCL converged after %d iterations", i + 1)
            break
    return M


def clusters_of(M: sparse.spmatrix) -> list[tuple[int, ...]]:
    """Clusters (sorted tuples of node indices) of a converged MCL matrix, sorted; nodes that
    no attractor reaches are in none, nodes that several reach are in each."""
    M = sparse.csr_matrix(M)
    found = set()
    for a in np.flatnonzero(M.diagonal()):
        row = M.getrow(a)
        found.add(tuple(sorted(row.indices[row.data != 0].tolist())))
    return sorted(found)


def markov_clusters(S: sparse.spmatrix | np.ndarray, **options) -> list[tuple[int, ...]]:
    """:func:`mcl` then :func:`clusters_of`."""
    return clusters_of(mcl(S, **options))
