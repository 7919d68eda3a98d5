#!/usr/bin/env python
"""Extractive vs abstractive (self-contained lines) condensing on held-out topics.

    python scripts/benchmark_condense.py [--t17-topics mj,egypt] [--entities-topics Hu_Jintao,Dilma_Rousseff]
                                         [--steps N] [--timing] [--precisions fp32,bf16]

Leave-one-topic-out: a few test topics per dataset (to keep the run short on a CPU), the
fine-tuned row trained only on the other topics of both datasets. Dates come from the
heuristic ranker in every row, so rows differ only in condensing. Rows:

1. extractive (default settings);
2. abstractive with the packaged SmolLM2-135M-Instruct, untuned;
3. with ``--steps N``: abstractive with a LoRA adapter fine-tuned for N steps on edit pairs
   of the other topics (``timeline train --summariser``'s pairs).

Reports AR-1/AR-2 F1 and date F1, the lines that needed an edit, the share of rewrites kept
(passed the guard), generated tokens/s, seconds and peak memory, and ten sample lines
before/after. ``--timing`` also times extractive against abstractive (warm: the model
already converted) on ``examples/corpus`` in the same process, for each of ``--precisions``,
and says whether the lines are the same. Writes ``outputs/benchmarks/condense.md``.
"""

from __future__ import annotations

import argparse
import copy
import resource
import sys
import time
from pathlib import Path

from timeline.io import atomic_write_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Recorder:
    """Wraps the condenser's guard step to keep every (source, answer, kept) it decides."""

    def __init__(self):
        from timeline.condense.abstractive import AbstractiveCondenser

        self.rows: list[tuple[str, str, bool]] = []
        original = AbstractiveCondenser._checked

        def checked(condenser, line, plan):
            out = original(condenser, line, plan)
            self.rows.append((plan.source, line, out is not None))
            return out

        AbstractiveCondenser._checked = checked


def main(argv=None) -> int:
    from timeline.benchmark import run_benchmark
    from timeline.condense.generator import PACKAGED_SMOLLM2, Generator
    from timeline.config import load_config
    from timeline.embed import cache_folder, make_embedder

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--t17", type=Path, default=DATA / "t17")
    ap.add_argument("--entities", type=Path, default=DATA / "entities-dev")
    ap.add_argument("--t17-topics", default="mj,egypt")
    ap.add_argument("--entities-topics", default="Hu_Jintao,Dilma_Rousseff")
    ap.add_argument("--steps", type=int, default=0, help="LoRA fine-tuning steps (0: no fine-tuned row)")
    ap.add_argument("--pairs", type=int, default=400, help="training pairs drawn from the other topics")
    ap.add_argument("--train-topics", default="", help="fine-tune on these topics only (default: every other topic)")
    ap.add_argument("--rows", default="extractive,untuned", help="rows to run besides the fine-tuned one")
    ap.add_argument("--timing", action="store_true")
    ap.add_argument("--precisions", default="fp32,bf16")
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "benchmarks" / "condense.md")
    args = ap.parse_args(argv)
    splits = [(d, t.split(",")) for d, t in ((args.t17, args.t17_topics), (args.entities, args.entities_topics))
              if t]
    for data, _ in splits:
        if not data.is_dir():
            print(f"benchmark_condense: {data}: not found", file=sys.stderr)
            return 2
    cfg = load_config()
    embedder = make_embedder(cfg)
    recorder = Recorder()
    rows, samples, report = [], [], []

    def run(name: str, mode: str, gen=None) -> None:
        run_cfg = copy.deepcopy(cfg)
        run_cfg.condense.mode = mode
        tokens0, seconds0, seen = (gen.generated_tokens, gen.generate_seconds, len(recorder.rows)) if gen else (0, 0, 0)
        for data, topics in splits:
            t0 = time.perf_counter()
            result = run_benchmark(data, run_cfg, topics=topics, embedder=embedder, generator=gen)[0]
            seconds = time.perf_counter() - t0
            a, g = result.average, result.guard
            asked = g.get("generated", 0) + g.get("fallbacks", 0)
            lines = asked + g.get("unchanged", 0)
            edited = f"{asked}/{lines}" if gen else "—"
            kept = f"{g.get('generated', 0)}/{asked} ({g.get('generated', 0) / asked:.0%})" if gen and asked else "—"
            tok_s = "—"
            if gen and gen.generate_seconds > seconds0:
                tok_s = f"{(gen.generated_tokens - tokens0) / (gen.generate_seconds - seconds0):.1f}"
                tokens0, seconds0 = gen.generated_tokens, gen.generate_seconds
            rows.append([data.name, name, f"{a['ar1_f1']:.4f}", f"{a['ar2_f1']:.4f}", f"{a['date_f1']:.3f}", edited,
                         kept, tok_s, f"{seconds:.0f}", f"{peak_mb():.0f}"])
            print(" | ".join(rows[-1]), flush=True)
        if gen:
            samples.append((name, recorder.rows[seen:]))

    wanted = args.rows.split(",")
    if "extractive" in wanted:
        run("extractive", "extractive")
    if "untuned" in wanted:
        t0 = time.perf_counter()
        untuned = Generator(PACKAGED_SMOLLM2, cache_folder(cfg))
        report.append(f"SmolLM2 load (converted copy in the cache): {time.perf_counter() - t0:.1f} s.")
        run("abstractive (SmolLM2, untuned)", "abstractive", untuned)
    if args.steps:
        tuned = fine_tuned(args, cfg, embedder, [t for _, ts in splits for t in ts], report)
        run(f"abstractive (SmolLM2 + LoRA, {args.steps} steps)", "abstractive", tuned)
    if args.timing:
        report += timing(cfg, embedder, args.precisions.split(","))
    header = ["| dataset | condensing | AR-1 F1 | AR-2 F1 | date F1 | lines with an edit | rewrites kept | tokens/s "
              "| time (s) | peak MB |", "|---|---|---|---|---|---|---|---|---|---|"]
    table = header + ["| " + " | ".join(r) + " |" for r in rows]
    text = ("# Condensing benchmark\n\nHeld-out test topics: " + "; ".join(f"{d.name}: {', '.join(t)}" for d, t in splits)
            + " (all their reference timelines; heuristic date ranker in every row). Lines with an edit: printed "
              "lines for which the resolver proposed one (an opening pronoun or role to name, a leaned-on relative "
              "date); the others print as extractive. Rewrites kept: those that passed the guard.\n\n"
            + "\n".join(table) + "\n\n" + "\n".join(report) + "\n")
    for name, recorded in samples:
        text += f"\n## Sample lines, {name}\n\n| before | after | kept |\n|---|---|---|\n"
        text += "".join(f"| {_cell(s)} | {_cell(a)} | {'yes' if k else 'no'} |\n" for s, a, k in _pick(recorded))
    atomic_write_text(args.out, text)
    print(text)
    return 0


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _pick(recorded: list, n: int = 10) -> list:
    """Ten samples: kept and rejected ones in their share, in run order."""
    kept = [r for r in recorded if r[2]]
    rejected = [r for r in recorded if not r[2]]
    want_kept = min(len(kept), max(n - len(rejected), round(n * len(kept) / max(len(recorded), 1))))
    return kept[:want_kept] + rejected[:n - want_kept]


