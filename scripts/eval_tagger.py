#!/usr/bin/env python
"""Score the temporal tagger TempEval-3 style on MEANTIME English, beside raw dateparser.

    python scripts/eval_tagger.py [--data ../shared/data/meantime-en/meantime-en.jsonl]

MEANTIME annotates the title, the date line and the first sentences of each article (the
first six lines); both systems tag whole documents (so anchoring sees all context) and are
scored on timexes that start inside that annotated region. The baseline is
``dateparser.search.search_dates`` with ``languages=['en']`` and the publication date as
``RELATIVE_BASE``, its matches located in the text left to right and typed DATE.
Prints a Markdown table of strict/relaxed P/R/F1, type and value accuracy, value F1 and
throughput for both, measured in the same run on the same texts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import warnings
from pathlib import Path

from timeline.evaluate.tempeval import score_timexes
from timeline.temporal.tagger import Tagger
from timeline.temporal.timex import parse_dct

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "meantime-en" / "meantime-en.jsonl"
ANNOTATED_LINES = 6


def annotated_limit(text: str) -> int:
    pos = 0
    for _ in range(ANNOTATED_LINES):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos


def ours(docs):
    tagger = Tagger("en")
    return [[t.as_dict() for t in tagger.tag(d["text"], parse_dct(d["dct"]))] for d in docs]


def baseline(docs):
    from dateparser.search import search_dates

    out = []
    for d in docs:
        dct = dt.datetime.combine(parse_dct(d["dct"]), dt.time())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = search_dates(d["text"], languages=["en"], settings={"RELATIVE_BASE": dct}) or []
        timexes, pos = [], 0
        for span, value in found:
            start = d["text"].find(span, pos)
            if start < 0:
                continue
            pos = start + len(span)
            timexes.append({"start": start, "end": pos, "text": span, "type": "DATE",
                            "value": value.date().isoformat()})
        out.append(timexes)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"eval_tagger: {args.data}: not found (MEANTIME English JSONL)", file=sys.stderr)
        return 2
    docs = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    chars = sum(len(d["text"]) for d in docs)
    rows = []
    for name, system in (("timeline tagger", ours), ("dateparser search_dates", baseline)):
        t0 = time.perf_counter()
        predicted = system(docs)
        seconds = time.perf_counter() - t0
        pairs = [(d["timexes"], [t for t in p if t["start"] < annotated_limit(d["text"])])
                 for d, p in zip(docs, predicted)]
        s = score_timexes(pairs)
        rows.append((name, s, len(docs) / seconds, chars / seconds))
    print(f"MEANTIME English: {len(docs)} documents, {sum(len(d['timexes']) for d in docs)} gold timexes\n")
    print("| system | strict P | strict R | strict F1 | relaxed P | relaxed R | relaxed F1 | type acc | "
          "value acc | value F1 | docs/s | chars/s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, s, dps, cps in rows:
        print(f"| {name} | {s.strict_p:.3f} | {s.strict_r:.3f} | {s.strict_f1:.3f} | {s.relaxed_p:.3f} | "
              f"{s.relaxed_r:.3f} | {s.relaxed_f1:.3f} | {s.type_accuracy:.3f} | {s.value_accuracy:.3f} | "
              f"{s.value_f1:.3f} | {dps:,.0f} | {cps:,.0f} |")
    print(f"\nspeed-up over search_dates: {rows[0][2] / rows[1][2]:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
