"""Training the date ranker and loading model folders (small dataset from the example corpus)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.evaluate.test_harness import dataset  # noqa: F401  (the shared fixture)
from timeline.cli import app
from timeline.errors import InputError
from timeline.modeldir import ModelDir
from timeline.select import FEATURES, DateRanker, candidate_dates
from timeline.train import train


def test_candidate_features_count_what_they_say(example_corpus, tiny_config):
    from timeline.prepare import prepare

    prepared = prepare([example_corpus], tiny_config)
    table = candidate_dates(prepared.events, prepared.docs, ["ferries", "ferry"]).set_index(["date", "granularity"])
    collapse = table.loc[(pd.Timestamp("2026-03-11"), "day")]
    assert collapse["published_docs"] == 2
    assert collapse["mention_docs_after"] >= 1  # the 12 March article: "rescued ... yesterday"
    march9 = table.loc[(pd.Timestamp("2026-03-09"), "day")]
    assert march9["keyword_sents"] >= 1  # "the extra ferries that started today"
    assert set(FEATURES) <= set(table.columns) and (table[FEATURES] >= 0).all().all()


def test_ranker_learns_the_signal_and_round_trips(tmp_path):
    rng = np.random.default_rng(0)
    tables, labels = [], []
    for _ in range(4):
        n = 60
        t = pd.DataFrame({name: rng.integers(0, 5, n).astype(float) for name in FEATURES})
        t["is_month"], t["granularity"] = 0.0, "day"
        y = (t["published_docs"] > 2).astype(int).to_numpy()  # the signal to find: not the anchor feature
        t.loc[y == 1, "published_docs"] += 10
        tables.append(t)
        labels.append(y)
    sizes = [int(y.sum()) for y in labels]
    ranker = DateRanker.fit(tables, labels, sizes)
    weights = dict(zip(ranker.features, ranker.coef))
    assert weights["count:published_docs"] == max(weights.values()) > 1.0  # outweighs the anchor
    top = np.argsort(-ranker.score(tables[0]))[:sizes[0]]
    assert labels[0][top].all()  # its top-L dates are exactly the labelled ones
    ranker.save(tmp_path / "r.json")
    again = DateRanker.load(tmp_path / "r.json")
    assert np.allclose(again.score(tables[0]), ranker.score(tables[0]))


def test_ranker_trained_on_other_features_is_refused(tmp_path):
    (tmp_path / "r.json").write_text(json.dumps({"features": ["mention_docs"], "mean": [0.0], "scale": [1.0],
                                                 "coef": [1.0], "intercept": 0.0}))
    table = pd.DataFrame({name: [1.0] for name in FEATURES} | {"granularity": ["day"]})
    with pytest.raises(InputError, match="retrain"):
        DateRanker.load(tmp_path / "r.json").score(table)


def test_train_writes_a_json_model_folder(dataset, tiny_config, tmp_path):  # noqa: F811
    model = train(dataset, tmp_path / "m", tiny_config, topics=["bridge"])
    files = sorted(p.name for p in (tmp_path / "m").iterdir())
    assert files == ["date_ranker.json", "manifest.json", "sentence_scorer.json"]  # JSON only, no pickle
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert manifest["trained_on"]["topics"] == ["bridge"] and manifest["trained_on"]["timelines"] == 2
    loaded = ModelDir.load(tmp_path / "m")
    assert loaded.date_ranker.coef == model.date_ranker.coef


def test_model_folder_cannot_point_outside(tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "manifest.json").write_text(json.dumps(
        {"format": "timeline.model/1", "components": {"date_ranker": "../../etc/passwd"}}))
    with pytest.raises(InputError, match="outside the model folder"):
        ModelDir.load(tmp_path / "m")
    with pytest.raises(InputError, match="no manifest.json"):
        ModelDir.load(tmp_path)


def test_cli_train_then_summarise_and_evaluate_with_it(dataset, tiny_config_file, tmp_path, example_corpus):  # noqa: F811
    runner = CliRunner()
    out = tmp_path / "model"
    ran = runner.invoke(app, ["train", str(dataset), "-o", str(out), "--config", str(tiny_config_file), "-q"])
    assert ran.exit_code == 0, ran.output
    assert "date ranker: kept the" in ran.output and "leave-one-topic-out" in ran.output  # two topics
    check = json.loads((out / "manifest.json").read_text())["trained_on"]["date_ranker"]
    assert check["chosen"] in ("fitted", "heuristic") and 0 <= check["fitted_date_f1"] <= 1
    brief = tmp_path / "b.json"
    ran = runner.invoke(app, ["summarise", str(example_corpus), "--model-dir", str(out), "--format", "json",
                              "-o", str(brief), "--config", str(tiny_config_file), "-q"])
    assert ran.exit_code == 0, ran.output
    assert json.loads(brief.read_text())["settings"]["date_ranker"] == "trained"
    ran = runner.invoke(app, ["evaluate", str(dataset), "-o", str(tmp_path / "loo"), "--loo",
                              "--config", str(tiny_config_file), "-q"])
    assert ran.exit_code == 0, ran.output
    assert len(json.loads((tmp_path / "loo" / "metrics.json").read_text())["tasks"]) == 4
    bad = runner.invoke(app, ["summarise", str(example_corpus), "--model-dir", str(tmp_path),
                              "--config", str(tiny_config_file)])
    assert bad.exit_code == 2 and "manifest.json" in bad.output


@pytest.mark.parametrize("fixture", ["tiny_causal_lm", "tiny_seq2seq"])
def test_fine_tune_condensing_model_as_a_lora_adapter(fixture, request, dataset, tiny_encoder, tmp_path, monkeypatch):  # noqa: F811
    from timeline.config import load_config
    from timeline.train import generator as tuning

    base = request.getfixturevalue(fixture)
    cfg = load_config(overrides={"embed.model": str(tiny_encoder), "embed.cache": False,
                                 "condense.generator": str(base), "condense.max_new_tokens": 6})
    # the handmade dataset holds few pronouns: the resolver's edits need the sentences before
    seen = []
    original = tuning.edit_pairs
    monkeypatch.setattr("timeline.train.trainer.edit_pairs",
                        lambda *a, **k: seen.append(1) or original(*a, **k) or [
                            ('Sentence: He closed the bridge.\nReplace "He" with "Ann Lee".\nEdited:',
                             "Ann Lee closed the bridge.")] * 4)
    model = train(dataset, tmp_path / "m", cfg, topics=["bridge"], summariser=True, steps=8)
    stats = model.manifest["trained_on"]["fine_tune"]
    assert seen and stats["pairs"] >= 1 and stats["steps"] == 8
    assert stats["loss_after"] < stats["loss_before"]  # it learns the edited lines
    folder = tmp_path / "m" / "generator"
    assert (folder / "adapter_model.safetensors").is_file() and not (folder / "model.safetensors").exists()
    assert json.loads((folder / "adapter_config.json").read_text())["base_model_name_or_path"] == str(base.resolve())
    assert not list((tmp_path / "m").rglob("*.bin")) and not list((tmp_path / "m").rglob("*.pkl"))
    loaded = ModelDir.load(tmp_path / "m")
    assert loaded.generator == folder.resolve()
    from timeline.condense.generator import Generator

    tuned = Generator(str(folder), tmp_path)  # loads offline: the base from the adapter config, merged
    assert tuned.base == base and tuned.complete(["Sentence: the bridge closed."]) != [None]
    from timeline.pipeline import summarise

    cfg.condense.mode = "abstractive"
    result = summarise([dataset / "bridge"], cfg, model=loaded)
    assert result.settings["generator"] == str(loaded.generator)
    assert cfg.condense.generator == str(base)  # the caller's config is left alone


def test_edit_pairs_are_sentences_with_their_edits_made():
    from timeline.train.generator import edit_pairs

    sentences = pd.DataFrame({"doc_id": ["d"] * 3, "sent_idx": [0, 1, 2], "text": [
        "Prime Minister Tony Blair arrived in Beijing on Monday for talks .",
        "He said the talks with China had gone well so far .",
        "The talks were held in the Great Hall of the People ."]})
    from timeline.prepare import Prepared

    empty = pd.DataFrame(columns=["doc_id", "sent_idx", "text", "date", "granularity"])
    prepared = Prepared(pd.DataFrame(), sentences, empty, pd.DataFrame())
    pairs = edit_pairs(prepared, [])
    assert pairs == [('Sentence: He said the talks with China had gone well so far.\nReplace "He" with "Tony Blair".'
                      '\nEdited:', "Tony Blair said the talks with China had gone well so far.")]


def test_later_mentions_count_documents_published_after_the_window():
    day = pd.Timestamp("2026-03-03").as_unit("us")
    published = pd.to_datetime(["2026-03-03", "2026-03-05", "2026-03-20", "2026-04-01"], utc=True)
    docs = pd.DataFrame({"doc_id": list("abcd"), "published": published})
    events = pd.DataFrame({"event_id": range(4), "doc_id": list("abcd"), "text": ["x"] * 4, "date": day,
                           "granularity": "day", "date_source": "mention", "published": published})
    row = candidate_dates(events, docs, hindsight_days=7).set_index(["date", "granularity"]).loc[(day, "day")]
    assert (row["mention_docs_after"], row["mention_docs_week"], row["mention_docs_later"]) == (3, 1, 2)


def test_heuristic_as_a_ranker_ranks_as_the_heuristic(example_corpus, tiny_config):
    from timeline.prepare import prepare
    from timeline.select import rank_dates

    prepared = prepare([example_corpus], tiny_config)
    plain = rank_dates(prepared.events, prepared.docs, tiny_config.select)
    as_ranker = rank_dates(prepared.events, prepared.docs, tiny_config.select,
                           ranker=DateRanker.heuristic(tiny_config.select))
    assert len(plain) > 3
    assert np.allclose(plain["score"], as_ranker["score"]) and plain["date"].tolist() == as_ranker["date"].tolist()


def _tasks(signal: str, topics: int = 3, seed: int = 0):
    """Examples whose reference dates are the ones with the most ``signal`` counts."""
    from timeline.train import TaskExamples

    rng = np.random.default_rng(seed)
    out = []
    for t in range(topics):
        for i in range(2):
            table = pd.DataFrame({name: rng.integers(0, 5, 40).astype(float) for name in FEATURES})
            table["is_month"], table["granularity"] = 0.0, "day"
            y = np.zeros(40, dtype=int)
            y[np.argsort(-table[signal].to_numpy(), kind="stable")[:8]] = 1
            table.loc[y == 1, signal] += 6
            out.append(TaskExamples(f"t{t}", i, table, y, 8))
    return out


def test_fitted_ranker_is_kept_only_when_it_beats_the_heuristic_on_held_out_topics():
    from timeline.config import SelectConfig
    from timeline.train import fit_date_ranker

    prior = DateRanker.heuristic(SelectConfig())
    report: dict = {}
    fitted = fit_date_ranker(_tasks("keyword_sents"), prior, report)  # a signal the heuristic ignores
    assert report["chosen"] == "fitted" and report["validation"] == "leave-one-topic-out"
    assert report["fitted_date_f1"] > report["heuristic_date_f1"]
    assert fitted.coef != prior.coef
    report = {}
    kept = fit_date_ranker(_tasks("mention_docs_after"), prior, report)  # what the heuristic already weighs most
    assert report["chosen"] == "heuristic" and report["heuristic_date_f1"] >= report["fitted_date_f1"]
    assert kept.coef == prior.coef
    one_topic: dict = {}
    fit_date_ranker(_tasks("keyword_sents", topics=1), prior, one_topic)
    assert one_topic["validation"] == "leave-one-timeline-out"


def test_later_months_and_the_hindsight_window():
    day = pd.Timestamp("2026-03-03").as_unit("us")
    published = pd.to_datetime(["2026-03-20", "2026-03-25", "2026-05-01", "2027-01-01"], utc=True)
    docs = pd.DataFrame({"doc_id": list("abcd"), "published": published})
    events = pd.DataFrame({"event_id": range(4), "doc_id": list("abcd"), "text": ["x"] * 4, "date": day,
                           "granularity": "day", "date_source": "mention", "published": published})
    row = candidate_dates(events, docs, hindsight_days=7).set_index(["date", "granularity"]).loc[(day, "day")]
    assert row["mention_docs_later"] == 4 and row["mention_months_later"] == 3  # March, May, January
    wide = candidate_dates(events, docs, hindsight_days=30).set_index(["date", "granularity"]).loc[(day, "day")]
    assert wide["mention_docs_later"] == 2 and wide["mention_docs_week"] == 2  # the window is a setting


def test_coverage_counts_say_how_much_was_published_either_side_of_a_date():
    """The documents published before and after a date (not only those that mention it): a
    fitted ranker weighs a date's mentions against the coverage they are drawn from."""
    published = pd.to_datetime(["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-05", "2026-03-09"], utc=True)
    docs = pd.DataFrame({"doc_id": list("abcde"), "published": published})
    day = pd.Timestamp("2026-03-03").as_unit("us")
    events = pd.DataFrame({"event_id": range(2), "doc_id": ["d", "e"], "text": ["x"] * 2, "date": day,
                           "granularity": "day", "date_source": "mention", "published": published[3:]})
    table = candidate_dates(events, docs).set_index(["date", "granularity"])
    assert table.loc[(day, "day"), ["published_before", "published_after"]].tolist() == [2, 2]
    first = table.loc[(pd.Timestamp("2026-03-01").as_unit("us"), "day")]
    assert (first["published_before"], first["published_after"]) == (0, 4)  # its own day is neither


