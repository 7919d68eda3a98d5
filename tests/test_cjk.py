"""Chinese, Japanese and Korean news: dates, sentences, word counts and TF-IDF terms, end to end."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.cjk import bigram_tokens, count_words
from timeline.temporal.split import split_sentences
from timeline.temporal.tagger import Tagger

FRI = dt.date(2024, 3, 8)


def tag(text, lang, dct=FRI):
    return [(t.text, t.value) for t in Tagger(lang).tag(text, dct)]


@pytest.mark.parametrize("lang, text, expected", [
    ("zh", "据新华社2024年3月5日报道，上海发生火灾。", [("2024年3月5日", "2024-03-05")]),
    ("zh", "２０２４年３月７日，市长说。", [("２０２４年３月７日", "2024-03-07")]),  # fullwidth digits
    ("zh", "昨天当局开始调查。", [("昨天", "2024-03-07")]),
    ("zh", "3月6日，市长说。", [("3月6日", "2024-03-06")]),  # the publication year
    ("ja", "2024年3月5日、東京で火災が発生した。", [("2024年3月5日", "2024-03-05")]),
    ("ja", "昨日、消防当局が発表した。2023年12月の事件", [("昨日", "2024-03-07"), ("2023年12月", "2023-12")]),
    ("ko", "2024년 3월 5일 서울에서 화재가 발생했다. 어제 소방당국이 밝혔다.",
     [("2024년 3월 5일", "2024-03-05"), ("어제", "2024-03-07")]),
])
def test_dates_in_running_cjk_text(lang, text, expected):
    assert tag(text, lang) == expected


def test_cjk_dates_need_a_year_or_a_publication_date():
    assert tag("3月6日，市长说。昨天当局开始调查。", "zh", dct=None) == []
    assert tag("2024年3月5日，上海发生火灾。", "zh", dct=None) == [("2024年3月5日", "2024-03-05")]
    assert tag("代码12024年3月5日", "zh", dct=None) == []  # no year read from inside a longer number
    assert tag("On 2024年13月5日 nothing", "zh") == []  # no month 13


def test_sentences_end_at_cjk_full_stops_without_spaces():
    text = "2024年3月5日，上海发生火灾，消防部门说。当局开始调查火灾原因。记者问：为什么？"
    assert [text[a:b] for a, b in split_sentences(text, "zh")] == [
        "2024年3月5日，上海发生火灾，消防部门说。", "当局开始调查火灾原因。", "记者问：为什么？"]
    quote = "「火事だ。」と彼は言った。消防が来た。"
    assert [quote[a:b] for a, b in split_sentences(quote, "ja")] == ["「火事だ。」と彼は言った。", "消防が来た。"]


def test_words_of_unspaced_scripts_are_counted_by_two_characters():
    assert count_words("Fire in Shanghai, officials said.") == 5
    assert count_words("上海发生火灾，消防部门说。") == 6  # 6 + 5 characters, punctuation no word
    assert count_words("서울에서 화재가 발생했다.") == 3  # Korean spaces its words
    assert count_words("据新华社2024年3月5日报道") == 2 + 1 + 1 + 2 + 3  # 据新华社 年 月 日报道; 2024 3 5


def test_tfidf_sees_chinese_as_character_bigrams():
    from timeline.condense.tfidf import date_tfidf

    assert bigram_tokens(["上海发生火灾", "abc", "年"]) == ["上海", "海发", "发生", "生火", "火灾", "abc", "年"]
    texts = ["上海发生火灾，消防部门说。", "上海一家工厂发生火灾。", "股市今天大幅上涨。"]
    rows, centroid = date_tfidf(texts, texts, False)
    sims = (rows @ rows.T).toarray()
    assert sims[0, 1] > 0.2 and sims[0, 2] == 0  # two reports of the fire share "上海", "火灾"


def test_a_gbk_chinese_and_a_shift_jis_japanese_file_give_dated_entries(tmp_path):
    from timeline.config import load_config
    from timeline.pipeline import summarise

    (tmp_path / "zh.txt").write_bytes(
        "2024年3月5日，上海一家化工厂发生火灾，消防部门说。\n\n"
        "2024年3月6日，当局开始调查这家化工厂火灾的原因。\n".encode("gbk"))
    (tmp_path / "ja.txt").write_bytes(
        "2024年3月5日、東京の倉庫で大きな火災が発生したと消防当局が発表した。\n\n"
        "翌日の調査で、出火原因は電気配線の不具合とみられることが分かった。\n".encode("shift_jis"))
    result = summarise([tmp_path], load_config(overrides={"select.max_dates": 4}))
    lines = {e.date.isoformat(): " ".join(b.text for b in e.bullets) for e in result.entries}
    assert "上海一家化工厂发生火灾" in lines.get("2024-03-05", "") or "東京の倉庫" in lines.get("2024-03-05", "")
    assert "当局开始调查" in lines.get("2024-03-06", "")
