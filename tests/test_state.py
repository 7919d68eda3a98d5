"""``--state``: reruns process only new or changed documents and give the same briefing."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from timeline.pipeline import summarise
from timeline.render import render


@pytest.fixture()
def corpus(example_corpus, tmp_path):
    """The example corpus without its last three days of news (added back later)."""
    folder = tmp_path / "corpus"
    shutil.copytree(example_corpus, folder)
    held = tmp_path / "held"
    held.mkdir()
    late = sorted(p for p in folder.rglob("*.*") if p.name[:10] >= "2026-03-20")
    assert late, "the example corpus has late articles"
    for p in late:
        p.rename(held / p.name)
    return folder, held, late


def test_incremental_run_equals_fresh_run(corpus, tiny_config, tmp_path, caplog):
    import logging

    folder, held, late = corpus
    state = tmp_path / "state"
    first = summarise([folder], tiny_config, state=state)
    for p in late:  # the news keeps coming
        (held / p.name).rename(p)
    with caplog.at_level(logging.INFO, logger="timeline.pipeline"):
        again = summarise([folder], tiny_config, state=state)
    fresh = summarise([folder], tiny_config)
    assert render(again, "json") == render(fresh, "json") and render(again, "md") == render(fresh, "md")
    assert render(first, "md") != render(fresh, "md")  # the new articles changed the briefing
    n_docs = len(fresh.documents)
    assert f"{n_docs - len(late)} documents reused, {len(late)} tagged, 0 dropped" in caplog.text


def test_changed_and_removed_documents_are_detected(corpus, tiny_config, tmp_path, caplog):
    import logging

    folder, _, _ = corpus
    state = tmp_path / "state"
    summarise([folder], tiny_config, state=state)
    files = sorted(p for p in folder.rglob("*.*"))
    files[0].unlink()
    files[1].write_text(files[1].read_text(encoding="utf-8") + "\nA correction was added on 9 March 2026.\n",
                        encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="timeline.pipeline"):
        again = summarise([folder], tiny_config, state=state)
    assert "1 tagged, 2 dropped" in caplog.text  # the edit re-tagged; the removed and the old version dropped
    assert render(again, "md") == render(summarise([folder], tiny_config), "md")


def test_state_folder_may_not_sit_inside_the_input(example_corpus, tmp_path, tiny_config_file):
    from typer.testing import CliRunner

    from timeline.cli import app

    folder = tmp_path / "in"
    shutil.copytree(example_corpus, folder)
    result = CliRunner().invoke(app, ["summarise", str(folder), "--state", str(folder / "state"),
                                      "--config", str(tiny_config_file)])
    assert result.exit_code == 2 and "refusing to keep state inside the input" in result.output


def test_ctrl_c_leaves_no_output_and_the_state_resumes(example_corpus, tmp_path, tiny_config_file):
    """A run interrupted mid-tagging exits 130, writes nothing, and keeps what it had tagged."""
    out, state = tmp_path / "out" / "briefing.md", tmp_path / "state"
    script = textwrap.dedent(f"""
        import sys
        import timeline.state as st
        import timeline.temporal.tagging as tp
        st.BATCH = 3
        real, calls = tp.tag_document, []
        def interrupted(*args):
            calls.append(1)
            if len(calls) == 8:
                raise KeyboardInterrupt
            return real(*args)
        tp.tag_document = interrupted
        from timeline.cli import main
        sys.argv = ["timeline", "summarise", {str(example_corpus)!r}, "-o", {str(out)!r},
                    "--state", {str(state)!r}, "--config", {str(tiny_config_file)!r},
                    "--engine", "local"]  # tag_document is counted in this process
        main()
    """)
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert ran.returncode == 130, ran.stderr
    assert "interrupted; nothing written" in ran.stderr and "Traceback" not in ran.stderr
    assert not out.exists() and (not out.parent.exists() or not list(out.parent.iterdir()))  # no partial file
    import sqlite3

    with sqlite3.connect(state / "tagged.sqlite") as con:
        kept = con.execute("SELECT COUNT(*) FROM tagged").fetchone()[0]
    assert kept == 7  # the seven documents tagged before Ctrl-C
    resumed = subprocess.run([sys.executable, "-m", "timeline", "summarise", str(example_corpus), "-o", str(out),
                              "--state", str(state), "--config", str(tiny_config_file), "-v"],
                             capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert "7 documents reused" in resumed.stderr and out.is_file()


def test_damaged_state_files_give_a_message_not_a_traceback(example_corpus, tmp_path, tiny_config_file):
    from typer.testing import CliRunner

    from timeline.cli import app

    damaged = tmp_path / "vectors"
    damaged.mkdir()
    (damaged / "embeddings.sqlite").write_text("garbage")  # a cache: warn and go on without it
    cfg = tmp_path / "cached.toml"
    cfg.write_text(tiny_config_file.read_text().replace("cache = false", "cache = true"))
    ran = CliRunner().invoke(app, ["summarise", str(example_corpus), "--state", str(damaged), "--config", str(cfg)])
    assert ran.exit_code == 0 and "vector cache unusable" in ran.output
    assert (damaged / "embeddings.sqlite").read_text() == "garbage"  # left as it was
    broken = tmp_path / "tags"
    broken.mkdir()
    (broken / "tagged.sqlite").write_text("garbage")  # the state itself: say so and stop
    ran = CliRunner().invoke(app, ["summarise", str(example_corpus), "--state", str(broken), "--config", str(cfg)])
    assert ran.exit_code == 2 and "cannot use the state folder" in ran.output and "Traceback" not in ran.output


def test_tagged_documents_are_cached_between_runs(example_corpus, tiny_config, tmp_path, monkeypatch):
    """Without --state, tagged documents are kept in the cache folder: a rerun tags nothing
    and gives the same briefing; a change of tagger (its fingerprint) tags everything again."""
    import timeline.state
    import timeline.temporal.tagging as T

    cfg = tiny_config
    cfg.embed.cache_dir = str(tmp_path / "cache")
    calls = []
    real = T.tag_document
    monkeypatch.setattr(T, "tag_document", lambda *a: calls.append(a[0]) or real(*a))
    first = summarise([example_corpus], cfg)
    n = len(first.documents)
    assert len(calls) == n and (tmp_path / "cache" / "tagged.sqlite").is_file()
    again = summarise([example_corpus], cfg)
    assert len(calls) == n  # nothing tagged the second time
    assert render(again, "md") == render(first, "md")
    monkeypatch.setattr(timeline.state, "TAGGER_VERSION", "another tagger")  # as a process with a new tagger
    summarise([example_corpus], cfg)
    assert len(calls) == 2 * n
    cfg.temporal.cache = False
    summarise([example_corpus], cfg)
    assert len(calls) == 3 * n


def test_tagger_version_follows_the_tagger_sources(tmp_path, monkeypatch):
    import timeline.temporal
    from timeline.state import tagger_version

    here = tagger_version()
    fake = tmp_path / "temporal"
    fake.mkdir()
    for f in Path(timeline.temporal.__file__).parent.glob("*.py"):
        (fake / f.name).write_bytes(f.read_bytes())
    monkeypatch.setattr(timeline.temporal, "__file__", str(fake / "__init__.py"))
    assert tagger_version() == here
    (fake / "english.py").write_text((fake / "english.py").read_text() + "\n# a rule changed\n")
    assert tagger_version() != here
