"""Benchmark results: per-task scores, their averages, the files and table they are written as."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from timeline.corpus.decode import decode_bytes
from timeline.corpus.tls import read_timelines
from timeline.errors import InputError
from timeline.evaluate.tlsmetrics import as_dated, average, score_task
from timeline.io import atomic_write_text


@dataclass
class BenchmarkResult:
    method: str
    tasks: list[dict] = field(default_factory=list)  # topic, timeline, scores...
    predictions: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    guard: Counter = field(default_factory=Counter)  # abstractive runs: the condenser's counts, summed
    rankers: Counter = field(default_factory=Counter)  # leave-one-topic-out: which date ranker each fold kept

    @property
    def average(self) -> dict[str, float]:
        return average(self.tasks)

    def add(self, topic: str, index: int, pairs: list[tuple[str, list[str]]], reference) -> None:
        """Score one task's prediction ``pairs`` against its reference timeline and keep both."""
        scores = score_task(as_dated(pairs), [as_dated(reference)])
        self.tasks.append({"topic": topic, "timeline": index, **scores})
        self.predictions.append({"topic": topic, "timeline": index, "prediction": [[d, s] for d, s in pairs]})


def write_results(result: BenchmarkResult, out_dir: Path, force: bool = False) -> None:
    """``predictions.jsonl`` and ``metrics.json`` (formats in the README), written atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("predictions.jsonl", "metrics.json"):
        if (out_dir / name).exists() and not force:
            raise InputError("output exists; pass --force to replace it", out_dir / name)
    atomic_write_text(out_dir / "predictions.jsonl",
                      "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in result.predictions))
    atomic_write_text(out_dir / "metrics.json",
                      json.dumps({"average": result.average, "tasks": result.tasks}, indent=2) + "\n")


def format_table(results: list[BenchmarkResult], published: dict[str, tuple[float, float, float]] | None = None) -> str:
    """A Markdown table of AR-1, AR-2, date F1, concat and agreement F1 per method."""
    lines = ["| method | AR-1 F1 | AR-2 F1 | date F1 | concat R-1 F1 | concat R-2 F1 | agree R-1 F1 | "
             "agree R-2 F1 | time (s) |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        a = r.average
        lines.append(f"| {r.method} | {a['ar1_f1']:.3f} | {a['ar2_f1']:.3f} | {a['date_f1']:.3f} | "
                     f"{a['concat_r1_f1']:.3f} | {a['concat_r2_f1']:.3f} | {a['agreement_r1_f1']:.3f} | "
                     f"{a['agreement_r2_f1']:.3f} | {r.seconds:.0f} |")
    for name, (ar1, ar2, df1) in (published or {}).items():
        lines.append(f"| {name} (published) | {ar1:.3f} | {ar2:.3f} | {df1:.3f} | | | | | |")
    return "\n".join(lines)


def score_predictions(predictions: Path, dataset: Path) -> list[dict]:
    """Score a ``predictions.jsonl`` (as ``timeline evaluate`` writes it) against a dataset.

    Raises:
        InputError: A malformed line, or a topic or timeline index the dataset lacks.
    """
    references: dict[str, list] = {}
    tasks = []
    text = decode_bytes(predictions.read_bytes(), predictions)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            topic, index, pairs = item["topic"], int(item["timeline"]), item["prediction"]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"malformed prediction line ({exc})", predictions, number) from None
        if topic not in references:
            folder = dataset / topic
            if not folder.is_dir():
                raise InputError(f"topic {topic!r} not in {dataset}", predictions, number)
            references[topic] = read_timelines(folder)
        if not 0 <= index < len(references[topic]):
            raise InputError(f"topic {topic!r} has no timeline {index}", predictions, number)
        scores = score_task(as_dated(pairs), [as_dated(references[topic][index])])
        tasks.append({"topic": topic, "timeline": index, **scores})
    return tasks
