"""Story stage: documents grouped by what they are about, so a mixed feed gives one
chronology per story.

Each document is seen two ways: TF-IDF of its text, and TF-IDF of the capitalised names it
uses mid-sentence; with an encoder (``stories.vectors``), also the encoder's vector of its
title and lead. Two documents' similarity is the mean of the views' cosines. The encoder
view is off by default: it means a forward pass over every document's lead (most of a cold
``--by-story`` run's time), and on the development feeds the grouping was as good without it
(adjusted Rand index within 0.03 either way; see the README).
Every document is linked to its nearest neighbours (``k`` grows with the square root of the
corpus size), and the communities of that graph are found by modularity (Louvain, seeded),
which needs no number of stories: modularity compares the links inside a group with what
the same number of links would give at random, so the stories' count follows the data.
Modularity splits a long story into episodes (an oil spill's leak, cap and inquiry), so
communities whose most widely mentioned name is the same ("BP", "Rouhani") are then one
story. Communities smaller than ``min_size`` documents fit nowhere: they form story 0,
"other", which gets no timeline.

Stories are numbered by size (largest first), named by their most widely mentioned names,
and described by their distinctive terms: class-based TF-IDF as BERTopic computes it (a
term's frequency in the story against its frequency in the whole corpus). The first of
those terms act as the story's keywords when a timeline is made for it, less the generic
ones: a term that neither most of the story's documents use (core) nor mostly the story's
documents use (specific), such as "president" or "france" in a story about one French
politician, would let in sentences about other people and other stories.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from timeline.errors import InputError
from timeline.louvain import louvain_communities

log = logging.getLogger(__name__)

OTHER = 0  # the story of documents that fit nowhere
LEAD_LINES = 3  # title plus the first lines (sentences in tokenised corpora) represent a document
LEAD_CHARS = 2000  # ... at most this many characters of them
BODY_CHARS = 5000  # TF-IDF and names read the start of each document
TERMS = 8  # distinctive terms kept per story
KEYWORDS = 5  # a story's keywords come from its first terms ...
MIN_KEYWORDS = 3  # ... at least this many of them, best first
CORE = 0.8  # a term at least this share of the story's documents use is core to it
SPECIFIC = 2 / 3  # a term used in documents of which at least this share are the story's is specific to it
CHUNK = 1024  # rows of the similarity matrix computed at a time
CHECK_DOCUMENTS = 1000  # the mixed-feed check of a plain summarise looks at most at this many documents

_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*(?:\s+[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*)*\b")
_NOT_NAMES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "mr", "mrs", "ms", "dr", "the", "a", "an", "he", "she", "it", "they", "we", "i", "in", "on", "at", "but",
    "and", "this", "that", "his", "her", "their", "its", "for", "if", "as", "after", "when", "there", "said",
    "our", "you", "your", "my", "me", "us", "what", "why", "how", "who", "where", "these", "those", "some", "all",
    "no", "not", "yes", "so", "or", "then", "now", "here", "one", "two", "with", "from", "by", "of", "to", "is",
}
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
_WORD = r"(?u)\b[a-zA-Z][a-zA-Z\-]+\b"
_NEWS_WORDS = ["said", "says", "say", "told", "mr", "mrs", "ms", "reported", "according"]  # reporting, not topic


@dataclass
class Story:
    """One story: its documents and what names it.

    Attributes:
        id: 1, 2, ... by size (largest first); 0 for "other".
        label: Its most widely mentioned names (or terms), for people to read.
        terms: Distinctive terms (class-based TF-IDF), best first.
        names: Names most of its documents mention, most widely mentioned first.
        doc_ids: Its documents, in publication order.
        first: Earliest publication date (``YYYY-MM-DD``).
        last: Latest publication date.
    """

    id: int
    label: str
    terms: list[str]
    names: list[str]
    doc_ids: list[str]
    first: str
    last: str
    weights: dict[str, float] = field(default_factory=dict, repr=False)  # every term's c-TF-IDF weight
    keywords: list[str] = field(default_factory=list)  # its keywords by default: core or specific first terms

    def as_dict(self) -> dict:
        """The story as ``timeline stories --format json`` lists it."""
        return {"id": self.id, "label": self.label, "terms": self.terms, "documents": self.doc_ids,
                "first": self.first, "last": self.last}


@dataclass
class Stories:
    """The story stage's result: a ``story`` id per document and the stories (``other`` last).

    Attributes:
        labels: Story id per row of the documents table it was computed on.
        stories: The stories by id; story 0 ("other") is included when it holds documents.
    """

    labels: np.ndarray
    stories: list[Story]

    @property
    def real(self) -> list[Story]:
        """The stories that get a timeline (not "other")."""
        return [s for s in self.stories if s.id != OTHER]

    def describe(self) -> str:
        """One line per story: ``1. label (N documents: term, term, ...)``."""
        return "; ".join(f"{s.id}. {s.label} ({len(s.doc_ids)} document{'s' if len(s.doc_ids) != 1 else ''})" for s in self.stories)


@dataclass
class WordCounts:
    """Documents' word counts (sparse, one row per document) and the words of the columns."""

    counts: sparse.csr_matrix
    vocab: np.ndarray


