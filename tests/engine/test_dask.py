"""The Dask engine gives the local engine's tables and briefings, on a 2-worker LocalCluster."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("distributed")

from timeline.corpus import read_corpus  # noqa: E402
from timeline.embed import Embedder  # noqa: E402
from timeline.engine import LocalEngine, make_engine  # noqa: E402
from timeline.errors import InputError  # noqa: E402
from timeline.temporal import tag_documents  # noqa: E402


@pytest.fixture(scope="module")
def dask_engine():
    engine = make_engine("dask", workers=2)  # spawned worker processes: pytest's own __main__ is guarded
    yield engine
    engine.close()


def _boom(item):
    if item == 3:
        raise InputError("bad thing", "some/file.txt", 7)
    logging.getLogger("timeline.test").warning("saw %s", item)
    return item * 10


def test_results_come_back_in_order_with_worker_warnings(dask_engine, caplog):
    caplog.set_level(logging.WARNING, logger="timeline")
    assert dask_engine.workers == 2
    assert list(dask_engine.map(_boom, [0, 1, 2])) == [0, 10, 20]
    assert [r.getMessage() for r in caplog.records if r.name.startswith("timeline")] == ["saw 0", "saw 1", "saw 2"]


def test_a_worker_input_error_arrives_intact(dask_engine):
    with pytest.raises(InputError) as err:
        list(dask_engine.map(_boom, [1, 3]))
    assert (err.value.path, err.value.line, err.value.reason) == ("some/file.txt", 7, "bad thing")


@pytest.fixture()
def messy_corpus(example_corpus, tmp_path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(example_corpus, folder)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "nodate.txt").write_text("Nothing here says when it happened.\n", encoding="utf-8")
    return folder


def test_read_split_tag_equal_the_local_engine(dask_engine, messy_corpus, caplog):
    caplog.set_level(logging.WARNING, logger="timeline")
    def ours():  # Dask's own loggers may speak too (a cancelled task of an earlier test)
        return sorted(r.getMessage() for r in caplog.records if r.name.startswith("timeline"))

    local = read_corpus([messy_corpus])
    local_warnings = ours()
    caplog.clear()
    dist = read_corpus([messy_corpus], engine=dask_engine, partition=3)
    assert ours() == local_warnings  # skips said on the client
    assert any("broken.txt" in w for w in local_warnings)
    pd.testing.assert_frame_equal(local, dist)
    assert local.attrs["skipped"] == dist.attrs["skipped"]
    for a, b in zip(tag_documents(local), tag_documents(dist, engine=dask_engine, partition=4)):
        pd.testing.assert_frame_equal(a, b)


def test_embedding_on_workers_equals_here(dask_engine, tiny_encoder):
    texts = [f"The bridge closed on day {i} of March as inspectors looked at the cracks." for i in range(40)]
    here = Embedder(str(tiny_encoder), batch_size=4).encode(texts)
    there = Embedder(str(tiny_encoder), batch_size=4, engine=dask_engine).encode(texts)
    np.testing.assert_allclose(here, there, atol=1e-6)


def test_local_engine_is_a_plain_ordered_map():
    assert list(LocalEngine().map(lambda x: x + 1, [1, 2, 3])) == [2, 3, 4]


def test_cli_dask_briefing_equals_local(messy_corpus, tiny_config_file, tmp_path):
    """The whole CLI on a fresh 2-worker LocalCluster (a subprocess: the CLI's own __main__ guard)."""
    cfg = tmp_path / "dask.toml"
    cfg.write_text(tiny_config_file.read_text() + "batch_size = 4\n[engine]\nworkers = 2\npartition_docs = 3\n"
                   "[condense]\nredundancy = 0.99\n")  # the random tiny encoder finds all lines alike
    outs = {}
    for engine in ("local", "dask"):
        out = tmp_path / f"{engine}.json"
        run = subprocess.run([sys.executable, "-m", "timeline", "summarise", str(messy_corpus), "--format", "json",
                              "-o", str(out), "--config", str(cfg), "--engine", engine],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        assert "broken.txt" in run.stderr  # the skip warning, also from a worker
        outs[engine] = json.loads(out.read_text())
    assert outs["dask"] == outs["local"]
    assert len(outs["local"]["entries"]) >= 5


def test_unreachable_scheduler_is_a_one_line_error():
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        make_engine("dask", scheduler="tcp://127.0.0.1:9")


def test_scheduler_without_dask_engine_is_refused():
    with pytest.raises(InputError, match="--scheduler needs --engine dask"):
        make_engine("local", scheduler="tcp://127.0.0.1:8786")


def test_bad_input_on_dask_is_one_line_without_a_worker_traceback(tmp_path):
    bad = tmp_path / "docs.jsonl"
    bad.write_text('{"text": "x"\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "timeline", "summarise", str(bad), "--engine", "dask",
                          "--config", str(_two_workers(tmp_path))], capture_output=True, text=True, timeout=300)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [f"timeline: error: {bad}:1: malformed JSON line (Expecting ',' "
                                               "delimiter); pass --skip-bad to skip such lines"]


def _two_workers(tmp_path) -> Path:
    cfg = tmp_path / "two.toml"
    cfg.write_text("[engine]\nworkers = 2\n", encoding="utf-8")
    return cfg
