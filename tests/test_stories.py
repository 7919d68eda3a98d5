"""The story stage and the commands built on it: a mixed feed in, one timeline per story out."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from timeline.cli import app
from timeline.corpus import read_corpus
from timeline.embed import HashingEmbedder
from timeline.stories import OTHER, find_stories, match_story, names_in

ROOT = Path(__file__).resolve().parents[1]
MIXED = ROOT / "examples" / "mixed"
MARKERS = ("Ardmoor", "Rovers", "Brenmoor")  # each invented story's place: every article names exactly one

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture()
def hashing_config(tmp_path) -> Path:
    """No model: character n-gram vectors stand in for the encoder (fast, deterministic)."""
    path = tmp_path / "hashing.toml"
    path.write_text('[embed]\nmodel = "hashing"\n', encoding="utf-8")
    return path


def truth(docs) -> dict[str, str]:
    out = {}
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        found = [m for m in MARKERS if m in text]
        assert len(found) == 1, doc_id
        out[doc_id] = found[0]
    return out


def test_mixed_feed_gives_its_three_stories():
    docs = read_corpus([MIXED])
    expected = truth(docs)
    found = find_stories(docs, HashingEmbedder(), min_size=3)
    assert len(found.real) == 3 and not (found.labels == OTHER).any()
    groups = [{expected[d] for d in s.doc_ids} for s in found.real]
    assert sorted(len(g) for g in groups) == [1, 1, 1] and set().union(*groups) == set(MARKERS)
    for s in found.real:  # named by its own words
        assert any(m.lower() in " ".join(s.terms + s.names) for m in {expected[d] for d in s.doc_ids})
        assert s.first <= s.last


def test_story_column_is_deterministic():
    docs = read_corpus([MIXED])
    a = find_stories(docs, HashingEmbedder(), min_size=3)
    b = find_stories(docs.sample(frac=1.0, random_state=1).sort_index(), HashingEmbedder(), min_size=3)
    assert a.labels.tolist() == b.labels.tolist()
    assert [s.as_dict() for s in a.stories] == [s.as_dict() for s in b.stories]


def test_one_story_corpus_is_one_story(example_corpus):
    found = find_stories(read_corpus([example_corpus]), HashingEmbedder(), min_size=5)
    assert len(found.real) == 1


def test_too_small_groups_go_to_other():
    docs = read_corpus([MIXED])
    found = find_stories(docs, HashingEmbedder(), min_size=8)  # no story has 8 articles
    assert not found.real and (found.labels == OTHER).all()
    assert found.stories[-1].id == OTHER and found.stories[-1].label == "other"


def test_listing_no_story_says_why(caplog):
    from timeline.config import load_config
    from timeline.story_briefings import list_stories

    cfg = load_config(overrides={"embed.model": "hashing", "embed.cache": False})
    with caplog.at_level("WARNING", logger="timeline"):
        found = list_stories([MIXED], cfg, min_size=8)
    assert not found.real
    assert "no story of at least 8 documents (--min-size, stories.min_size)" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="timeline"):
        assert list_stories([MIXED], cfg, min_size=3).real
    assert "no story" not in caplog.text


def test_story_query_matches_by_its_words():
    docs = read_corpus([MIXED])
    expected = truth(docs)
    found = find_stories(docs, HashingEmbedder(), min_size=3)
    story = match_story(found, "wildfire")
    assert {expected[d] for d in story.doc_ids} == {"Ardmoor"}


def test_documents_are_tokenised_once_for_the_text_view_and_the_terms(monkeypatch):
    """The TF-IDF view and the stories' class-based terms share one count of the words."""
    from sklearn.feature_extraction.text import CountVectorizer

    docs = read_corpus([MIXED])
    first = str(docs["text"].iloc[0])[:100]
    counted = []
    fit_transform = CountVectorizer.fit_transform

    def counting(self, raw_documents, y=None):
        raw_documents = list(raw_documents)
        counted.append(any(str(d).startswith(first) for d in raw_documents))
        return fit_transform(self, raw_documents, y)

    monkeypatch.setattr(CountVectorizer, "fit_transform", counting)
    found = find_stories(docs, None, min_size=3)
    assert counted.count(True) == 1  # the bodies; the other count is the names view's
    assert all(s.terms for s in found.real)


