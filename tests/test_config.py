from __future__ import annotations

from pathlib import Path

import pytest

from timeline.config import Config, load_config
from timeline.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


def test_default_toml_mirrors_the_defaults():
    assert load_config(ROOT / "configs" / "default.toml") == Config()


def test_overrides_and_unknown_keys(tmp_path):
    cfg = load_config(overrides={"select.max_dates": 3, "keywords": ["a"], "corpus.lang": None})
    assert cfg.select.max_dates == 3 and cfg.keywords == ["a"] and cfg.corpus.lang == "en"
    bad = tmp_path / "c.toml"
    bad.write_text("[select]\nmax_dates = [\n")
    with pytest.raises(InputError, match="malformed TOML"):
        load_config(bad)
    with pytest.raises(InputError, match="unknown config key 'nope'"):
        load_config(overrides={"nope.x": 1})