def lead_text(title: str, text: str) -> str:
    """What the encoder reads of a document: its title and first lines (at most
    ``LEAD_CHARS`` characters; the encoder keeps its first 128 tokens)."""
    lines = [line for line in str(text).split("\n") if line.strip()][:LEAD_LINES]
    return ((f"{title}. " if title else "") + " ".join(lines))[:LEAD_CHARS]


def names_in(text: str) -> list[str]:
    """Capitalised names used inside sentences (a line's or sentence's first word is skipped,
    as are weekdays, months and titles), lower-cased; multi-word names are kept whole."""
    out: list[str] = []
    for line in text.split("\n"):
        for m in _NAME.finditer(line):
            start = m.start()
            before = line[:start].rstrip()
            words = m.group(0).split()
            if before.endswith("(") and line[m.end():].lstrip().startswith(")"):
                continue  # a credit such as "(Reuters)" names the outlet, not the story
            if start == 0 or not before or before[-1] in ".!?\"'`:":  # sentence-initial: may be any word
                words = words[1:]
            words = [w for w in words if w.lower() not in _NOT_NAMES]
            if words:
                out.append(" ".join(words).lower())
    return out


def find_stories(docs: pd.DataFrame, embedder=None, min_size: int = 5, progress: bool = False,
                 terms: bool = True) -> Stories:
    """Group the documents table's rows into stories.

    Args:
        docs: The documents table (``doc_id, title, text, published``, ...).
        embedder: An encoder with ``encode(texts) -> unit vectors`` (the pipeline's, with its
            vector cache) for a third view of each document's title and lead; ``None`` (the
            default of ``summarise --by-story`` and ``stories``) uses the TF-IDF and names
            views only.
        min_size: Fewer documents than this are no story: they go to "other".
        progress: Show the encoder's progress bar.
        terms: Compute the stories' distinctive terms (a quick check can do without).

    Returns:
        The story of every row, deterministic for the same documents and encoder.

    Raises:
        InputError: ``min_size`` below 1.
    """
    if min_size < 1:
        raise InputError(f"--min-size must be at least 1, not {min_size}")
    n = len(docs)
    bodies = [str(t)[:BODY_CHARS] for t in docs["text"]]
    doc_names = [names_in(b) for b in bodies]
    words = _word_counts(bodies)  # the text view's counts, and the stories' terms from them
    views = [_sublinear_tfidf(words), _tfidf([" | ".join(ns) for ns in doc_names], r"[^|]+")]
    if embedder is not None and n > 1:
        leads = [lead_text(t, x) for t, x in zip(docs["title"], docs["text"])]
        views.append(np.asarray(embedder.encode(leads, progress=progress), dtype=np.float32))
    views = [v for v in views if v is not None]
    if n < 2 * min_size or not views:  # too few documents for two stories
        communities = np.zeros(n, dtype=np.int64)
    else:
        k = min(n - 1, max(min_size, round(math.sqrt(n))))
        communities = _communities(_knn_graph(views, k), n)
        communities = _merge_by_name(communities, doc_names)
    sizes = np.bincount(communities)
    kept = [c for c in np.argsort(-sizes, kind="stable") if sizes[c] >= min_size]
    labels = np.zeros(n, dtype=np.int64)
    for story_id, c in enumerate(kept, start=1):
        labels[communities == c] = story_id
    return Stories(labels, _describe(docs, labels, words if terms else None, doc_names))


