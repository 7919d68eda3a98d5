"""One date's TF-IDF space, the same numbers as scikit-learn's, without refitting its vectorizer.

Extractive condensing weighs each date's candidate lines by TF-IDF fitted on that date's own
candidates (``condense.idf = "date"``). Fitting a ``TfidfVectorizer`` per date walks every
token of every candidate in Python, sorts the vocabulary and validates its matrices; a
benchmark does that hundreds of times over the same sentences (its tasks share their topic's
candidates), and it was the largest cost of a warm ``timeline evaluate``.

:func:`date_tfidf` counts each text's terms once (remembered per text, as term ids) and builds
the date's matrices with numpy. It repeats scikit-learn's arithmetic step by step, in the
same order (the vocabulary in first-seen order while counting, each row's entries kept in
that order when the columns are renamed alphabetically, the same idf formula and sublinear
weights, scikit-learn's own row normalisation), so the centroid and the rows are equal to
the bit to ``TfidfVectorizer(sublinear_tf=True).fit_transform`` and ``.transform``
(tested): no ranking can change.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from timeline.cjk import with_bigrams

_MEMO_TEXTS = 65536  # texts whose term counts are remembered


class TermCounts:
    """Term ids and counts of texts under one analyzer, remembered per text.

    Term ids are given in the order terms are first met and never change, so the counts of
    a text stay valid for every date it is a candidate of. (The id table grows with the
    vocabulary of all texts seen by the process: words, not texts.)
    """

    def __init__(self, analyse, memo: int = _MEMO_TEXTS):
        self.analyse = analyse
        self.ids: dict[str, int] = {}
        self.terms: list[str] = []
        self.of = functools.lru_cache(maxsize=memo)(self._count)

    def _count(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """``(term ids, counts)`` of ``text``, in the order its terms first occur (as
        scikit-learn's counter keeps them)."""
        counter: dict[int, int] = {}
        for term in self.analyse(text):
            i = self.ids.get(term)
            if i is None:
                i = self.ids[term] = len(self.terms)
                self.terms.append(term)
            counter[i] = counter.get(i, 0) + 1
        n = len(counter)
        return np.fromiter(counter.keys(), np.int64, n), np.fromiter(counter.values(), np.float64, n)


@functools.cache
def term_counts(english: bool) -> TermCounts:
    """The shared :class:`TermCounts` of the TF-IDF analyzer (English stopwords or none)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TermCounts(with_bigrams(TfidfVectorizer(stop_words="english" if english else None).build_analyzer()))


def date_tfidf(context: list[str], texts: list[str], english: bool = True):
    """``(rows, centroid)``: the L2-normalised TF-IDF rows of ``texts`` and the mean TF-IDF
    row of ``context``, with weights fitted on ``context`` alone; what
    ``v = TfidfVectorizer(sublinear_tf=True, stop_words=...)``, ``v.fit_transform(context).mean(0)``
    and ``normalize(v.transform(texts))`` give, in the vocabulary's alphabetical column order.

    Raises:
        ValueError: ``context`` has no terms (nothing but stopwords), as scikit-learn does.
    """
    from scipy.sparse import csr_matrix

    counter = term_counts(english)
    counted = [counter.of(t) for t in context]
    ids = np.concatenate([c[0] for c in counted]) if counted else np.zeros(0, np.int64)
    if not len(ids):
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    # the context's terms in order of first sight (scikit-learn's count ids), and each id's place among them
    seen, vocabulary = pd.factorize(ids)
    n = len(vocabulary)
    words = [counter.terms[i] for i in vocabulary.tolist()]
    by_seen = np.empty(n, np.int64)  # each of them's column in the fitted (alphabetical) vocabulary
    by_seen[sorted(range(n), key=words.__getitem__)] = np.arange(n)

    counts = csr_matrix((np.concatenate([c[1] for c in counted]), seen, _indptr(counted)), shape=(len(context), n))
    counts.sort_indices()  # by first sight, as the count matrix is sorted before its columns are renamed
    counts.indices = by_seen[counts.indices].astype(counts.indices.dtype)
    idf = _idf(np.bincount(counts.indices, minlength=n), len(context))
    fitted = _weigh(counts, idf)
    centroid = np.asarray(fitted.mean(axis=0)).ravel()

    column = np.full(len(counter.terms), -1, np.int64)  # each term id's column, -1 outside the vocabulary
    column[vocabulary] = by_seen
    matrix = _transform_counts([counter.of(t) for t in texts], column)
    matrix.sort_indices()  # transform's count matrix: columns in vocabulary order
    rows = _weigh(matrix, idf)
    _normalize_rows(rows)  # the caller's normalize() of transform's (already unit) rows
    return rows, centroid


def _indptr(counted: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    return np.concatenate([[0], np.cumsum([len(c[0]) for c in counted], dtype=np.int64)])


def _transform_counts(counted: list[tuple[np.ndarray, np.ndarray]], column: np.ndarray):
    """The count matrix of texts over the fitted vocabulary (``column``: each term id's
    column, -1 outside it); a term outside it is dropped, as ``transform`` drops it."""
    from scipy.sparse import csr_matrix

    lengths = np.array([len(c[0]) for c in counted], dtype=np.int64)
    ids = np.concatenate([c[0] for c in counted]) if counted else np.zeros(0, np.int64)
    counts = np.concatenate([c[1] for c in counted]) if counted else np.zeros(0)
    known = ids < len(column)  # a term first met after the fit is outside it
    cols = np.where(known, column[np.where(known, ids, 0)], -1)
    keep = cols >= 0
    row = np.repeat(np.arange(len(counted)), lengths)[keep]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(row, minlength=len(counted)))])
    return csr_matrix((counts[keep], cols[keep], indptr), shape=(len(counted), len(column[column >= 0])))


def _idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """scikit-learn's smoothed idf, operation by operation: ``log((n + 1) / (df + 1)) + 1``."""
    df = df.astype(np.float64)
    df += 1.0
    idf = np.full_like(df, fill_value=n_docs + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    return idf


def _weigh(counts, idf: np.ndarray):
    """Sublinear term frequency times idf, rows scaled to unit length (``TfidfTransformer.transform``,
    with the routine its ``normalize`` calls, less its argument checks)."""
    np.log(counts.data, counts.data)
    counts.data += 1.0
    counts.data *= idf[counts.indices]
    _normalize_rows(counts)
    return counts


def _normalize_rows(matrix) -> None:
    """Scale each row of a CSR matrix to unit length in place: the routine scikit-learn's
    ``normalize`` runs for it, less the argument checks that cost more than the work here."""
    from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

    inplace_csr_row_normalize_l2(matrix)
