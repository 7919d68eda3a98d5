"""Our metrics against the tilse toolkit running the original Perl ROUGE-1.5.5 (slow).

Needs ``tilse==0.2.1`` (installed with ``--no-deps``, plus ``nltk`` which its module imports)
and Perl with ``XML::DOM`` and ``DB_File``; skips where any is missing. 20 random
predicted/reference pairs are built from Timeline17: reference timelines cut to a few dates,
predictions of real article sentences on the same, shifted or extra dates.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import subprocess

import pytest

from timeline.evaluate.tlsmetrics import as_dated, score_task

pytestmark = pytest.mark.slow


def _tilse():
    if shutil.which("perl") is None:
        pytest.skip("perl not installed")
    if subprocess.run(["perl", "-MXML::DOM", "-MDB_File", "-e", "1"], capture_output=True).returncode != 0:
        pytest.skip("perl XML::DOM or DB_File missing")
    pytest.importorskip("nltk")
    rouge = pytest.importorskip("tilse.evaluation.rouge")
    from tilse.data import timelines
    from tilse.evaluation import dates

    return rouge, timelines, dates


def _pairs(t17, n=20, seed=3):
    rng = random.Random(seed)
    topics = sorted(p.name for p in t17.iterdir() if (p / "timelines.jsonl").is_file())
    sentences = {}
    out = []
    while len(out) < n:
        topic = rng.choice(topics)
        refs = [json.loads(line) for line in (t17 / topic / "timelines.jsonl").read_text().splitlines()]
        ref = rng.choice(refs)
        start = rng.randrange(max(1, len(ref) - 6))
        ref = ref[start:start + rng.randint(2, 6)]
        if topic not in sentences:
            with open(t17 / topic / "articles.jsonl") as fh:
                texts = [json.loads(next(fh))["text"] for _ in range(40)]
            sentences[topic] = [s for t in texts for s in t.split("\n") if s.strip()]
        pred = {}
        for day, ref_sents in ref:
            d = dt.date.fromisoformat(day) + dt.timedelta(days=rng.choice([0, 0, 0, 1, -1, 3, 10]))
            sents = rng.sample(sentences[topic], rng.randint(1, 3))
            if rng.random() < 0.4:
                sents.append(rng.choice(ref_sents))  # some real overlap
            pred[d.isoformat()] = sents
        if rng.random() < 0.3:
            pred["2000-01-01"] = [rng.choice(sentences[topic])]  # a far-off extra date
        out.append((sorted(pred.items()), ref))
    return out


def test_metrics_match_tilse_perl_rouge(t17):
    rouge, timelines, dates = _tilse()
    evaluator = rouge.TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"])
    worst = 0.0
    for pred, ref in _pairs(t17):
        p_tl = timelines.Timeline({dt.date.fromisoformat(d): s for d, s in pred})
        r_gt = timelines.GroundTruth([timelines.Timeline({dt.date.fromisoformat(d): s for d, s in ref})])
        theirs = {
            "ar": evaluator.evaluate_align_date_content_costs_many_to_one(p_tl, r_gt),
            "concat": evaluator.evaluate_concat(p_tl, r_gt),
            "agreement": evaluator.evaluate_agreement(p_tl, r_gt),
        }
        date = dates.evaluate_dates(p_tl, r_gt)
        ours = score_task(as_dated(pred), [as_dated(ref)])
        for key, n in (("ar1", 1), ("ar2", 2), ("concat_r1", 1), ("concat_r2", 2), ("agreement_r1", 1),
                       ("agreement_r2", 2)):
            scores = theirs[key.split("_")[0].rstrip("12") or "ar"][f"rouge_{n}"]
            for ours_key, their_key in (("p", "precision"), ("r", "recall"), ("f1", "f_score")):
                diff = abs(ours[f"{key}_{ours_key}"] - scores[their_key])
                worst = max(worst, diff)
                assert diff <= 0.002, (key, ours_key, pred, ref)
        for ours_key, their_key in (("p", "precision"), ("r", "recall"), ("f1", "f_score")):
            assert abs(ours[f"date_{ours_key}"] - date[their_key]) <= 1e-9
    print(f"largest difference: {worst:.2e}")
