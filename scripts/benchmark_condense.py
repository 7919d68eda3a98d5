#!/usr/bin/env python
"""Extractive vs abstractive (self-contained lines) condensing on held-out topics.

    python scripts/benchmark_condense.py [--t17-topics mj,egypt] [--entities-topics Hu_Jintao,Dilma_Rousseff]
                                         [--rows extractive,write,choose] [--steps N] [--timing]
                                         [--precisions fp32,bf16,int8]

Leave-one-topic-out: a few test topics per dataset (to keep the run short on a CPU), the
fine-tuned row trained only on the other topics of both datasets. Dates come from the
heuristic ranker in every row, so rows differ only in condensing. Rows:

1. ``extractive`` (default settings);
2. ``write``: abstractive, the packaged SmolLM2-135M-Instruct writes each edited line
   (``condense.edit = "write"``, the first design), untuned;
3. ``choose``: abstractive, the rules build the lines and the same model picks among the
   candidates where they are unsure (``condense.edit = "choose"``);
4. with ``--steps N``: ``write`` with a LoRA adapter fine-tuned for N steps on edit pairs of
   the other topics (``timeline train --summariser``'s pairs).

Reports AR-1/AR-2 F1 and date F1; the lines for which the rules proposed an edit and how
many rewrites of them were kept (the first design's count); the lines offered to the model
as a choice and how many it resolved; all kept rewrites over all lines with an edit; model
tokens/s, seconds and peak memory; and ten sample lines before/after. Then the model's picks
on every offered choice again at each of ``--precisions`` (same picks? seconds). ``--timing``
also times extractive against abstractive (warm: the model already converted) on
``examples/corpus`` in the same process. Writes ``outputs/benchmarks/condense.md``.
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


def main(argv=None) -> int:
    from timeline.benchmark import run_benchmark
    from timeline.condense.abstractive import Decision
    from timeline.condense.choice import Choice
    from timeline.condense.generator import PACKAGED_SMOLLM2, Generator
    from timeline.config import load_config
    from timeline.embed import cache_folder, make_embedder
    from timeline.observe import watch

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
    rows, samples, report = [], [], []
    offered: list[Choice] = []  # every choice the model was offered, in every row

    def run(name: str, mode: str, gen=None, edit: str = "choose") -> None:
        run_cfg = copy.deepcopy(cfg)
        run_cfg.condense.mode, run_cfg.condense.edit = mode, edit
        decided: list[Decision] = []  # the guard's decisions in this row
        for data, topics in splits:
            model_s, tokens0 = gen.generate_seconds if gen else 0, getattr(gen, "generated_tokens", 0)
            t0 = time.perf_counter()
            with watch() as seen:
                result = run_benchmark(data, run_cfg, topics=topics, embedder=embedder, generator=gen)[0]
            seconds = time.perf_counter() - t0
            decided += seen.of(Decision)
            offered.extend(seen.of(Choice))
            a = result.average
            counts = ["—"] * 3
            if gen:
                counts = kept_counts(seen.of(Decision), result.guard)
                model_s = gen.generate_seconds - model_s
                if edit == "write" and model_s:
                    counts.append(f"{model_s:.0f} ({(gen.generated_tokens - tokens0) / model_s:.1f} tok/s)")
                else:
                    counts.append(f"{model_s:.1f}")
            else:
                counts.append("—")
            rows.append([data.name, name, f"{a['ar1_f1']:.4f}", f"{a['ar2_f1']:.4f}", f"{a['date_f1']:.3f}", *counts,
                         f"{seconds:.0f}", f"{peak_mb():.0f}"])
            print(" | ".join(rows[-1]), flush=True)
        if gen:
            samples.append((name, decided))

    wanted = args.rows.split(",")
    if "extractive" in wanted:
        run("extractive", "extractive")
    untuned = None
    if "write" in wanted or "choose" in wanted:
        t0 = time.perf_counter()
        untuned = Generator(PACKAGED_SMOLLM2, cache_folder(cfg))
        report.append(f"SmolLM2 load (converted copy in the cache): {time.perf_counter() - t0:.1f} s.")
    if "write" in wanted:
        run("abstractive write (SmolLM2, untuned)", "abstractive", untuned, "write")
    if "choose" in wanted:
        run("abstractive choose (SmolLM2, untuned)", "abstractive", untuned, "choose")
    if args.steps:
        tuned = fine_tuned(args, cfg, embedder, [t for _, ts in splits for t in ts], report)
        run(f"abstractive write (SmolLM2 + LoRA, {args.steps} steps)", "abstractive", tuned, "write")
    probe = offered or unsure_sentences(cfg, splits)
    if probe:
        report += precisions(cfg, probe, args.precisions.split(","), "offered" if offered else
                             "unsure sentences of the test topics' articles (no printed line was offered one)")
    if args.timing:
        report += timing(cfg, embedder, args.precisions.split(","))
    header = ["| dataset | condensing | AR-1 F1 | AR-2 F1 | date F1 | rules' edits kept | offered to the model: "
              "resolved | all edits kept | model s | time (s) | peak MB |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    table = header + ["| " + " | ".join(r) + " |" for r in rows]
    text = ("# Condensing benchmark\n\nHeld-out test topics: " + "; ".join(f"{d.name}: {', '.join(t)}" for d, t in splits)
            + " (all their reference timelines; heuristic date ranker in every row). Rules' edits kept: rewrites "
              "kept / printed lines for which the rules alone proposed an edit (an opening pronoun or role to name, "
              "a leaned-on relative date; the first design's count). Offered to the model: lines where the rules "
              "were unsure whom an opening pronoun means and built one line per person; resolved: those the model "
              "picked one for. All edits kept: rewrites kept / lines with either. Kept: passed the guard.\n\n"
            + "\n".join(table) + "\n\n" + "\n".join(report) + "\n")
    for name, recorded in samples:
        text += f"\n## Sample lines, {name}\n\n| before | after | kept |\n|---|---|---|\n"
        text += "".join(f"| {_cell(d.source)} | {_cell(d.line)} | {'yes' if d.kept else 'no'}"
                        f"{' (model)' if d.offered else ''} |\n" for d in _pick(recorded))
    atomic_write_text(args.out, text)
    print(text)
    return 0


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _pick(recorded: list, n: int = 10) -> list:
    """Ten samples: kept and rejected ones in their share, in run order."""
    kept = [r for r in recorded if r.kept]
    rejected = [r for r in recorded if not r.kept]
    want_kept = min(len(kept), max(n - len(rejected), round(n * len(kept) / max(len(recorded), 1))))
    return kept[:want_kept] + rejected[:n - want_kept]


def kept_counts(decisions: list, guard: dict) -> list[str]:
    """The three kept-share cells: of the rules' own edits (the first design's count), the
    model's resolutions of the lines offered to it, and of all lines with an edit."""
    by_rules = [d for d in decisions if d.by_rules]
    offered, chosen = guard.get("offered", 0), guard.get("chosen", 0)
    silent = offered - sum(1 for d in decisions if d.offered)  # offered, unresolved, no date edit either
    total = len(decisions) + silent
    kept = sum(d.kept for d in decisions)

    def share(k: int, n: int) -> str:
        return f"{k}/{n} ({k / n:.0%})" if n else "0/0"

    return [share(sum(d.kept for d in by_rules), len(by_rules)), f"{offered}: {chosen}", share(kept, total)]