def test_pairwise_fit_finds_the_signal_and_weighs_datasets_equally():
    """A signal that only one dataset's many tasks carry must not outweigh the other dataset."""
    from timeline.train.examples import _fit

    big = _tasks("published_docs", topics=6, seed=1)
    small = _tasks("mention_docs_before", topics=2, seed=2)
    for e in big:
        e.topic = f"big/{e.topic}"
    for e in small:
        e.topic = f"small/{e.topic}"
    coef = dict(zip(_fit(big + small).features, _fit(big + small).coef))
    assert coef["log:published_docs"] > 0 and coef["log:mention_docs_before"] > 0
    alone = dict(zip(_fit(big).features, _fit(big).coef))
    assert coef["log:mention_docs_before"] > alone["log:mention_docs_before"]
    ranker = _fit(small)
    table = small[0].table
    top = np.argsort(-ranker.score(table))[:8]
    assert small[0].labels[top].mean() > 0.7  # the reference dates come first


def _spread_corpus():
    """Date D1 named by two reports that name only it; date D2 by one page that runs through
    twenty dates (a year's chronicle) and by one report."""
    d1, d2 = pd.Timestamp("2011-03-01"), pd.Timestamp("2011-03-02")
    chronicle = [d2] + [pd.Timestamp("2011-01-01") + pd.Timedelta(days=i) for i in range(19)]
    rows = [("r1", d1), ("r2", d1), ("r3", d2)] + [("page", d) for d in chronicle]
    published = pd.Series(pd.to_datetime(["2011-03-05"] * 4, utc=True))
    docs = pd.DataFrame({"doc_id": ["r1", "r2", "r3", "page"], "published": published})
    pub = dict(zip(docs["doc_id"], docs["published"]))
    events = pd.DataFrame({"event_id": range(len(rows)), "doc_id": [r[0] for r in rows], "text": ["x"] * len(rows),
                           "date": [r[1] for r in rows], "granularity": "day", "date_source": "mention",
                           "published": [pub[r[0]] for r in rows]})
    return events, docs, d1, d2


