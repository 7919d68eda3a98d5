#!/usr/bin/env python
"""Stage-by-stage cost of a briefing on 1k, 5k and 20k articles, beside the encoder's ceiling.

    python scripts/benchmark_speed.py [--sizes 1000,5000,20000] [--data ../shared/data/t17] [--evaluate local,dask]

For each size, articles are resampled at run time from every Timeline17 topic into a
temporary JSONL file (never into the repository; a copy past the first gets its own id and
a trailing "Copy n." line, so exact-duplicate removal keeps it), then one briefing is made
with default settings, a cold embedding cache and 20 dates, timing each stage: read, split,
tag (filling the tagged-documents cache, as a first run does), events, select (date
ranking), load encoder, embed, cluster, condense (the rest of condensing), render.
The embedding ceiling is the encoder's own forward pass over the same (distinct) sentences,
sorted by length, at the best of batch sizes 16-128, with no cache and no pooling: what the
embed stage could reach. The ceiling runs count in the total wall time, not in a stage. Prints a Markdown table and writes it to ``outputs/benchmarks/speed.md``.
Peak memory is the process's resident peak after each stage (it only grows).

``--evaluate ENGINES`` also times the whole ``timeline evaluate`` on the dataset (all its
tasks) in a child process per run: cold (empty cache folder), then warm (the same cache: tagged
documents and vectors), once per engine, with its scores. A Dask run's peak is the client
process's (the workers are processes of their own).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timeline.io import atomic_write_text

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "t17"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resample(data: Path, n: int, out: Path, seed: int = 0) -> int:
    """Write ``n`` articles drawn from all topics of ``data`` to ``out`` (JSONL); returns ``n``."""
    pool = []
    for topic in sorted(p for p in data.iterdir() if (p / "articles.jsonl").is_file()):
        with (topic / "articles.jsonl").open(encoding="utf-8") as f:
            pool += [json.loads(line) for line in f if line.strip()]
    pool = [a for a in pool if (a.get("text") or "").strip()]
    rng = random.Random(seed)
    order = list(range(len(pool)))
    with out.open("w", encoding="utf-8") as f:
        for i in range(n):
            if i % len(pool) == 0:
                rng.shuffle(order)
            art = dict(pool[order[i % len(pool)]])
            copy = i // len(pool)
            art["id"] = f"{art.get('id', 'a')}-{i}"
            if copy:
                art["text"] = art["text"] + f"\nCopy {copy + 1}."
            f.write(json.dumps(art, ensure_ascii=False) + "\n")
    return n


class Recorded:
    """An encoder that remembers the texts it was asked to embed (for the ceiling run)."""

    def __init__(self, inner):
        self.inner, self.texts = inner, []
        self.model_name, self.model_id = inner.model_name, inner.model_id

    def encode(self, texts, progress=False):
        self.texts.extend(texts)
        return self.inner.encode(texts, progress)


def run_size(path: Path, n: int, cache: Path) -> tuple[list[tuple], dict]:
    from timeline.config import load_config
    from timeline.corpus import read_corpus
    from timeline.embed import make_embedder
    from timeline.events import build_events
    from timeline.pipeline import timeline_from
    from timeline.prepare import Prepared
    from timeline.render import render
    from timeline.select import rank_dates
    from timeline.state import StateStore
    from timeline.temporal import tag_documents
    from timeline.timing import listen

    cfg = load_config(overrides={"embed.cache_dir": str(cache), "select.max_dates": 20})
    rows = []

    def stage(name, seconds, items, unit):
        rows.append((n, name, seconds, items / seconds if seconds else float("inf"), unit, peak_mb()))

    t0 = time.perf_counter()
    docs = read_corpus([path], max_documents=10**6)
    stage("read", time.perf_counter() - t0, len(docs), "docs")
    t0 = time.perf_counter()
    store = StateStore(cache, prune=False)  # the tagged-documents cache, cold, as a first run fills it
    with listen() as times:  # split time is counted apart from tagging (one process: the local engine)
        sentences, mention_df = tag_documents(docs, store=store)
    store.close()
    both = time.perf_counter() - t0
    stage("split", times.seconds["split"], len(sentences), "sentences")
    stage("tag", both - times.seconds["split"], int(docs["text"].str.len().sum()), "chars")
    t0 = time.perf_counter()
    events = build_events(docs, sentences, mention_df, cfg.temporal.event_granularities)
    stage("events", time.perf_counter() - t0, len(events), "events")
    t0 = time.perf_counter()
    ranked = rank_dates(events, docs, cfg.select, [])
    stage("select", time.perf_counter() - t0, len(ranked), "dates")
    embedder = Recorded(make_embedder(cfg))
    prepared = Prepared(docs, sentences, mention_df, events)
    t0 = time.perf_counter()
    with listen() as times:
        tl = timeline_from(prepared, cfg, [], embedder, "speed", ranked=ranked)
    total = time.perf_counter() - t0
    load, embed, cluster = times.seconds["load encoder"], times.seconds["embed"], times.seconds["cluster"]
    stage("load encoder", load, 1, "models")
    stage("embed", embed - load, times.items["embed"], "sentences")
    stage("cluster", cluster, times.items["cluster"], "events")
    stage("condense", total - embed - cluster, len(tl.entries), "dates")
    t0 = time.perf_counter()
    render(tl, "md")
    stage("render", time.perf_counter() - t0, len(tl.entries), "dates")
    ceiling = encoder_ceiling(embedder.inner, embedder.texts)
    return rows, {"embedded": len(embedder.texts), "distinct": len(set(embedder.texts)), "ceiling": ceiling}


def encoder_ceiling(embedder, texts: list[str], batches: tuple[int, ...] = (16, 32, 64, 128)) -> tuple[float, int]:
    """The bare encoder forward pass in torch on the distinct ``texts`` (length-sorted), at
    the best of a few batch sizes: ``(sentences/s, batch size)``. No cache, no pooling, no
    copies. (The ONNX backend's embed stage can beat it: its ceiling is another runtime's.)"""
    import torch

    from timeline.embed import Embedder

    texts = sorted(set(texts), key=len)
    if not texts:
        return float("nan"), 0
    if embedder.backend != "torch":
        embedder = Embedder(embedder.model_name, embedder.batch_size, embedder.max_length, backend="torch")
    embedder._load()
    model = embedder._model[0].auto_model  # the transformer inside the sentence-transformers model
    tokenizer = embedder._model.tokenizer
    best = (0.0, 0)
    for batch in batches:
        t0 = time.perf_counter()
        with torch.inference_mode():
            for i in range(0, len(texts), batch):
                enc = tokenizer(texts[i:i + batch], padding=True, truncation=True,
                                max_length=embedder.max_length, return_tensors="pt")
                model(**enc)
        best = max(best, (len(texts) / (time.perf_counter() - t0), batch))
    return best


def code_trees(baseline: Path | None) -> list[tuple[str, Path]]:
    """The code to time: this checkout, and a baseline checkout when one is given."""
    return [("this", ROOT)] + ([("baseline", baseline.resolve())] if baseline else [])


def child(args: list[str], tree: Path, cache: Path) -> tuple[float, subprocess.CompletedProcess]:
    """Run this script as a child in ``--child-*`` mode on the code of ``tree`` (its PYTHONPATH)
    with the cache folder ``cache``; returns its wall seconds, imports included."""
    env = dict(os.environ, TIMELINE_CACHE=str(cache), PYTHONPATH=str(tree))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"benchmark_speed: {' '.join(args[:2])} failed:\n{proc.stderr[-3000:]}")
    return wall, proc


MODELS = Path(tempfile.gettempdir()) / "timeline-speed-models"  # converted models, shared by the runs


def fresh_cache(folder: Path) -> Path:
    """An empty cache folder (no vectors, no tagged documents) whose ``models/`` is the shared
    folder of converted models: a cold run is a first run on a corpus, not a first install.
    :func:`export_once` times the one-time conversion on its own."""
    folder.mkdir(parents=True, exist_ok=True)
    MODELS.mkdir(parents=True, exist_ok=True)
    (folder / "models").symlink_to(MODELS, target_is_directory=True)
    return folder


def export_once() -> str:
    """A note on the one-time ONNX export of the encoder (into :data:`MODELS`), timed in a
    child process as a first run would pay it (imports included)."""
    code = ("import time; t0 = time.perf_counter(); from pathlib import Path; "
            "from timeline.config import Config; from timeline.embed import Embedder, PACKAGED_MINILM; "
            f"e = Embedder(PACKAGED_MINILM, models_dir=Path({str(MODELS)!r}), precision=Config().embed.precision); "
            "e.encode(['warm up']); "
            "print(e.backend, f'{time.perf_counter() - t0:.1f}')")
    fresh = not any(MODELS.glob("encoder-*/model.onnx"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    if out.returncode:
        raise SystemExit(f"benchmark_speed: encoder export failed:\n{out.stderr[-3000:]}")
    backend, seconds = out.stdout.split()
    if backend != "onnx":
        return "encoder backend: torch (onnxruntime not installed)"
    return (f"one-time ONNX export of the encoder, imports included: {seconds} s" if fresh
            else f"ONNX export already in {MODELS} (loading it took {seconds} s)")


def evaluate_runs(data: Path, engines: list[str], baseline: Path | None = None) -> list[str]:
    """Table rows for ``timeline evaluate DATA`` cold then warm, per engine and code tree."""
    rows = ["| code | engine | cache | wall s | AR-1 F1 | AR-2 F1 | date F1 | peak MB |",
            "|---|---|---|---|---|---|---|---|"]
    for label, tree in code_trees(baseline):
        for engine in engines:
            with tempfile.TemporaryDirectory(prefix="timeline-eval-") as tmp:
                cache = fresh_cache(Path(tmp) / "cache")
                for run in ("cold", "warm"):
                    out = Path(tmp) / run
                    wall, _ = child(["--child-evaluate", str(data), str(out), engine], tree, cache)
                    avg = json.loads((out / "metrics.json").read_text())["average"]
                    peak = float((out / "peak_mb").read_text())
                    rows.append(f"| {label} | {engine} | {run} | {wall:.1f} | {avg['ar1_f1']:.4f} | "
                                f"{avg['ar2_f1']:.4f} | {avg['date_f1']:.4f} | {peak:,.0f} |")
                    print(rows[-1], flush=True)
    return rows


def cli_runs(data: Path, sizes: list[int], baseline: Path | None = None) -> list[str]:
    """Table rows for a whole ``timeline summarise`` of resampled articles through the CLI,
    cold caches, imports included (the time a user waits), per code tree."""
    rows = ["| code | articles | wall s | peak MB |", "|---|---|---|---|"]
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="timeline-cli-") as tmp:
            path = Path(tmp) / "articles.jsonl"
            resample(data, n, path)
            for label, tree in code_trees(baseline):
                out = Path(tmp) / label
                out.mkdir()
                wall, _ = child(["--child-cli", str(path), str(out)], tree, fresh_cache(out / "cache"))
                peak = float((out / "peak_mb").read_text())
                rows.append(f"| {label} | {n:,} | {wall:.1f} | {peak:,.0f} |")
                print(rows[-1], flush=True)
    return rows


def own_peak_mb() -> float:
    """This process's resident peak (``VmHWM``; ``ru_maxrss`` would carry the parent's peak across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_mb()


