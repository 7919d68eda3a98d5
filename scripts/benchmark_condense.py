#!/usr/bin/env python
"""Extractive vs abstractive vs fine-tuned abstractive condensing on held-out T17 topics.

    python scripts/benchmark_condense.py [--test-topics mj,egypt] [--steps N] [--top-layers 8]

1. extractive (default settings) on the test topics;
2. abstractive with the packaged SmolLM2-135M-Instruct (converted once, then loaded from
   the cache: both load times are reported);
3. fine-tune SmolLM2 on (selected sources -> reference sentence) pairs of the *other*
   topics whose sources support the target (``--steps`` AdamW steps, batch 4, the top
   ``--top-layers`` blocks), then abstractive with it on the test topics.
Reports AR-1, AR-2, date F1, the guard pass rate before fallback, how many generated lines
were kept (faithful and at least as close to the sources as the fallback), generated tokens/s
and peak memory, and writes the table to ``outputs/benchmarks/condense.md``. Dates are chosen by
the heuristic ranker in every row, so rows differ only in condensing.
"""

from __future__ import annotations

import argparse
import copy
import resource
import sys
import tempfile
import time
from pathlib import Path

from timeline.io import atomic_write_text

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "t17"


def main(argv=None) -> int:
    from timeline.benchmark import run_benchmark
    from timeline.condense.generator import PACKAGED_SMOLLM2, Generator
    from timeline.config import load_config
    from timeline.datasets import dataset_topic_list
    from timeline.embed import make_embedder
    from timeline.prepare import prepare
    from timeline.train.generator import MIN_SUPPORT, fine_tune
    from timeline.train.trainer import topic_condense_pairs

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--test-topics", default="mj,egypt")
    ap.add_argument("--steps", type=int, default=0, help="fine-tuning steps (0: one epoch)")
    ap.add_argument("--top-layers", type=int, default=8, help="blocks to fine-tune (0: every weight)")
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "benchmarks" / "condense.md")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"benchmark_condense: {args.data}: not found", file=sys.stderr)
        return 2
    test = args.test_topics.split(",")
    train = [t for t in dataset_topic_list([args.data]) if t.name not in test]
    work = Path(tempfile.mkdtemp(prefix="timeline-condense-"))
    cfg = load_config(overrides={"embed.cache_dir": str(work / "cache")})
    embedder = make_embedder(cfg)
    rows = []

    def peak_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def run(name: str, mode: str, gen: Generator | None = None):
        run_cfg = copy.deepcopy(cfg)
        run_cfg.condense.mode = mode
        t0 = time.perf_counter()
        result = run_benchmark(args.data, run_cfg, topics=test, embedder=embedder, generator=gen)[0]
        seconds = time.perf_counter() - t0
        a = result.average
        guard = kept = tok_s = "—"
        if gen is not None:
            tok_s = f"{gen.generated_tokens / gen.generate_seconds:.1f}" if gen.generate_seconds else "—"
            g = result.guard
            total = g["generated"] + g["fallbacks"]
            guard = f"{g['generated'] + g['less_informative']}/{total}" if total else "—"
            kept = f"{g['generated']}/{total}" if total else "—"
        rows.append([name, f"{a['ar1_f1']:.3f}", f"{a['ar2_f1']:.3f}", f"{a['date_f1']:.3f}", guard, kept, tok_s,
                     f"{seconds:.0f}", f"{peak_mb():.0f}"])
        return result

    run("extractive", "extractive")
    t0 = time.perf_counter()
    Generator(PACKAGED_SMOLLM2, work / "cache")  # cold: converts the GGUF
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    untuned = Generator(PACKAGED_SMOLLM2, work / "cache")
    cached = time.perf_counter() - t0
    run("abstractive (SmolLM2)", "abstractive", untuned)
    pairs = []
    for topic in train:
        pairs += topic_condense_pairs(topic, cfg, prepare([topic.folder], cfg), embedder)
    base = Generator(PACKAGED_SMOLLM2, work / "cache")
    stats = fine_tune(base, pairs, work / "tuned", max_steps=args.steps or None, top_layers=args.top_layers or None)
    layers = f"top {args.top_layers} blocks" if args.top_layers else "all weights"
    run(f"abstractive fine-tuned ({stats['steps']} steps, {layers})", "abstractive",
        Generator(str(work / "tuned"), work / "cache"))
    table = ["| condensing | AR-1 F1 | AR-2 F1 | date F1 | guard pass | kept | tokens/s | time (s) | peak MB |",
             "|---|---|---|---|---|---|---|---|---|"] + ["| " + " | ".join(r) + " |" for r in rows]
    text = (f"# Condensing benchmark\n\nTest topics {', '.join(test)} (all their reference timelines); "
            f"fine-tuned on {len(pairs)} pairs from {', '.join(t.name for t in train)} (each date's best-supported reference "
            f"sentence, where the sources hold at least {MIN_SUPPORT:.0%} of its content words; {stats['steps']} steps, {layers}, {stats['seconds']:.0f} s, loss on 64 "
            f"of the pairs {stats['loss_before']:.2f} -> {stats['loss_after']:.2f}). "
            f"SmolLM2 load: {cold:.1f} s cold (GGUF conversion), {cached:.1f} s cached. Guard pass: entries whose "
            f"generated line passed the faithfulness guard; kept: those also at least as close to the sources as "
            f"the fallback sentence (the rest print the fallback).\n\n" + "\n".join(table) + "\n")
    atomic_write_text(args.out, text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
