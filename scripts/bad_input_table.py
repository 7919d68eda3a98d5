#!/usr/bin/env python
"""The README's "What happens with bad input" table, from the test matrix itself.

    python scripts/bad_input_table.py

Builds every case of ``tests/badinput/cases.py`` in a scratch folder, runs
``timeline summarise`` on it exactly as the tests do, and prints one Markdown row per case:
the input, the outcome and the line the user sees (scratch paths shortened).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from tests.badinput.cases import CASES, is_root, run_case

    rows = ["| input | outcome | what you see |", "|---|---|---|"]
    t0 = time.perf_counter()
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            if not case.root_can_read and is_root():
                rows.append(f"| {case.what} | {case.outcome} (not run as root) | |")
                continue
            result, needle = run_case(case, Path(tmp))
            shown = result.errors or [w for w in result.warnings if needle and needle in w] or result.warnings
            line = shown[0].replace(tmp + "/", "").replace(tmp, ".") if shown else "(briefing written, no warning)"
            mark = "" if result.outcome == case.outcome else f" (expected {case.outcome})"
            rows.append(f"| {case.what} | {result.outcome}{mark}, exit {result.exit_code} | `{line}` |")
    print("\n".join(rows))
    print(f"\n{len(CASES)} cases in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
