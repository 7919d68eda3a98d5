"""The command line: exit codes, one-line errors naming the file, safe outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def one_line_error(result, *needles):
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("timeline: error:")]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    for needle in needles:
        assert str(needle) in lines[0]
    return lines[0]


def test_help_lists_examples():
    result = run("summarise", "--help")
    assert result.exit_code == 0 and "Examples" in result.output and "--max-dates" in result.output


def test_summarise_writes_markdown(example_corpus, tiny_config_file, tmp_path):
    out = tmp_path / "briefing.md"
    result = run("summarise", example_corpus, "-o", out, "--config", tiny_config_file, "--max-dates", 5,
                 "--keywords", "bridge,ferries", "--keywords", "inquiry", "-q")
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("# Timeline: bridge, ferries, inquiry") and "## Sources" in text
    assert text.count("\n## ") - 1 <= 5


def test_json_format(example_corpus, tiny_config_file, tmp_path):
    out = tmp_path / "b.json"
    result = run("summarise", example_corpus, "-o", out, "--format", "json", "--config", tiny_config_file, "-q")
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["schema"] == "timeline.briefing/1"


def test_existing_output_needs_force(example_corpus, tiny_config_file, tmp_path):
    out = tmp_path / "b.md"
    out.write_text("keep me")
    one_line_error(run("summarise", example_corpus, "-o", out, "--config", tiny_config_file), out, "--force")
    assert out.read_text() == "keep me"
    assert run("summarise", example_corpus, "-o", out, "--config", tiny_config_file, "--force", "-q").exit_code == 0
    assert out.read_text() != "keep me"


def test_never_writes_over_or_inside_inputs(tmp_path, tiny_config_file):
    (tmp_path / "in").mkdir()
    src = tmp_path / "in" / "2020-01-01.txt"
    src.write_text("A story.")
    one_line_error(run("summarise", src, "-o", src, "--force", "--config", tiny_config_file), "input")
    assert src.read_text() == "A story."
    one_line_error(run("summarise", tmp_path / "in", "-o", tmp_path / "in" / "out.md",
                       "--config", tiny_config_file), "inside the input folder")


@pytest.mark.parametrize("case", ["empty_folder", "empty_file", "binary", "jsonl_broken", "csv_no_text",
                                  "no_dates", "missing", "bad_config", "bad_date_flag"])
def test_bad_input_gives_one_line_and_exit_2(case, tmp_path, tiny_config_file):
    args = []
    if case == "empty_folder":
        target = tmp_path / "empty"
        target.mkdir()
        needle = target
    elif case == "empty_file":
        target = tmp_path / "empty.txt"
        target.write_text("")
        needle = target
    elif case == "binary":
        target = tmp_path / "blob.txt"
        target.write_bytes(bytes(range(256)) * 4)
        needle = target
    elif case == "jsonl_broken":
        target = tmp_path / "d.jsonl"
        target.write_text('{"date": "2020-01-01", "text": "ok."}\n{broken\n')
        needle = f"{target}:2"
    elif case == "csv_no_text":
        target = tmp_path / "d.csv"
        target.write_text("title,date\nx,2020-01-01\n")
        needle = f"{target}:1"
    elif case == "no_dates":
        target = tmp_path / "undated.txt"
        target.write_text("Nothing here says when.")
        needle = target
    elif case == "missing":
        target = tmp_path / "nowhere"
        needle = target
    elif case == "bad_config":
        target = tmp_path / "2020-01-01.txt"
        target.write_text("A story.")
        bad = tmp_path / "bad.toml"
        bad.write_text("[select]\nmax_datez = 3\n")
        args = ["--config", bad]
        needle = "max_datez"
    else:
        target = tmp_path / "2020-01-01.txt"
        target.write_text("A story.")
        args = ["--start", "March"]
        needle = "--start"
    if case != "bad_config":
        args += ["--config", tiny_config_file]
    one_line_error(run("summarise", target, *args), needle)


def test_skip_bad_continues_past_broken_lines(tmp_path, tiny_config_file):
    f = tmp_path / "d.jsonl"
    f.write_text('{"date": "2020-01-01", "text": "The dam failed on 1 January 2020."}\n{broken\n')
    result = run("summarise", f, "--skip-bad", "--config", tiny_config_file)
    assert result.exit_code == 0 and f"{f}:2" in result.output and "1 January 2020" in result.output


def test_tag_command(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "d1", "dct": "2013-03-22", "text": "He resigned on Thursday."}) + "\n"
                   + json.dumps({"doc_id": "d2", "dct": "2013-03-22", "text": "No dates."}) + "\n")
    out = tmp_path / "out.jsonl"
    result = run("tag", src, "-o", out)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines == [{"id": "d1", "timexes": [{"start": 15, "end": 23, "text": "Thursday", "type": "DATE",
                                                "value": "2013-03-21"}]},
                     {"id": "d2", "timexes": []}]


def test_tag_reads_each_line_in_its_own_language(tmp_path):
    src = tmp_path / "in.jsonl"
    texts = {"fr": "Le 3 mars 2024, un incendie a détruit l'usine au nord de la ville, selon les pompiers.",
             "es": "El 5 de junio de 2023 el gobierno anunció nuevas medidas contra la sequía en el sur.",
             "en": "On 7 May 2022 the company announced that it would close the plant in the north.",
             "fr2": "Le gouvernement a annoncé mardi dernier une enquête sur les causes de l'incendie.",
             "short": "Lundi."}  # too short to tell: read as the file's main language, French
    src.write_text("".join(json.dumps({"id": k, "dct": "2024-03-05", "text": v}) + "\n" for k, v in texts.items()))
    values = {}
    for lang in ("auto", "en"):
        out = tmp_path / f"{lang}.jsonl"
        assert run("tag", src, "-o", out, *(["--lang", lang] if lang != "auto" else [])).exit_code == 0
        values[lang] = {r["id"]: [t["value"] for t in r["timexes"]] for r in map(json.loads, out.read_text().splitlines())}
    assert values["auto"]["fr"] == ["2024-03-03"] and values["auto"]["es"] == ["2023-06-05"]
    assert values["auto"]["en"] == ["2022-05-07"] == values["en"]["en"]
    assert "2024-03-03" not in values["en"]["fr"]  # English rules cannot read "3 mars"
    assert values["auto"]["short"] == ["2024-03-04"] and values["en"]["short"] == []


def test_tag_bad_line(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "dct": "2013-03-22", "text": "ok"}\n{"id": 2, "dct": "2013-03-22"}\n')
    one_line_error(run("tag", src, "-o", tmp_path / "o.jsonl"), f"{src}:2", "text")
    src.write_text('{"id": 1, "dct": "2013-03-22", "text": "ok"}\n' + "[" * 100_000 + "]" * 100_000 + "\n")
    one_line_error(run("tag", src, "-o", tmp_path / "o.jsonl"), f"{src}:2: malformed JSON line (nested too deeply)")
    src.write_text('{"id": 1, "dct": "2013-03-22", "text": "ok", "lang": "xx"}\n')  # had been a ValueError traceback
    one_line_error(run("tag", src, "-o", tmp_path / "o.jsonl"), f"{src}:1: \"lang\" 'xx' is not a language code")


def test_outputs_get_ordinary_permissions(example_corpus, tiny_config_file, tmp_path):
    import os

    out = tmp_path / "b.md"
    assert run("summarise", example_corpus, "-o", out, "--config", tiny_config_file, "-q").exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0600


@pytest.mark.parametrize("fmt", ["md", "json", "html", "timelinejs"])
def test_same_input_same_bytes_out(fmt, example_corpus, tiny_config_file, tmp_path):
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name / f"briefing.{fmt}"
        assert run("summarise", example_corpus, "-o", out, "--format", fmt, "--config", tiny_config_file,
                   "-q").exit_code == 0
        outs.append(out)
    assert outs[0].read_bytes() == outs[1].read_bytes()
    if fmt == "md":
        assert outs[0].with_suffix(".png").read_bytes() == outs[1].with_suffix(".png").read_bytes()


UNDATED = ("Mr Blair met Mr Hu on Thursday to discuss trade and energy. On Wednesday the two leaders "
           "had dinner at Downing Street with their ministers. They will meet again on Friday, officials "
           "said, and sign an agreement on energy.\n")


def test_undated_article_needs_published(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(UNDATED)
    config = tmp_path / "c.toml"
    config.write_text('[embed]\nmodel = "hashing"\ncache = false\n')
    out = tmp_path / "b.json"
    one_line_error(run("summarise", article, "--config", config, "-o", out), article, "--published")
    result = run("summarise", article, "--config", config, "-o", out, "--format", "json", "--published", "2005-11-10")
    assert result.exit_code == 0, result.output
    assert "1 of 1 documents carry no publication date; dated 2005-11-10 (--published)" in result.output
    days = {e["date"] for e in json.loads(out.read_text())["entries"]}
    assert days == {"2005-11-09", "2005-11-10", "2005-11-11"}  # Wednesday, Thursday, Friday of that week
    one_line_error(run("summarise", article, "--config", config, "--published", "soon"), "--published 'soon'")


def test_stories_dates_an_undated_article_with_published(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(UNDATED)
    config = tmp_path / "c.toml"
    config.write_text('[embed]\nmodel = "hashing"\ncache = false\n')
    one_line_error(run("stories", article, "--config", config), article, "--published")
    result = run("stories", article, "--config", config, "--format", "json", "--published", "2005-11-10")
    assert result.exit_code == 0, result.output
    assert "1 of 1 documents carry no publication date; dated 2005-11-10 (--published)" in result.output
    assert [s["first"] for s in json.loads(result.stdout)["stories"]] == ["2005-11-10"]


def test_tag_anchors_lines_without_dct_on_published(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "He resigned on Thursday."}) + "\n"
                   + json.dumps({"id": "b", "dct": "2013-03-18", "text": "He resigned on Thursday."}) + "\n")
    out = tmp_path / "out.jsonl"
    result = run("tag", src, "-o", out, "--published", "2005-11-10")
    assert result.exit_code == 0, result.output
    values = [json.loads(line)["timexes"][0]["value"] for line in out.read_text().splitlines()]
    assert values[0] == "2005-11-10" and values[1].startswith("2013-03-1")  # b keeps its own dct
    assert "1 of 2 lines have no dct" in result.output


def test_a_start_after_the_end_is_refused(tmp_path):
    src = tmp_path / "2024-03-05.txt"
    src.write_text("The bridge closed on 4 March 2024 after cracks were found in the main span.")
    one_line_error(run("summarise", src, "-o", tmp_path / "b.md", "--start", "2024-03-10", "--end", "2024-03-01"),
                   "--start 2024-03-10 is after --end 2024-03-01")


@pytest.mark.parametrize("command", ["summarise", "stories", "tag"])
def test_an_unknown_language_code_is_refused_naming_the_flag(command, tmp_path):
    # it had been accepted, and every document then tagged as English with a warning per document
    src = tmp_path / "docs.jsonl"
    src.write_text('{"id": "a", "dct": "2024-03-05", "published": "2024-03-05", "text": "Hello."}\n')
    result = run(command, src, "-o", tmp_path / "out", "--lang", "xx")
    assert result.exit_code == 2 and "Invalid value for '--lang'" in result.output
    assert "'xx' is not 'auto' or a language code" in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()


def test_the_output_name_sets_the_format_unless_format_is_given(example_corpus, tiny_config_file, tmp_path):
    # -o briefing.json had written Markdown into a .json file
    args = ("summarise", example_corpus, "--config", tiny_config_file, "-q", "--no-chart")
    assert run(*args, "-o", tmp_path / "b.json").exit_code == 0
    assert json.loads((tmp_path / "b.json").read_text())["schema"].startswith("timeline.briefing/")
    assert run(*args, "-o", tmp_path / "b.HTML").exit_code == 0
    assert (tmp_path / "b.HTML").read_text().startswith("<!DOCTYPE html>")
    assert run(*args, "-o", tmp_path / "b.txt", "--format", "json").exit_code == 0  # --format wins
    assert json.loads((tmp_path / "b.txt").read_text())
    one_line_error(run(*args, "-o", tmp_path / "b.pdf"), "b.pdf: no briefing format writes .pdf files", "--format")
    assert not (tmp_path / "b.pdf").exists()
    config = tmp_path / "tl.toml"
    config.write_text(Path(tiny_config_file).read_text() + '\n[render]\nformat = "timelinejs"\n')
    assert run("summarise", example_corpus, "--config", config, "-q", "-o", tmp_path / "t.json").exit_code == 0
    assert "events" in json.loads((tmp_path / "t.json").read_text())  # a .json file takes TimelineJS too


def test_a_piped_article_is_read_from_standard_input(tmp_path, tiny_config_file):
    article = ("Storm floods the harbour town\n\nThe harbour wall gave way on Thursday night as a storm surge "
               "pushed the sea into the lower town, and families were moved to the school hall.\n")
    out = tmp_path / "b.md"
    result = runner.invoke(app, ["summarise", "-", "-o", str(out), "--config", str(tiny_config_file)],
                           input=article.encode("cp1252"))
    one_line_error(result, "<stdin>: no publication date", "--published")
    one_line_error(runner.invoke(app, ["summarise", "-", "-o", str(out), "--config", str(tiny_config_file),
                                       "--published", "mtime"], input=article), "<stdin>: --published mtime needs a file")
    result = runner.invoke(app, ["summarise", "-", "-o", str(out), "--config", str(tiny_config_file),
                                 "--published", "2025-11-14"], input=article.encode("utf-8"))
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("# Timeline: stdin") and "### 13 November 2025" in text and "`<stdin>`" in text


def test_tag_reads_lines_piped_in(tmp_path):
    out = tmp_path / "o.jsonl"
    lines = '{"id": "a", "dct": "2024-03-05", "text": "He came on Monday."}\n{"id": "b", "text": "x"}\n'
    result = runner.invoke(app, ["tag", "-", "-o", str(out)], input=lines)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text().splitlines()[0])["timexes"][0]["value"] == "2024-03-04"
    one_line_error(runner.invoke(app, ["tag", "-", "-o", str(out), "--force"], input=lines + "{bad\n"),
                   "<stdin>:3: malformed JSON line")
    one_line_error(runner.invoke(app, ["tag", "-", "-o", str(out), "--force", "--published", "mtime"], input=lines),
                   "--published mtime needs a file")
