from __future__ import annotations

import gzip
import json
import logging

import pandas as pd
import pytest

from timeline.corpus import read_corpus
from timeline.corpus.files import split_front_matter
from timeline.corpus.tls import parse_tilse_timeline, read_timelines
from timeline.errors import InputError


def test_example_corpus_reads_all_formats(example_corpus):
    docs = read_corpus([example_corpus])
    assert len(docs) == 14
    assert set(docs["source"]) == {"Calder Gazette", "Northshore Radio", "Coastal Ledger"}
    assert str(docs["published"].dt.tz) == "UTC"
    assert docs["published"].is_monotonic_increasing
    html = docs[docs["doc_id"].str.endswith("2026-03-11-span-collapses.html")].iloc[0]
    assert html["title"] == "Bridge span collapses into River Calder during storm"
    assert "<p>" not in html["text"] and "All rights reserved" not in html["text"]
    assert not html["text"].startswith(html["title"])  # the headline is not a sentence
    md = docs[docs["doc_id"].str.endswith("2026-03-02-cracks-found.md")].iloc[0]
    assert md["published"] == pd.Timestamp("2026-03-02", tz="UTC")
    assert "title:" not in md["text"]


def test_front_matter_and_email_headers():
    meta, body = split_front_matter("---\ntitle: A\ndate: 2020-01-02\n---\nBody text.")
    assert meta == {"title": "A", "date": "2020-01-02"} and body == "Body text."
    meta, body = split_front_matter("Title: B\nDate: 2020-01-03\n\nBody.")
    assert meta["date"] == "2020-01-03" and body == "Body."
    meta, body = split_front_matter("Note: this is prose, not a header\n\nBody.")
    assert meta == {}


def test_publication_date_from_path_dateline_and_text(tmp_path):
    (tmp_path / "2011-02-03").mkdir()
    (tmp_path / "2011-02-03" / "a.txt").write_text("Protesters gathered in the square again.")
    (tmp_path / "b.txt").write_text("CAIRO, March 4, 2011 (Reuters) - Crowds returned to the square.")
    (tmp_path / "c.txt").write_text("Crowds came back.\nThe army said on 5 March 2011 that it would stay.")
    docs = read_corpus([tmp_path]).set_index("doc_id")
    assert docs.loc["2011-02-03/a.txt", "published"] == pd.Timestamp("2011-02-03", tz="UTC")
    assert docs.loc["b.txt", "published"] == pd.Timestamp("2011-03-04", tz="UTC")
    assert docs.loc["b.txt", "published_from"] == "dateline"
    assert docs.loc["c.txt", "published"] == pd.Timestamp("2011-03-05", tz="UTC")


def test_jsonl_and_csv_records(tmp_path):
    jl = tmp_path / "docs.jsonl"
    jl.write_text(json.dumps({"id": "x1", "date": "2020-05-01", "title": "T", "text": "Hello there, world."}) + "\n"
                  + json.dumps({"id": "x2", "published": "2020-05-02T10:00:00+02:00", "content": "More news."}) + "\n")
    docs = read_corpus([jl]).set_index("doc_id")
    assert list(docs.index) == ["x1", "x2"]
    assert docs.loc["x2", "published"] == pd.Timestamp("2020-05-02T08:00:00", tz="UTC")
    csv = tmp_path / "docs.csv"
    csv.write_text('title,date,text\nA,2020-06-01,"First, story."\nB,2020-06-02,Second story.\n')
    docs = read_corpus([csv])
    assert list(docs["title"]) == ["A", "B"] and docs["text"].iloc[0] == "First, story."


def test_json_arrays_and_objects_of_documents(tmp_path, caplog):
    """A JSON export as users have them: an array (one line or indented), an object holding
    one, or a single article; a keywords list beside the articles is no document."""
    a = {"id": "a", "date": "2020-05-01", "text": "The bridge closed on 1 May 2020."}
    b = {"published": "2020-05-02", "content": "It reopened on 2 May 2020."}
    (tmp_path / "compact.json").write_text(json.dumps([a, b]))
    docs = read_corpus([tmp_path / "compact.json"])
    assert list(docs["doc_id"]) == ["a", "compact.json:2"]  # numbered by item: all on line 1
    (tmp_path / "wrapped.json").write_text(json.dumps({"status": "ok", "count": 2, "articles": [a, b]}, indent=2))
    assert len(read_corpus([tmp_path / "wrapped.json"])) == 2
    (tmp_path / "one.json").write_text(json.dumps(b))
    assert read_corpus([tmp_path / "one.json"])["text"].tolist() == [b["content"]]
    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps([a, "stray", b], indent=2))
    with pytest.raises(InputError, match=r"mixed.json:7: item 2 is a JSON str, not an object; pass --skip-bad"):
        read_corpus([mixed])
    assert len(read_corpus([mixed], skip_bad=True)) == 2 and "item 2" in caplog.text
    broken = tmp_path / "broken.json"
    broken.write_text('[{"text": "x",\n "date": }]')
    with pytest.raises(InputError, match=r"broken.json:2: malformed JSON \(Expecting value\)"):
        read_corpus([broken])
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "articles.json").write_text(json.dumps([a]))
    (folder / "keywords.json").write_text(json.dumps(["bridge"]))
    caplog.clear()
    assert read_corpus([folder])["doc_id"].tolist() == ["a"]
    assert "keywords.json: JSON holds no documents" in caplog.text  # skipped with a warning
    with pytest.raises(InputError, match="keywords.json: JSON holds no documents"):
        read_corpus([folder / "keywords.json"])  # named: an error


