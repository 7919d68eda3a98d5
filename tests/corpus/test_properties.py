"""Property-based tests of the readers: any bytes, any text, any JSONL line never crash them,
and what they return keeps its invariants (every sentence belongs to its document)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.corpus import read_corpus
from timeline.corpus.decode import decode_bytes
from timeline.corpus.files import split_front_matter, text_record
from timeline.errors import InputError, SkippedInput

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@given(st.binary(max_size=2000))
@SETTINGS
def test_any_bytes_decode_to_text_or_a_named_skip(data):
    try:
        text = decode_bytes(data, Path("x.txt"))
    except SkippedInput as exc:
        assert exc.reason
        return
    assert isinstance(text, str) and text.strip() and "\x00" not in text and "\r" not in text


@given(st.text(max_size=600))
@SETTINGS
def test_any_text_splits_into_front_matter_and_a_body_it_contains(text):
    meta, body = split_front_matter(text)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items())
    assert body in text
    record = text_record(text)
    assert isinstance(record["text"], str)


@given(st.lists(st.one_of(st.text(max_size=80),
                          st.fixed_dictionaries({"id": st.text(max_size=5), "date": st.sampled_from(
                              ["2020-01-01", "not a date", "", "9999-12-31", "0001-01-01"]),
                              "text": st.text(max_size=120)}).map(json.dumps)),
                max_size=6))
@SETTINGS
def test_any_jsonl_reads_or_fails_with_file_and_line(tmp_path, lines):
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(line.replace("\n", " ") for line in lines), encoding="utf-8")
    try:
        docs = read_corpus([path], skip_bad=True)
    except InputError as exc:
        assert str(exc).startswith(str(path))
        return
    assert docs["doc_id"].is_unique and docs["text"].str.strip().astype(bool).all()
    assert docs["published"].notna().all()


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200), min_size=1, max_size=4))
@SETTINGS
def test_every_sentence_belongs_to_its_document(texts):
    import pandas as pd

    from timeline.temporal import tag_documents

    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts, "lang": "en",
                         "published": pd.Timestamp("2020-05-05", tz="UTC")})
    sentences, mentions = tag_documents(docs)
    by_id = dict(zip(docs["doc_id"], docs["text"]))
    for row in sentences.itertuples():
        assert by_id[row.doc_id][row.start:row.end] == row.text
    order = sentences.groupby("doc_id")["start"].apply(lambda s: s.is_monotonic_increasing)
    assert order.all()
    for m in mentions.itertuples():
        sent = sentences[(sentences["doc_id"] == m.doc_id) & (sentences["sent_idx"] == m.sent_idx)].iloc[0]
        assert sent.start <= m.start < m.end <= sent.end  # a mention lies inside its sentence
        assert by_id[m.doc_id][m.start:m.end] == m.text