def test_date_spread_weighs_a_document_by_the_dates_it_names():
    events, docs, d1, d2 = _spread_corpus()
    plain = candidate_dates(events, docs).set_index("date")
    assert plain.loc[d1, "mention_docs"] == plain.loc[d2, "mention_docs"] == 2
    spread = candidate_dates(events, docs, spread=0.5).set_index("date")
    assert spread.loc[d1, "mention_docs"] == 2  # two reports naming one date each
    assert spread.loc[d2, "mention_docs"] == pytest.approx(1 + 20 ** -0.5)  # the chronicle counts 1/sqrt(20)
    assert spread.loc[d2, "mention_docs_after"] == pytest.approx(1 + 20 ** -0.5)
    assert spread.loc[d2, "mention_sents"] == 2  # sentences are still counted as they are


def test_date_spread_in_the_ranking():
    from timeline.config import SelectConfig
    from timeline.select import rank_dates

    events, docs, d1, d2 = _spread_corpus()
    flat = rank_dates(events, docs, SelectConfig(granularities=["day"], date_spread=0.0))
    assert flat.set_index("date").loc[d1, "score"] == flat.set_index("date").loc[d2, "score"]
    ranked = rank_dates(events, docs, SelectConfig(granularities=["day"], date_spread=0.5))
    assert ranked["date"].iloc[0] == d1