def test_tls_layouts(tmp_path, t17):
    docs = read_corpus([t17 / "mj"])
    assert len(docs) > 100 and (docs["source"] == "bbc").all()
    # tilse layout: InputDocs/<date>/*.txt and timelines/*.txt
    topic = tmp_path / "topic"
    (topic / "InputDocs" / "2011-01-25").mkdir(parents=True)
    (topic / "InputDocs" / "2011-01-25" / "1.txt").write_text("Thousands marched in Cairo .\n")
    (topic / "timelines").mkdir()
    (topic / "timelines" / "t.txt").write_text("2011-01-25\nProtests begin .\n--------------------------------\n"
                                               "2011-02-11\nMubarak resigns .\nThe army takes over .\n"
                                               "--------------------------------\n")
    docs = read_corpus([topic])
    assert docs["published"].iloc[0] == pd.Timestamp("2011-01-25", tz="UTC")
    assert read_timelines(topic) == [[("2011-01-25", ["Protests begin ."]),
                                      ("2011-02-11", ["Mubarak resigns .", "The army takes over ."])]]
    # news-tls layout: gzipped preprocessed articles
    newstls = tmp_path / "newstls"
    newstls.mkdir()
    with gzip.open(newstls / "articles.preprocessed.jsonl.gz", "wt") as fh:
        fh.write(json.dumps({"id": "n1", "time": "2011-02-01 00:00:00", "text": "Talks began ."}) + "\n")
    assert read_corpus([newstls])["doc_id"].tolist() == ["n1"]


def test_dataset_folder_asks_for_a_topic(t17):
    with pytest.raises(InputError, match="dataset of 9 topics"):
        read_corpus([t17])


def test_tilse_timeline_without_date_line_names_line(tmp_path):
    bad = tmp_path / "t.txt"
    bad.write_text("not a date\nSentence .\n")
    with pytest.raises(InputError) as err:
        parse_tilse_timeline(bad)
    assert str(err.value).startswith(f"{bad}:1:")


# --- bad input ------------------------------------------------------------------------------
def test_empty_folder(tmp_path):
    with pytest.raises(InputError, match="no .txt"):
        read_corpus([tmp_path])


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_corpus([tmp_path / "nope"])


def test_empty_file_named_is_an_error_in_a_folder_a_skip(tmp_path, caplog):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(InputError) as err:
        read_corpus([empty])
    assert str(empty) in str(err.value) and "empty" in str(err.value)
    (tmp_path / "2020-01-01-ok.txt").write_text("A real story about the flood.")
    with caplog.at_level(logging.WARNING):
        docs = read_corpus([tmp_path])
    assert len(docs) == 1 and "empty.txt" in caplog.text and "skipped" in caplog.text


