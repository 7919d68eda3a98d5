"""timeline: a multi-document timeline summariser.

Read a pile of dated documents, find the dates in them, and condense the most important
dates into a cited chronology::

    import timeline
    tl = timeline.summarise(["examples/corpus"])
    print(timeline.render(tl, "md"))
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "load_config", "render", "summarise"]


def __getattr__(name: str):
    # keep `import timeline` cheap: stages (pandas, torch) load on first use
    if name == "summarise":
        from timeline.pipeline import summarise

        return summarise
    if name == "render":
        from timeline.render import render

        return render
    if name == "load_config":
        from timeline.config import load_config

        return load_config
    raise AttributeError(name)