def test_shared_counts_give_tfidfvectorizers_rows_and_no_calendar_terms():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from timeline import stories

    bodies = ["Fire reached Ardmoor on Monday, and Monday again.", "Ardmoor fire crews said on Monday in May.",
              "Rovers fans met in May. Rovers won.", "Rovers and the club met fans in May."]
    words = stories._word_counts(bodies)
    expected = TfidfVectorizer(sublinear_tf=True, stop_words=stories._stop_words(), token_pattern=stories._WORD,
                               lowercase=True, min_df=2, dtype=np.float32).fit_transform(bodies)
    got = stories._sublinear_tfidf(words)
    assert got.dtype == np.float32 and (got != expected).nnz == 0
    weights = stories._class_tfidf(words, np.array([1, 1, 2, 2]), [1, 2])
    assert "monday" in words.vocab and "monday" not in weights[1] and "may" not in weights[2]
    assert "ardmoor" in weights[1] and "rovers" in weights[2]
    assert stories._word_counts(["alpha", "beta", "gamma"]) is None  # nothing shared


def test_keywords_are_core_or_specific_terms_topped_up_to_three():
    from scipy import sparse

    from timeline import stories

    # documents 0-4 are the story; columns: core, specific, generic, rare, next
    present = sparse.csc_matrix(np.array([
        [1, 1, 1, 0, 0], [1, 1, 0, 0, 0], [1, 0, 1, 0, 0], [1, 0, 0, 1, 0], [0, 0, 0, 0, 1],  # the story
        [0, 0, 1, 0, 0], [0, 0, 1, 0, 0], [0, 1, 1, 0, 1], [0, 0, 1, 0, 1], [0, 0, 0, 0, 0],  # the rest
    ], dtype=bool))
    column = {t: j for j, t in enumerate(["core", "specific", "generic", "rare", "next"])}
    members = np.arange(5)
    # core: 4 of the story's 5 documents; specific: 2 of its 3 documents are the story's;
    # generic: 2 of 5 in the story and 2 of its 7 documents; rare: 1 of 5, but its only document
    assert stories._keywords(["core", "generic", "specific", "rare", "next"], members, present, column) \
        == ["core", "specific", "rare"]
    # too few core or specific terms: the next best ones make three, in their order
    assert stories._keywords(["generic", "next", "core"], members, present, column) == ["generic", "next", "core"]
    assert stories._keywords(["core", "generic", "next", "specific"], members, present, column) \
        == ["core", "generic", "specific"]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6), st.integers(2, 12), st.data())
def test_top_k_is_a_stable_sorts_first_k(rows, cols, data):
    """The neighbours kept are those of a stable descending sort, ties included (duplicate
    documents give equal similarities)."""
    from timeline import stories

    k = data.draw(st.integers(1, cols))
    values = data.draw(st.lists(st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0, -np.inf]), min_size=cols,
                                         max_size=cols), min_size=rows, max_size=rows))
    sims = np.array(values, dtype=np.float32)
    expected = np.sort(np.argsort(-sims, axis=1, kind="stable")[:, :k], axis=1)
    assert np.array_equal(stories._top_k(sims, k), expected)


def test_names_skip_sentence_starts_and_credits():
    names = names_in("Police said Nadia Okafor spoke.\nFirefighters (Reuters) reached Ardmoor on Monday.")
    assert "nadia okafor" in names and "ardmoor" in names
    assert "police" not in names and "firefighters" not in names and "reuters" not in names and "monday" not in names


def test_stories_command_json(hashing_config, tmp_path):
    out = tmp_path / "stories.json"
    result = run("stories", MIXED, "--config", hashing_config, "--format", "json", "--min-size", 3, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["schema"] == "timeline.stories/1"
    ids = [s["id"] for s in data["stories"]]
    assert ids == [1, 2, 3]
    for s in data["stories"]:
        assert set(s) == {"id", "label", "terms", "documents", "first", "last"} and s["terms"]
    assert sum(len(s["documents"]) for s in data["stories"]) == 20


def test_stories_command_table(hashing_config):
    result = run("stories", MIXED, "--config", hashing_config, "-q")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].split()[:4] == ["id", "documents", "first", "last"] and len(lines) == 4