def test_binary_file(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        read_corpus([binary])


def test_latin1_file_is_read_with_a_warning(tmp_path, caplog):
    f = tmp_path / "2020-01-01-cafe.txt"
    f.write_bytes("Le café a fermé ses portes à Noël.".encode("latin-1"))
    with caplog.at_level(logging.WARNING):
        docs = read_corpus([f])
    assert docs["text"].iloc[0] == "Le café a fermé ses portes à Noël."
    assert "not UTF-8" in caplog.text and str(f) in caplog.text


def test_utf16_with_bom(tmp_path):
    f = tmp_path / "2020-01-01-u16.txt"
    f.write_bytes("Storm hits the coast.".encode("utf-16"))
    assert read_corpus([f])["text"].iloc[0] == "Storm hits the coast."


def test_jsonl_broken_line_names_file_and_line(tmp_path, caplog):
    f = tmp_path / "docs.jsonl"
    f.write_text('{"id": "a", "date": "2020-01-01", "text": "One."}\n{"id": "b", "date": \n'
                 '{"id": "c", "date": "2020-01-03", "text": "Three."}\n')
    with pytest.raises(InputError) as err:
        read_corpus([f])
    assert str(err.value).startswith(f"{f}:2: malformed JSON line")
    with caplog.at_level(logging.WARNING):
        docs = read_corpus([f], skip_bad=True)
    assert docs["doc_id"].tolist() == ["a", "c"] and f"{f}:2" in caplog.text


def test_csv_without_text_column(tmp_path):
    f = tmp_path / "docs.csv"
    f.write_text("title,date\nA,2020-01-01\n")
    with pytest.raises(InputError) as err:
        read_corpus([f])
    assert str(err.value).startswith(f"{f}:1: CSV has no text column") and "title, date" in str(err.value)


def test_document_without_any_date(tmp_path, caplog):
    f = tmp_path / "undated.txt"
    f.write_text("A story with no date anywhere in it.")
    with pytest.raises(InputError, match="no publication date"):
        read_corpus([f])
    (tmp_path / "2020-02-02.txt").write_text("Dated by its file name.")
    with caplog.at_level(logging.WARNING):
        docs = read_corpus([tmp_path])
    assert len(docs) == 1 and "undated.txt" in caplog.text


def test_duplicate_texts_are_kept_once(tmp_path):
    for name in ("2020-01-01-a.txt", "2020-01-02-b.txt"):
        (tmp_path / name).write_text("Exactly the same wire story.")
    assert len(read_corpus([tmp_path])) == 1


def test_document_count_limit(tmp_path):
    for i in range(3):
        (tmp_path / f"2020-01-0{i + 1}.txt").write_text(f"Story number {i}.")
    with pytest.raises(InputError, match="more than 2 documents"):
        read_corpus([tmp_path], max_documents=2)


def test_symlink_loop_nul_bytes_and_extreme_years(tmp_path, caplog):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "loop").symlink_to(tmp_path, target_is_directory=True)
    (sub / "2020-03-03-nul.txt").write_bytes(b"Text with a NUL \x00 byte inside.")
    (sub / "future.txt").write_text("Date: 9999-12-31\n\nA story from the far future.")
    (sub / "ancient.txt").write_text("Date: 0001-01-01\n\nAn ancient story.")
    with caplog.at_level(logging.WARNING):
        docs = read_corpus([tmp_path])
    assert sorted(docs["published"].dt.year) == [1, 9999]
    assert "symlink loop" in caplog.text and "2020-03-03-nul.txt" in caplog.text


def test_unreadable_file_is_named_and_skipped_in_a_folder(tmp_path, caplog, monkeypatch):
    """Permission errors (simulated: root reads anything) name the file; in a folder they skip it."""
    from pathlib import Path

    (tmp_path / "2020-01-01-ok.txt").write_text("A readable story.")
    secret = tmp_path / "2020-01-02-secret.txt"
    secret.write_text("A story nobody may read.")
    real = Path.read_bytes

    def guarded(self):
        if self.name == secret.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    with pytest.raises(InputError) as err:
        read_corpus([secret])
    assert str(err.value) == f"{secret}: permission denied"
    with caplog.at_level(logging.WARNING):
        docs = read_corpus([tmp_path])
    assert len(docs) == 1 and f"{secret}: permission denied; skipped" in caplog.text


def test_treebank_bracket_tokens_become_brackets(tmp_path):
    """Tokenised research corpora (Timeline17) write brackets as -LRB- / -RRB-."""
    path = tmp_path / "docs.jsonl"
    text = "BP -LRB- the oil company -RRB- said on 4 May 2010 that the -LSB- cap -RSB- held. A well-known -LRB-X."
    path.write_text(json.dumps({"id": "a", "date": "2010-05-05", "text": text}) + "\n", encoding="utf-8")
    got = read_corpus([path])["text"].iat[0]
    assert got == "BP ( the oil company ) said on 4 May 2010 that the [ cap ] held. A well-known (X."


