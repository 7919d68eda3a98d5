#!/usr/bin/env python
"""Timeline17 benchmark: our pipeline and the baselines beside the published numbers.

    python scripts/benchmark_tls.py [--data ../shared/data/t17] [--topics mj,egypt] [--config FILE]
    python scripts/benchmark_tls.py --ablations     # selection variants, leave-one-topic-out

Runs the published protocol (one task per reference timeline, L and k from the reference,
articles and dates limited to its span, keyword filter) for ``timeline`` and the
``random``, ``pubcount`` and ``oracle-dates`` baselines, each topic's articles read and
tagged once for all methods. Prints a Markdown table and writes it to
``outputs/benchmarks/t17.md`` with wall time and peak memory. Per-method time includes a
share of reading and tagging; the embedding cache starts empty in a temporary folder, so
the first method to need a sentence pays for embedding it.

``--ablations`` instead runs our method in several settings on the same prepared corpora
(read and tagged once): heuristic vs trained date ranking (trained leave-one-topic-out,
with and without validation against the heuristic; the column says which ranker each
fold kept), with and without the trained sentence scorer, with and without hindsight, TF-IDF vs embedding centroids, with and
without event clustering in sentence selection, and the selection this project had before
(each line's own centrality over printable candidates, publication day only). It writes
``outputs/benchmarks/t17-ablations.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

from timeline.io import atomic_write_text

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "t17"
PUBLISHED = {  # AR-1, AR-2, date F1 (align+ m:1), from DESIGN.md
    "DATEWISE": (0.120, 0.035, 0.544),
    "CLUST": (0.082, 0.020, 0.407),
    "Martschat & Markert 2018": (0.105, 0.030, 0.544),
    "LLM-TLS (Llama-2-13B)": (0.118, 0.036, 0.528),
    "SUnSET (Qwen2.5-72B)": (0.136, 0.044, 0.576),
}


def main(argv=None) -> int:
    from timeline.benchmark import METHODS, format_table, run_benchmark
    from timeline.config import load_config

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--topics", default="")
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--config", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--ablations", action="store_true", help="selection variants instead of baselines")
    args = ap.parse_args(argv)
    args.out = args.out or ROOT / "outputs" / "benchmarks" / ("t17-ablations.md" if args.ablations else "t17.md")
    if not args.data.is_dir():
        print(f"benchmark_tls: {args.data}: not found", file=sys.stderr)
        return 2
    cache = tempfile.mkdtemp(prefix="timeline-bench-")  # cold at the start, shared by the methods
    cfg = load_config(args.config, {"embed.cache": True, "embed.cache_dir": cache})
    topics = [t for t in args.topics.split(",") if t] or None
    if args.ablations:
        return ablations(args, cfg, topics)
    t0 = time.perf_counter()
    results = run_benchmark(args.data, cfg, methods=tuple(args.methods.split(",")), topics=topics)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tasks = len(results[0].tasks)
    table = format_table(results, PUBLISHED)
    text = (f"# Timeline17 benchmark\n\n{tasks} tasks ({', '.join(topics) if topics else 'all topics'}), "
            f"run {dt.date.today().isoformat()} with `python scripts/benchmark_tls.py"
            f"{' --topics ' + args.topics if args.topics else ''}`. Wall time {wall:.0f} s for all methods, "
            f"peak memory {peak:.0f} MB. Scores: align+ m:1 ROUGE (AR), date F1, concat and agreement ROUGE, "
            f"precision and recall averaged over tasks, F1 from the averages.\n\n{table}\n")
    atomic_write_text(args.out, text)
    print(text)
    return 0


ABLATIONS = [  # name, leave-one-topic-out training, config overrides
    ("heuristic dates, TF-IDF summary centroid (default)", False, {}),
    ("trained date ranker (validated against the heuristic)", True, {}),
    ("trained date ranker, not validated", "unvalidated", {}),
    ("trained date ranker + sentence scorer (weight 0.02)", True, {"condense.scorer_weight": 0.02}),
    ("no hindsight in date ranking", False, {"select.hindsight_weight": 0.0}),
    ("no hindsight in sentence selection", False, {"condense.hindsight_weight": 0.0}),
    ("no hindsight at all", False, {"select.hindsight_weight": 0.0, "condense.hindsight_weight": 0.0}),
    ("embedding centroid instead of TF-IDF", False, {"condense.relevance": "embedding"}),
    ("event clusters in sentence selection (support 0.05)", False, {"condense.support_weight": 0.05}),
    ("no event clustering (citations only)", False, {"cluster.method": "none"}),
    ("corpus-wide IDF", False, {"condense.idf": "corpus"}),
    ("before: own centrality, printable centroid, publication day", False,
     {"condense.objective": "sentence", "condense.centroid": "eligible", "condense.published_days_before": 0}),
]


def ablations(args, cfg, topics) -> int:
    import copy

    from timeline.benchmark import PreparedTopics, run_benchmark
    from timeline.embed import make_embedder

    prepared = PreparedTopics(cfg)  # read and tagged once, shared by every variant
    embedder = make_embedder(cfg)
    rows = ["| variant | LOO training | AR-1 F1 | AR-2 F1 | date F1 | concat R-1 F1 | time (s) |",
            "|---|---|---|---|---|---|---|"]
    t0 = time.perf_counter()
    for name, loo, overrides in ABLATIONS:
        run_cfg = copy.deepcopy(cfg)
        for key, value in overrides.items():
            section, field = key.split(".")
            setattr(getattr(run_cfg, section), field, value)
        t1 = time.perf_counter()
        (result,) = run_benchmark(args.data, run_cfg, topics=topics, embedder=embedder, loo=bool(loo),
                                  prepared_topics=prepared, validate_ranker=loo != "unvalidated")
        a = result.average
        kept = ", ".join(f"{n} {c}" for n, c in sorted(result.rankers.items()))
        rows.append(f"| {name} | {'yes (' + kept + ')' if loo else 'no'} | {a['ar1_f1']:.3f} | {a['ar2_f1']:.3f} | "
                    f"{a['date_f1']:.3f} | {a['concat_r1_f1']:.3f} | {time.perf_counter() - t1:.0f} |")
        print(rows[-1], flush=True)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = (f"# Timeline17 selection ablations\n\n{len(result.tasks)} tasks, run {dt.date.today().isoformat()} with "
            f"`python scripts/benchmark_tls.py --ablations`. Wall time {wall:.0f} s (the first variant also reads "
            f"and tags every topic), peak memory {peak:.0f} MB. Trained variants learn on the other topics "
            f"only.\n\n" + "\n".join(rows) + "\n")
    atomic_write_text(args.out, text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
