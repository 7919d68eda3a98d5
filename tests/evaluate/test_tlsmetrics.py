from __future__ import annotations

import datetime as dt

import pytest

from timeline.evaluate.tlsmetrics import align_m1, as_dated, average, date_prf, score_task

REF = as_dated([("2011-01-25", ["Protesters fill Tahrir Square in Cairo ."]),
                   ("2011-02-11", ["Mubarak resigns and hands power to the army ."])])


def test_identical_timeline_scores_one():
    s = score_task(REF, [REF])
    for key in ("ar1", "ar2", "date", "concat_r1", "concat_r2", "agreement_r1", "agreement_r2"):
        assert s[f"{key}_f1"] == pytest.approx(1.0), key


def test_date_offset_is_discounted_by_distance():
    shifted = {d + dt.timedelta(days=1): s for d, s in REF.items()}
    (p, r, f) = align_m1(shifted, [REF])[1]
    assert p == pytest.approx(0.5) and r == pytest.approx(0.5)  # 1 / (1 day + 1)
    assert date_prf(shifted, [REF]) == (0.0, 0.0, 0.0)
    assert score_task(shifted, [REF])["agreement_r1_f1"] == 0.0
    assert score_task(shifted, [REF])["concat_r1_f1"] == pytest.approx(1.0)


def test_many_to_one_alignment_counts_every_predicted_date():
    pred = as_dated([("2011-01-25", ["Protesters fill Tahrir Square in Cairo ."]),
                        ("2011-01-26", ["Protesters fill Tahrir Square in Cairo ."])])
    p, r, _ = align_m1(pred, [REF])[1]
    assert p == pytest.approx((1 + 0.5) / 2)  # both map to 25 January, the second at half weight
    assert r == pytest.approx(0.5)  # 11 February's summary is not covered (its nearest is far and different)


def test_empty_prediction_scores_zero_without_error():
    s = score_task({}, [REF])
    assert s["ar1_f1"] == 0.0 and s["date_f1"] == 0.0 and s["concat_r1_p"] == 0.0


def test_average_takes_f1_of_mean_precision_and_recall():
    tasks = [{f"{m}_{x}": v for m in ("ar1", "ar2", "date", "concat_r1", "concat_r2", "agreement_r1",
                                      "agreement_r2") for x, v in (("p", p), ("r", r), ("f1", 0))}
             for p, r in ((1.0, 0.0), (0.0, 1.0))]
    avg = average(tasks)
    assert avg["ar1_p"] == 0.5 and avg["ar1_r"] == 0.5 and avg["ar1_f1"] == pytest.approx(0.5)