@pytest.mark.parametrize("tokenised, prose", [
    ("Jackson 's body was released , officials said .", "Jackson's body was released, officials said."),
    ("`` We thought , '' Landry said ( AP ) .", '"We thought," Landry said (AP).'),
    ("He did n't pay $ 780,000 , a 6.5 % share ; AP Photo\\/Transocean", "He didn't pay $780,000, a 6.5% share; AP Photo/Transocean"),
    ("Ordinary prose, isn't it? \"Yes.\" It's rock 'n' roll (live).", "Ordinary prose, isn't it? \"Yes.\" It's rock 'n' roll (live)."),
    ("Rousseff’ s government , which fell", "Rousseff’s government, which fell"),  # repaired mojibake
])
def test_detokenise_turns_treebank_spacing_into_prose(tokenised, prose):
    from timeline.corpus.document import detokenise

    assert detokenise(tokenised) == prose
    assert detokenise(prose) == prose  # idempotent: prose passes through unchanged


SPLIT = "Vice - President Hu , on a five - day visit , met London - based warlords - the men who ran it ."


def test_hyphens_a_tokeniser_split_off_are_joined_only_in_such_documents():
    """entities-dev's tokeniser writes "five - day"; Timeline17's keeps "well-known" whole, so its
    " - " are dashes; prose's spaced hyphens are dashes too."""
    from timeline.corpus.document import detokenise, splits_hyphens

    assert detokenise(SPLIT, hyphens_split=True) == \
        "Vice-President Hu, on a five-day visit, met London-based warlords - the men who ran it."  # a dash stays
    assert detokenise(SPLIT) == "Vice - President Hu, on a five - day visit, met London - based warlords - the men who ran it."
    assert splits_hyphens(SPLIT)
    assert not splits_hyphens(SPLIT + " A well-known aide , Li , said so .")  # a joined hyphen: the tokeniser keeps them
    assert not splits_hyphens("The result - a rout - was clear, and Cairo - based aid went on.")  # not tokenised
    assert not splits_hyphens("Growth - Clarendon said , officials said .")  # one spaced hyphen is no evidence


def test_published_dates_only_the_documents_without_a_date(tmp_path, caplog):
    (tmp_path / "undated.txt").write_text("Mr Blair met Mr Hu on Thursday to discuss trade.")
    (tmp_path / "also-undated.txt").write_text("The talks went on for a second day.")
    (tmp_path / "2005-11-01-dated.txt").write_text("An older report, dated by its file name.")
    (tmp_path / "front.md").write_text("---\ndate: 2005-10-20\n---\nDated by its front matter.")
    with caplog.at_level(logging.WARNING):
        docs = read_corpus([tmp_path], published="2005-11-10").set_index("doc_id")
    assert docs.loc["undated.txt", "published"] == pd.Timestamp("2005-11-10", tz="UTC")
    assert docs.loc["undated.txt", "published_from"] == "given"
    assert docs.loc["2005-11-01-dated.txt", "published"] == pd.Timestamp("2005-11-01", tz="UTC")  # its own wins
    assert docs.loc["front.md", "published"] == pd.Timestamp("2005-10-20", tz="UTC")
    warnings = [r.getMessage() for r in caplog.records if "--published" in r.getMessage()]
    assert warnings == ["2 of 4 documents carry no publication date; dated 2005-11-10 (--published)"]


def test_published_mtime_takes_each_files_time(tmp_path, caplog):
    import os

    f = tmp_path / "undated.txt"
    f.write_text("Mr Blair met Mr Hu on Thursday to discuss trade.")
    when = pd.Timestamp("2005-11-10T15:30:00", tz="UTC")
    os.utime(f, (when.timestamp(), when.timestamp()))
    with caplog.at_level(logging.WARNING):
        docs = read_corpus([f], published="mtime")
    assert docs.loc[0, "published"] == when and docs.loc[0, "published_from"] == "mtime"
    assert "modification times (--published mtime)" in caplog.text


def test_undated_error_names_the_published_option(tmp_path):
    f = tmp_path / "undated.txt"
    f.write_text("Mr Blair met Mr Hu on Thursday to discuss trade.")
    with pytest.raises(InputError, match="--published"):
        read_corpus([f])
    for bad in ("yesterday", "10/11/2005", "2005-13-45"):
        with pytest.raises(InputError, match="not a YYYY-MM-DD date or 'mtime'"):
            read_corpus([f], published=bad)


