"""The peers on a real topic (Timeline17 ``mj``): they run, keep the protocol and score
above zero. Skips where the shared data is absent."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from timeline.config import Config
from timeline.evaluate.tlsmetrics import as_dated, score_task
from timeline.keywords import keyword_mask
from timeline.peers import make_peer, topic_tasks
from timeline.prepare import prepare
from timeline.protocol import restrict, task_settings


def run_topic(folder: Path) -> dict[str, dict]:
    tasks = topic_tasks(folder, prepare([folder], Config()))
    out = {}
    for name in ("datewise", "clust"):
        peer = make_peer(name).fit(tasks)  # trained on the topic itself: a smoke test, not a score
        task = tasks[0]
        L, k, start, end = task_settings(task.reference)
        pairs = peer.predict(restrict(task.prepared, start, end), L, k, task.keywords, start, end)
        assert 0 < len(pairs) <= L
        for d, sents in pairs:
            assert start.isoformat() <= d <= end.isoformat()
            assert 0 < len(sents) <= k
            assert keyword_mask(pd.Series(sents), task.keywords).all()
        out[name] = score_task(as_dated(pairs), [as_dated(task.reference)])
    return out


@pytest.mark.slow
def test_peers_on_a_timeline17_topic(t17):
    scores = run_topic(t17 / "mj")
    for s in scores.values():
        assert s["ar1_f1"] > 0 and s["date_f1"] > 0
