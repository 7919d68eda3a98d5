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


def test_sentence_scorer_learns_and_drives_selection(tmp_path):
    from timeline.condense.scorer import SENTENCE_FEATURES, SentenceScorer, sentence_features

    cands = _cands([ROWS[0], ROWS[1], ROWS[4]])
    vecs = np.eye(3, dtype=np.float32)
    x = sentence_features(cands, vecs, ["bridge"])
    assert x.shape == (3, len(SENTENCE_FEATURES))
    assert x[:, SENTENCE_FEATURES.index("names_date")].tolist() == [1.0, 0.0, 0.0]
    rng = np.random.default_rng(1)
    train_x = rng.random((200, len(SENTENCE_FEATURES)))
    train_y = 2 * train_x[:, SENTENCE_FEATURES.index("lead")]  # only lead position matters
    scorer = SentenceScorer.fit(train_x, train_y)
    assert int(np.argmax(np.abs(scorer.coef))) == SENTENCE_FEATURES.index("lead")
    scorer.save(tmp_path / "s.json")
    assert SentenceScorer.load(tmp_path / "s.json").coef == scorer.coef
    picks = ExtractiveCondenser(CondenseConfig(lead_sentences=0), scorer=scorer).condense(cands, vecs, 1, [])
    assert cands["sent_idx"].iat[picks[0][0]] == 0  # the scorer prefers the leads