def unsure_sentences(cfg, splits, most: int = 40) -> list:
    """Choices for up to ``most`` sentences (6-40 words) of the test topics' articles whose
    opening pronoun the rules are unsure about, as the condenser would offer them: the model's
    work to time when no printed line needed it."""
    import random

    from timeline.condense.abstractive import _choice
    from timeline.condense.resolve import LineContext, alternatives
    from timeline.prepare import prepare

    out = []
    for data, topics in splits:
        for topic in topics:
            sents = prepare([data / topic], cfg).sentences.sort_values(["doc_id", "sent_idx"])
            for _, doc in sents.groupby("doc_id", sort=True):
                texts = doc["text"].tolist()
                for i, text in enumerate(texts):
                    if 6 <= len(text.split()) <= 40:
                        ctx = LineContext(tuple(texts[max(0, i - 12):i]))
                        alts = alternatives(text, ctx)
                        if alts:
                            out.append(_choice(alts, ctx))
    random.Random(0).shuffle(out)
    return out[:most]


def precisions(cfg, choices: list, names: list[str], what: str = "offered") -> list[str]:
    """The model's picks on the choices (those the benchmark offered it, or a sample of unsure
    sentences), at each precision, in the same process: the same picks as fp32? how long?"""
    from timeline.condense.choice import pick
    from timeline.condense.generator import PACKAGED_SMOLLM2, Generator
    from timeline.embed import cache_folder

    out = [f"\nThe model's picks on {len(choices)} choices ({what}), per precision, same process; resolved: the "
           "best candidate leads by condense.choice_margin; best: the likeliest candidate, whatever the margin:\n",
           "| precision | seconds | resolved | same best as fp32 | largest score difference to fp32 |",
           "|---|---|---|---|---|"]
    reference = None
    for precision in names:
        gen = Generator(PACKAGED_SMOLLM2, cache_folder(cfg), precision=precision)
        t0 = time.perf_counter()
        scores = gen.score(choices)
        seconds = time.perf_counter() - t0
        best = [pick(s, 0.0) for s in scores]
        reference = reference or (best, scores)
        diff = max((abs(a - b) for s, r in zip(scores, reference[1]) for a, b in zip(s, r)), default=0.0)
        out.append(f"| {precision} | {seconds:.1f} | {sum(pick(s, gen.margin) is not None for s in scores)} | "
                   f"{sum(p == q for p, q in zip(best, reference[0]))}/{len(best)} | {diff:.3f} |")
        print(out[-1], flush=True)
    return out


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
    """Extractive vs abstractive seconds on the example corpus, warm, same process: the first
    design (``write``) with torch's default threads as before and with ``condense.threads``'
    default, then ``choose`` at each precision."""
    import torch

    from timeline.condense.generator import PACKAGED_SMOLLM2, Generator
    from timeline.embed import cache_folder

    corpus = ROOT / "examples" / "corpus"
    out = [f"\nTiming on {corpus.relative_to(ROOT)} (10 dates, 2 lines each; encoder and model loaded first):\n",
           "| condensing | threads | seconds | more than extractive | lines with an edit | kept | same lines as the "
           "first abstractive row |", "|---|---|---|---|---|---|---|"]
    _summarise_with(corpus, cfg, embedder, None)  # warm the tagging and vector caches
    t0 = time.perf_counter()
    _summarise_with(corpus, cfg, embedder, None)
    extractive = time.perf_counter() - t0
    out.append(f"| extractive | {torch.get_num_threads()} | {extractive:.1f} | — | — | — | — |")
    runs = [("write", "fp32", torch.get_num_threads())] + [("write", p, 0) for p in precisions] + [("choose", "fp32", 0)]
    reference = None
    for edit, precision, threads in runs:
        gen = Generator(PACKAGED_SMOLLM2, cache_folder(cfg), precision=precision, threads=threads)
        run_cfg = copy.deepcopy(cfg)
        run_cfg.condense.mode, run_cfg.condense.edit = "abstractive", edit
        t0 = time.perf_counter()
        tl = _summarise_with(corpus, run_cfg, embedder, gen)
        seconds = time.perf_counter() - t0
        lines = [b.text for e in tl.entries for b in e.bullets]
        reference = reference or lines
        g = tl.settings["guard"]
        asked = g["generated"] + g["fallbacks"]
        out.append(f"| abstractive {edit} {precision} | {threads or 'auto'} | {seconds:.1f} | {seconds - extractive:+.1f} | "
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