def _stop_words() -> list[str]:
    """English stop words and reporting verbs."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(ENGLISH_STOP_WORDS | set(_NEWS_WORDS))


def _word_counts(bodies: list[str]) -> WordCounts | None:
    """Each document's counts of the words it shares with another document (stop words and
    reporting verbs left out), or ``None`` when they share none. Counted once for both uses
    (the TF-IDF view and the stories' terms): tokenising every document twice was a tenth of
    the grouping's time."""
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(stop_words=_stop_words(), token_pattern=_WORD, lowercase=True,
                          min_df=2 if len(bodies) > 2 else 1)
    try:
        counts = vec.fit_transform(bodies)
    except ValueError:  # empty vocabulary
        return None
    return WordCounts(counts.tocsr(), vec.get_feature_names_out())


def _sublinear_tfidf(words: WordCounts | None):
    """L2-normalised TF-IDF rows of the counts (sparse; what ``TfidfVectorizer(sublinear_tf=True,
    dtype=float32)`` gives for the same words), or ``None`` without counts."""
    from sklearn.feature_extraction.text import TfidfTransformer

    if words is None:
        return None
    return TfidfTransformer(sublinear_tf=True).fit_transform(words.counts.astype(np.float32))


def _tfidf(texts: list[str], pattern: str, stop_words=None):
    """L2-normalised TF-IDF rows (sparse), or ``None`` when the texts share no vocabulary."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(sublinear_tf=True, stop_words=stop_words, token_pattern=pattern, lowercase=True,
                          min_df=2 if len(texts) > 2 else 1, dtype=np.float32)
    try:
        return vec.fit_transform(texts)
    except ValueError:  # empty vocabulary: nothing to compare on in this view
        return None


def _similarity(views: list, rows: slice) -> np.ndarray:
    """Mean cosine similarity over the views of ``rows`` against every document."""
    total = None
    for v in views:
        block = v[rows] @ v.T
        block = block.toarray() if sparse.issparse(block) else np.asarray(block)
        total = block if total is None else total + block
    return total / len(views)


def _knn_graph(views: list, k: int) -> sparse.csr_matrix:
    """Each document linked to its ``k`` most similar others, weighted by similarity (symmetric)."""
    n = views[0].shape[0]
    rows, cols, vals = [], [], []
    for lo in range(0, n, CHUNK):
        sims = _similarity(views, slice(lo, min(n, lo + CHUNK)))
        idx = np.arange(lo, min(n, lo + CHUNK))
        sims[idx - lo, idx] = -np.inf  # no self-links
        nearest = _top_k(sims, k)
        weights = np.take_along_axis(sims, nearest, axis=1)
        rows.append(np.repeat(idx, k))
        cols.append(nearest.ravel())
        vals.append(np.clip(weights.ravel(), 0.0, None))
    graph = sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
    return graph.maximum(graph.T).tocsr()


def _top_k(sims: np.ndarray, k: int) -> np.ndarray:
    """Each row's ``k`` largest columns, ties to the lower column, in column order: the same
    set as a stable descending argsort's first ``k``, in linear time (a full sort of every
    row was most of the graph's cost on big feeds)."""
    if k >= sims.shape[1]:
        return np.tile(np.arange(sims.shape[1]), (sims.shape[0], 1))
    kth = -np.partition(-sims, k - 1, axis=1)[:, k - 1:k]  # each row's k-th largest value
    above = sims > kth
    tied = sims == kth
    room = k - above.sum(axis=1, keepdims=True)  # places left for the values equal to the k-th
    chosen = above | (tied & (np.cumsum(tied, axis=1) <= room))
    return np.nonzero(chosen)[1].reshape(len(sims), k)


def _communities(graph: sparse.csr_matrix, n: int) -> np.ndarray:
    """Louvain communities of the graph (seeded, so the same graph gives the same groups)."""
    labels = np.zeros(n, dtype=np.int64)
    for c, members in enumerate(sorted(louvain_communities(graph, seed=0), key=lambda m: (-len(m), min(m)))):
        labels[sorted(members)] = c
    return labels


def _top_name(members: np.ndarray, doc_names: list[list[str]]) -> str | None:
    """The name the most of ``members`` mention (ties: more mentions, then alphabetical)."""
    docs_with, mentions = Counter(), Counter()
    for i in members:
        docs_with.update(set(doc_names[i]))
        mentions.update(doc_names[i])
    if not docs_with:
        return None
    return min(docs_with, key=lambda name: (-docs_with[name], -mentions[name], name))


def _merge_by_name(labels: np.ndarray, doc_names: list[list[str]]) -> np.ndarray:
    """Communities whose most widely mentioned name is the same are one story (its episodes)."""
    out = labels.copy()
    first_with: dict[str, int] = {}
    for c in range(int(labels.max()) + 1 if len(labels) else 0):
        members = np.flatnonzero(labels == c)
        name = _top_name(members, doc_names)
        if name is None:
            continue
        if name in first_with:
            out[members] = first_with[name]
        else:
            first_with[name] = c
    _, dense = np.unique(out, return_inverse=True)
    return dense.astype(np.int64)


def _describe(docs: pd.DataFrame, labels: np.ndarray, words: WordCounts | None,
              doc_names: list[list[str]]) -> list[Story]:
    """Terms (when word counts are given), names and span of every story; "other" (id 0)
    last, when it holds documents."""
    ids = sorted(set(labels.tolist()) - {OTHER}) + ([OTHER] if (labels == OTHER).any() else [])
    weights = _class_tfidf(words, labels, ids) if words is not None else {}
    present = words.counts.astype(bool).tocsc() if words is not None else None  # which documents use a word
    column = {str(w): j for j, w in enumerate(words.vocab)} if words is not None else {}
    out = []
    for sid in ids:
        members = np.flatnonzero(labels == sid)
        rows = docs.iloc[members].sort_values(["published", "doc_id"], kind="stable")
        keywords: list[str] = []
        if sid == OTHER:
            terms, names, label = [], [], "other"
        else:
            w = weights.get(sid, {})
            terms = [t for t, _ in sorted(w.items(), key=lambda kv: (-kv[1], kv[0]))[:TERMS]]
            counts = Counter(n for i in members for n in set(doc_names[i]))
            names = [n for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5] if c >= 2]
            shown: list[str] = []
            for n in names:  # two names, neither part of the other ("Harlow Rovers", not also "Rovers")
                if len(shown) < 2 and not any(n in m or m in n for m in shown):
                    shown.append(n)
            label = ", ".join(_title_case(n) for n in shown) or ", ".join(terms[:3]) or f"story {sid}"
            if present is not None:
                keywords = _keywords(terms[:KEYWORDS], members, present, column)
        out.append(Story(int(sid), label, terms, names, rows["doc_id"].tolist(),
                         rows["published"].min().date().isoformat(), rows["published"].max().date().isoformat(),
                         weights.get(sid, {}) if sid != OTHER else {}, keywords))
    return out


