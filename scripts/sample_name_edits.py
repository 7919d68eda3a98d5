#!/usr/bin/env python
"""Print random lines whose opening "He" or "She" the rules would name, for a hand check.

    python scripts/sample_name_edits.py [--data ../shared/data/t17 ../shared/data/entities-dev] [--lines 400] [--show 25] [--seed 7]

Every sentence of 6-40 words that opens with "He" or "She" (not the first of its article) is
a line; ``--lines`` of them are drawn at random over all topics, and for each the resolver
(:func:`timeline.condense.resolve.resolve`, as abstractive condensing calls it with the
article's sentences before the line) either names the pronoun (a sure edit) or leaves it.
Prints how many of the drawn lines get a sure name and the first ``--show`` of them with the
sentence before, so that a reader can judge each name. No score is computed: whether a name
is the right one needs a person to read the article.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def main(argv=None) -> int:
    from timeline.benchmark.cloze import article_sentences
    from timeline.condense.context import PRECEDING
    from timeline.condense.resolve import LineContext, resolve
    from timeline.corpus import read_corpus
    from timeline.corpus.tls import read_keywords
    from timeline.errors import InputError

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, nargs="+", default=[DATA / "t17", DATA / "entities-dev"])
    ap.add_argument("--lines", type=int, default=400)
    ap.add_argument("--show", type=int, default=25)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    folders = [t for d in args.data if d.is_dir() for t in sorted(d.iterdir()) if (t / "articles.jsonl").is_file()]
    if not folders:
        print(f"sample_name_edits: error: no topic folders with articles.jsonl in {' '.join(map(str, args.data))}",
              file=sys.stderr)
        return 2
    lines = []
    try:
        for folder in folders:
            keywords = tuple(read_keywords(folder))
            for text in read_corpus([folder / "articles.jsonl"], lang="en")["text"]:
                sentences = article_sentences(text)
                for i, s in enumerate(sentences):
                    if i and s.split()[0] in ("He", "She") and 6 <= len(s.split()) <= 40:
                        lines.append((f"{folder.parent.name}/{folder.name}", tuple(sentences[:i]), s, keywords))
    except InputError as exc:
        print(f"sample_name_edits: error: {exc}", file=sys.stderr)
        return 2
    random.Random(args.seed).shuffle(lines)
    drawn = lines[:args.lines]
    sure = []
    for topic, before, line, keywords in drawn:  # the resolver reads what condensing gives it
        res = resolve(line, LineContext(before[-PRECEDING:], keywords))
        if any(e.kind == "name" for e in res.edits):
            sure.append((topic, before, res))
    print(f"{len(sure)} of {len(drawn)} drawn He/She lines get a sure name ({len(lines)} such lines in all)\n")
    for topic, before, r in sure[:args.show]:
        print(f"[{topic}] ... {before[-1][-200:]}\n    {r.source}\n -> {r.target}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
