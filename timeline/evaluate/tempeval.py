"""TempEval-3 style scoring of temporal expressions (UzZaman et al. 2013).

Strict span match needs identical offsets; relaxed needs any overlap. Type and value
accuracy are measured over relaxed matches; value F1 = relaxed F1 x value accuracy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass
class TimexScores:
    strict_p: float
    strict_r: float
    strict_f1: float
    relaxed_p: float
    relaxed_r: float
    relaxed_f1: float
    type_accuracy: float
    value_accuracy: float
    value_f1: float
    gold: int
    system: int

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_timexes(pairs: Iterable[tuple[list[dict], list[dict]]]) -> TimexScores:
    """Score ``(gold, system)`` timex lists, one pair per document.

    Each timex is a dict with ``start``, ``end``, ``type`` and ``value``.
    """
    n_gold = n_sys = strict_g = strict_s = relaxed_g = relaxed_s = 0
    type_ok = value_ok = matched = 0
    for gold, system in pairs:
        n_gold += len(gold)
        n_sys += len(system)
        spans = {(t["start"], t["end"]) for t in system}
        gspans = {(t["start"], t["end"]) for t in gold}
        strict_g += sum((t["start"], t["end"]) in spans for t in gold)
        strict_s += sum((t["start"], t["end"]) in gspans for t in system)
        relaxed_s += sum(any(s["start"] < g["end"] and g["start"] < s["end"] for g in gold) for s in system)
        for g in gold:
            overlapping = [s for s in system if s["start"] < g["end"] and g["start"] < s["end"]]
            if not overlapping:
                continue
            relaxed_g += 1
            best = max(overlapping, key=lambda s: min(s["end"], g["end"]) - max(s["start"], g["start"]))
            matched += 1
            type_ok += best["type"] == g["type"]
            value_ok += best["value"] == g["value"]
    sp = strict_s / n_sys if n_sys else 0.0
    sr = strict_g / n_gold if n_gold else 0.0
    rp = relaxed_s / n_sys if n_sys else 0.0
    rr = relaxed_g / n_gold if n_gold else 0.0
    rf = _f1(rp, rr)
    va = value_ok / matched if matched else 0.0
    return TimexScores(sp, sr, _f1(sp, sr), rp, rr, rf, type_ok / matched if matched else 0.0, va,
                       rf * va, n_gold, n_sys)
