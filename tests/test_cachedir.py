"""``timeline cache info|clear`` report and empty only what timeline keeps there."""

from __future__ import annotations

from typer.testing import CliRunner

from timeline.cli import app
from timeline.pipeline import summarise


def test_cache_info_counts_then_clear_empties_and_keeps_other_files(example_corpus, tiny_config, tmp_path):
    cache = tmp_path / "cache"
    tiny_config.embed.cache, tiny_config.embed.cache_dir = True, str(cache)
    summarise([example_corpus], tiny_config)
    (cache / "mine.txt").write_text("not timeline's")
    config = tmp_path / "c.toml"
    config.write_text(f'[embed]\ncache_dir = "{cache}"\n')
    info = CliRunner().invoke(app, ["cache", "info", "--config", str(config)])
    assert info.exit_code == 0, info.output
    assert "embeddings.sqlite: sentence vectors" in info.output and "tagged.sqlite: tagged documents, 14 entries" \
        in info.output
    cleared = CliRunner().invoke(app, ["cache", "clear", "--config", str(config)])
    assert cleared.exit_code == 0 and "MB freed" in cleared.output
    assert sorted(p.name for p in cache.iterdir()) == ["mine.txt"]
    again = CliRunner().invoke(app, ["cache", "info", "--config", str(config)])
    assert "empty" in again.output


def test_cache_clear_on_a_file_is_a_one_line_error(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    config = tmp_path / "c.toml"
    config.write_text(f'[embed]\ncache_dir = "{target}"\n')
    result = CliRunner().invoke(app, ["cache", "clear", "--config", str(config)])
    assert result.exit_code == 2 and result.output.strip() == f"timeline: error: {target}: not a folder"
