"""Condense stage: the events of one selected date in, k short lines with their sources out."""

from __future__ import annotations

from pathlib import Path

from timeline.condense.base import Condenser
from timeline.condense.citations import bullet
from timeline.condense.extractive import ExtractiveCondenser
from timeline.condense.lead import LeadCondenser
from timeline.config import HINDSIGHT_DAYS, CondenseConfig
from timeline.errors import InputError
from timeline.modelserver import parse_server

__all__ = ["Condenser", "ExtractiveCondenser", "LeadCondenser", "bullet", "load_generator", "make_condenser"]


def load_generator(cfg: CondenseConfig, cache_dir: Path):
    """The generator ``condense.generator`` names: a model server client, or a local model
    (loading takes seconds: share one across runs by passing it to :func:`make_condenser`)."""
    from timeline.condense.chat import ChatGenerator
    from timeline.condense.generator import Generator

    server = parse_server(cfg.generator)
    if server is not None:
        return ChatGenerator(server, cfg.timeout, cfg.retries, cfg.max_new_tokens).check()
    return Generator(cfg.generator, cache_dir, cfg.device, cfg.max_new_tokens, cfg.precision, cfg.batch_size,
                     cfg.threads, cfg.choice_margin)


def make_condenser(cfg: CondenseConfig, keywords: list[str], scorer=None, cache_dir: Path | None = None,
                   lang: str = "en", generator=None, hindsight_days: int = HINDSIGHT_DAYS) -> Condenser:
    """The condenser a config names (with a trained sentence scorer, if given).

    Args:
        cache_dir: Where abstractive mode keeps its converted model (when it loads one).
        generator: A loaded generator for abstractive mode; loaded here when ``None``.
        hindsight_days: The look-back window (``select.hindsight_days``).
    """
    if cfg.mode == "extractive":
        return ExtractiveCondenser(cfg, keywords, scorer, lang, hindsight_days)
    if cfg.mode == "abstractive":
        from timeline.condense.abstractive import AbstractiveCondenser

        if generator is None:
            if cache_dir is None:
                raise InputError("abstractive condensing needs a cache folder for its model")
            if parse_server(cfg.generator) is not None:
                generator = load_generator(cfg, cache_dir)  # a server is asked at once whether it is there
            else:
                _check_local(cfg.generator, cache_dir)
                generator = OnFirstUse(lambda: load_generator(cfg, cache_dir))
        return AbstractiveCondenser(cfg, keywords, generator, scorer, lang, hindsight_days)
    if cfg.mode == "lead":
        return LeadCondenser(cfg, keywords, lang=lang, hindsight_days=hindsight_days)
    raise InputError(f"unknown condense mode {cfg.mode!r} (extractive, abstractive, lead)")


class OnFirstUse:
    """A local model loaded when a line first needs it: a briefing whose edits the rules make
    alone (the usual case with ``condense.edit = "choose"``) never loads it, and costs what an
    extractive one does."""

    def __init__(self, load):
        self._load, self.loaded = load, None

    def __getattr__(self, name: str):
        if self.loaded is None:
            self.loaded = self._load()
        return getattr(self.loaded, name)


def _check_local(model: str, cache_dir: Path) -> None:
    """A local model folder's name checked before the run's work (its loading waits for a line
    that needs it): a folder that is no model is an error now, not after the tagging."""
    from timeline.condense.generator import PACKAGED_SMOLLM2, base_model_folder

    if model != PACKAGED_SMOLLM2:  # the packaged one is converted on first use; a missing package is said then
        base_model_folder(model, cache_dir)
