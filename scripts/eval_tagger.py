#!/usr/bin/env python
"""Score the temporal tagger TempEval-3 style on MEANTIME English and the TimeML guideline
cases, beside raw dateparser, in one run.

    python scripts/eval_tagger.py [--data ../shared/data/meantime-en/meantime-en.jsonl]

MEANTIME annotates the title, the date line and the first sentences of each article (the
first six lines); both systems tag whole documents (so anchoring sees all context) and are
scored on timexes that start inside that annotated region. The baseline is
``dateparser.search.search_dates`` with ``languages=['en']`` and the publication date as
``RELATIVE_BASE``, its matches located in the text left to right and typed DATE.

Prints, for both systems measured in the same run on the same texts:

1. MEANTIME overall (strict/relaxed P/R/F1, type and value accuracy, value F1, speed), against
   the gold annotation as released ("raw") and mapped to TimeML conventions ("mapped", see
   :func:`to_timeml`);
2. MEANTIME per gold type (DATE, TIME, DURATION, SET);
3. the guideline cases of ``tests/temporal/guidelines.py`` per phenomenon: the share of cases
   whose exact span is found, and whose span, type and value are all right.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the guideline cases live in tests/temporal/guidelines.py

from tests.temporal.guidelines import GUIDELINE_CASES  # noqa: E402
from timeline.evaluate.tempeval import score_timexes  # noqa: E402
from timeline.temporal.lexicon import number_value  # noqa: E402
from timeline.temporal.tagger import Tagger  # noqa: E402
from timeline.temporal.timex import parse_dct  # noqa: E402

_CANDIDATES = [ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"]
DEFAULT = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0]) / "meantime-en" / "meantime-en.jsonl"
ANNOTATED_LINES = 6
TYPES = ("DATE", "TIME", "DURATION", "SET")


def annotated_limit(text: str) -> int:
    pos = 0
    for _ in range(ANNOTATED_LINES):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos


# --- MEANTIME's conventions mapped to TimeML's -------------------------------------------------
# A TIMEX3 needs a temporal trigger word; MEANTIME also marks event-anchored times ("the Joint
# Strike Fighter program", "which", "its date", "history") that TimeML leaves to TLINKs.
_TRIGGER = re.compile(
    r"(?i)\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"\b(?:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|centur|season|spring|summer|"
    r"autumn|fall|winter|morning|afternoon|evening|today|tonight|yesterday|tomorrow|now|current|recent|present|"
    r"past|future|ago|earlier|later|time|period|era|term|christmas|annual|daily|weekly|monthly|soon|once|"
    r"formerly|previous)")
_QUANTIFIER = re.compile(r"(?i:(?:just\s+)?(?:more\s+than|less\s+than|about|nearly|almost|over|around|at\s+least|"
                         r"up\s+to|approximately|roughly|some)\s+)$")
_COUNTED = re.compile(r"(?i)^(?:the\s+same\s+period\s+)?(?P<n>[\w-]+(?:\s+[\w-]+)?)\s+(?P<u>day|week|month|year)s?"
                      r"\s+(?:later|earlier)\b")
_SWAPPED = re.compile(r"^P(T?)([YMWDHS])(\d+)$")
_DMY = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")
_UNIT_LETTER = {"day": "D", "week": "W", "month": "M", "year": "Y"}


def to_timeml(timex: dict, text: str) -> dict | None:
    """One MEANTIME gold timex in TimeML/TempEval-3 conventions (``None``: TimeML has none).

    1. no temporal trigger word (event-anchored or anaphoric times): dropped;
    2. a part of a day ("this morning", value ``...TMO``) is a TIME, not a DATE;
    3. malformed values are repaired: swapped durations (``PY5`` -> ``P5Y``), day-first dates
       (``03-02-2009`` -> ``2009-02-03``);
    4. a quantifier before a DURATION ("more than a week") is inside the TimeML span;
    5. "three days later (than ...)" / "the same period a year earlier": TimeML marks the
       DURATION "three days", "a year";
    6. "annual" as a DURATION is the SET P1Y it is in TimeML.
    """
    t = dict(timex)
    if not _TRIGGER.search(t["text"]):
        return None
    if m := _SWAPPED.match(t["value"]):
        t["value"] = f"P{m[1]}{m[3]}{m[2]}"
    if m := _DMY.match(t["value"]):
        t["value"] = f"{m[3]}-{m[2]}-{m[1]}"
    if t["type"] == "DATE" and re.search(r"T(?:MO|AF|EV|NI)$", t["value"]):
        t["type"] = "TIME"
    if t["type"] == "DURATION" and t["text"].lower() in ("annual", "yearly"):
        t["type"] = "SET"
    if t["type"] == "DURATION" and (q := _QUANTIFIER.search(text, max(0, t["start"] - 30), t["start"])):
        t["start"] = q.start()
    if m := _COUNTED.match(t["text"]):
        n = number_value(m["n"].split()[-1] if m["n"].lower().startswith("the ") else m["n"])
        if n is not None:
            t.update(end=t["start"] + m.end("u") + (text[t["start"] + m.end("u")] == "s"), type="DURATION",
                     value=f"P{int(n)}{_UNIT_LETTER[m['u'].lower()]}")
            t["start"] += m.start("n")
    t["text"] = text[t["start"]:t["end"]]
    return t


# --- the two systems --------------------------------------------------------------------------
def ours(texts: list[tuple[str, dt.date]]) -> list[list[dict]]:
    tagger = Tagger("en")
    return [[t.as_dict() for t in tagger.tag(text, dct)] for text, dct in texts]


def baseline(texts: list[tuple[str, dt.date]]) -> list[list[dict]]:
    from dateparser.search import search_dates

    out = []
    for text, dct in texts:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = search_dates(text, languages=["en"],
                                 settings={"RELATIVE_BASE": dt.datetime.combine(dct, dt.time())}) or []
        timexes, pos = [], 0
        for span, value in found:
            start = text.find(span, pos)
            if start < 0:
                continue
            pos = start + len(span)
            timexes.append({"start": start, "end": pos, "text": span, "type": "DATE",
                            "value": value.date().isoformat()})
        out.append(timexes)
    return out


SYSTEMS = (("timeline tagger", ours), ("dateparser search_dates", baseline))


# --- scoring ----------------------------------------------------------------------------------
def _row(name: str, s, extra: str = "") -> str:
    return (f"| {name} | {s.strict_p:.3f} | {s.strict_r:.3f} | {s.strict_f1:.3f} | {s.relaxed_p:.3f} | "
            f"{s.relaxed_r:.3f} | {s.relaxed_f1:.3f} | {s.type_accuracy:.3f} | {s.value_accuracy:.3f} | "
            f"{s.value_f1:.3f} |{extra}")


_HEAD = ("| system | strict P | strict R | strict F1 | relaxed P | relaxed R | relaxed F1 | type acc | value acc | "
         "value F1 |")


def per_type(pairs: list[tuple[list[dict], list[dict]]]) -> dict[str, object]:
    """Scores per TIMEX3 type: gold and system timexes of that type only (type accuracy is 1)."""
    return {typ: score_timexes([([g for g in gold if g["type"] == typ], [s for s in sys_ if s["type"] == typ])
                                for gold, sys_ in pairs]) for typ in TYPES}


def guideline_scores(system) -> dict[str, tuple[int, int, int]]:
    """Per phenomenon: (cases, exact span found, exact span + type + value right)."""
    predicted = system([(c.text, c.dct) for c in GUIDELINE_CASES])
    out: dict[str, list[int]] = {}
    for case, found in zip(GUIDELINE_CASES, predicted):
        row = out.setdefault(case.phenomenon, [0, 0, 0])
        hit = [t for t in found if (t["start"], t["end"]) == (case.start, case.end)]
        row[0] += 1
        row[1] += bool(hit)
        row[2] += any((t["type"], t["value"]) == (case.type, case.value) for t in hit)
    return {k: tuple(v) for k, v in out.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"eval_tagger: {args.data}: not found (MEANTIME English JSONL)", file=sys.stderr)
        return 2
    docs = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [(d["text"], parse_dct(d["dct"])) for d in docs]
    chars = sum(len(d["text"]) for d in docs)
    mapped_gold = [[t for t in (to_timeml(g, d["text"]) for g in d["timexes"]) if t] for d in docs]
    results = {}
    for name, system in SYSTEMS:
        t0 = time.perf_counter()
        predicted = system(texts)
        seconds = time.perf_counter() - t0
        kept = [[t for t in p if t["start"] < annotated_limit(d["text"])] for d, p in zip(docs, predicted)]
        raw = list(zip([d["timexes"] for d in docs], kept))
        mapped = list(zip(mapped_gold, kept))
        results[name] = dict(raw=score_timexes(raw), mapped=score_timexes(mapped), raw_types=per_type(raw),
                             mapped_types=per_type(mapped), speed=(len(docs) / seconds, chars / seconds),
                             guidelines=guideline_scores(system))
    n_gold, n_mapped = sum(len(d["timexes"]) for d in docs), sum(map(len, mapped_gold))
    print(f"MEANTIME English: {len(docs)} documents, {n_gold} gold timexes ({n_mapped} after the TimeML mapping)\n")
    print(_HEAD + " gold | docs/s | chars/s |")
    print("|---" * 13 + "|")
    for name, r in results.items():
        dps, cps = r["speed"]
        for gold in ("raw", "mapped"):
            print(_row(name, r[gold], f" {gold} | {dps:,.0f} | {cps:,.0f} |"))
    names = list(results)
    print(f"\nspeed-up over search_dates: {results[names[0]]['speed'][0] / results[names[1]]['speed'][0]:.1f}x")
    print("\nMEANTIME per gold type (strict F1 / value F1), raw | mapped:\n")
    print("| system | " + " | ".join(f"{t} (n raw/mapped)" for t in TYPES) + " |")
    print("|---" * (len(TYPES) + 1) + "|")
    for name, r in results.items():
        cells = []
        for typ in TYPES:
            a, b = r["raw_types"][typ], r["mapped_types"][typ]
            cells.append(f"{a.strict_f1:.3f}/{a.value_f1:.3f} \\| {b.strict_f1:.3f}/{b.value_f1:.3f} "
                         f"({a.gold}/{b.gold})")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nTimeML guideline cases (tests/temporal/guidelines.py): exact span found / span, type and value right\n")
    print("| phenomenon | cases | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 2) + "|")
    phenomena = list(results[names[0]]["guidelines"])
    totals = {n: [0, 0, 0] for n in names}
    for ph in phenomena:
        cells = []
        for n in names:
            c, span, full = results[n]["guidelines"][ph]
            totals[n] = [totals[n][0] + c, totals[n][1] + span, totals[n][2] + full]
            cells.append(f"{span}/{c} span, {full}/{c} all")
        print(f"| {ph} | {results[names[0]]['guidelines'][ph][0]} | " + " | ".join(cells) + " |")
    print(f"| all | {totals[names[0]][0]} | " + " | ".join(
        f"{totals[n][1]}/{totals[n][0]} span, {totals[n][2]}/{totals[n][0]} all" for n in names) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