def test_skip_bad_skips_every_kind_of_bad_file(tmp_path, caplog):
    (tmp_path / "2020-01-02-good.txt").write_text("The river rose on 2 January 2020, officials said.")
    (tmp_path / "notes.csv").write_text("title,date\nFlood,2020-01-02\n")
    (tmp_path / "feed.jsonl").write_text('{"id": "a", "date": \n' + json.dumps(
        {"id": "b", "date": "2020-01-03", "text": "The water fell on 3 January 2020."}) + "\n")
    (tmp_path / "old.jsonl.gz").write_bytes(b"not gzip at all")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp_path / "undated.txt").write_text("A story that never says when anything happened.")
    with pytest.raises(InputError) as err:  # without the flag: one error that names it
        read_corpus([tmp_path])
    assert "--skip-bad" in str(err.value) and str(tmp_path) in str(err.value)
    with caplog.at_level(logging.WARNING):
        docs = read_corpus([tmp_path], skip_bad=True)
    assert sorted(docs["doc_id"]) == ["2020-01-02-good.txt", "b"]
    for name in ("notes.csv", "feed.jsonl:1", "old.jsonl.gz", "photo.txt", "undated.txt"):
        assert any(name in r.getMessage() and "skipped" in r.getMessage() for r in caplog.records), name
    assert len(docs.attrs["skipped"]) == 4  # the files; the JSON line is skipped inside its file


@pytest.mark.parametrize("text, encoding, named", [
    ("Президент России заявил 3 марта 2024 года, что пожар в Москве потушен. Пострадавших нет.", "cp1251", "cp1251"),
    ("2024年3月3日，北京发生火灾，消防部门迅速赶到现场，没有人员伤亡。", "gbk", "gb18030"),
    ("2024年3月3日、東京で火災が発生し、消防が現場に駆けつけた。けが人はいない。", "shift_jis", "cp932"),
    ("Στις 3 Μαρτίου 2024 ξέσπασε πυρκαγιά στην Αθήνα, ανακοίνωσε η πυροσβεστική.", "cp1253", "cp1253"),
    # text in another Latin code page, which cp1252 had read as Western letters ("uzavøen",
    # "açýklýkta", "fõ") or charset-normalizer as a DOS page: the page its language uses
    ("Most byl uzavřen 4. března 2024 poté, co inženýři našli trhliny v hlavním poli.", "cp1250",
     "cp1250 (the usual code page of cs text)"),
    ("A hidat 2024. március 4-én lezárták, miután a mérnökök repedéseket találtak a fő nyílásban.", "cp1250",
     "cp1250 (the usual code page of hu text)"),
    ("Köprü, mühendislerin ana açıklıkta çatlaklar bulmasının ardından 4 Mart 2024'te kapatıldı.", "cp1254",
     "cp1254 (the usual code page of tr text)"),
    ("Tiltas buvo uždarytas 2024 m. kovo 4 d., kai inžinieriai rado įtrūkimų pagrindiniame tarpatramyje.",
     "cp1257", "cp1257 (the usual code page of lt text)"),
    # and Icelandic, whose ð and þ are cp1252's, stays cp1252 (it had been read as Turkish cp1254)
    ("Brúin var lokuð 4. mars 2024 eftir að verkfræðingar fundu sprungur í aðalhafinu. Það var þungt.", "cp1252",
     "cp1252"),
    # Western text keeps the cp1252 reading, even where another Latin code page ties with it
    ("Le cœur de la ville a été touché le 3 mars 2026 ; les sœurs Dupont ont fermé.", "cp1252", "cp1252"),
    ("Le café de la place a fermé le 3 mars 2026 à cause de l'inondation.", "latin-1", "cp1252"),
    ("Residents said the \u201cworst flood\u201d hit on 3 March 2026 \u2013 and more is coming.", "cp1252", "cp1252"),
])
def test_legacy_encodings_are_detected_and_named(tmp_path, caplog, text, encoding, named):
    from timeline.corpus.decode import decode_bytes

    with caplog.at_level(logging.WARNING):
        assert decode_bytes(text.encode(encoding), "x.txt") == text
    assert f"read as {named}" in caplog.text
    assert ("detected by charset-normalizer" in caplog.text) == (named != "cp1252" and "usual" not in named)


def test_records_in_memory_read_like_jsonl_lines(caplog):
    from timeline.corpus import read_inputs

    records = [
        {"id": "a", "text": "The river burst its banks on Monday.", "published": "2026-03-02", "source": "Gazette",
         "title": "Flood", "url": "https://example.org/a"},
        {"text": "The water fell by Wednesday, officials said.", "published": pd.Timestamp("2026-03-04")},
        {"text": "A story that never says when.", "published": None},
        {"text": "", "published": "2026-03-05"},
    ]
    with caplog.at_level(logging.WARNING):
        docs = read_inputs(records)
    assert list(docs["doc_id"]) == ["a", "record-2"]
    assert docs.loc[0, "source"] == "Gazette" and docs.loc[0, "url"] == "https://example.org/a"
    assert docs.loc[1, "published"] == pd.Timestamp("2026-03-04", tz="UTC")
    assert "<records>:3: no publication date" in caplog.text and "<records>:4: document has no text" in caplog.text
    frame = pd.DataFrame(records[:3])  # NaN/None cells read as absent keys
    assert list(read_inputs(frame, published="2026-03-06")["published"].dt.day) == [2, 4, 6]
    with pytest.raises(InputError, match="mix records"):
        read_inputs([records[0], "examples/corpus"])
    with pytest.raises(InputError, match="<records>: no usable documents"):
        read_inputs([records[2]])