def child_cli(path: str, out: str) -> int:
    from timeline.cli import app

    try:
        app(["summarise", path, "-o", str(Path(out) / "briefing.md"), "-q", "--summariser", "extractive"],
            standalone_mode=False)
    finally:
        Path(out, "peak_mb").write_text(f"{own_peak_mb():.0f}")
    return 0


def child_evaluate(data: str, out: str, engine: str) -> int:
    from timeline.cli import app

    try:
        # "default": each code tree's own default engine (an older tree may not know a newer name)
        app(["evaluate", data, "-o", out, "--force", "-q"] + ([] if engine == "default" else ["--engine", engine]),
            standalone_mode=False)
    finally:
        Path(out, "peak_mb").write_text(f"{own_peak_mb():.0f}")
    return 0


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child-evaluate"]:
        return child_evaluate(*argv[1:4])
    if argv[:1] == ["--child-cli"]:
        return child_cli(*argv[1:3])
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--evaluate", default="", help="engines to time a whole `timeline evaluate` with, e.g. "
                    "default,local,dask (default: each code tree's own default engine)")
    ap.add_argument("--cli", default="", help="article counts to time a whole `timeline summarise` of through "
                    "the CLI, cold, e.g. 1000")
    ap.add_argument("--baseline", type=Path, help="a checkout of other code (e.g. `git worktree add /tmp/base "
                    "REV`) to time beside this one in the --evaluate and --cli runs")
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "benchmarks" / "speed.md")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"benchmark_speed: {args.data}: not found", file=sys.stderr)
        return 2
    import logging

    logging.getLogger("timeline").setLevel(logging.ERROR)
    lines = ["| articles | stage | seconds | throughput | unit/s | peak MB |", "|---|---|---|---|---|---|"]
    notes = [export_once()]
    for n in [int(s) for s in args.sizes.split(",") if s and s != "0"]:
        with tempfile.TemporaryDirectory(prefix="timeline-speed-") as tmp:
            path = Path(tmp) / "articles.jsonl"
            resample(args.data, n, path)
            t0 = time.perf_counter()
            rows, extra = run_size(path, n, fresh_cache(Path(tmp) / "cache"))
            wall = time.perf_counter() - t0
        for size, name, seconds, rate, unit, peak in rows:
            lines.append(f"| {size:,} | {name} | {seconds:.2f} | {rate:,.0f} | {unit} | {peak:,.0f} |")
        embed = next(r for r in rows if r[1] == "embed")
        rate, batch = extra["ceiling"]
        notes.append(f"{n:,} articles: {wall:.0f} s in all (the ceiling runs included); the embed stage took "
                     f"{extra['embedded']:,} sentences at {embed[3]:,.0f}/s (repeats are embedded once); the bare "
                     f"encoder ran their {extra['distinct']:,} distinct texts at {rate:,.0f}/s (batch {batch}).")
        print("\n".join(lines[-len(rows):]), flush=True)
    engines = [e for e in args.evaluate.split(",") if e]
    evaluated = evaluate_runs(args.data, engines, args.baseline) if engines else []
    cli = cli_runs(args.data, [int(s) for s in args.cli.split(",") if s], args.baseline) if args.cli else []
    command = " ".join(["python scripts/benchmark_speed.py --sizes", args.sizes]
                       + (["--evaluate", args.evaluate] if args.evaluate else [])
                       + (["--cli", args.cli] if args.cli else [])
                       + (["--baseline", str(args.baseline)] if args.baseline else []))
    text = (f"# Speed by stage\n\n`{command}`: default settings, 20 dates, cold caches (converted models kept: "
            "see the first note), one process (the local engine) on this machine.\n\n" + "\n".join(lines) + "\n\n" + "\n".join(f"- {n}" for n in notes) + "\n")
    if cli:
        text += "\n`timeline summarise` of resampled articles through the CLI, cold caches, imports included:\n\n" \
            + "\n".join(cli) + "\n"
    if evaluated:
        text += (f"\n`timeline evaluate {args.data.name}` (all tasks), cold then warm cache:\n\n"
                 + "\n".join(evaluated) + "\n")
    atomic_write_text(args.out, text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
