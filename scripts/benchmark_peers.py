#!/usr/bin/env python
"""The peers (our DATEWISE and CLUST) under the benchmark protocol, beside their targets.

    python scripts/benchmark_peers.py [--dataset DIR ...] [--methods datewise,clust]
                                      [--topics T1,T2] [--prepared-cache /tmp/DIR] [--out FILE]
                                      [--option METHOD.KEY=JSON ...]

One task per reference timeline: L and k from the reference, articles and dates limited to
its first..last date, printed sentences must contain a topic keyword. DATEWISE's date
ranker is trained leave-one-topic-out on the dataset's other topics. Prints AR-1 / AR-2 /
date F1 (align+ m:1, precision and recall averaged over tasks) per dataset and method next
to the faithfulness targets (T17: the published numbers, within 10% AR-1; entities-dev: the
news-tls run on the same six topics, within 15% AR-1 and date F1), with wall time.

Default datasets: ``../shared/data/entities-dev`` then ``../shared/data/t17``.
``--prepared-cache`` keeps each topic's read-and-tagged corpus as a pickle in a folder
outside the repository (for repeated runs; never inside it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import pickle
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {  # dataset folder name -> method -> (AR-1, AR-2, date F1, tolerance, metrics checked)
    "t17": {"datewise": (0.120, 0.035, 0.544, 0.10, ("ar1",)),
            "clust": (0.082, 0.020, 0.407, 0.10, ("ar1",))},
    "entities-dev": {"datewise": (0.085, 0.029, 0.305, 0.15, ("ar1", "date")),
                     "clust": (0.059, 0.018, 0.238, 0.15, ("ar1", "date"))},
}


def shared_data() -> Path:
    for parent in ROOT.parents:
        if (parent / "shared" / "data").is_dir():
            return parent / "shared" / "data"
    return ROOT.parent / "shared" / "data"


def load_topic(root: Path, topic: str, cache: Path | None):
    from timeline.config import Config
    from timeline.prepare import prepare

    path = cache / root.name / f"{topic}.pkl" if cache else None
    if path is not None and path.is_file():
        return pickle.loads(path.read_bytes())
    prepared = prepare([root / topic], Config())
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(prepared))
    return prepared


def check(pairs, L: int, k: int, start, end, keywords: list[str]) -> list[str]:
    """Protocol violations of one prediction (empty when it keeps the rules)."""
    import pandas as pd

    from timeline.keywords import keyword_mask

    bad = []
    if len(pairs) > L:
        bad.append(f"{len(pairs)} dates > L={L}")
    for d, sents in pairs:
        if len(sents) > k:
            bad.append(f"{d}: {len(sents)} sentences > k={k}")
        if not start.isoformat() <= d <= end.isoformat():
            bad.append(f"{d} outside {start}..{end}")
        if keywords and not keyword_mask(pd.Series(sents, dtype=str), keywords).all():
            bad.append(f"{d}: a sentence without a keyword")
    return bad


def run_dataset(root: Path, methods: list[str], topics: list[str] | None, cache: Path | None,
                options: dict[str, dict] | None = None, extension: int = 0,
                extra: list | None = None) -> list[dict]:
    from timeline.corpus.tls import dataset_topics
    from timeline.evaluate.tlsmetrics import as_dated, average, score_task
    from timeline.peers import make_peer, topic_tasks
    from timeline.protocol import restrict, task_settings

    names = dataset_topics(root)
    chosen = topics or names
    t0 = time.perf_counter()
    prepared = {t: load_topic(root, t, cache) for t in names}
    prep_seconds = time.perf_counter() - t0
    tasks = {t: topic_tasks(root / t, prepared[t]) for t in names}
    rows = []
    for method in methods:
        t1 = time.perf_counter()
        scores, violations = [], []
        shared = make_peer(method, **(options or {}).get(method, {}))  # one instance, so DATEWISE's feature cache serves every fold
        for topic in chosen:
            peer = shared.fit([x for t in names if t != topic for x in tasks[t]] + list(extra or []))
            for task in tasks[topic]:
                L, k, start, end = task_settings(task.reference)
                if extension:  # news-tls's entities runs: the input span widened on both sides
                    start, end = start - dt.timedelta(days=extension), end + dt.timedelta(days=extension)
                pairs = peer.predict(restrict(task.prepared, start, end), L, k, task.keywords, start, end)
                violations += [f"{topic}/{task.index}: {v}" for v in check(pairs, L, k, start, end, task.keywords)]
                s = score_task(as_dated(pairs), [as_dated(task.reference)])
                scores.append(s)
                logging.info("%s %s/%d: AR-1 %.3f AR-2 %.3f date F1 %.3f (%d dates)", method, topic, task.index,
                             s["ar1_f1"], s["ar2_f1"], s["date_f1"], len(pairs))
        a = average(scores)
        rows.append({"dataset": root.name, "method": method, "tasks": len(scores), "ar1": a["ar1_f1"],
                     "ar2": a["ar2_f1"], "date": a["date_f1"], "seconds": time.perf_counter() - t1,
                     "violations": violations})
    for r in rows:
        r["prepare_seconds"] = prep_seconds
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| dataset | method | tasks | AR-1 | AR-2 | date F1 | target AR-1 / AR-2 / date F1 | AR-1, date F1 vs target "
             "| within target | protocol | time (s) |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        target = TARGETS.get(r["dataset"], {}).get(r["method"])
        if target:
            ar1, ar2, df1, tol, checked = target
            got = {"ar1": (r["ar1"], ar1), "date": (r["date"], df1)}
            ok = all(abs(got[m][0] - got[m][1]) <= tol * got[m][1] for m in checked)
            tgt = f"{ar1:.3f} / {ar2:.3f} / {df1:.3f}"
            diff = f"{r['ar1'] / ar1 - 1:+.1%}, {r['date'] / df1 - 1:+.1%}"
            verdict = ("yes" if ok else "no") + f" (±{tol:.0%} on {', '.join(checked)})"
        else:
            tgt, diff, verdict = "", "", ""
        protocol = "ok" if not r["violations"] else f"{len(r['violations'])} violations"
        lines.append(f"| {r['dataset']} | {r['method']} | {r['tasks']} | {r['ar1']:.4f} | {r['ar2']:.4f} | "
                     f"{r['date']:.4f} | {tgt} | {diff} | {verdict} | {protocol} | {r['seconds']:.0f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", action="append", type=Path, help="a TLS dataset folder (repeatable)")
    ap.add_argument("--methods", default="datewise,clust")
    ap.add_argument("--topics", default=None, help="comma-separated topics to score (training uses all others)")
    ap.add_argument("--prepared-cache", type=Path, default=None, help="pickle folder outside the repository")
    ap.add_argument("--option", action="append", default=[], metavar="METHOD.KEY=JSON",
                    help='a peer setting, e.g. clust.span_dates=false or datewise.features=["docs_total"]')
    ap.add_argument("--span-extension", type=int, default=0, metavar="DAYS",
                    help="widen each task's span by DAYS on both sides, as news-tls did on entities "
                         "(for comparison only: outside the benchmark protocol)")
    ap.add_argument("--train-also", action="append", type=Path, default=[], metavar="DIR",
                    help="also train on every topic of this dataset (DATEWISE's ranker)")
    ap.add_argument("--out", type=Path, default=None, help="also write the table here")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    if args.prepared_cache and args.prepared_cache.resolve().is_relative_to(ROOT):
        ap.error("--prepared-cache must be outside the repository")
    data = shared_data()
    datasets = args.dataset or [data / "entities-dev", data / "t17"]
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    topics = [t.strip() for t in args.topics.split(",")] if args.topics else None
    options: dict[str, dict] = {}
    for item in args.option:
        try:
            key, value = item.split("=", 1)
            method, name = key.split(".", 1)
            options.setdefault(method, {})[name] = json.loads(value)
        except ValueError:
            ap.error(f"--option {item!r}: expected METHOD.KEY=JSON")
    for opts in options.values():
        for name, value in opts.items():
            if isinstance(value, list):
                opts[name] = tuple(value)
    t0 = time.perf_counter()
    rows = []
    extra = []
    if args.train_also:
        from timeline.corpus.tls import dataset_topics
        from timeline.peers import topic_tasks

        for root in args.train_also:
            for t in dataset_topics(root):
                extra += [replace(x, topic=f"{root.name}/{t}")
                          for x in topic_tasks(root / t, load_topic(root, t, args.prepared_cache))]
    for root in datasets:
        if not root.is_dir():
            print(f"skipping {root}: not found", file=sys.stderr)
            continue
        rows += run_dataset(root, methods, topics, args.prepared_cache, options, args.span_extension,
                            [x for x in extra if not x.topic.startswith(f"{root.name}/")])
        print(table([r for r in rows if r["dataset"] == root.name]), flush=True)
    note = f" Spans widened by {args.span_extension} days (outside the protocol)." if args.span_extension else ""
    if args.train_also:
        note += " DATEWISE also trained on " + ", ".join(str(p) for p in args.train_also) + "."
    text = table(rows) + f"\n\nWall time {time.perf_counter() - t0:.0f} s (reading and tagging included: " \
        + ", ".join(f"{r['dataset']} {r['prepare_seconds']:.0f} s" for r in rows if r["method"] == methods[0]) + ")." + note
    for r in rows:
        for v in r["violations"][:5]:
            text += f"\n{r['dataset']} {r['method']}: {v}"
    print("\n" + text)
    if args.out:
        from timeline.io import atomic_write_text

        atomic_write_text(args.out, text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
