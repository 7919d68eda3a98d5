"""The bad-input matrix: every kind of hostile or broken input and what the CLI does with it.

Each case builds its input under a scratch folder and names the outcome users can rely on:

* ``error``: exit 2 and exactly one line ``timeline: error: FILE[:LINE]: reason``;
* ``skip``: the bad part is skipped with a warning naming it, the briefing is still written;
* ``ok``: read as intended (a warning where something was repaired).

``tests/badinput/test_matrix.py`` runs every case through ``timeline summarise`` and
``scripts/bad_input_table.py`` prints the README's table from the same list.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GOOD = ("Date: 2026-03-02\nTitle: Flood warning\n\nThe river burst its banks on Monday, 2 March 2026, "
        "flooding the town centre. Officials said the water would fall by Wednesday.\n")


@dataclass(frozen=True)
class Case:
    name: str
    what: str  # the input, as a user would describe it
    outcome: str  # "error", "skip" or "ok"
    build: Callable[[Path], tuple[list[str], str]]  # scratch dir -> (summarise arguments, text the message names)
    root_can_read: bool = True  # False: the case needs a user that file permissions apply to


def _good(folder: Path, name: str = "2026-03-02-flood.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(GOOD, encoding="utf-8")
    return folder


def _with(folder: Path, name: str, data: bytes | str) -> Path:
    _good(folder)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def empty_folder(tmp: Path):
    (tmp / "in").mkdir()
    return [str(tmp / "in")], str(tmp / "in")


def empty_file(tmp: Path):
    path = _with(tmp / "in", "empty.txt", b"")
    return [str(path)], f"{path}: empty file"


def empty_file_in_folder(tmp: Path):
    path = _with(tmp / "in", "empty.txt", b"")
    return [str(tmp / "in")], f"{path}: empty file; skipped"


def punctuation_only(tmp: Path):
    path = _with(tmp / "in", "2026-03-03-dots.txt", "* * *\n\n。。。！！ -- ...\n")
    return [str(path), "--published", "2026-03-03"], f"{path}: document has no words"


def binary_file(tmp: Path):
    path = _with(tmp / "in", "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    return [str(path)], f"{path}: binary file"


def binary_in_folder(tmp: Path):
    path = _with(tmp / "in", "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    return [str(tmp / "in")], f"{path}: binary file"


def nul_bytes(tmp: Path):
    path = _with(tmp / "in", "2026-03-03-nul.txt", GOOD.replace("flooding", "flood\x00ing"))
    return [str(tmp / "in")], f"{path}: binary file (NUL bytes)"


def latin1(tmp: Path):
    path = _with(tmp / "in", "2026-03-03-cafe.txt", "Le café de la place a fermé le 3 mars 2026 à cause de "
                 "l'inondation, a dit le maire.".encode("latin-1"))
    return [str(tmp / "in"), "--lang", "fr"], f"{path}: not UTF-8"


def cp1252(tmp: Path):
    path = _with(tmp / "in", "2026-03-03-quotes.txt", "Residents said the \u201cworst flood in decades\u201d hit "
                 "the town on 3 March 2026 \u2013 and more rain is coming.".encode("cp1252"))
    return [str(tmp / "in")], f"{path}: not UTF-8 (byte 19); read as cp1252"


def mojibake(tmp: Path):
    text = ("Residents said the \u201cworst flood in decades\u201d hit the town on 3 March 2026 \u2013 "
            "and the mayor\u2019s office warned of more rain.")
    path = _with(tmp / "in", "2026-03-03-flood.txt", text.encode("utf-8").decode("cp1252", "replace").encode("utf-8"))
    return [str(tmp / "in")], f"{path}: UTF-8 text that had been decoded as cp1252"


def cp1251(tmp: Path):
    path = _with(tmp / "in", "2026-03-03-moscow.txt", "Президент заявил 3 марта 2026 года, что пожар в Москве "
                 "потушен. Пострадавших нет, сообщили в министерстве.".encode("cp1251"))
    return [str(tmp / "in")], f"{path}: not UTF-8 (byte 0); read as cp1251 (detected by charset-normalizer)"


def gbk(tmp: Path):
    path = _with(tmp / "in", "2026-03-03-beijing.txt", "2026年3月3日，北京发生火灾，消防部门迅速赶到现场，"
                 "没有人员伤亡。".encode("gbk"))
    return [str(tmp / "in")], f"{path}: not UTF-8 (byte 4); read as gb18030"


def utf16_bom(tmp: Path):
    _with(tmp / "in", "2026-03-03-u16.txt", GOOD.replace("2026-03-02", "2026-03-03").encode("utf-16"))
    return [str(tmp / "in")], ""


def huge_document(tmp: Path):
    path = _with(tmp / "in", "2026-03-04-huge.txt", b"")
    with path.open("wb") as f:  # 50 MB of repeated sentences
        line = b"The water rose again on 4 March 2026 in the low streets near the river.\n"
        f.write(line * (50 * 1024 * 1024 // len(line)))
    return [str(path)], f"{path}: file is 52,428,"


def huge_document_in_folder(tmp: Path):
    args, _ = huge_document(tmp)
    return [str(tmp / "in")], f"{args[0]}: file is 52,428,"


def many_tiny(tmp: Path):
    folder = _good(tmp / "in")
    for i in range(20_000):
        (folder / f"2026-03-{1 + i % 28:02d}-{i:05d}.txt").write_text(f"Note {i}: the river rose on {1 + i % 28} "
                                                                       "March 2026.", encoding="utf-8")
    return [str(folder)], ""


def too_many(tmp: Path):
    args, _ = many_tiny(tmp)
    return args + ["--config", str(_config(tmp, "[corpus]\nmax_documents = 10000\n"))], "more than 10,000 documents"


def jsonl_broken(tmp: Path):
    path = tmp / "docs.jsonl"
    path.write_text(json.dumps({"id": "a", "date": "2026-03-02", "text": GOOD}) + "\n{\"id\": \"b\", \"date\": \n",
                    encoding="utf-8")
    return [str(path)], f"{path}:2: malformed JSON line"


def jsonl_broken_skip(tmp: Path):
    args, needle = jsonl_broken(tmp)
    return args + ["--skip-bad"], needle


def json_array_broken(tmp: Path):
    path = tmp / "export.json"
    path.write_text(json.dumps([{"id": "a", "date": "2026-03-02", "text": GOOD}], indent=2)[:-2] + ",\n  {\"id\": }\n]",
                    encoding="utf-8")
    return [str(path)], f"{path}:7: malformed JSON (Expecting value); pass --skip-bad"


def json_stray_item_skip(tmp: Path):
    path = tmp / "export.json"
    path.write_text(json.dumps({"articles": [{"id": "a", "date": "2026-03-02", "text": GOOD}, 42]}, indent=2),
                    encoding="utf-8")
    return [str(path), "--skip-bad"], f"{path}:8: item 2 is a JSON int, not an object; skipped"


def xml_not_a_feed_in_folder(tmp: Path):
    folder = _good(tmp / "in")
    (folder / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>http://x</loc></url></urlset>',
                                        encoding="utf-8")
    return [str(folder)], f"{folder / 'sitemap.xml'}: XML file is no RSS or Atom feed; skipped"


def csv_no_text(tmp: Path):
    path = tmp / "docs.csv"
    path.write_text("title,date\nFlood,2026-03-02\n", encoding="utf-8")
    return [str(path)], f"{path}:1: CSV has no text column"


def _mixed(tmp: Path) -> Path:
    folder = _good(tmp / "in")
    (folder / "notes.csv").write_text("title,date\nFlood,2026-03-02\n", encoding="utf-8")
    (folder / "feed.jsonl").write_text('{"id": "a", "date": \n', encoding="utf-8")
    (folder / "old.jsonl.gz").write_bytes(b"not gzip at all")
    (folder / "undated.txt").write_text("A story that never says when anything happened.", encoding="utf-8")
    return folder


def mixed_folder(tmp: Path):
    folder = _mixed(tmp)
    return [str(folder)], f"{folder / 'feed.jsonl'}:1: malformed JSON line"


def mixed_folder_skip(tmp: Path):
    folder = _mixed(tmp)
    return [str(folder), "--skip-bad"], f"{folder / 'notes.csv'}:1: CSV has no text column"


def csv_no_text_in_folder(tmp: Path):
    _good(tmp / "in")
    path = tmp / "in" / "notes.csv"
    path.write_text("title,date\nFlood,2026-03-02\n", encoding="utf-8")
    return [str(tmp / "in")], f"{path}:1: CSV has no text column (one of text, content, body, article, maintext); " \
                              "found: title, date; pass --skip-bad"


def csv_extra_columns(tmp: Path):
    path = tmp / "docs.csv"
    path.write_text('id,date,text,mood,score\na,2026-03-02,"The river burst its banks on 2 March 2026, '
                    'officials said.",grim,7\n', encoding="utf-8")
    return [str(path)], ""


def csv_short_row(tmp: Path):
    path = tmp / "docs.csv"
    path.write_text('id,date,text\na,2026-03-02,"The river burst its banks on 2 March 2026, officials said."\n'
                    "b,2026-03-03\n", encoding="utf-8")
    return [str(path)], f"{path}:3"


def csv_unclosed_quote(tmp: Path):
    path = tmp / "docs.csv"
    path.write_text('id,date,text\na,2026-03-02,"The river burst its banks on 2 March 2026, officials said."\n'
                    'b,2026-03-03,"The water fell on 3 March 2026, and schools reopened.\n'
                    "c,2026-03-04,The bridge reopened on 4 March 2026 after an inspection.\n", encoding="utf-8")
    return [str(path)], f"{path}:3: the quoted field opened on line 3 never closes"


def text_not_a_string(tmp: Path):
    path = tmp / "export.json"
    path.write_text(json.dumps([{"date": "2026-03-02", "text": 42}]), encoding="utf-8")
    return [str(path)], f"{path}:1: the text field is a number, not text"


def front_matter_bad_date(tmp: Path):
    path = _with(tmp / "in", "flood.md", "---\ndate: 2026-13-45\n---\nThe river burst its banks on 2 March 2026, "
                 "officials said.\n")
    return [str(tmp / "in")], f"{path}: unreadable publication date '2026-13-45'; skipped"


def extreme_years(tmp: Path):
    _with(tmp / "in", "ancient.txt", "Date: 0001-01-01\n\nAn ancient chronicle of the river, written on 1 January 1.")
    _with(tmp / "in", "future.txt", "Date: 9999-12-31\n\nA story from the far future, on 31 December 9999.")
    return [str(tmp / "in")], ""


def future_mentions(tmp: Path):
    _with(tmp / "in", "2026-03-05-plan.txt", "The council said on 5 March 2026 that a new flood wall would "
          "be finished on 1 June 2150.")
    return [str(tmp / "in")], ""


def no_dates(tmp: Path):
    path = _with(tmp / "in", "undated.txt", "A story that never says when anything happened.")
    return [str(path)], f"{path}: no publication date"


def no_dates_in_folder(tmp: Path):
    path = _with(tmp / "in", "undated.txt", "A story that never says when anything happened.")
    return [str(tmp / "in")], f"{path}: no publication date"


def no_dates_published(tmp: Path):
    path = _with(tmp / "in", "undated.txt", "The river burst its banks on Monday, flooding the town centre, "
                 "officials said.")
    return [str(path), "--published", "2026-03-04"], "1 of 1 documents carry no publication date; dated 2026-03-04"


def nothing_datable(tmp: Path):
    path = tmp / "undated.txt"
    path.write_text("A story that never says when anything happened.", encoding="utf-8")
    return [str(path), "--start", "2030-01-01"], f"{path}: no publication date"


def hostile_html(tmp: Path):
    big = "A" * 3_000_000
    _with(tmp / "in", "2026-03-06-page.html", f"""<html><head><title>Flood page</title>
