#!/usr/bin/env python
"""How often the condensing model picks the right person for an opening "He", with a known answer.

    python scripts/benchmark_choice.py [--test-topics mj,egypt,Hu_Jintao,Dilma_Rousseff]
                                       [--per-topic 60] [--precision fp32] [--model packaged:...]

Items come from sentences that open with a person's full name after a sentence naming
several people (``timeline/benchmark/cloze.py``): the name becomes "He", the model scores one
line per person as condensing does, and the written name is the right answer, or no pick at
all when the written person is none of those offered ("no line right"; a pick there is wrong). The margin
(``condense.choice_margin``) is chosen on the other topics of both datasets, the smallest of
``--margins`` at which at least ``--precision-target`` of the model's picks are right, and then
reported on the test topics (those of ``scripts/benchmark_condense.py``), beside the first-named
and last-named person and chance. Writes ``outputs/benchmarks/choice.md``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from timeline.io import atomic_write_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
TEST_TOPICS = "mj,egypt,Hu_Jintao,Dilma_Rousseff"


def topic_items(folder: Path, per_topic: int) -> list:
    """Up to ``per_topic`` items of one topic, drawn evenly from all of its articles (read as
    ``timeline`` reads them: bad lines named, mis-decoded text repaired)."""
    from timeline.benchmark.cloze import article_sentences, cloze_items
    from timeline.corpus import read_corpus

    items = []
    for text in read_corpus([folder / "articles.jsonl"], lang="en")["text"]:
        items += cloze_items(article_sentences(text), folder.name)
    random.Random(0).shuffle(items)
    return items[:per_topic]


def rows_for(name: str, items: list, scores: list, margins: list[float]) -> list[str]:
    from timeline.benchmark.cloze import margin_counts

    n = len(items)
    golds = [it.gold for it in items]
    best = sum(max(range(len(s)), key=s.__getitem__) == g for s, g in zip(scores, golds))
    chance = sum(1 / len(it.choice.lines) for it in items if it.gold is not None)
    first = sum(g == 0 for g in golds)
    last = sum(g == len(it.choice.lines) - 1 for g, it in zip(golds, items))
    none = sum(g is None for g in golds)
    out = [f"| {name} | {n} | {none / n:.0%} | {chance / n:.0%} | {first / n:.0%} | {last / n:.0%} | {best / n:.0%} |"
           + "".join(f" {r}/{k} ({k / n:.0%} resolved) |" if k else " 0 |"
                     for k, r in (margin_counts(scores, golds, m) for m in margins))]
    return out


def main(argv=None) -> int:
    from timeline.benchmark.cloze import choose_margin, margin_counts
    from timeline.condense.generator import PACKAGED_SMOLLM2, Generator
    from timeline.embed import cache_root
    from timeline.errors import InputError

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, nargs="+", default=[DATA / "t17", DATA / "entities-dev"])
    ap.add_argument("--test-topics", default=TEST_TOPICS)
    ap.add_argument("--per-topic", type=int, default=60, help="items per topic at most")
    ap.add_argument("--margins", default="0.1,0.25,0.5,1.0")
    ap.add_argument("--precision-target", type=float, default=0.9)
    ap.add_argument("--model", default=PACKAGED_SMOLLM2)
    ap.add_argument("--precision", default="fp32", choices=["fp32", "bf16", "int8"])
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "benchmarks" / "choice.md")
    args = ap.parse_args(argv)

    folders = [t for d in args.data if d.is_dir() for t in sorted(d.iterdir()) if (t / "articles.jsonl").is_file()]
    if not folders:
        print(f"no topic folders under {', '.join(map(str, args.data))}", file=sys.stderr)
        return 2
    test = set(args.test_topics.split(","))
    margins = [float(m) for m in args.margins.split(",")]
    try:
        sets = {"choosing": [i for f in folders if f.name not in test for i in topic_items(f, args.per_topic)],
                "test": [i for f in folders if f.name in test for i in topic_items(f, args.per_topic)]}
    except InputError as exc:
        print(f"benchmark_choice: error: {exc}", file=sys.stderr)
        return 2
    empty = [k for k, items in sets.items() if not items]
    if empty:
        print(f"benchmark_choice: error: no items for the {' or '.join(empty)} topics "
              f"(test topics: {args.test_topics})", file=sys.stderr)
        return 2
    gen = Generator(args.model, cache_root(), precision=args.precision)
    t0 = time.perf_counter()
    scores = {k: gen.score([it.choice for it in items]) for k, items in sets.items()}
    seconds = time.perf_counter() - t0
    golds = {k: [it.gold for it in items] for k, items in sets.items()}
    chosen = choose_margin(scores["choosing"], golds["choosing"], margins, args.precision_target)

    lines = [f"Run {time.strftime('%Y-%m-%d')} with `python scripts/benchmark_choice.py"
             f"{''.join(' ' + a for a in (argv if argv is not None else sys.argv[1:]))}`: {args.model} at {args.precision}, "
             f"{sum(map(len, sets.values()))} items scored in {seconds:.0f} s. Test topics: "
             f"{', '.join(sorted(test))}; the margin is chosen on the other "
             f"{len({it.topic for it in sets['choosing']})} topics.", "",
             "| topics | items | no line right | chance | first named | last named | model's best | "
             + " | ".join(f"margin {m}: right/resolved" for m in margins) + " |",
             "|---" * (7 + len(margins)) + "|"]
    for name, items in sets.items():
        lines += rows_for(name, items, scores[name], margins)
    lines.append("")
    if chosen is None:
        lines.append(f"No margin reaches {args.precision_target:.0%} right on the choosing topics.")
    else:
        resolved, right = margin_counts(scores["test"], golds["test"], chosen)
        lines.append(f"Chosen margin (smallest with at least {args.precision_target:.0%} of picks right on the "
                     f"choosing topics): {chosen}. On the test topics it resolves {resolved} of "
                     f"{len(sets['test'])} items, {right} right"
                     + (f" ({right / resolved:.0%})." if resolved else "."))
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(args.out, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
