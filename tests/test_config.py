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
    assert cfg.select.max_dates == 3 and cfg.keywords == ["a"] and cfg.corpus.lang == "auto"  # None: the default stays
    bad = tmp_path / "c.toml"
    bad.write_text("[select]\nmax_dates = [\n")
    with pytest.raises(InputError, match="malformed TOML"):
        load_config(bad)
    with pytest.raises(InputError, match="unknown config key 'nope'"):
        load_config(overrides={"nope.x": 1})


@pytest.mark.parametrize("line, message", [
    ('[condense]\npublished_days_before = "x"', "'condense.published_days_before' must be a whole number, not 'x'"),
    ('[condense]\nscorer_weight = "big"', "'condense.scorer_weight' must be a number"),
    ("[condense]\nmax_words = 40.5", "'condense.max_words' must be a whole number"),
    ("[embed]\ncache = 1", "'embed.cache' must be true or false"),
    ("[select]\ngranularities = [1, 2]", "'select.granularities' must be a list of strings"),
    ("keywords = 'flood'", "'keywords' must be a list of strings"),
])
def test_values_of_the_wrong_type_name_the_file_and_key(tmp_path, line, message):
    path = tmp_path / "c.toml"
    path.write_text(line + "\n")
    with pytest.raises(InputError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}: config key ") and message in str(err.value)


def test_a_whole_number_will_do_for_a_float(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[condense]\nscorer_weight = 1\n")
    assert load_config(path).condense.scorer_weight == 1.0
    assert isinstance(load_config(path).condense.scorer_weight, float)
