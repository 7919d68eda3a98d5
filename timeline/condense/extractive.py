"""Extractive condensation: whole source sentences chosen for their centrality.

For one date, relevance is measured against the centroid of what the sources say about it:
the mean TF-IDF (or embedding) vector of the date's candidate sentences, all of them or only
the printable ones (``condense.centroid``). Two objectives pick the k lines:

* ``"sentence"``: take sentences by their own similarity to the centroid, optionally
  discounted by maximal marginal relevance (``mmr_lambda``);
* ``"summary"``: greedily add the sentence that brings the *summary so far* closest to the
  centroid, so a second line covers what the first did not.

Either way a sentence too close to one already anywhere in the timeline (the ``redundancy``
threshold on embedding similarity) is never taken: the same event is not printed twice.
With ``condense.idf = "corpus"``, TF-IDF weights come from every sentence of the corpus
(:meth:`ExtractiveCondenser.fit`) instead of from the date's candidates alone.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from timeline.condense.boilerplate import is_chatter, is_dateline
from timeline.condense.scorer import SentenceScorer, english_stopwords, sentence_features, tfidf_vectorizer
from timeline.condense.tfidf import date_tfidf
from timeline.config import HINDSIGHT_DAYS, CondenseConfig
from timeline.errors import InputError
from timeline.events import days_after
from timeline.keywords import keyword_mask

_SENTENCE_END = re.compile(r"[.!。！][\"'”’)\]」』）]*\s*$")
_TRUNCATED = re.compile(r"(?:\.\s*\.\s*\.|…)[\"'”’)\]]*\s*$")  # a teaser cut off mid-sentence
_OPENING, _CLOSING = re.compile(r"[(（]|-LRB-"), re.compile(r"[)）]|-RRB-")
_MEMO_TEXTS = 65536  # texts whose verdict is remembered

CHOICES = {"relevance": ("tfidf", "embedding"), "objective": ("sentence", "summary"),
           "centroid": ("all", "eligible"), "idf": ("date", "corpus")}


class ExtractiveCondenser:
    """Pick whole source sentences.

    Args:
        cfg: Word-length bounds, the redundancy threshold, the relevance and objective settings.
        keywords: Printed sentences must contain one of these (if any are given).
        scorer: A trained sentence scorer: its standardised prediction, times
            ``condense.scorer_weight``, is added to every candidate's centrality score.
        lang: The documents' language (English stopwords are dropped from TF-IDF for English).
        hindsight_days: A line published more than this many days after its date is a look
            back (``select.hindsight_days``: the same window as date ranking's).

    Raises:
        InputError: A relevance, objective, centroid or idf setting it does not know.
    """

    def __init__(self, cfg: CondenseConfig, keywords: list[str] | None = None,
                 scorer: SentenceScorer | None = None, lang: str = "en", hindsight_days: int = HINDSIGHT_DAYS):
        for name, allowed in CHOICES.items():
            if getattr(cfg, name) not in allowed:
                raise InputError(f"unknown condense.{name} {getattr(cfg, name)!r} ({' or '.join(allowed)})")
        self.cfg = cfg
        self.keywords = keywords or []
        self.scorer = scorer
        self.lang = lang
        self.hindsight_days = hindsight_days
        self.vectorizer = None  # corpus-level TF-IDF, from fit()

    def fit(self, texts: pd.Series) -> ExtractiveCondenser:
        """Learn corpus-level TF-IDF weights from every sentence (only with ``idf = "corpus"``)."""
        self.vectorizer = None
        if self.cfg.relevance == "tfidf" and self.cfg.idf == "corpus" and len(texts):
            try:
                self.vectorizer = tfidf_vectorizer(self.lang).fit(texts)
            except ValueError:  # nothing but stopwords
                pass
        return self

    wants_context = False  # whether rewrite_batch reads the documents around its lines

    def rewrite(self, sources: list[str], context=None) -> str | None:
        """Extractive lines are the source sentences themselves."""
        return None

    def rewrite_batch(self, requests: list) -> list[str | None]:
        return [None] * len(requests)

    @property
    def stats(self) -> dict[str, int]:
        return {}

    def eligible(self, candidates: pd.DataFrame) -> np.ndarray:
        """Rows that may be printed: length within bounds, keyword present, a full sentence
        (ends in a full stop, not a question mark or an ellipsis; headlines and captions don't)
        whose brackets pair up (an unbalanced one marks a fragment the splitter cut), not
        a reader's comment or a transcript's speaker turn, and not a bare dateline (a place and
        the date it names, :func:`~timeline.condense.boilerplate.is_dateline`)."""
        n = candidates["n_words"].to_numpy()
        ok = (n >= self.cfg.min_words) & (n <= self.cfg.max_words)
        texts = candidates["text"].tolist()
        ok &= np.fromiter(map(printable_text, texts), dtype=bool, count=len(texts))
        if "mention" in candidates:
            ok &= ~np.fromiter(map(is_dateline, texts, candidates["mention"].fillna("").tolist()), dtype=bool,
                               count=len(texts))
        if self.cfg.lead_sentences > 0:
            lead = candidates["sent_idx"].to_numpy() < self.cfg.lead_sentences
            ok &= lead | (candidates["date_source"] != "published").to_numpy()
        return ok & keyword_mask(candidates["text"], self.keywords)

    def _space(self, texts: pd.Series, vectors: np.ndarray, context: pd.Series):
        """Unit rows for ``texts`` and the unit centroid of ``context`` in the relevance space
        (TF-IDF; embeddings when so configured or when TF-IDF has no words to work with)."""
        if self.cfg.relevance == "tfidf":
            from sklearn.preprocessing import normalize

            vectorizer = self.vectorizer
            try:
                if vectorizer is None:  # weights from the date's own candidates
                    rows, centroid = date_tfidf(list(context), list(texts), english_stopwords(self.lang))
                else:
                    centroid = np.asarray(vectorizer.transform(context).mean(axis=0)).ravel()
                    rows = normalize(vectorizer.transform(texts))
                if np.linalg.norm(centroid):
                    return rows, centroid / np.linalg.norm(centroid)
            except ValueError:  # nothing but stopwords
                pass
        centroid = vectors.mean(axis=0)
        norm = np.linalg.norm(centroid)
        return vectors, centroid / norm if norm else centroid

    def _context(self, candidates: pd.DataFrame, context: pd.Series | None) -> pd.Series:
        if self.cfg.centroid == "eligible" or context is None or not len(context):
            return candidates["text"]
        return context

    def relevance(self, candidates: pd.DataFrame, vectors: np.ndarray, context: pd.Series | None = None) -> np.ndarray:
        """Each candidate's similarity to its date's centroid (what the sentence scorer sees)."""
        rows, centroid = self._space(candidates["text"], vectors, self._context(candidates, context))
        return np.asarray(rows @ centroid).ravel()

    def condense(self, candidates: pd.DataFrame, vectors: np.ndarray, k: int,
                 history: list[np.ndarray], context: pd.Series | None = None,
                 eligible: np.ndarray | None = None) -> list[list[int]]:
        """Up to ``k`` single-sentence groups (row positions in ``candidates``).

        Args:
            candidates: The date's candidate events (rows of ``vectors``); only eligible ones are taken.
            vectors: Their unit embeddings (for redundancy).
            history: Embeddings of every line already in the timeline.
            context: Texts of all the date's candidates, printable or not (the ``"all"`` centroid).
            eligible: :meth:`eligible` of ``candidates`` when the caller already has it
                (the pipeline condenses only printable rows); computed here when ``None``.
        """
        if len(candidates) == 0 or k <= 0:
            return []
        rows, centroid = self._space(candidates["text"], vectors, self._context(candidates, context))
        relevance = np.asarray(rows @ centroid).ravel()
        prior = np.zeros(len(candidates))
        if self.scorer is not None:  # learned sentence quality, standardised within the date
            prior = self.scorer.score(sentence_features(candidates, vectors, self.keywords, relevance))
            prior = self.cfg.scorer_weight * (prior - prior.mean()) / (prior.std() or 1.0)
        if self.cfg.support_weight and "support" in candidates:  # corroborated across documents
            support = np.log(candidates["support"].to_numpy(dtype=float))
            prior = prior + self.cfg.support_weight * support / (support.max() or 1.0)
        if self.cfg.lead_decay:  # an undated sentence further into its article speaks less for the day
            prior = prior - self.cfg.lead_decay * lead_depth(candidates, self.cfg.lead_sentences)
        if self.cfg.hindsight_weight:  # told later, looking back: a recap of what the day meant
            prior = prior + self.cfg.hindsight_weight * hindsight(candidates, self.hindsight_days)
        by_summary = self.cfg.objective == "summary"
        ok = self.eligible(candidates) if eligible is None else eligible
        texts = candidates["text"].str.lower().str.split().str.join(" ").to_numpy()
        chosen: list[int] = []
        taken = list(history)
        seen_texts: set[str] = set()
        summary = None  # the "summary" objective: sum of the chosen rows
        lam = self.cfg.mmr_lambda
        while len(chosen) < k:
            redundancy = np.max(np.stack(taken) @ vectors.T, axis=0) if taken else np.zeros(len(vectors))
            gain = _summary_gain(rows, centroid, summary) if by_summary else lam * relevance - (1 - lam) * redundancy
            score = gain + prior
            score = np.where(ok & (redundancy < self.cfg.redundancy), score, -np.inf)
            score[chosen] = -np.inf
            order = np.argsort(-score, kind="stable")
            pick = next((int(i) for i in order if np.isfinite(score[i]) and texts[i] not in seen_texts), None)
            if pick is None:
                break
            chosen.append(pick)
            seen_texts.add(texts[pick])
            taken.append(vectors[pick])
            row = rows[pick].toarray().ravel() if hasattr(rows, "toarray") else np.asarray(rows[pick])
            summary = row if summary is None else summary + row
        return [[i] for i in chosen]


@functools.lru_cache(maxsize=_MEMO_TEXTS)
def printable_text(text: str) -> bool:
    """The text-only part of :meth:`ExtractiveCondenser.eligible`: a full sentence with paired
    brackets that is no reader's comment or speaker turn. Remembered per text, because a
    benchmark's tasks (several reference timelines of one topic) and a walk's overlapping date
    chunks ask about the same sentences again and again."""
    return (_SENTENCE_END.search(text) is not None and _TRUNCATED.search(text) is None
            and len(_OPENING.findall(text)) == len(_CLOSING.findall(text)) and not is_chatter(text))


def lead_depth(candidates: pd.DataFrame, lead: int) -> np.ndarray:
    """How far into its article's lead each undated candidate stands: ``sent_idx / lead``,
    at most 1 (0 for the first sentence and for every sentence that names its date). With
    ``lead`` 0 (no lead limit) the depth is measured against ten sentences."""
    depth = np.minimum(candidates["sent_idx"].to_numpy(dtype=float) / (lead or 10), 1.0)
    return depth * (candidates["date_source"] == "published").to_numpy()


def hindsight(candidates: pd.DataFrame, days: int) -> np.ndarray:
    """1.0 for a candidate whose article came out more than ``days`` after the date it speaks
    for, else 0.0: a look back from later coverage, which states what the day is remembered for.
    All 0.0 for candidates without ``published`` and ``date`` columns."""
    if "published" not in candidates or "date" not in candidates:
        return np.zeros(len(candidates))
    return (days_after(candidates) > days).astype(float)


def _summary_gain(rows, centroid: np.ndarray, summary: np.ndarray | None) -> np.ndarray:
    """Cosine between (summary + row) and the centroid, for every (unit-length) row."""
    to_centroid = np.asarray(rows @ centroid).ravel()
    if summary is None:
        return to_centroid
    overlap = np.asarray(rows @ summary).ravel()
    norm = np.sqrt(np.maximum(summary @ summary + 1.0 + 2.0 * overlap, 1e-12))
    return (summary @ centroid + to_centroid) / norm
