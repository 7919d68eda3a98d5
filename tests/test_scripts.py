"""Every script under scripts/ imports against the package as it is now: a renamed or moved
function would otherwise break a benchmark that nothing else runs."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = sorted((Path(__file__).resolve().parents[1] / "scripts").glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_script_imports(script):
    spec = importlib.util.spec_from_file_location(f"_script_{script.stem}", script)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))  # its top level (main runs under __main__)
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):  # imports inside functions too
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "timeline":
            target = importlib.import_module(node.module)
            for alias in node.names:
                assert hasattr(target, alias.name) or importlib.util.find_spec(f"{node.module}.{alias.name}"), \
                    f"{script.name}: {node.module} has no {alias.name}"


def test_a_benchmark_answers_help():
    script = next(s for s in SCRIPTS if s.stem == "benchmark_speed")
    out = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "usage" in out.stdout.lower()


def test_the_blind_benchmark_chooses_over_every_combination_of_its_settings():
    script = next(s for s in SCRIPTS if s.stem == "benchmark_tls")
    spec = importlib.util.spec_from_file_location("_script_benchmark_tls", script)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from timeline.config import load_config

    grid = bench._grid(["select.hindsight_days=30,7", "condense.redundancy=0.85,0.8"])
    assert [label for label, _ in grid] == [
        "select.hindsight_days = 30, condense.redundancy = 0.85", "select.hindsight_days = 30, condense.redundancy = 0.8",
        "select.hindsight_days = 7, condense.redundancy = 0.85", "select.hindsight_days = 7, condense.redundancy = 0.8"]
    cfg = load_config()
    changed = bench._with(cfg, grid[-1][1])
    assert changed.select.hindsight_days == 7 and isinstance(changed.select.hindsight_days, int)
    assert changed.condense.redundancy == 0.8 and cfg.condense.redundancy != 0.8  # a copy, the original kept
    assert bench._with(cfg, {"select.hindsight_days": float(cfg.select.hindsight_days)}) == cfg  # reuses the default run
    assert bench._grid([]) == []


def _script(stem: str):
    """A script of scripts/ as a module (its ``main`` not yet run)."""
    spec = importlib.util.spec_from_file_location(f"_run_{stem}", next(s for s in SCRIPTS if s.stem == stem))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _topic(folder: Path, article: str) -> None:
    """A topic folder holding one article (``articles.jsonl``) published on 9 November 2005."""
    import json

    folder.mkdir(parents=True)
    (folder / "articles.jsonl").write_text(json.dumps({"date": "2005-11-09", "text": article}) + "\n")


def test_the_choice_benchmark_chooses_a_margin_on_some_topics_and_reports_on_others(tmp_path, tiny_causal_lm):
    module = _script("benchmark_choice")
    article = ("The talks with President Hu opened in London on Monday , Mr Blair said . \n"
               "Tony Blair met Hu Jintao at Downing Street for two hours . \n"
               "Hu Jintao said the talks had been frank and would continue next year .")
    for topic in ("choose_me", "test_me"):
        _topic(tmp_path / "data" / topic, article)
    out = tmp_path / "choice.md"
    assert module.main(["--data", str(tmp_path / "data"), "--test-topics", "test_me", "--model", str(tiny_causal_lm),
                        "--margins", "1e9,0", "--precision-target", "0", "--out", str(out)]) == 0
    text = out.read_text()
    assert "| choosing | 1 |" in text and "| test | 1 |" in text
    # margin 1e9 never picks, so the smallest margin that picks at all (0) is chosen
    assert "choosing topics): 0.0. On the test topics it resolves 1 of 1 items" in text
    assert module.main(["--data", str(tmp_path / "nothing"), "--out", str(out)]) == 2


def test_the_name_edit_sample_prints_sure_edits_with_the_sentence_before(tmp_path, capsys):
    module = _script("sample_name_edits")
    _topic(tmp_path / "data" / "visit", "Mr Blair arrived in Beijing on Monday . \nTony Blair said the visit would "
           "last two days . \nHe met officials at the Great Hall of the People . \nThe Great Hall was full . \n"
           "He left the hall at noon on Tuesday .")
    assert module.main(["--data", str(tmp_path / "data"), "--lines", "10"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 of 2 drawn He/She lines get a sure name")  # the second: a "He" between, unsure
    assert "-> Tony Blair met officials at the Great Hall of the People." in out
    assert module.main(["--data", str(tmp_path / "nothing")]) == 2