def test_by_story_json_cites_only_each_storys_documents(hashing_config, tmp_path):
    out = tmp_path / "briefings.json"
    result = run("summarise", MIXED, "--config", hashing_config, "--by-story", "--format", "json", "-o", out, "-q")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["schema"] == "timeline.story-briefings/1" and len(data["stories"]) == 3
    docs = read_corpus([MIXED])
    expected = truth(docs)
    found = {s.id: s for s in find_stories(docs, None).stories}
    for story in data["stories"]:
        briefing = story["briefing"]
        assert briefing["schema"] == "timeline.briefing/1" and briefing["entries"]
        cited = {s["doc_id"] for s in briefing["sources"]}
        assert cited <= set(story["documents"])
        assert len({expected[d] for d in cited}) == 1  # one invented story per briefing
        keywords = briefing["settings"]["keywords"]  # its first terms less the generic ones
        assert keywords == found[story["id"]].keywords and len(keywords) >= 3
        assert keywords == [t for t in story["terms"][:5] if t in keywords]


def test_by_story_markdown_and_html_sections(hashing_config, tmp_path):
    md, page = tmp_path / "b.md", tmp_path / "b.html"
    assert run("summarise", MIXED, "--config", hashing_config, "--by-story", "-o", md, "-q").exit_code == 0
    text = md.read_text()
    assert text.startswith("# Stories: mixed") and text.count("\n## Story ") == 3
    assert text.index("| story |") < text.index("## Story 1")
    assert run("summarise", MIXED, "--config", hashing_config, "--by-story", "--format", "html", "-o", page,
               "-q").exit_code == 0
    html = page.read_text()
    assert html.count('<section class="story"') == 3 and '<nav class="toc">' in html
    assert 'id="src-' not in html and 'id="story-2-src-1"' in html  # anchors unique across stories


def test_same_bytes_twice(hashing_config, tmp_path):
    outs = []
    for i in range(2):
        out = tmp_path / f"b{i}.md"
        assert run("summarise", MIXED, "--config", hashing_config, "--by-story", "-o", out, "-q").exit_code == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_story_option_summarises_the_matching_story(hashing_config, tmp_path):
    out = tmp_path / "fire.json"
    result = run("summarise", MIXED, "--config", hashing_config, "--story", "wildfire", "--format", "json",
                 "-o", out, "-q")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["schema"] == "timeline.briefing/1"
    expected = truth(read_corpus([MIXED]))
    assert {expected[s["doc_id"]] for s in data["sources"]} == {"Ardmoor"}


def test_story_without_a_match_exits_2_listing_the_stories(hashing_config, tmp_path):
    result = run("summarise", MIXED, "--config", hashing_config, "--story", "quantum physics", "-o",
                 tmp_path / "x.md", "-q")
    assert result.exit_code == 2 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("timeline: error:")]
    assert len(errors) == 1 and "quantum physics" in errors[0]
    assert "1. " in errors[0] and "2. " in errors[0] and "3. " in errors[0]
    assert not (tmp_path / "x.md").exists()


def test_plain_summarise_warns_on_a_mixed_feed(hashing_config, example_corpus, tmp_path):
    mixed = run("summarise", MIXED, "--config", hashing_config, "-o", tmp_path / "a.md", "--no-chart")
    assert mixed.exit_code == 0, mixed.output
    warnings = [line for line in mixed.output.splitlines() if "--by-story" in line]
    assert len(warnings) == 1 and "3 stories" in warnings[0]
    single = run("summarise", example_corpus, "--config", hashing_config, "-o", tmp_path / "b.md", "--no-chart")
    assert single.exit_code == 0 and "--by-story" not in single.output


@pytest.mark.parametrize("args, needle", [
    (["--format", "yaml"], "unknown format"),
    (["--config", "{missing}"], "config file not found"),
])
def test_stories_bad_usage(args, needle, hashing_config, tmp_path):
    args = [a.format(missing=tmp_path / "nope.toml") for a in args]
    if "--config" not in args:
        args += ["--config", str(hashing_config)]
    result = run("stories", MIXED, *args, "-q")
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("timeline: error:")]
    assert len(errors) == 1 and needle in errors[0]