def test_front_matter_is_yaml(caplog):
    meta, body = split_front_matter('---\ntitle: "Flood: the river rises"\ndate: 2020-01-02 10:30:00\n'
                                    "tags: [river, flood]\nsummary: >\n  Two lines\n  folded.\n---\nBody.")
    assert meta == {"title": "Flood: the river rises", "date": "2020-01-02T10:30:00", "tags": "river, flood",
                    "summary": "Two lines folded."}
    assert body == "Body."
    with caplog.at_level(logging.WARNING):
        meta, body = split_front_matter("---\ntitle: [unclosed\ndate: 2020-01-03\n---\nBody.", "x.md")
    assert meta["date"] == "2020-01-03" and body == "Body."
    assert "x.md: front matter is not valid YAML" in caplog.text


def test_markdown_markup_is_stripped_by_a_parser():
    from timeline.corpus.files import text_record

    md = ("# The headline\n\nThe *river* burst its **banks** on [Monday](https://x.org/a_b), said the "
          "mayor_of_town &amp; her deputy \\*twice\\*.\n\n- first item\n- second *item*\n\n> A quoted line.\n\n"
          "<div class=\"ad\">Buy now</div>\n\n![a flooded street](street.png)\n\n| day | level |\n|---|---|\n"
          "| Monday | 4 m |\n")
    record = text_record(md)
    assert record["title"] == "The headline"
    text = record["text"]
    assert "The river burst its banks on Monday, said the mayor_of_town & her deputy *twice*." in text
    assert "first item\n\nsecond item\n\nA quoted line." in text
    assert "a flooded street" in text and "Monday | 4 m" in text
    assert "https" not in text and "Buy now" not in text and "**" not in text
    plain = text_record("`` Quoted '' , he said with *stars* and `` more '' .", markdown=False)
    assert plain["text"] == "`` Quoted '' , he said with *stars* and `` more '' ."  # plain text is left alone


def test_the_document_limit_stops_a_run_even_with_skip_bad(tmp_path):
    for i in range(5):
        (tmp_path / f"2020-01-0{i + 1}.txt").write_text(f"Story number {i} about the river.")
    with pytest.raises(InputError) as err:
        read_corpus([tmp_path], max_documents=3, skip_bad=True)
    assert "more than 3 documents" in str(err.value) and "--skip-bad" not in str(err.value)


def test_a_text_of_nul_characters_is_no_text(tmp_path, caplog):
    f = tmp_path / "docs.jsonl"
    f.write_text(json.dumps({"id": "a", "date": "2020-01-02", "text": "\u0000\u0000 \u0000"}) + "\n"
                 + json.dumps({"id": "b", "date": "2020-01-02", "text": "The dam failed on 1 January 2020."}) + "\n")
    with caplog.at_level(logging.WARNING):
        docs = read_corpus([f], skip_bad=True)
    assert docs["doc_id"].tolist() == ["b"] and f"{f}:1: document has no text" in caplog.text


def test_a_pasted_articles_first_short_line_is_its_headline():
    from timeline.corpus.files import text_record

    record = text_record("Harbour strike spreads to second port\n\nDock workers walked out on Thursday.\n",
                         markdown=False)
    assert record["title"] == "Harbour strike spreads to second port"
    assert record["text"].startswith("Harbour strike")  # still read: a headline may be all that dates a text
    assert text_record("Who pays for the bridge?\n\nThe council does.", markdown=False)["title"] == \
        "Who pays for the bridge?"
    for not_a_headline in ("The council met today.\n\nIt voted.",  # a sentence
                           "WASHINGTON (Reuters) -\n\nThe senate voted.",  # a dateline
                           "Strike spreads\nto the port\n\nMore.",  # a paragraph of two lines
                           "Strike spreads to the port",  # nothing after it
                           " ".join(["word"] * 21) + "\n\nMore."):  # too long
        assert "title" not in text_record(not_a_headline, markdown=False), not_a_headline
    assert text_record("Title: Given\n\nShort line\n\nBody.", markdown=False)["title"] == "Given"  # a header wins


