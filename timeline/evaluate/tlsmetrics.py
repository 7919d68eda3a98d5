"""Timeline metrics of Martschat & Markert (2017), as the tilse toolkit computes them.

* concat: ROUGE of all predicted sentences against all reference sentences;
* agreement: ROUGE only between summaries of the same date;
* align+ m:1 (reported as AR-1/AR-2): every predicted date (for precision) and every
  reference date (for recall) is mapped to its cheapest counterpart, the cost mixing date
  distance and a unigram-overlap approximation; hits are weighted by
  ``1 / (|date difference| + 1)``;
* date precision/recall/F1 of the sets of dates.

Scores of one task come from :func:`score_task`; :func:`average` averages precision and
recall over tasks and computes F1 from the averages (as tilse's ``Scores`` does).
"""

from __future__ import annotations

import datetime as dt
import string
from collections import Counter
from collections.abc import Sequence

import numpy as np

from timeline.evaluate.rouge import rouge_counts

Dated = dict[dt.date, list[str]]  # a timeline as the metrics see it: date -> sentences
MEASURES = ("ar1", "ar2", "date", "concat_r1", "concat_r2", "agreement_r1", "agreement_r2")


def f_score(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def as_dated(pairs: Sequence[tuple[str, Sequence[str]]]) -> Dated:
    """``[["YYYY-MM-DD", [sentence, ...]], ...]`` to a date -> stripped sentences mapping."""
    return {dt.date.fromisoformat(str(d)[:10]): [s.strip() for s in sents] for d, sents in pairs}


def _prf(h_p: float, p: float, h_r: float, m: float) -> tuple[float, float, float]:
    prec = h_p / p if p else 0.0
    rec = h_r / m if m else 0.0
    return prec, rec, f_score(prec, rec)


def concat(pred: Dated, refs: list[Dated], n: int) -> tuple[float, float, float]:
    peer = [s for d in sorted(pred) for s in pred[d]]
    models = [[s for d in sorted(ref) for s in ref[d]] for ref in refs]
    h, p, m = rouge_counts(peer, models, n)
    return _prf(h, p, h, m)


def agreement(pred: Dated, refs: list[Dated], n: int) -> tuple[float, float, float]:
    ref_dates = set().union(*refs) if refs else set()
    h_p = p_tot = h_r = m_tot = 0
    for date in set(pred) | ref_dates:
        h, p, m = rouge_counts(pred.get(date, []), [ref.get(date, []) for ref in refs], n)
        if date in pred:
            h_p, p_tot = h_p + h, p_tot + p
        if date in ref_dates:
            h_r, m_tot = h_r + h, m_tot + m
    return _prf(h_p, p_tot, h_r, m_tot)


def _content_tokens(sentence: str) -> list[str]:
    # tilse 0.2.1 drops a token when it is a substring of string.punctuation (".", "''", "--", ...)
    return [t for t in sentence.split() if t not in string.punctuation]


def _token_counts(summary: list[str]) -> Counter:
    counts: Counter = Counter()
    for sent in summary:
        counts.update(_content_tokens(sent))
    return counts


def _approx_rouge1(pred: Counter, refs: list[Counter], pred_total: int, refs_total: int) -> float:
    """tilse 0.2.1's cheap ROUGE-1 F1 on whitespace tokens (of one date's predicted summary
    and each reference's summary of the other date), used only to build alignment costs.
    The totals are the summaries' token counts (taken once per date by the caller)."""
    match = 0
    for r in refs:
        match += sum(min(pred[tok], r[tok]) for tok in pred.keys() & r.keys())
    prec_denom = len(refs) * pred_total
    precision = 0 if prec_denom == 0 else match / prec_denom
    recall = 0 if refs_total == 0 else match / refs_total
    return 0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _content_costs(pred_dates: list[dt.date], ref_dates: list[dt.date], pred: Dated, refs: list[Dated]) -> np.ndarray:
    """Alignment costs, one row per predicted date and one column per reference date: the
    date distance factor times one minus the content overlap. Token counts are taken once
    per date, not once per pair."""
    pred_counts = [_token_counts(pred.get(d, [])) for d in pred_dates]
    ref_counts = [[_token_counts(ref.get(d, [])) for ref in refs] for d in ref_dates]
    pred_totals = [sum(c.values()) for c in pred_counts]
    ref_totals = [sum(sum(c.values()) for c in counts) for counts in ref_counts]
    costs = np.empty((len(pred_dates), len(ref_dates)))
    for i, a in enumerate(pred_dates):
        for j, b in enumerate(ref_dates):
            date_factor = 1 - 1 / (abs(a.toordinal() - b.toordinal()) + 1)
            rouge = _approx_rouge1(pred_counts[i], ref_counts[j], pred_totals[i], ref_totals[j])
            costs[i, j] = date_factor * (1 - rouge)
    return costs


def align_m1(pred: Dated, refs: list[Dated], ns: Sequence[int] = (1, 2)) -> dict[int, tuple]:
    """align+ m:1 precision, recall and F1 for each ROUGE-N in ``ns``."""
    pred_dates = sorted(pred)
    ref_dates = sorted(set().union(*refs)) if refs else []
    out: dict[int, list[float]] = {n: [0.0, 0, 0.0, 0] for n in ns}  # h_p, p, h_r, m
    if pred_dates and ref_dates:
        prec_costs = _content_costs(pred_dates, ref_dates, pred, refs)
        for i, d_pred in enumerate(pred_dates):
            d_ref = ref_dates[int(prec_costs[i].argmin())]
            weight = 1 / (abs(d_pred.toordinal() - d_ref.toordinal()) + 1)
            for n in ns:
                h, p, _ = rouge_counts(pred[d_pred], [ref.get(d_ref, []) for ref in refs], n)
                out[n][0] += weight * h
                out[n][1] += p
        rec_costs = prec_costs.T  # the same pairs, seen from the reference dates
        for i, d_ref in enumerate(ref_dates):
            d_pred = pred_dates[int(rec_costs[i].argmin())]
            weight = 1 / (abs(d_pred.toordinal() - d_ref.toordinal()) + 1)
            for n in ns:
                h, _, m = rouge_counts(pred[d_pred], [ref.get(d_ref, []) for ref in refs], n)
                out[n][2] += weight * h
                out[n][3] += m
    else:  # nothing to align: unmatched dates still count in the denominators
        for d_pred in pred_dates:
            for n in ns:
                out[n][1] += rouge_counts(pred[d_pred], [[] for _ in refs], n)[1]
        for d_ref in ref_dates:
            for n in ns:
                out[n][3] += rouge_counts([], [ref.get(d_ref, []) for ref in refs], n)[2]
    return {n: _prf(*vals) for n, vals in out.items()}


def date_prf(pred: Dated, refs: list[Dated]) -> tuple[float, float, float]:
    pred_dates = set(pred)
    ref_dates = set().union(*refs) if refs else set()
    both = pred_dates & ref_dates
    p = len(both) / len(pred_dates) if pred_dates else 0.0
    r = len(both) / len(ref_dates) if ref_dates else 0.0
    return p, r, f_score(p, r)


def score_task(pred: Dated, refs: list[Dated]) -> dict[str, float]:
    """All metrics of one predicted timeline against its reference timeline(s).

    Returns:
        Flat keys ``ar1_p, ar1_r, ar1_f1, ar2_*, date_*, concat_r1_*, concat_r2_*,
        agreement_r1_*, agreement_r2_*``.
    """
    scores: dict[str, float] = {}
    aligned = align_m1(pred, refs)
    parts = {"ar1": aligned[1], "ar2": aligned[2], "date": date_prf(pred, refs),
             "concat_r1": concat(pred, refs, 1), "concat_r2": concat(pred, refs, 2),
             "agreement_r1": agreement(pred, refs, 1), "agreement_r2": agreement(pred, refs, 2)}
    for name, (p, r, f) in parts.items():
        scores[f"{name}_p"], scores[f"{name}_r"], scores[f"{name}_f1"] = p, r, f
    return scores


def average(tasks: list[dict[str, float]]) -> dict[str, float]:
    """Mean precision and recall over tasks; F1 from those means."""
    out: dict[str, float] = {}
    for name in MEASURES:
        p = sum(t[f"{name}_p"] for t in tasks) / len(tasks) if tasks else 0.0
        r = sum(t[f"{name}_r"] for t in tasks) / len(tasks) if tasks else 0.0
        out[f"{name}_p"], out[f"{name}_r"], out[f"{name}_f1"] = p, r, f_score(p, r)
    return out
