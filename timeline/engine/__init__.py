"""Where the per-document stages run: here, or per partition on a Dask cluster.

An engine maps a function over a list of work items (files to read, documents to tag,
sentence batches to embed) and yields the results in the items' order, with a progress
bar. The stages stay the same code either way; only who runs each item changes, so the
local and Dask engines give the same tables (tested on the example corpus).

* ``auto`` (the default): ``processes`` when this process may use more than one core, else ``local``.
* ``local``: one item after the other in this process.
* ``processes``: worker processes on this machine (reading, splitting and tagging on every core).
* ``dask``: items become Dask tasks on a ``LocalCluster`` started here, or on an existing
  cluster at ``engine.scheduler``; needs ``pip install -e ".[dask]"``.
"""

from __future__ import annotations

from timeline.engine.base import ENGINES, Engine, LocalEngine, chunks
from timeline.engine.choose import engine_for, make_engine
from timeline.engine.processes import ProcessEngine

__all__ = ["ENGINES", "Engine", "LocalEngine", "ProcessEngine", "chunks", "engine_for", "make_engine"]