@pytest.mark.parametrize("value, lang, expected", [
    (1709640000, "en", "2024-03-05 12:00"),  # epoch seconds
    (1709640000000, "en", "2024-03-05 12:00"),  # JavaScript's milliseconds (once 56146 AD)
    ("1709640000000", "en", "2024-03-05 12:00"),  # the same in a string
    ("20240305", "en", "2024-03-05 00:00"),  # eight digits are a date, not seconds
    ("05.03.2024", "en", "2024-03-05 00:00"),  # dots: day first everywhere (once 3 May)
    ("05/03/2024", "fr", "2024-03-05 00:00"),  # day first outside English
    ("05/03/2024", "en", "2024-05-03 00:00"),  # month first in English ...
    ("25/03/2024", "en", "2024-03-25 00:00"),  # ... unless the first number cannot be a month
    ("31/02/2024", "fr", None),  # no such day
])
def test_publication_dates_in_numbers(value, lang, expected):
    from timeline.corpus.pubdate import parse_timestamp

    got = parse_timestamp(value, lang)
    assert (got.strftime("%Y-%m-%d %H:%M") if got is not None else None) == expected


def test_a_files_own_dates_tell_the_order_of_its_ambiguous_ones(tmp_path):
    """A British or Indian CSV writes 25/03/2024; its 05/03/2024 is then 5 March, not 3 May."""
    body = "title,date,text\nA,05/03/2024,The bridge closed on 5 March 2024.\nB,25/03/2024,It reopened on 25 March 2024.\n"
    (tmp_path / "uk.csv").write_text(body)
    got = read_corpus([tmp_path / "uk.csv"]).set_index("title")["published"]
    assert got["A"].strftime("%d %m") == "05 03" and got["B"].strftime("%d %m") == "25 03"
    us = [{"id": "a", "date": "05/03/2024", "text": "The bridge closed on 3 May 2024."},
          {"id": "b", "date": "03/25/2024", "text": "It reopened on 25 March 2024."}]
    (tmp_path / "us.jsonl").write_text("".join(json.dumps(r) + "\n" for r in us))
    got = read_corpus([tmp_path / "us.jsonl"]).set_index("doc_id")["published"]
    assert got["a"].strftime("%d %m") == "03 05"  # the file writes month first
    (tmp_path / "alone.json").write_text(json.dumps([{"id": "c", "date": "05/03/2024", "text": "Talks began."}]))
    assert read_corpus([tmp_path / "alone.json"])["published"].iat[0].strftime("%d %m") == "03 05"  # English: month first


def test_a_front_matter_date_that_is_no_date_is_named_not_a_crash(tmp_path, caplog):
    # PyYAML raises ValueError, not a YAMLError, for a date-like value such as 2024-13-45
    f = tmp_path / "a.md"
    f.write_text("---\ndate: 2024-13-45\n---\nThe bridge closed on 4 March 2024 after cracks were found.\n")
    with caplog.at_level(logging.WARNING):
        meta, _ = split_front_matter(f.read_text(), f)
    assert meta == {"date": "2024-13-45"} and "month must be in 1..12" in caplog.text
    with pytest.raises(InputError, match=r"unreadable publication date '2024-13-45'"):
        read_corpus([f])


def test_a_text_field_must_be_text_or_a_list_of_paragraphs(tmp_path):
    f = tmp_path / "a.json"
    f.write_text(json.dumps([{"text": 5, "published": "2024-03-05"}]))
    with pytest.raises(InputError, match=r"a\.json:1: the text field is a number, not text"):
        read_corpus([f])
    f.write_text(json.dumps([{"text": {"body": "x"}, "published": "2024-03-05"}]))
    with pytest.raises(InputError, match="the text field is an object"):
        read_corpus([f])
    f.write_text(json.dumps([{"text": ["First paragraph.", " ", "Second one."], "published": "2024-03-05"}]))
    assert read_corpus([f])["text"].tolist() == ["First paragraph.\n\nSecond one."]


def test_a_csv_quote_that_never_closes_is_named_not_swallowed(tmp_path, caplog):
    # without the check, rows 3 and 4 vanished into one field of row 3, silently
    f = tmp_path / "a.csv"
    f.write_text('text,published\nThe bridge closed after cracks were found.,2024-03-05\n'
                 '"The council met and said the bridge would stay shut.,2024-03-07\n'
                 'The mayor spoke about the bridge.,2024-03-09\n')
    with pytest.raises(InputError, match=r"a\.csv:3: the quoted field opened on line 3 never closes"):
        read_corpus([f])
    with caplog.at_level(logging.WARNING):
        docs = read_corpus([f], skip_bad=True)
    assert docs["text"].tolist() == ["The bridge closed after cracks were found."] and "a.csv:3" in caplog.text
    # a quote inside a field (not opening it) and a closed multi-line field are fine
    f.write_text('text,published\nHe said "no, 2024-03-05\n"Two\nlines.",2024-03-06\n')
    assert read_corpus([f])["text"].tolist() == ['He said "no', "Two\nlines."]
    f.write_text('published,text\n2024-03-05,He said "no\n2024-03-06,"Two\nlines."\n')
    assert read_corpus([f])["text"].tolist() == ['He said "no', "Two\nlines."]


