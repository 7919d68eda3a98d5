#!/usr/bin/env python
"""Regenerate the committed example outputs of the example corpus.

    python scripts/make_examples.py

Writes ``outputs/example-briefing.md`` with its chart ``example-briefing.png``, the same
briefing as ``.json`` and ``.html``, and, where Chromium is installed, a phone-width
screenshot of the HTML page, ``outputs/example-briefing-html.png`` (the README shows both
pictures). Uses the packaged MiniLM encoder and the default settings.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "outputs"


def main() -> int:
    corpus = Path("examples") / "corpus"  # relative: the sources list shows repository paths
    for fmt in ("md", "json", "html"):
        target = Path("outputs") / f"example-briefing.{fmt}"
        subprocess.run([sys.executable, "-m", "timeline", "summarise", str(corpus), "-o", str(target),
                        "--format", fmt, "--force", "-q"], check=True, cwd=ROOT)
        print(f"wrote {target}")
    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
    if browser is None:
        print("no Chromium: screenshot not taken", file=sys.stderr)
        return 0
    shot = OUT / "example-briefing-html.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--hide-scrollbars",
                        f"--user-data-dir={profile}", "--window-size=420,1500", f"--screenshot={shot}",
                        (OUT / "example-briefing.html").as_uri()], check=True, capture_output=True)
    print(f"wrote {shot.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
