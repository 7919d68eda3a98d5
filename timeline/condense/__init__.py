"""Condense stage: the events of one selected date in, k short lines with their sources out."""

from __future__ import annotations

import functools
from pathlib import Path

from timeline.condense.base import Condenser, keyword_mask
from timeline.condense.extractive import ExtractiveCondenser
from timeline.condense.lead import LeadCondenser
from timeline.config import CondenseConfig
from timeline.errors import InputError

__all__ = ["Condenser", "ExtractiveCondenser", "LeadCondenser", "keyword_mask", "make_condenser"]


@functools.lru_cache(maxsize=2)
def _generator(model: str, cache_dir: str, device: str, max_new_tokens: int):
    from timeline.condense.generator import Generator

    return Generator(model, Path(cache_dir), device, max_new_tokens)


def make_condenser(cfg: CondenseConfig, keywords: list[str], scorer=None, cache_dir: Path | None = None,
                   lang: str = "en") -> Condenser:
    """The condenser a config names (with a trained sentence scorer, if given).

    Abstractive mode loads its generator once per process (shared across calls).
    """
    if cfg.mode == "extractive":
        return ExtractiveCondenser(cfg, keywords, scorer, lang)
    if cfg.mode == "abstractive":
        from timeline.condense.abstractive import AbstractiveCondenser
        from timeline.embed import cache_root

        gen = _generator(cfg.generator, str(cache_dir or cache_root()), cfg.device, cfg.max_new_tokens)
        return AbstractiveCondenser(cfg, keywords, gen, scorer, lang)
    if cfg.mode == "lead":
        return LeadCondenser(cfg, keywords, lang=lang)
    raise InputError(f"unknown condense mode {cfg.mode!r} (extractive, abstractive, lead)")
