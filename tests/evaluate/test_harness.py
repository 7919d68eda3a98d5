"""The benchmark protocol on a small dataset built from the example corpus (tiny encoder)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from timeline.benchmark import METHODS, run_benchmark, write_results
from timeline.cli import app
from timeline.corpus import read_corpus
from timeline.errors import InputError
from timeline.protocol import task_settings

REFS = [
    [["2026-03-03", ["The council closes the Marrow Street Bridge to all traffic ."]],
     ["2026-03-05", ["Councillors approve 4.2 million for emergency repairs .", "Braces are planned ."]],
     ["2026-03-11", ["A span of the bridge collapses during Storm Ilse ."]]],
    [["2026-03-11", ["The bridge collapses ."]],
     ["2026-03-13", ["The minister orders an independent inquiry ."]],
     ["2026-03-23", ["Council leader Tomas Reyes resigns ."]],
     ["2026-03-25", ["A temporary footbridge is announced ."]]],
]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, example_corpus):
    root = tmp_path_factory.mktemp("tls")
    docs = read_corpus([example_corpus])
    for topic in ("bridge", "bridge2"):
        folder = root / topic
        folder.mkdir()
        with open(folder / "articles.jsonl", "w") as fh:
            for row in docs.itertuples():
                fh.write(json.dumps({"id": row.doc_id, "date": row.published.date().isoformat(),
                                     "title": row.title, "text": row.text}) + "\n")
        (folder / "timelines.jsonl").write_text("".join(json.dumps(r) + "\n" for r in REFS))
        (folder / "keywords.json").write_text(json.dumps(["bridge", "council"]))
    return root


def test_task_settings():
    assert task_settings(REFS[0]) == (3, 1, dt.date(2026, 3, 3), dt.date(2026, 3, 11))  # round(4/3) = 1
    assert task_settings([["2020-01-01", ["a", "b", "c"]]])[1] == 3


def test_protocol_limits_hold_for_every_method(dataset, tiny_config):
    tiny_config.condense.redundancy = 1.01  # random tiny-encoder vectors all look alike: no redundancy cut
    results = run_benchmark(dataset, tiny_config, methods=METHODS, topics=["bridge"])
    assert [r.method for r in results] == list(METHODS)
    for result in results:
        assert len(result.tasks) == len(REFS) == len(result.predictions)
        for pred, ref in zip(result.predictions, REFS):
            L, k, start, end = task_settings(ref)
            assert len(pred["prediction"]) <= L
            for day, sents in pred["prediction"]:
                assert start <= dt.date.fromisoformat(day) <= end
                assert 1 <= len(sents) <= k
                assert all("bridge" in s.lower() or "council" in s.lower() for s in sents)
    oracle = next(r for r in results if r.method == "oracle-dates")
    assert oracle.average["date_r"] > 0.5  # it is handed the reference dates


def test_results_files_and_cli(dataset, tiny_config, tiny_config_file, tmp_path):
    result = run_benchmark(dataset, tiny_config, topics=["bridge"])[0]
    write_results(result, tmp_path / "r")
    lines = [json.loads(line) for line in (tmp_path / "r" / "predictions.jsonl").read_text().splitlines()]
    assert [(p["topic"], p["timeline"]) for p in lines] == [("bridge", 0), ("bridge", 1)]
    metrics = json.loads((tmp_path / "r" / "metrics.json").read_text())
    keys = {f"{m}_{x}" for m in ("ar1", "ar2", "date", "concat_r1", "concat_r2", "agreement_r1", "agreement_r2")
            for x in ("p", "r", "f1")}
    assert keys <= set(metrics["average"]) and all(keys <= set(t) for t in metrics["tasks"])
    out = tmp_path / "cli"
    ran = CliRunner().invoke(app, ["evaluate", str(dataset), "-o", str(out), "--config", str(tiny_config_file),
                                   "--topics", "bridge2", "-q"])
    assert ran.exit_code == 0, ran.output
    assert "AR-1" in ran.output and (out / "metrics.json").is_file()
    again = CliRunner().invoke(app, ["evaluate", str(dataset), "-o", str(out), "--config", str(tiny_config_file)])
    assert again.exit_code == 2 and "--force" in again.output
    bad = CliRunner().invoke(app, ["evaluate", str(dataset), "-o", str(tmp_path / "x"), "--topics", "nope",
                                   "--config", str(tiny_config_file)])
    assert bad.exit_code == 2 and "unknown topic" in bad.output


def test_leave_one_topic_out_says_which_ranker_each_fold_kept(dataset, tiny_config):
    (validated,) = run_benchmark(dataset, tiny_config, loo=True)
    assert sum(validated.rankers.values()) == 2 and set(validated.rankers) <= {"heuristic", "fitted"}
    (unvalidated,) = run_benchmark(dataset, tiny_config, loo=True, validate_ranker=False)
    assert unvalidated.rankers == {"fitted": 2}


def test_several_datasets_name_topics_by_folder(dataset, tiny_config, tmp_path):
    import shutil

    other = tmp_path / "other"
    shutil.copytree(dataset / "bridge", other / "bridge")
    (res,) = run_benchmark([dataset, other], tiny_config, topics=[f"{dataset.name}/bridge", "other/bridge"])
    assert [t["topic"] for t in res.tasks] == [f"{dataset.name}/bridge"] * 2 + ["other/bridge"] * 2
    with pytest.raises(InputError, match="unknown topic"):
        run_benchmark([dataset, other], tiny_config, topics=["bridge"])  # names need their dataset now


def test_a_topic_without_usable_references_is_an_error_or_a_skip(dataset, tiny_config, tmp_path):
    import shutil

    root = tmp_path / "data"
    shutil.copytree(dataset, root)
    (root / "bridge2" / "timelines.jsonl").write_text('[["2026-03-03", ["x ."]]]\n[]\n')
    with pytest.raises(InputError) as err:
        run_benchmark(root, tiny_config)
    assert err.value.path.endswith("bridge2/timelines.jsonl") and "empty" in err.value.reason
    assert "--skip-bad" in str(err.value)
    tiny_config.corpus.skip_bad = True
    (res,) = run_benchmark(root, tiny_config)
    assert {t["topic"] for t in res.tasks} == {"bridge"}
    (root / "bridge" / "timelines.jsonl").unlink()
    tiny_config.corpus.skip_bad = False
    with pytest.raises(InputError, match="no reference timelines"):
        run_benchmark(root, tiny_config, topics=["bridge"])


def test_a_reference_date_that_is_no_day_is_named_and_a_topic_without_articles_skipped(dataset, tiny_config, tmp_path):
    import shutil

    from timeline.train import train

    root = tmp_path / "data"
    shutil.copytree(dataset, root)
    (root / "bridge2" / "timelines.jsonl").write_text('[["2026-13-03", ["x ."]]]\n')
    with pytest.raises(InputError, match=r"timelines\.jsonl:1: malformed timeline line \(date '2026-13-03' is no day"):
        run_benchmark(root, tiny_config)  # it had been a ValueError traceback when the task was scored
    shutil.copy(dataset / "bridge" / "timelines.jsonl", root / "bridge2" / "timelines.jsonl")
    (root / "bridge2" / "articles.jsonl").write_text("")
    with pytest.raises(InputError, match="no usable documents"):
        run_benchmark(root, tiny_config)
    tiny_config.corpus.skip_bad = True  # a topic whose articles are unusable is skipped, as one without references
    (res,) = run_benchmark(root, tiny_config)
    assert {t["topic"] for t in res.tasks} == {"bridge"}
    model = train(root, tmp_path / "m", tiny_config)
    assert model.manifest["trained_on"]["topics"] == ["bridge"]


def test_the_packaged_ranker_never_scores_a_topic_it_was_trained_on(dataset, tiny_config, monkeypatch):
    import timeline.benchmark.harness as harness
    from timeline.modeldir import ModelDir
    from timeline.select import DateRanker

    model = ModelDir(date_ranker=DateRanker.heuristic(tiny_config.select),
                     manifest={"trained_on": {"topics": ["tls/bridge"]}})
    monkeypatch.setattr(harness, "packaged_model", lambda: model)
    tiny_config.select.ranker = "packaged"
    (res,) = run_benchmark(dataset, tiny_config)
    assert res.rankers == {"heuristic (the packaged ranker was trained on this topic)": 1, "packaged": 1}
    tiny_config.select.ranker = "heuristic"
    (res,) = run_benchmark(dataset, tiny_config, model=model)  # a --model-dir: the same rule
    assert res.rankers == {"heuristic (the model ranker was trained on this topic)": 1, "model": 1}


def test_nested_choice_never_uses_a_topic_to_choose_its_own_setting():
    from timeline.benchmark import BenchmarkResult, nested_choice

    def run(scores):  # topic -> AR-1 of its one task
        return BenchmarkResult("timeline", [{"topic": t, "timeline": 0, "ar1_f1": s} for t, s in scores.items()])

    # "b" is better on a/x and a/y, "a" only on b/z, where it is far better: a topic's own gain
    # must not choose its value, and each dataset weighs the same
    runs = {"a": run({"d1/x": 0.10, "d1/y": 0.10, "d2/z": 0.90}),
            "b": run({"d1/x": 0.20, "d1/y": 0.20, "d2/z": 0.10})}
    combined, counts = nested_choice(runs)
    got = {t["topic"]: t["ar1_f1"] for t in combined.tasks}
    # for d2/z only d1's topics choose ("b"); for d1/x, d1/y (b .20 vs a .10) and d2/z (a .90 vs b .10) weigh the same
    assert got == {"d1/x": 0.10, "d1/y": 0.10, "d2/z": 0.10}
    assert counts == {"a": 2, "b": 1}


def test_the_next_topic_is_prepared_in_the_background_with_the_same_results(dataset, tiny_config, monkeypatch):
    import threading

    import timeline.benchmark.harness as harness
    from timeline.engine import LocalEngine
    from timeline.engine.processes import ProcessEngine

    threads = []
    real = harness.prepare

    def watched(inputs, cfg, progress=False, **kwargs):
        threads.append((threading.current_thread().name, progress))
        return real(inputs, cfg, progress, **kwargs)

    monkeypatch.setattr(harness, "prepare", watched)
    (here,) = run_benchmark(dataset, tiny_config, engine=LocalEngine(), progress=True)
    assert threads == [("MainThread", True), ("MainThread", True)]  # one core's engine: nothing to overlap with
    threads.clear()
    with ProcessEngine(2) as engine:
        (overlapped,) = run_benchmark(dataset, tiny_config, engine=engine, progress=True)
    assert threads[0] == ("MainThread", True)
    assert threads[1][0].startswith("prepare")  # bridge2 while bridge ran,
    assert threads[1][1] is False  # without bars drawn over bridge's
    assert overlapped.tasks == here.tasks
    assert not [t for t in threading.enumerate() if t.name.startswith("prepare")]  # the walk's thread ended


def test_an_error_preparing_the_next_topic_in_the_background_still_stops_the_run(dataset, tiny_config, tmp_path):
    import shutil

    from timeline.engine.processes import ProcessEngine

    root = tmp_path / "data"
    shutil.copytree(dataset, root)
    (root / "bridge2" / "articles.jsonl").write_bytes(b"\x00\x01\x02 not json\n")
    with ProcessEngine(2) as engine, pytest.raises(InputError) as err:
        run_benchmark(root, tiny_config, engine=engine)
    assert err.value.path.endswith("bridge2") and "bridge2/articles.jsonl: binary file" in str(err.value)
