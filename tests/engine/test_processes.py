"""Worker processes give the in-process engine's tables, warnings and errors."""

from __future__ import annotations

import logging
import os

import pandas as pd
import pytest

from timeline.corpus import read_corpus
from timeline.engine import LocalEngine, ProcessEngine, make_engine
from timeline.errors import InputError
from timeline.temporal import tag_documents


def _boom(item):
    if item == 3:
        raise InputError("bad thing", "some/file.txt", 7)
    logging.getLogger("timeline.test").warning("saw %s in %s", item, "a worker" if os.getpid() != PARENT else "here")
    return item * 10


PARENT = os.getpid()


@pytest.fixture(scope="module")
def engine():
    with ProcessEngine(workers=2) as eng:
        yield eng


def test_results_come_back_in_order_with_worker_warnings(engine, caplog):
    caplog.set_level(logging.WARNING, logger="timeline")
    assert list(engine.map(_boom, [0, 1, 2])) == [0, 10, 20]
    said = [r.getMessage() for r in caplog.records if r.name.startswith("timeline")]
    assert said == ["saw 0 in a worker", "saw 1 in a worker", "saw 2 in a worker"]


def test_a_worker_warning_is_printed_once(capfd):
    """The CLI prints through a handler on the "timeline" logger, which forked workers
    inherit: a worker's warning must reach stderr only through the parent, once."""
    logger = logging.getLogger("timeline")
    handler = logging.StreamHandler()  # sys.stderr, as the CLI sets it up
    logger.addHandler(handler)
    try:
        with ProcessEngine(workers=2) as eng:  # forked after the handler exists
            assert list(eng.map(_boom, [0, 1])) == [0, 10]
    finally:
        logger.removeHandler(handler)
    err = capfd.readouterr().err
    assert err.count("saw 0 in a worker") == 1 and err.count("saw 1 in a worker") == 1


def test_a_worker_input_error_arrives_intact(engine):
    with pytest.raises(InputError) as err:
        list(engine.map(_boom, [1, 3]))
    assert (err.value.path, err.value.line, err.value.reason) == ("some/file.txt", 7, "bad thing")


def test_one_item_runs_here_without_starting_workers():
    with ProcessEngine(workers=2) as eng:
        assert list(eng.map(_boom, [5])) == [50]
        assert eng._pool is None


def test_same_tables_as_one_process(engine, example_corpus):
    local_docs = read_corpus([example_corpus])
    docs = read_corpus([example_corpus], engine=engine, partition=3)
    pd.testing.assert_frame_equal(docs, local_docs)
    local = tag_documents(docs, engine=LocalEngine())
    here = tag_documents(docs, engine=engine, partition=3)
    for a, b in zip(here, local):
        pd.testing.assert_frame_equal(a, b)


def test_auto_picks_processes_when_cores_allow(monkeypatch):
    import timeline.engine.choose as choose

    monkeypatch.setattr(choose, "usable_cores", lambda: 4)
    assert make_engine("auto").name == "processes"
    monkeypatch.setattr(choose, "usable_cores", lambda: 1)
    assert make_engine("auto").name == "local"
    with pytest.raises(InputError, match="--scheduler needs --engine dask"):
        make_engine("processes", scheduler="tcp://x:1")