def test_stories_bad_input(hashing_config, tmp_path):
    (tmp_path / "in").mkdir()
    empty = tmp_path / "in" / "empty.txt"
    empty.write_bytes(b"")
    for target, needle in ((tmp_path / "in", "no usable documents"), (empty, "empty file"),
                           (tmp_path / "missing", "no such file")):
        result = run("stories", target, "--config", hashing_config, "-q")
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        errors = [line for line in result.output.splitlines() if line.startswith("timeline: error:")]
        assert len(errors) == 1 and needle in errors[0] and str(target) in errors[0]
    result = run("summarise", tmp_path / "in", "--config", hashing_config, "--by-story", "-q")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_by_story_without_a_story_big_enough_names_min_size(hashing_config, tmp_path):
    # it had said "no story has dated events in the given period"
    result = run("summarise", MIXED, "--config", hashing_config, "--by-story", "--min-size", "50",
                 "-o", tmp_path / "x.md", "-q")
    assert result.exit_code == 2 and "no story of at least 50 documents (--min-size" in result.output
    assert not (tmp_path / "x.md").exists()


def test_by_story_refuses_timelinejs(hashing_config, tmp_path):
    result = run("summarise", MIXED, "--config", hashing_config, "--by-story", "--format", "timelinejs",
                 "-o", tmp_path / "x.json", "-q")
    assert result.exit_code == 2 and "--by-story writes md, json or html" in result.output


@pytest.mark.slow
def test_packaged_encoder_finds_the_stories():
    from timeline.embed import Embedder

    docs = read_corpus([MIXED])
    expected = truth(docs)
    found = find_stories(docs, Embedder(), min_size=3)
    assert len(found.real) == 3
    assert all(len({expected[d] for d in s.doc_ids}) == 1 for s in found.real)


def test_by_story_with_state_reuses_tagging_and_gives_the_same_briefing(hashing_config, tmp_path):
    state = tmp_path / "state"
    outs = []
    for i in range(2):
        out = tmp_path / f"s{i}.json"
        result = run("summarise", MIXED, "--config", hashing_config, "--by-story", "--format", "json",
                     "--state", state, "-o", out, "-q")
        assert result.exit_code == 0, result.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert (state / "tagged.sqlite").is_file()


def test_by_story_on_dask_equals_local(tmp_path):
    pytest.importorskip("distributed")
    from timeline.config import load_config
    from timeline.story_briefings import render_story_briefings, summarise_by_story

    local = load_config(overrides={"embed.model": "hashing", "temporal.cache": False})
    dask = load_config(overrides={"embed.model": "hashing", "temporal.cache": False, "engine.name": "dask",
                                  "engine.workers": 2, "engine.partition_docs": 5})
    a = render_story_briefings(summarise_by_story([MIXED], local), "json")
    b = render_story_briefings(summarise_by_story([MIXED], dask), "json")
    assert a == b


def test_text_and_names_alone_find_the_stories():
    """No encoder (the default of --by-story and stories): TF-IDF and names tell the stories apart."""
    docs = read_corpus([MIXED])
    expected = truth(docs)
    found = find_stories(docs, None, min_size=3)
    assert len(found.real) == 3 and not (found.labels == OTHER).any()
    assert all(len({expected[d] for d in s.doc_ids}) == 1 for s in found.real)
    assert found.labels.tolist() == find_stories(docs, None, min_size=3).labels.tolist()