@pytest.mark.parametrize("name, where", [("a.json", "a.json: malformed JSON"), ("a.jsonl", "a.jsonl:1: malformed JSON line")])
def test_json_nested_past_the_recursion_limit_is_named_not_a_crash(tmp_path, name, where):
    # json.loads raises RecursionError, which is no ValueError: it had ended the run with a traceback
    f = tmp_path / name
    f.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(InputError, match=rf"{where} \(nested too deeply\)"):
        read_corpus([f])


def test_a_short_html_pages_headline_and_paragraphs_stay_apart(tmp_path):
    # trafilatura's fallback for a short page had run them together: "Bridge closed 5 March The bridge closed ..."
    page = tmp_path / "a.html"
    page.write_text('<html><head><title>Bridge closed</title><meta property="article:published_time" '
                    'content="2024-03-05T10:00:00Z"></head><body><nav>Home | News</nav><article><h1>Bridge closed</h1>'
                    '<time datetime="2024-03-05">5 March</time><p>The bridge closed on Monday after cracks were found '
                    'in the main span.</p><ul><li><p>Repairs will start next week, officials said.</p></li></ul>'
                    '<script>var x = 1;</script></article><footer>All rights reserved.</footer></body></html>')
    (doc,) = read_corpus([page]).to_dict("records")
    assert doc["title"] == "Bridge closed"
    assert doc["text"] == ("The bridge closed on Monday after cracks were found in the main span.\n"
                           "Repairs will start next week, officials said.")


def test_a_json_file_of_json_lines_is_read_as_json_lines(tmp_path):
    # many exports name JSON Lines .json: it had stopped at "malformed JSON (Extra data)"
    f = tmp_path / "export.json"
    f.write_text(json.dumps({"text": "First story.", "published": "2024-03-05"}) + "\n"
                 + json.dumps({"text": "Second story.", "published": "2024-03-06"}) + "\n")
    assert read_corpus([f])["text"].tolist() == ["First story.", "Second story."]
    f.write_text(json.dumps({"text": "First story.", "published": "2024-03-05"}) + '\n{"text": broken\n')
    with pytest.raises(InputError, match=r"export\.json:2: malformed JSON line"):
        read_corpus([f])
    f.write_text('[1, 2]\n[3]\n')  # extra data, but no object a line: still malformed JSON
    with pytest.raises(InputError, match=r"malformed JSON \(Extra data\)"):
        read_corpus([f])


@pytest.mark.parametrize("name", ["page.txt", "page"])
def test_a_web_page_saved_as_text_is_read_as_html(tmp_path, name):
    f = tmp_path / name
    f.write_text('<!-- saved -->\n<!DOCTYPE html><html><head><title>Bridge</title>'
                 '<meta name="date" content="2024-03-05"></head><body><p>Published 5 March 2024</p>'
                 "<p>The bridge closed on 4 March 2024 after cracks were found in the main span.</p></body></html>")
    (doc,) = read_corpus([f]).to_dict("records")
    assert doc["title"] == "Bridge" and "<p>" not in doc["text"] and "The bridge closed" in doc["text"]


def test_a_records_language_code_is_read_as_the_grammar_knows_it(tmp_path, caplog):
    # "pt-BR" (dateparser knows only "pt") and "xx" had both been tagged as English
    f = tmp_path / "docs.jsonl"
    f.write_text(json.dumps({"id": "a", "text": "Ele chegou na segunda-feira, 4 de março de 2024, disse o prefeito.",
                             "published": "2024-03-05", "lang": "pt-BR"}) + "\n"
                 + json.dumps({"id": "b", "text": "Il est venu lundi 4 mars 2024, a dit le maire de la ville.",
                               "published": "2024-03-05", "lang": "xx"}) + "\n")
    with caplog.at_level(logging.WARNING):
        docs = read_corpus([f], lang="auto").set_index("doc_id")
    assert docs.loc["a", "lang"] == "pt" and docs.loc["b", "lang"] == "fr"
    assert "docs.jsonl:2: \"lang\" 'xx' is not a language code; the language is detected instead" in caplog.text