def _keywords(terms: list[str], members: np.ndarray, present: sparse.csc_matrix, column: dict[str, int]) -> list[str]:
    """The terms that are core to the story (used by at least ``CORE`` of its documents) or
    specific to it (at least ``SPECIFIC`` of the documents using them are the story's), in
    order, topped up with the next terms to ``MIN_KEYWORDS``."""
    inside = np.zeros(present.shape[0], dtype=bool)
    inside[members] = True
    kept = []
    for term in terms:
        docs = present[:, column[term]].indices  # the documents that use the term
        used_inside = int(inside[docs].sum())
        if used_inside >= CORE * len(members) or used_inside >= SPECIFIC * len(docs):
            kept.append(term)
    for term in terms:
        if len(kept) >= MIN_KEYWORDS:
            break
        if term not in kept:
            kept.append(term)
    return [t for t in terms if t in kept]


def _class_tfidf(words: WordCounts, labels: np.ndarray, ids: list[int]) -> dict[int, dict[str, float]]:
    """Class-based TF-IDF (BERTopic's c-TF-IDF): each story's documents as one, a term weighted
    by its frequency there times ``log(1 + A / f)``, with ``A`` the mean words per story and
    ``f`` the term's frequency in all stories. Weekday and month names are no terms (they tell
    stories apart in time, but name none of them)."""
    real = [i for i in ids if i != OTHER]
    if not real:
        return {}
    keep = np.flatnonzero(~np.isin(words.vocab, sorted(_CALENDAR)))
    if not len(keep):
        return {}
    counts, vocab = words.counts[:, keep], words.vocab[keep]
    per_class = np.vstack([np.asarray(counts[np.flatnonzero(labels == i)].sum(axis=0), dtype=float).ravel()
                           for i in ids])
    totals = per_class.sum(axis=1, keepdims=True)
    tf = per_class / np.maximum(totals, 1.0)
    avg_words = totals.mean()
    freq = per_class.sum(axis=0)
    idf = np.log(1.0 + avg_words / np.maximum(freq, 1.0))
    scores = tf * idf
    out = {}
    for row, sid in enumerate(ids):
        nz = np.flatnonzero(per_class[row] >= 2)  # a term the story uses at least twice
        out[sid] = {str(vocab[j]): float(scores[row, j]) for j in nz}
    return out


