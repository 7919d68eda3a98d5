from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.condense import ExtractiveCondenser, LeadCondenser
from timeline.config import CondenseConfig


def _cands(rows):
    df = pd.DataFrame(rows, columns=["doc_id", "sent_idx", "text", "date_source", "published"])
    df["n_words"] = df["text"].str.split().str.len()
    return df


ROWS = [
    ("a", 0, "The bridge was closed to all traffic on Tuesday.", "mention", pd.Timestamp("2026-03-03", tz="UTC")),
    ("a", 7, "Shop owners say trade on the street has halved since.", "published", pd.Timestamp("2026-03-03", tz="UTC")),
    ("b", 1, "Council closes the bridge", "published", pd.Timestamp("2026-03-03", tz="UTC")),
    ("b", 2, "Why was the bridge not inspected for ten years?", "published", pd.Timestamp("2026-03-03", tz="UTC")),
    ("c", 0, "The bridge closure angered commuters on the north shore.", "published", pd.Timestamp("2026-03-04", tz="UTC")),
]


def test_eligibility_rules():
    cands = _cands(ROWS)
    cfg = CondenseConfig(lead_sentences=0)
    assert ExtractiveCondenser(cfg).eligible(cands).tolist() == [True, True, False, False, True]  # no headline, no question
    cfg.lead_sentences = 5
    assert ExtractiveCondenser(cfg).eligible(cands).tolist() == [True, False, False, False, True]  # sentence 7 is past the lead
    assert ExtractiveCondenser(cfg, ["commuters"]).eligible(cands).tolist() == [False, False, False, False, True]


def test_mmr_skips_near_duplicates_of_the_timeline_so_far():
    cands = _cands([ROWS[0], ROWS[1], ROWS[4]])
    vecs = np.array([[1.0, 0, 0], [0, 1.0, 0], [0.99, 0.14, 0]], dtype=np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    picks = ExtractiveCondenser(CondenseConfig()).condense(cands, vecs, 3, history=[])
    chosen = [p[0] for p in picks]
    assert 0 in chosen or 2 in chosen
    assert not (0 in chosen and 2 in chosen)  # cosine 0.99 > redundancy 0.8
    assert ExtractiveCondenser(CondenseConfig()).condense(cands, vecs, 3, history=[vecs[0], vecs[1]]) == []


def test_lead_condenser_takes_earliest_sentences():
    cands = _cands(ROWS)
    picks = LeadCondenser(CondenseConfig()).condense(cands, np.zeros((len(cands), 2)), 2, [])
    assert [cands["sent_idx"].iat[p[0]] for p in picks] == [0, 0]