<meta name="date" content="2026-03-06"><style>body {{ background: url(data:image/png;base64,{big}); }}</style>
<script>alert("pwned"); document.write("<h1>injected</h1>")</script></head><body><article>
<p>The flood barrier failed on 6 March 2026, officials said <img src=x onerror="alert('pwned')">.</p>
<p>Engineers warned the council about the barrier in January.</p></article>
<img src="data:image/png;base64,{big}"></body></html>""")
    return [str(tmp / "in")], ""


def symlink_loop(tmp: Path):
    folder = _good(tmp / "in")
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    return [str(folder)], "symlink loop"


def dangling_symlink(tmp: Path):
    folder = _good(tmp / "in")
    (folder / "gone.txt").symlink_to(tmp / "deleted.txt")
    return [str(folder)], f"{folder / 'gone.txt'}: no such file or directory; skipped"


def unreadable(tmp: Path):
    path = _with(tmp / "in", "secret.txt", GOOD)
    path.chmod(0)
    return [str(tmp / "in")], f"{path}: permission denied; skipped"


def missing(tmp: Path):
    return [str(tmp / "nowhere")], f"{tmp / 'nowhere'}: no such file or folder"


def _config(tmp: Path, text: str) -> Path:
    path = tmp / "limits.toml"
    path.write_text(MATRIX_CONFIG + text, encoding="utf-8")
    return path


CASES = [
    Case("empty-folder", "empty folder", "error", empty_folder),
    Case("empty-file", "empty file, named", "error", empty_file),
    Case("empty-file-in-folder", "empty file in a folder", "skip", empty_file_in_folder),
    Case("punctuation-only", "punctuation only, named (dated with --published)", "error", punctuation_only),
    Case("binary", "binary file (PNG bytes named .txt), named", "error", binary_file),
    Case("binary-in-folder", "binary file in a folder", "skip", binary_in_folder),
    Case("nul-bytes", "text with NUL bytes", "skip", nul_bytes),
    Case("latin-1", "latin-1 text", "ok", latin1),
    Case("cp1252", "cp1252 text (curly quotes, dashes)", "ok", cp1252),
    Case("mojibake", "UTF-8 once decoded as cp1252 (\"â€™\" for \"’\")", "ok", mojibake),
    Case("cp1251", "cp1251 text (Russian)", "ok", cp1251),
    Case("gbk", "GBK text (Chinese)", "ok", gbk),
    Case("utf-16-bom", "UTF-16 with byte-order mark", "ok", utf16_bom),
    Case("50mb-document", "one 50 MB document, named", "error", huge_document),
    Case("50mb-in-folder", "one 50 MB document in a folder", "skip", huge_document_in_folder),
    Case("20k-documents", "20,000 tiny documents", "ok", many_tiny),
    Case("over-max-documents", "20,000 documents over `corpus.max_documents = 10000`", "error", too_many),
    Case("jsonl-broken-line", "JSONL with a broken line", "error", jsonl_broken),
    Case("jsonl-skip-bad", "JSONL with a broken line, `--skip-bad`", "skip", jsonl_broken_skip),
    Case("json-broken", "JSON array with a broken item", "error", json_array_broken),
    Case("json-stray-item-skip-bad", "JSON export with a number among its articles, `--skip-bad`", "skip",
         json_stray_item_skip),
    Case("xml-not-a-feed", "XML that is no RSS or Atom feed (a sitemap) in a folder", "skip", xml_not_a_feed_in_folder),
    Case("csv-no-text", "CSV without a text column", "error", csv_no_text),
    Case("csv-no-text-in-folder", "CSV without a text column in a folder", "error", csv_no_text_in_folder),
    Case("mixed-folder", "folder of good and bad files (CSV columns, JSON, gzip, undated)", "error", mixed_folder),
    Case("mixed-folder-skip-bad", "the same folder, `--skip-bad`", "skip", mixed_folder_skip),
    Case("csv-extra-columns", "CSV with extra columns", "ok", csv_extra_columns),
    Case("csv-short-row", "CSV row missing its text", "skip", csv_short_row),
    Case("csv-unclosed-quote", "CSV with a quote that never closes (the rest of the file would be one field)", "error",
         csv_unclosed_quote),
    Case("text-not-a-string", "JSON record whose text is a number", "error", text_not_a_string),
    Case("front-matter-bad-date", "front matter date that is no date (2026-13-45) in a folder", "skip",
         front_matter_bad_date),
    Case("years-1-and-9999", "publication dates in year 1 and 9999", "ok", extreme_years),
    Case("future-dates", "dates far in the future", "ok", future_mentions),
    Case("no-dates", "document with no date at all, named", "error", no_dates),
    Case("no-dates-in-folder", "document with no date in a folder", "skip", no_dates_in_folder),
    Case("no-dates-published", "document with no date, named, `--published 2026-03-04`", "ok", no_dates_published),
    Case("nothing-datable", "only undated documents", "error", nothing_datable),
    Case("hostile-html", "HTML with scripts, styles, `onerror=` and 3 MB inline data", "ok", hostile_html),
    Case("symlink-loop", "symlink loop", "ok", symlink_loop),
    Case("dangling-symlink", "dangling symlink", "skip", dangling_symlink),
    Case("unreadable", "unreadable file (no permission)", "skip", unreadable, root_can_read=False),
    Case("missing-path", "path that does not exist", "error", missing),
]



def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass
class Outcome:
    outcome: str  # what happened: "error", "skip" or "ok"
    exit_code: int
    errors: list[str]  # "timeline: error: ..." lines
    warnings: list[str]  # "timeline: WARNING: ..." lines
    output: str
    wrote: bool  # the briefing file exists


def run_case(case: Case, tmp: Path) -> tuple[Outcome, str]:
    """Build ``case`` under ``tmp`` and run ``timeline summarise`` on it in-process.

    Returns:
        What happened, and the text the case expects the message to name.
    """
    from typer.testing import CliRunner

    from timeline.cli import app

    args, needle = case.build(tmp)
    if "--config" not in args:
        args += ["--config", str(_config(tmp, ""))]
    out = tmp / "out" / "briefing.md"
    out.parent.mkdir(exist_ok=True)
    result = CliRunner().invoke(app, ["summarise", *args, "-o", str(out)])
    lines = result.output.splitlines()
    errors = [line for line in lines if line.startswith("timeline: error:")]
    warnings = [line for line in lines if line.startswith("timeline: WARNING:")]
    if result.exit_code == 2:
        kind = "error"
    elif result.exit_code == 0 and any(needle and needle in w for w in warnings) and case.outcome == "skip":
        kind = "skip"
    elif result.exit_code == 0:
        kind = "ok"
    else:
        kind = f"exit {result.exit_code}"
    return Outcome(kind, result.exit_code, errors, warnings, result.output, out.is_file()), needle


MATRIX_CONFIG = '[embed]\nmodel = "hashing"\ncache = false\n'  # no model: the matrix is about input
