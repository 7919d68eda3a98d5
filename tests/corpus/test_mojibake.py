"""Mis-decoded UTF-8 ("â€™" for "’") is undone at read time, and nothing else changes."""

from __future__ import annotations

import json
import logging

from hypothesis import given
from hypothesis import strategies as st

from timeline.corpus.mojibake import repair

# prose in which every character's UTF-8 bytes have a cp1252 character (so the mis-decoding is
# lossless): accented words, apostrophes, quotes, dashes, ellipses and currency where prose has
# them (a string such as "É‘" is as likely mojibake as text, and ftfy reads it so)
WORD = st.text(alphabet="abcdeéèàüñçöíóúÉÀÑXYZ", min_size=1, max_size=8)
TOKEN = st.one_of(WORD, WORD.map(lambda w: w + "’s"), WORD.map(lambda w: f"“{w}”"), WORD.map(lambda w: f"‘{w}’"),
                  WORD.map(lambda w: w + "…"), st.integers(0, 999).map(lambda n: f"€{n}"),
                  st.integers(0, 999).map(lambda n: f"£{n}"), st.sampled_from(["–", "—"]))


@given(st.lists(TOKEN, max_size=12).map(" ".join))
def test_utf8_read_as_cp1252_is_undone_and_clean_text_is_left_alone(text):
    assert repair(text) == text
    broken = text.encode("utf-8").decode("cp1252", errors="replace")  # "”" loses its 0x9D, as on the web
    assert repair(broken) == text


def test_the_splits_of_tokenised_corpora_and_the_lost_closing_quote():
    assert repair("Rousseffâ€ ™ s government") == "Rousseff’ s government"  # split at the "quote"
    assert repair("the most powerful leader â€ “ male or female") == "the most powerful leader – male or female"
    assert repair("of Facebook â€\n“ is") == "of Facebook – is"  # split by a sentence splitter
    assert repair("rival AÃ\n© cio Neves") == "rival Aé cio Neves"
    assert repair("â€œWe will win,â€\ufffd she said.") == "“We will win,” she said."  # 0x9D has no cp1252 character


def test_text_that_only_looks_like_it_stays():
    for text in ("SÃO PAULO — the president", "café © 2020", "naïve résumé", "£10m", "Ã  la carte"):
        assert repair(text) == text


def test_the_reader_repairs_and_warns_once_naming_the_first_file(tmp_path, caplog):
    from timeline.corpus.reader import read_corpus

    path = tmp_path / "feed.jsonl"
    rows = [{"id": "a", "date": "2020-01-02", "title": "Brazilâ€™s vote", "text": "Brazilâ€™s vote was held today."},
            {"id": "b", "date": "2020-01-03", "text": "Clean text, published later."},
            {"id": "c", "date": "2020-01-04", "text": "La ciudad de SanÃ¡ amaneciÃ³ en calma."}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        docs = read_corpus([path], lang="auto")
    assert list(docs["text"]) == ["Brazil’s vote was held today.", "Clean text, published later.",
                                  "La ciudad de Saná amaneció en calma."]
    assert docs["title"].iloc[0] == "Brazil’s vote"
    warnings = [r.getMessage() for r in caplog.records if "repaired" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}:1:") and "2 of 3 documents" in warnings[0]