def _title_case(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in name.split())


def match_story(stories: Stories, query: str) -> Story:
    """The story the words of ``query`` describe best: the highest sum of the words'
    class-based TF-IDF weights in the story (names count as their words).

    Raises:
        InputError: No story uses any of the words; the message lists the stories.
    """
    words = [w for w in re.findall(r"[a-z][a-z\-]+", query.lower())]
    best, best_score = None, 0.0
    for story in stories.real:
        name_words = {w for n in story.names for w in n.split()}
        score = sum(story.weights.get(w, 0.0) + (1.0 if w in name_words else 0.0) for w in words)
        if score > best_score:
            best, best_score = story, score
    if best is None:
        listed = stories.describe() or "none"
        raise InputError(f"no story matches {query!r}; the stories: {listed}")
    return best


def add_story_column(docs: pd.DataFrame, embedder=None, min_size: int = 5,
                     progress: bool = False) -> tuple[pd.DataFrame, Stories]:
    """The documents table with a ``story`` column (0 for "other") and the stories found."""
    found = find_stories(docs, embedder, min_size, progress)
    out = docs.copy()
    out["story"] = found.labels
    return out, found


def clear_stories(stories: Stories, min_share: float = 0.05) -> list[Story]:
    """The stories big enough to matter in a single briefing: those holding at least
    ``min_share`` of the documents. Two or more of them: the corpus is a mixed feed."""
    total = sum(len(s.doc_ids) for s in stories.stories)
    return [s for s in stories.real if len(s.doc_ids) >= max(1, min_share * total)]


def warn_if_mixed(docs: pd.DataFrame, min_size: int = 5) -> list[Story]:
    """Warn (one line) when a corpus made into one timeline holds several clear stories.

    A cheap look (TF-IDF and names only, at most ``CHECK_DOCUMENTS`` documents, evenly
    spaced in publication order); returns the clear stories it saw.
    """
    if len(docs) < 2 * min_size:
        return []
    step = max(1, -(-len(docs) // CHECK_DOCUMENTS))
    sample = docs.iloc[::step].reset_index(drop=True)
    try:
        clear = clear_stories(find_stories(sample, None, min_size, terms=False))
    except (ValueError, MemoryError) as exc:  # a check never costs the briefing
        log.debug("story check skipped (%s)", exc)
        return []
    if len(clear) >= 2:
        shown = "; ".join(s.label for s in clear[:5]) + ("; ..." if len(clear) > 5 else "")
        log.warning("the documents hold %d stories (%s); --by-story gives each its own timeline",
                    len(clear), shown)
    return clear
