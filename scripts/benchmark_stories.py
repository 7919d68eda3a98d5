"""Measure the story stage on feeds pooled from development topics.

Feeds: all nine Timeline17 topics; T17's egypt + libya + syria (close stories); the six
entities-dev people; everything together. For each feed it prints

* adjusted Rand index, purity and inverse purity of the stories against the topics ("other"
  counts as one more cluster); a document that belongs to two topics (the same text in
  both) counts as correct in either;
* for each story matched to a topic (the story holding most of the topic's documents, when
  that topic is also the story's largest), its timelines' AR-1 / AR-2 / date F1 against the
  topic's references, with the story's terms as keywords, next to the single-topic run with
  the topic's ``keywords.json``; both under the benchmark protocol
  (:mod:`timeline.evaluate.harness`: L, k and the period from each reference);
* wall time, CPU time (user + system) and peak memory of ``summarise --by-story`` against a
  plain ``summarise`` of the same feed (CLI subprocesses, same warm caches, or each with an
  empty cache folder with ``--cold``).

``--vectors`` groups with the encoder's document vectors too (``stories.vectors``, off by
default), in the scoring and in the timed ``--by-story`` run.

Usage::

    python scripts/benchmark_stories.py [--data ../shared/data] [--feeds t17,arab,entities,all]
        [--timing FEEDS] [--cold] [--vectors] [--out outputs/benchmarks/stories.md]
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from timeline.config import Config
from timeline.corpus import read_corpus
from timeline.corpus.tls import read_keywords, read_timelines
from timeline.embed import make_embedder
from timeline.evaluate.tlsmetrics import as_dated, average, score_task
from timeline.pipeline import timeline_from
from timeline.prepare import prepare
from timeline.protocol import restrict, task_settings
from timeline.stories import OTHER, find_stories
from timeline.story_briefings import document_encoder, subset

ROOT = Path(__file__).resolve().parents[1]
MODELS = Path(tempfile.gettempdir()) / "timeline-speed-models"  # converted models, shared by the cold runs
T17 = ["bpoil", "egypt", "finan", "h1n1", "haiti", "iraq", "libya", "mj", "syria"]
ENTITIES = ["Charles_Taylor", "Dilma_Rousseff", "Dominique_Strauss-Kahn", "Hassan_Rouhani", "Hu_Jintao",
            "Nawaz_Sharif"]
FEEDS = {"t17": [("t17", t) for t in T17], "arab": [("t17", t) for t in ("egypt", "libya", "syria")],
         "entities": [("entities-dev", t) for t in ENTITIES],
         "all": [("t17", t) for t in T17] + [("entities-dev", t) for t in ENTITIES]}


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def gold_topics(data: Path, topics: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Text hash -> the topics whose articles hold that text (read as the pipeline reads it)."""
    out: dict[str, set[str]] = {}
    for dataset, topic in topics:
        for text in read_corpus([data / dataset / topic])["text"]:
            out.setdefault(digest(text), set()).add(topic)
    return out


def resolve(labels: np.ndarray, gold: list[set[str]]) -> list[str]:
    """One topic per document: of a document's topics, the one most of its story's documents have."""
    first = [sorted(g)[0] for g in gold]
    majority = pd.Series(first).groupby(labels).agg(lambda s: s.value_counts().index[0]).to_dict()
    return [majority[c] if majority[c] in g else f for c, g, f in zip(labels, gold, first)]


def cluster_scores(labels: np.ndarray, topics: list[str]) -> dict[str, float]:
    df = pd.DataFrame({"c": labels, "g": topics})
    purity = df.groupby("c")["g"].agg(lambda s: s.value_counts().iloc[0]).sum() / len(df)
    inverse = df.groupby("g")["c"].agg(lambda s: s.value_counts().iloc[0]).sum() / len(df)
    return {"ari": adjusted_rand_score(topics, labels), "purity": purity, "inverse_purity": inverse}


def protocol_run(prepared, folder: Path, keywords: list[str], cfg: Config, embedder) -> dict:
    """Every reference timeline of the topic in ``folder``, as the benchmark harness runs it."""
    tasks = []
    for reference in read_timelines(folder):
        L, k, start, end = task_settings(reference)
        task = restrict(prepared, start, end)
        run_cfg = copy.deepcopy(cfg)
        run_cfg.select.max_dates, run_cfg.condense.sentences_per_date = L, k
        run_cfg.select.start, run_cfg.select.end = start.isoformat(), end.isoformat()
        run_cfg.select.granularities = ["day"]
        pairs = []
        if not task.events.empty:
            try:
                pairs = timeline_from(task, run_cfg, keywords, embedder, folder.name).as_pairs()
            except Exception as exc:  # noqa: BLE001 -- an empty prediction scores zero
                logging.getLogger(__name__).warning("%s: %s", folder.name, exc)
        tasks.append(score_task(as_dated(pairs), [as_dated(reference)]))
    return average(tasks)


