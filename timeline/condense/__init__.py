"""Condense stage: the events of one selected date in, k short lines with their sources out."""

from __future__ import annotations

from timeline.condense.base import Condenser, keyword_mask
from timeline.condense.extractive import ExtractiveCondenser
from timeline.condense.lead import LeadCondenser
from timeline.config import CondenseConfig
from timeline.errors import InputError

__all__ = ["Condenser", "ExtractiveCondenser", "LeadCondenser", "keyword_mask", "make_condenser"]


def make_condenser(cfg: CondenseConfig, keywords: list[str], scorer=None) -> Condenser:
    """The condenser a config names (with a trained sentence scorer, if given)."""
    if cfg.mode == "extractive":
        return ExtractiveCondenser(cfg, keywords, scorer)
    if cfg.mode == "lead":
        return LeadCondenser(cfg, keywords)
    raise InputError(f"condense mode {cfg.mode!r} is not available in this version (extractive, lead)")