class CountingEmbedder(HashingEmbedder):
    """Hashing vectors that remember every text asked for."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []

    def encode(self, texts, progress=False):
        self.texts.extend(texts)
        return super().encode(texts, progress)


@pytest.mark.parametrize("vectors", [False, True])
def test_by_story_embeds_document_leads_only_with_stories_vectors(vectors):
    from timeline.config import load_config
    from timeline.stories import lead_text
    from timeline.story_briefings import summarise_by_story

    cfg = load_config(overrides={"embed.model": "hashing", "temporal.cache": False, "engine.name": "local",
                                 "stories.vectors": vectors})
    embedder = CountingEmbedder()
    result = summarise_by_story([MIXED], cfg, embedder=embedder)
    docs = read_corpus([MIXED])
    leads = {lead_text(t, x) for t, x in zip(docs["title"], docs["text"])}
    assert bool(leads & set(embedder.texts)) == vectors
    assert len(result.timelines) == 3


@pytest.mark.parametrize("ranker", ["packaged", "heuristic"])
def test_story_timelines_rank_dates_as_a_plain_summarise_does(ranker):
    from timeline.config import load_config
    from timeline.pipeline import summarise
    from timeline.story_briefings import summarise_by_story

    cfg = load_config(overrides={"embed.model": "hashing", "temporal.cache": False, "engine.name": "local",
                                 "select.ranker": ranker, "stories.warn": False})
    plain = summarise([MIXED], cfg).settings["date_ranker"]
    by_story = {tl.settings["date_ranker"] for _, tl in summarise_by_story([MIXED], cfg).timelines}
    assert by_story == {plain} == {"trained" if ranker == "packaged" else "heuristic"}


def test_a_grouping_is_kept_and_read_back_the_same(tmp_path, monkeypatch):
    from timeline import story_cache

    docs = read_corpus([MIXED])
    first = story_cache.grouped(docs, None, 3, folder=tmp_path)
    kept = list((tmp_path / "stories").glob("*.json"))
    assert len(kept) == 1

    def no_grouping(*args, **kwargs):
        raise AssertionError("grouped again")

    monkeypatch.setattr(story_cache, "find_stories", no_grouping)
    again = story_cache.grouped(docs, None, 3, folder=tmp_path)
    assert again.labels.tolist() == first.labels.tolist() and again.labels.dtype == np.int64
    assert again.stories == first.stories  # terms, names, keywords and every term's weight


def test_a_changed_feed_or_size_is_grouped_again_and_a_bad_file_replaced(tmp_path):
    from timeline import story_cache

    docs = read_corpus([MIXED])
    story_cache.grouped(docs, None, 3, folder=tmp_path)
    edited = docs.copy()
    edited.loc[0, "text"] = "Rovers sold. " + str(edited.loc[0, "text"])
    keys = {story_cache.grouping_key(d, m) for d, m in [(docs, 3), (docs, 4), (edited, 3), (docs.iloc[::-1], 3)]}
    assert len(keys) == 4  # the text, the minimum size and the order all count
    path = tmp_path / "stories" / f"{story_cache.grouping_key(docs, 3)}.json"
    path.write_text("{not json")
    again = story_cache.grouped(docs, None, 3, folder=tmp_path)
    assert len(again.real) == 3 and json.loads(path.read_text())["labels"] == again.labels.tolist()
    state = tmp_path / "state"  # a --state folder follows one corpus: only its latest grouping stays
    story_cache.grouped(docs, None, 3, folder=state, only_latest=True)
    story_cache.grouped(edited, None, 3, folder=state, only_latest=True)
    assert [p.stem for p in (state / "stories").glob("*.json")] == [story_cache.grouping_key(edited, 3)]
    assert len(list((tmp_path / "stories").glob("*.json"))) == 1  # the cache folder keeps what it has


def test_no_grouping_is_kept_without_a_folder_or_with_document_vectors(tmp_path):
    from timeline import story_cache

    docs = read_corpus([MIXED])
    story_cache.grouped(docs, HashingEmbedder(), 3, folder=tmp_path)
    assert not (tmp_path / "stories").exists()


def test_by_story_keeps_the_grouping_in_the_cache_folder(hashing_config, tmp_path):
    import os

    out = tmp_path / "b.md"
    assert run("summarise", MIXED, "--config", hashing_config, "--by-story", "-o", out, "-q").exit_code == 0
    cache = Path(os.environ["TIMELINE_CACHE"])
    assert len(list((cache / "stories").glob("*.json"))) == 1
    info = runner.invoke(app, ["cache", "info"])
    assert "stories: story groupings, 1 entries" in info.output, info.output
    listed = run("stories", MIXED, "--config", hashing_config, "--format", "json")  # the same grouping, read back
    assert listed.exit_code == 0 and len(list((cache / "stories").glob("*.json"))) == 1
