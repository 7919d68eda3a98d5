#!/usr/bin/env python
"""Summarise a corpus into a briefing: a thin wrapper over the library.

    python scripts/summarise.py examples/corpus -o outputs/briefing.md

Takes the same arguments as ``timeline summarise`` (see ``--help``).
"""

from __future__ import annotations

import sys

from timeline.cli import app

if __name__ == "__main__":
    sys.exit(app(["summarise", *sys.argv[1:]]))