def test_a_pairwise_ranker_keeps_every_candidate_date_and_round_trips(tmp_path):
    """Its linear part is a log-odds that is negative for weak dates; rank_dates cuts dates
    scoring 0 or less, so the fitted ranker scores exp(log-odds): every date stays, in order."""
    from timeline.config import SelectConfig
    from timeline.select import _features
    from timeline.train.examples import _fit

    examples = _tasks("mention_docs_before", topics=3, seed=3)
    ranker = _fit(examples)
    table = examples[0].table
    odds = ranker.linear_score(_features(table))
    assert (odds < 0).any()  # the case that used to lose dates
    score = ranker.score(table)
    assert (score > 0).all() and (np.argsort(-score, kind="stable") == np.argsort(-odds, kind="stable")).all()
    ranker.save(tmp_path / "r.json")
    assert DateRanker.load(tmp_path / "r.json").link == "exp"
    assert DateRanker.heuristic(SelectConfig()).link == "linear"  # counts stay counts
    (tmp_path / "bad.json").write_text((tmp_path / "r.json").read_text().replace('"exp"', '"cubic"'))
    with pytest.raises(InputError, match="unreadable date ranker"):
        DateRanker.load(tmp_path / "bad.json")


def test_shares_mean_the_same_in_a_small_and_a_large_corpus():
    """A count's share (over the L2 norm of that count across the day dates) does not grow
    with the corpus: ten times every count gives the same shares, not ten times the logs."""
    from timeline.select import COUNTS, KINDS, _features

    table = _tasks("mention_docs_after", topics=1)[0].table
    month = table.iloc[:1].assign(granularity="month", **{c: 500.0 for c in COUNTS})
    small, large = table, table.assign(**{c: table[c] * 10 for c in COUNTS})
    n = len(COUNTS)
    share = slice(KINDS.index("share") * n, (KINDS.index("share") + 1) * n)
    assert np.allclose(_features(small)[:, share], _features(large)[:, share])
    assert not np.allclose(_features(small)[:, n:2 * n], _features(large)[:, n:2 * n])  # logs do grow
    with_month = _features(pd.concat([small, month], ignore_index=True))
    assert np.allclose(with_month[:len(small), share], _features(small)[:, share])  # a month row changes no day's share
    norms = np.linalg.norm(_features(small)[:, share], axis=0)
    assert np.allclose(norms[table[COUNTS].to_numpy().any(axis=0)], 1.0)


def test_a_ranker_saved_before_the_shares_existed_still_ranks(tmp_path):
    from timeline.train.examples import _fit

    examples = _tasks("mention_docs_before", topics=3, seed=3)
    ranker = _fit(examples)
    old_names = [f for f in ranker.features if not f.startswith("share:")]
    keep = [ranker.features.index(f) for f in old_names]
    old = DateRanker(old_names, [ranker.mean[i] for i in keep], [ranker.scale[i] for i in keep],
                     [ranker.coef[i] for i in keep], 0.0, link="exp")
    old.save(tmp_path / "old.json")
    table = examples[0].table
    loaded = DateRanker.load(tmp_path / "old.json")
    full = DateRanker(list(DateRanker.EXPECTED), [0.0] * len(DateRanker.EXPECTED), [1.0] * len(DateRanker.EXPECTED),
                      [c if f in old_names else 0.0 for f, c in zip(ranker.features, ranker.coef)], 0.0, link="exp")
    assert np.allclose(loaded.score(table), full.score(table))  # its features' columns, nothing else
