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


def test_a_language_code_is_kept_as_the_date_grammar_knows_it():
    assert load_config(overrides={"corpus.lang": "pt-BR"}).corpus.lang == "pt"  # dateparser has no pt-BR
    assert load_config(overrides={"corpus.lang": "fr-CA"}).corpus.lang == "fr-CA"
    assert load_config(overrides={"corpus.lang": "EN"}).corpus.lang == "en"


def test_config_files_as_editors_save_them(tmp_path):
    # Notepad's UTF-8 byte-order mark had been "Invalid statement (at line 1, column 1)", a folder a traceback
    path = tmp_path / "c.toml"
    for data in (b"\xef\xbb\xbf[select]\nmax_dates = 3\n", "[select]\nmax_dates = 3\n".encode("utf-16")):
        path.write_bytes(data)
        assert load_config(path).select.max_dates == 3
    path.write_bytes(b"[select]\nmax_dates = 3\n# caf\xe9\n")
    with pytest.raises(InputError, match=r"c\.toml: config file is not UTF-8 text \(byte 28\); save it as UTF-8"):
        load_config(path)
    with pytest.raises(InputError, match="config path is a folder; give a TOML file"):
        load_config(tmp_path)


@pytest.mark.parametrize("line, message", [
    ('[condense]\npublished_days_before = "x"', "'condense.published_days_before' must be a whole number, not 'x'"),
    ('[condense]\nscorer_weight = "big"', "'condense.scorer_weight' must be a number"),
    ("[condense]\nmax_words = 40.5", "'condense.max_words' must be a whole number"),
    ("[embed]\ncache = 1", "'embed.cache' must be true or false"),
    ("[select]\ngranularities = [1, 2]", "'select.granularities' must be a list of strings"),
    ("keywords = 'flood'", "'keywords' must be a list of strings"),
])
def test_values_of_the_wrong_type_name_the_file_and_key(tmp_path, line, message):
    _assert_config_error(tmp_path, line, message)


def _assert_config_error(tmp_path, line: str, message: str) -> None:
    """``line`` as a config file is refused with one error naming the file and the key."""
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


@pytest.mark.parametrize("line, message", [
    ("[embed]\nbatch_size = 0", "'embed.batch_size' must be at least 1, not 0"),
    ('[select]\nstart = "yesterday-ish"', "'select.start' must be a YYYY-MM-DD date, not 'yesterday-ish'"),
    ("[cluster]\nthreshold = 1.5", "'cluster.threshold' must be between 0.0 and 1.0, not 1.5"),
    ("[condense]\nmmr_lambda = -0.1", "'condense.mmr_lambda' must be between 0.0 and 1.0"),
    ('[condense]\nmode = "generative"', "'condense.mode' must be one of 'extractive', 'abstractive', 'lead'"),
    ('[condense]\nrelevance = "bm25"', "'condense.relevance' must be one of 'tfidf', 'embedding'"),
    ('[select]\ngranularities = ["day", "week"]', "'select.granularities' takes 'day', 'month', not 'week'"),
    ('[engine]\nname = "spark"', "'engine.name' must be one of"),
    ("[select]\nmax_dates = 0", "'select.max_dates' must be at least 1"),
    ("[select]\nmonth_weight = nan", "'select.month_weight' must be a number"),
    ('[render]\nformat = "pdf"', "'render.format' must be one of"),
    ("[stories]\nmin_size = 0", "'stories.min_size' must be at least 1, not 0"),
    ('[corpus]\nlang = "english"', "'corpus.lang' must be 'auto' or a language code (en, es, fr"),
    ("[condense]\nmin_words = 50\nmax_words = 10", "'condense.min_words' (50) is above 'condense.max_words' (10)"),
    ('[select]\nstart = "2024-03-10"\nend = "2024-03-01"', "'select.start' (2024-03-10) is after 'select.end'"),
])
def test_values_the_setting_cannot_take_name_the_file_and_key(tmp_path, line, message):
    _assert_config_error(tmp_path, line, message)


def test_a_bad_config_value_is_one_line_and_exit_2_through_the_cli(tmp_path, example_corpus):
    from typer.testing import CliRunner

    from timeline.cli import app

    path = tmp_path / "c.toml"
    path.write_text("[embed]\nbatch_size = 0\n")
    result = CliRunner().invoke(app, ["summarise", str(example_corpus), "--config", str(path)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [f"timeline: error: {path}: config key 'embed.batch_size' must be at least 1, not 0"]
