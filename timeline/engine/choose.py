"""The engine a run's ``[engine]`` settings name."""

from __future__ import annotations

from timeline.engine.base import ENGINES, LocalEngine
from timeline.engine.processes import ProcessEngine, usable_cores
from timeline.errors import InputError


def make_engine(name: str = "local", scheduler: str = "", workers: int = 0):
    """The engine for ``engine.name``; a Dask one connects (or starts its cluster) here.

    Raises:
        InputError: An unknown engine, Dask not installed, or a scheduler that cannot be reached.
    """
    if name != "dask" and scheduler:
        raise InputError("--scheduler needs --engine dask")
    if name == "auto":
        name = "processes" if (workers or usable_cores()) > 1 else "local"
    if name == "local":
        return LocalEngine()
    if name == "processes":
        return ProcessEngine(workers or None)
    if name == "dask":
        from timeline.engine.dask_engine import DaskEngine

        return DaskEngine(scheduler or None, workers or None)
    raise InputError(f"unknown engine {name!r} ({', '.join(ENGINES)})")


def engine_for(settings):
    """The engine an ``[engine]`` config section (:class:`~timeline.config.EngineConfig`) names."""
    return make_engine(settings.name, settings.scheduler, settings.workers)