def timed(args: list[str], env: dict) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, worker processes included) and peak resident
    MB of one CLI run."""
    with tempfile.NamedTemporaryFile(suffix=".txt") as rep:
        t0 = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", rep.name, sys.executable, "-m", "timeline", *args],
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        user, system, peak_kb = map(float, Path(rep.name).read_text().strip().splitlines()[-1].split())
    return wall, user + system, peak_kb / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--feeds", default="t17,arab,entities,all")
    ap.add_argument("--timing", default="t17,arab,entities,all", help="feeds to time (empty: none)")
    ap.add_argument("--cold", action="store_true", help="time each command with an empty cache folder")
    ap.add_argument("--min-size", type=int, default=5)
    ap.add_argument("--vectors", action="store_true",
                    help="group with the encoder's document vectors too (stories.vectors)")
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "benchmarks" / "stories.md")
    a = ap.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("timeline.corpus").setLevel(logging.ERROR)
    cfg = Config()
    cfg.stories.vectors = a.vectors
    embedder = make_embedder(cfg)
    lines: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        lines.append(line)

    single: dict[str, dict] = {}
    say("| feed | documents | topics | stories | other | ARI | purity | inverse purity | seconds |")
    say("|---|---|---|---|---|---|---|---|---|")
    story_rows, timing_rows = [], []
    for feed in a.feeds.split(","):
        topics = FEEDS[feed]
        folders = [a.data / d / t for d, t in topics]
        gold = gold_topics(a.data, topics)
        t0 = time.perf_counter()
        prepared = prepare(folders, cfg)
        t_prep = time.perf_counter() - t0
        docs = prepared.docs
        t1 = time.perf_counter()
        found = find_stories(docs, document_encoder(cfg, embedder=embedder), a.min_size)
        t_stories = time.perf_counter() - t1
        doc_gold = [gold[digest(t)] for t in docs["text"]]
        truth = resolve(found.labels, doc_gold)
        sc = cluster_scores(found.labels, truth)
        say(f"| {feed} | {len(docs)} | {len(topics)} | {len(found.real)} | {(found.labels == OTHER).sum()} | "
            f"{sc['ari']:.3f} | {sc['purity']:.3f} | {sc['inverse_purity']:.3f} | {t_stories:.0f} |")
        by_id = {s.id: s for s in found.stories}
        table = pd.crosstab(pd.Series(found.labels, name="story"), pd.Series(truth, name="topic"))
        for (_dataset, topic), folder in zip(topics, folders):
            if topic not in table.columns:
                continue
            sid = int(table[topic].idxmax())
            if sid == OTHER or table.loc[sid].idxmax() != topic:
                story_rows.append((feed, topic, None, None, None, None))
                continue
            story = by_id[sid]
            ours = protocol_run(subset(prepared, story.doc_ids), folder, story.keywords, cfg, embedder)
            if topic not in single:
                own = [d for d, g in zip(docs["doc_id"], doc_gold) if topic in g]
                single[topic] = protocol_run(subset(prepared, own), folder, read_keywords(folder), cfg, embedder)
            story_rows.append((feed, topic, story, ours, single[topic], int(table.loc[sid, topic])))
        logging.getLogger(__name__).info("%s: prepared in %.0f s", feed, t_prep)
        if feed in a.timing.split(","):
            base = [str(f) for f in folders] + ["-q", "--force", "--no-chart"]
            runs = []
            for extra in ([], ["--by-story"]):
                with tempfile.TemporaryDirectory() as tmp:
                    env = dict(os.environ, PYTHONPATH=str(ROOT))
                    if a.cold:  # nothing tagged or embedded before (the exported encoder is kept)
                        env["TIMELINE_CACHE"] = f"{tmp}/cache"
                        Path(tmp, "cache").mkdir()
                        MODELS.mkdir(parents=True, exist_ok=True)
                        Path(tmp, "cache", "models").symlink_to(MODELS, target_is_directory=True)
                    if extra and a.vectors:
                        Path(tmp, "vectors.toml").write_text("[stories]\nvectors = true\n", encoding="utf-8")
                        extra = [*extra, "--config", f"{tmp}/vectors.toml"]
                    runs.append(timed(["summarise", *base, *extra, "-o", f"{tmp}/briefing.md"], env))
            timing_rows.append((feed, *runs))
    say()
    say("| feed | topic | story (keywords) | topic docs in it / story size | AR-1 story | AR-1 topic | "
        "AR-2 story | AR-2 topic | date F1 story | date F1 topic | AR-1 story/topic |")
    say("|---|---|---|---|---|---|---|---|---|---|---|")
    for feed, topic, story, ours, own, hits in story_rows:
        if story is None:
            say(f"| {feed} | {topic} | no story matched | | | | | | | | |")
            continue
        ratio = ours["ar1_f1"] / own["ar1_f1"] if own["ar1_f1"] else float("nan")
        say(f"| {feed} | {topic} | {story.id}. {story.label} ({', '.join(story.keywords)}) | "
            f"{hits} / {len(story.doc_ids)} | {ours['ar1_f1']:.3f} | {own['ar1_f1']:.3f} | {ours['ar2_f1']:.3f} | "
            f"{own['ar2_f1']:.3f} | {ours['date_f1']:.3f} | {own['date_f1']:.3f} | {ratio:.2f} |")
    if timing_rows:
        say()
        say("| feed | plain summarise s | --by-story s | ratio | plain CPU s | --by-story CPU s | CPU ratio | "
            "plain peak MB | --by-story peak MB |")
        say("|---|---|---|---|---|---|---|---|---|")
        for feed, (pw, pc, pm), (sw, sc, sm) in timing_rows:
            say(f"| {feed} | {pw:.0f} | {sw:.0f} | {sw / pw:.2f} | {pc:.0f} | {sc:.0f} | {sc / pc:.2f} | {pm:.0f} | "
                f"{sm:.0f} |")
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
