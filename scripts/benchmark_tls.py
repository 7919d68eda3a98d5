#!/usr/bin/env python
"""Blind benchmark on both development datasets: every number chosen without its topics.

    python scripts/benchmark_tls.py [--data ../shared/data/t17 ../shared/data/entities-dev] [--methods ...]
    python scripts/benchmark_tls.py --ablations     # Timeline17 selection variants, leave-one-topic-out

Runs the published protocol (one task per reference timeline, L and k from the reference,
articles and dates limited to its span, keyword filter) and prints, in one run, per dataset:

* ``timeline`` leave-one-topic-out over the datasets pooled: for each scored topic the date
  ranker is trained on every other topic of both datasets (each dataset weighing the same)
  and kept only if it beats the heuristic on those training topics held out in turn (nested);
* ``timeline`` with each ``--choose`` setting chosen per scored topic (nested): the pooled
  leave-one-topic-out run is repeated for every candidate value, and each topic is reported
  under the value with the best AR-1 on the other topics (:func:`timeline.benchmark.nested_choice`);
  each value's mean per dataset is printed too, which shows whether the value one dataset
  prefers also suits the other (the cross-domain check);
* ``timeline`` across domains: trained (and validated) on the other dataset only;
* the baselines ``random``, ``pubcount``, ``oracle-dates`` and the peers ``datewise``
  (its ranker trained on the other topics of both datasets) and ``clust``.

Each dataset's rows average its own tasks. Writes ``outputs/benchmarks/blind.md`` with wall
time and peak memory; the embedding cache starts empty in a temporary folder.

``--ablations`` runs our method in several settings on Timeline17 (read and tagged once) and
writes ``outputs/benchmarks/t17-ablations.md``.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import itertools
import resource
import sys
import tempfile
import time
from pathlib import Path

from timeline.io import atomic_write_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
DEFAULT = DATA / "t17"
# Settings once chosen on Timeline17, chosen per scored topic by default (the first values are the defaults)
CHOOSE = ["condense.lead_sentences=10,5", "condense.lead_decay=0.02,0,0.05"]
PUBLISHED = {  # AR-1, AR-2, date F1 (align+ m:1) as the papers report them on Timeline17
    "DATEWISE": (0.120, 0.035, 0.544),
    "CLUST": (0.082, 0.020, 0.407),
    "Martschat & Markert 2018": (0.105, 0.030, 0.544),
    "LLM-TLS (Llama-2-13B)": (0.118, 0.036, 0.528),
    "SUnSET (Qwen2.5-72B)": (0.136, 0.044, 0.576),
}


def main(argv=None) -> int:
    from timeline.config import load_config

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, nargs="+", default=[DATA / "t17", DATA / "entities-dev"])
    ap.add_argument("--topics", default="", help="with --ablations: Timeline17 topics to run")
    ap.add_argument("--methods", default="random,pubcount,oracle-dates,datewise,clust",
                    help="baselines and peers to run beside ours")
    ap.add_argument("--choose", action="append",
                    help="SECTION.KEY=VALUE,VALUE,...: a setting chosen per scored topic on the others; given "
                         "more than once, every combination is a candidate; '' for none "
                         f"(default: {' and '.join(CHOOSE)})")
    ap.add_argument("--config", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--ablations", action="store_true", help="Timeline17 selection variants instead")
    args = ap.parse_args(argv)
    args.out = args.out or ROOT / "outputs" / "benchmarks" / ("t17-ablations.md" if args.ablations else "blind.md")
    missing = [d for d in args.data if not d.is_dir()]
    if missing:
        print(f"benchmark_tls: {missing[0]}: not found", file=sys.stderr)
        return 2
    cache = tempfile.mkdtemp(prefix="timeline-bench-")  # cold at the start, shared by the methods
    cfg = load_config(args.config, {"embed.cache": True, "embed.cache_dir": cache})
    if args.ablations:
        args.data = args.data[0]
        return ablations(args, cfg, [t for t in args.topics.split(",") if t] or None)
    return blind(args, cfg)


def blind(args, cfg) -> int:
    from timeline.benchmark import BenchmarkResult, PreparedTopics, balanced_mean, nested_choice, run_benchmark
    from timeline.datasets import choose_topics
    from timeline.embed import make_embedder
    from timeline.modeldir import ModelDir
    from timeline.select import DateRanker
    from timeline.train import fit_date_ranker, topic_examples

    t0 = time.perf_counter()
    store = PreparedTopics(cfg)
    embedder = make_embedder(cfg)
    names = [d.name for d in args.data]
    rows: dict[str, list[str]] = {name: [] for name in names}
    notes: list[str] = []

    def add(label: str, result: BenchmarkResult, seconds: float, note: str = "") -> None:
        for name in names:
            tasks = [t for t in result.tasks if t["topic"].split("/")[0] == name]
            if not tasks:
                continue
            part = BenchmarkResult(result.method, tasks)
            a = part.average
            rows[name].append(f"| {label} | {a['ar1_f1']:.4f} | {a['ar2_f1']:.4f} | {a['date_f1']:.4f} | "
                              f"{len(tasks)} | {note} | {seconds:.0f} |")
            print(name, rows[name][-1], flush=True)

    t1 = time.perf_counter()
    (ours,) = run_benchmark(args.data, cfg, loo=True, embedder=embedder, prepared_topics=store)
    kept = ", ".join(f"{n} {c}" for n, c in sorted(ours.rankers.items()))
    add("timeline, leave-one-topic-out over both (nested)", ours, time.perf_counter() - t1, f"ranker kept: {kept}")
    grid = _grid([c for c in (CHOOSE if args.choose is None else args.choose) if c])
    if grid:
        t1 = time.perf_counter()
        runs = {}
        for label, overrides in grid:
            run_cfg = _with(cfg, overrides)
            (runs[label],) = ((ours,) if run_cfg == cfg else
                              run_benchmark(args.data, run_cfg, loo=True, embedder=embedder, prepared_topics=store))
            means = ", ".join(f"{n} {balanced_mean([t for t in runs[label].tasks if t['topic'].split('/')[0] == n], 'ar1_f1'):.4f}"
                              for n in names)
            print(f"{label}: mean task AR-1 {means}", flush=True)
            notes.append(f"{label}: mean task AR-1 {means}")
        chosen, counts = nested_choice(runs)
        keys = " and ".join(f"`{key}`" for key in grid[0][1])
        add(f"timeline, nested LOO, {keys} chosen per topic", chosen, time.perf_counter() - t1,
            "chosen: " + "; ".join(f"{v} for {c}" for v, c in counts.items()))
    if len(args.data) == 2:  # across domains: trained on one dataset, scored on the other
        for train_on, score_on in (args.data, args.data[::-1]):
            t1 = time.perf_counter()
            examples = [e for topic in choose_topics([train_on]) for e in
                        topic_examples(topic, cfg, store.get(_pooled(topic, args.data)), embedder=embedder)]
            report: dict = {}
            ranker = fit_date_ranker(examples, DateRanker.heuristic(cfg.select), report)
            (res,) = run_benchmark([score_on], cfg, embedder=embedder, model=ModelDir(date_ranker=ranker))
            res.tasks = [dict(t, topic=f"{score_on.name}/{t['topic']}") for t in res.tasks]
            add(f"timeline, trained on {train_on.name} only", res, time.perf_counter() - t1,
                f"ranker kept: {report.get('chosen')}")
    for method in [m for m in args.methods.split(",") if m]:
        t1 = time.perf_counter()
        (res,) = run_benchmark(args.data, cfg, methods=(method,), embedder=embedder, prepared_topics=store)
        add(method, res, time.perf_counter() - t1)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    head = "| method | AR-1 F1 | AR-2 F1 | date F1 | tasks | notes | time (s) |\n|---|---|---|---|---|---|---|\n"
    text = (f"# Blind benchmark\n\nRun {dt.date.today().isoformat()} with `python scripts/benchmark_tls.py "
            f"--data {' '.join(str(d) for d in args.data)}`. Wall time {wall:.0f} s, peak memory {peak:.0f} MB. "
            "Scores: align+ m:1 ROUGE (AR) and date F1, precision and recall averaged over a dataset's tasks, "
            "F1 from the averages. No setting was chosen on the scored topics: the date ranker is trained and "
            "validated on other topics only; the remaining settings are the defaults of configs/default.toml, "
            "except in the row where one is chosen per topic.\n" + "".join(f"\n- {n}" for n in notes) + "\n")
    for name in names:
        published = [f"| {m} (published) | {a1:.3f} | {a2:.3f} | {d:.3f} | | | |" for m, (a1, a2, d) in
                     PUBLISHED.items()] if name == "t17" else []
        text += f"\n## {name}\n\n" + head + "\n".join(rows[name] + published) + "\n"
    atomic_write_text(args.out, text)
    print(text)
    return 0


def _value(text: str):
    """A ``--choose`` value as the config holds it: a number, or else the word itself."""
    try:
        return float(text)
    except ValueError:
        return text


def _grid(choices: list[str]) -> list[tuple[str, dict]]:
    """Every combination of the ``SECTION.KEY=VALUE,...`` choices: its label and its overrides."""
    axes = []
    for choice in choices:
        key, _, values = choice.partition("=")
        axes.append([(key, _value(v)) for v in values.split(",")])
    return [(", ".join(f"{k} = {v:g}" if isinstance(v, float) else f"{k} = {v}" for k, v in combo), dict(combo))
            for combo in itertools.product(*axes)] if axes else []


def _with(cfg, overrides: dict):
    """A copy of ``cfg`` with each ``section.field`` set to its value."""
    out = copy.deepcopy(cfg)
    for key, value in overrides.items():
        section, field = key.split(".")
        if type(getattr(getattr(out, section), field)) is int and isinstance(value, float):
            value = int(value)  # "7" reads as 7.0; an integer setting stays an integer (a bool is left alone)
        setattr(getattr(out, section), field, value)
    return out


def _pooled(topic, datasets):
    """The topic as the pooled run names it (``<dataset>/<topic>``), to share its prepared corpus."""
    from timeline.datasets import Topic

    return Topic(f"{topic.folder.parent.name}/{topic.name}", topic.folder)


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
    from timeline.benchmark import PreparedTopics, run_benchmark
    from timeline.embed import make_embedder

    prepared = PreparedTopics(cfg)  # read and tagged once, shared by every variant
    embedder = make_embedder(cfg)
    rows = ["| variant | LOO training | AR-1 F1 | AR-2 F1 | date F1 | concat R-1 F1 | time (s) |",
            "|---|---|---|---|---|---|---|"]
    t0 = time.perf_counter()
    for name, loo, overrides in ABLATIONS:
        run_cfg = _with(cfg, overrides)
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