def fine_tuned(args, cfg, embedder, test_topics: list[str], report: list[str]):
    """A LoRA adapter trained on edit pairs of every topic that is not a test topic."""
    import random
    import tempfile

    from timeline.condense.generator import PACKAGED_SMOLLM2, Generator
    from timeline.datasets import dataset_topic_list
    from timeline.embed import cache_folder
    from timeline.prepare import prepare
    from timeline.train.generator import edit_pairs, fine_tune

    pairs, names = [], []
    for data in (args.t17, args.entities):
        for topic in dataset_topic_list([data]):
            if topic.name in test_topics or args.train_topics and topic.name not in args.train_topics.split(","):
                continue
            names.append(topic.name)
            pairs += edit_pairs(prepare([topic.folder], cfg), cfg.keywords or topic.keywords())
    random.Random(0).shuffle(pairs)
    pairs = pairs[:args.pairs]
    out = Path(tempfile.mkdtemp(prefix="timeline-lora-"))
    gen = Generator(PACKAGED_SMOLLM2, cache_folder(cfg))
    stats = fine_tune(gen, pairs, out, PACKAGED_SMOLLM2, max_steps=args.steps)
    size = sum(f.stat().st_size for f in out.iterdir()) / 1e6
    report.append(f"LoRA: {stats['pairs']} edit pairs from {', '.join(names)}; {stats['steps']} steps in "
                  f"{stats['seconds']:.0f} s; loss on 64 pairs {stats['loss_before']:.3f} -> {stats['loss_after']:.3f}; "
                  f"adapter folder {size:.1f} MB.")
    return Generator(str(out), cache_folder(cfg))


def timing(cfg, embedder, precisions: list[str]) -> list[str]:
    """Extractive vs abstractive seconds on the example corpus, warm, same process; per precision."""
    from timeline.condense.generator import PACKAGED_SMOLLM2, Generator
    from timeline.embed import cache_folder
    corpus = ROOT / "examples" / "corpus"
    out = [f"\nTiming on {corpus.relative_to(ROOT)} (10 dates, 2 lines each; encoder and model loaded first):\n",
           "| condensing | seconds | more than extractive | lines with an edit | kept | same lines as fp32 |",
           "|---|---|---|---|---|---|"]
    _summarise_with(corpus, cfg, embedder, None)  # warm the tagging and vector caches
    t0 = time.perf_counter()
    _summarise_with(corpus, cfg, embedder, None)
    extractive = time.perf_counter() - t0
    out.append(f"| extractive | {extractive:.1f} | — | — | — | — |")
    reference = None
    for precision in precisions:
        gen = Generator(PACKAGED_SMOLLM2, cache_folder(cfg), precision=precision)
        run_cfg = copy.deepcopy(cfg)
        run_cfg.condense.mode = "abstractive"
        t0 = time.perf_counter()
        tl = _summarise_with(corpus, run_cfg, embedder, gen)
        seconds = time.perf_counter() - t0
        lines = [b.text for e in tl.entries for b in e.bullets]
        reference = reference or lines
        g = tl.settings["guard"]
        asked = g["generated"] + g["fallbacks"]
        out.append(f"| abstractive {precision} | {seconds:.1f} | {seconds - extractive:+.1f} | "
                   f"{asked}/{asked + g['unchanged']} | {g['generated']} | {'yes' if lines == reference else 'no'} |")
        print(out[-1], flush=True)
    return out


def _summarise_with(corpus: Path, cfg, embedder, gen):
    """What ``summarise`` does, with a loaded generator (``None``: extractive)."""
    from timeline.corpus import corpus_keywords
    from timeline.pipeline import timeline_from
    from timeline.prepare import prepare

    prepared = prepare([corpus], cfg)
    return timeline_from(prepared, cfg, cfg.keywords or corpus_keywords([corpus]), embedder, "timing", generator=gen)


if __name__ == "__main__":
    sys.exit(main())
