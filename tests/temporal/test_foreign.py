"""Precision rules of the grammar built from dateparser's data (Italian, French, Spanish news).

Each test is a class of false positive or wrong value seen in crawled news pages, written
as invented sentences.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.temporal.tagger import Tagger
from timeline.temporal.timex import VALUE_PATTERN

THU = dt.date(2011, 2, 3)  # a Thursday
AUG16 = dt.date(2013, 8, 16)


def tag(text, lang, dct=THU):
    return [(t.text, t.value) for t in Tagger(lang).tag(text, dct)]


@pytest.mark.parametrize("lang, text, dct, span, value", [
    # a weekday before a date is part of it (read apart, the weekday became a second date:
    # the last such weekday before publication)
    ("it", "Mercoledì 14 agosto ci sono stati scontri in piazza.", AUG16, "Mercoledì 14 agosto", "2013-08-14"),
    ("it", "Il convegno di martedì 30 giugno 2015 è rinviato.", AUG16, "martedì 30 giugno 2015", "2015-06-30"),
    ("fr", "Le jeudi 1er août 2013, la police a dispersé la foule.", AUG16, "jeudi 1er août 2013", "2013-08-01"),
    ("es", "El miércoles, 14 de agosto, hubo disparos en la plaza.", AUG16, "miércoles, 14 de agosto", "2013-08-14"),
    # so is the word between a month and its year (read apart, "23 giugno" took the
    # publication year: a 2008 arrest became a 2011 event)
    ("it", "Furono arrestati il 23 giugno del 2008 per concussione.", THU, "23 giugno del 2008", "2008-06-23"),
    ("it", "Il ROS nasce il 3 dicembre del 1990.", THU, "3 dicembre del 1990", "1990-12-03"),
    ("it", "Le proteste iniziarono nel maggio del 2011.", THU, "maggio del 2011", "2011-05"),
    ("es", "Fue detenido el 23 de junio del 2008.", THU, "23 de junio del 2008", "2008-06-23"),
])
def test_a_date_is_read_whole_with_its_weekday_and_its_year(lang, text, dct, span, value):
    assert tag(text, lang, dct) == [(span, value)]


@pytest.mark.parametrize("lang, text, dct, value", [
    # 14 August is a Wednesday in 2013, not in 2012: the weekday tells the year
    ("it", "Mercoledì 14 agosto ci sarà lo sciopero.", dt.date(2013, 2, 1), "2013-08-14"),
    # 7 January is a Tuesday in 2025, a Sunday in 2024: a December paper's coming Tuesday
    ("fr", "Le mardi 7 janvier, la grève commence.", dt.date(2024, 12, 20), "2025-01-07"),
    # a weekday that fits neither neighbouring year leaves the year as it was
    ("fr", "Le lundi 5 mars, un incendie.", dt.date(2024, 9, 20), "2024-03-05"),
])
def test_the_weekday_beside_a_date_tells_its_year(lang, text, dct, value):
    assert [v for _, v in tag(text, lang, dct)] == [value]


@pytest.mark.parametrize("lang, text, value", [
    ("it", "Il 25 dicembre scorso la folla è tornata in piazza.", "2010-12-25"),
    ("fr", "Le 3 novembre dernier, la foule est revenue.", "2010-11-03"),
    ("es", "La manifestación del pasado 20 de diciembre fue reprimida.", "2010-12-20"),
    ("it", "Il voto è previsto il 25 gennaio prossimo.", "2012-01-25"),
    ("es", "La votación será el próximo 25 de enero.", "2012-01-25"),
])
def test_a_cue_word_sets_the_year_of_a_date_written_without_one(lang, text, value):
    assert [v for _, v in tag(text, lang)] == [value]


def test_without_a_cue_a_date_takes_the_publication_year():
    assert [v for _, v in tag("Il 25 dicembre la folla è tornata in piazza.", "it", dt.date(2011, 9, 3))] == ["2011-12-25"]
    assert [v for _, v in tag("Le 3 janvier, la foule est revenue.", "fr")] == ["2011-01-03"]


@pytest.mark.parametrize("lang, text, dct, value", [
    # over half a year ahead in the publication year: the one just past
    ("fr", "Le conflit a débuté le 17 décembre.", dt.date(2014, 1, 15), "2013-12-17"),
    ("it", "Il 25 dicembre la folla è tornata in piazza.", THU, "2010-12-25"),
    ("es", "El 28 de diciembre hubo disparos.", dt.date(2012, 1, 2), "2011-12-28"),
    # a year-end review's dates earlier in the year, and a date a few months ahead, keep it
    ("it", "6 gennaio, i carabinieri hanno arrestato due uomini.", dt.date(2011, 12, 27), "2011-01-06"),
    ("fr", "Le vote aura lieu le 17 février.", dt.date(2014, 1, 15), "2014-02-17"),
    ("fr", "Le vote aura lieu le 1er juillet.", dt.date(2014, 1, 15), "2014-07-01"),
])
def test_a_date_far_ahead_in_the_publication_year_is_last_year_s(lang, text, dct, value):
    assert [v for _, v in tag(text, lang, dct)] == [value]


@pytest.mark.parametrize("lang, text, value", [
    ("it", "Venerdì scorso la folla è tornata.", "2011-01-28"),
    ("it", "Venerdì prossimo si vota.", "2011-02-04"),
    ("fr", "Il sera chez lui mardi prochain.", "2011-02-08"),
    ("es", "Convocó una marcha para el próximo domingo.", "2011-02-06"),
    ("es", "Marcharon el domingo.", "2011-01-30"),
])
def test_weekday_direction_follows_a_cue_word(lang, text, value):
    assert [v for _, v in tag(text, lang)] == [value]


@pytest.mark.parametrize("text, value", [
    ("ANALISI 14 MAR 16 La Serbia e la NATO", "2016-03-14"),
    ("Notizie 20 Feb 15 Il processo riprende", "2015-02-20"),
    ("Roma, 3 gen. 98 Il governo cade", "1998-01-03"),
])
def test_an_abbreviated_month_and_two_digits_are_a_dateline_with_its_year(text, value):
    assert [v for _, v in tag(text, "it")] == [value]


def test_a_two_digit_year_without_a_publication_date_follows_strptime():
    assert [v for _, v in tag("ANALISI 14 MAR 16 La Serbia", "it", dct=None)] == ["2016-03-14"]
    assert [v for _, v in tag("Roma, 3 gen. 98 Il governo cade", "it", dct=None)] == ["1998-01-03"]


def test_a_full_month_name_and_a_number_are_a_date_and_a_count():
    assert tag("Il 3 marzo 15 persone sono morte.", "it") == [("3 marzo", "2011-03-03")]


@pytest.mark.parametrize("lang, text", [
    ("it", "Il 3 marzo 15 persone sono morte, e a marzo 20 feriti."),
    ("es", "Temperatura superficial del mar 21 grados."),
])
def test_month_then_number_without_a_year_is_no_date_in_a_day_first_language(lang, text):
    assert not any(v.startswith("2011-03-") and v != "2011-03-03" for _, v in tag(text, lang))


def test_month_then_day_with_a_year_is_still_read():
    assert tag("Pubblicato maggio 22, 2012 da Marco", "it") == [("maggio 22, 2012", "2012-05-22")]


@pytest.mark.parametrize("lang, text, expected", [
    ("es", "La mañana del sábado apareció una nueva etiqueta.", [("sábado", "2011-01-29")]),
    ("es", "Los manifestantes salieron por la mañana de la universidad.", []),
    ("es", "Esta mañana hubo disparos en la plaza.", [("Esta mañana", "2011-02-03TMO")]),
    ("es", "Mañana se reunirá el gobierno.", [("Mañana", "2011-02-04")]),
    ("es", "El gobierno se reunirá mañana por la mañana.", [("mañana", "2011-02-04")]),
    ("de", "Heute Morgen brach ein Feuer aus.", [("Heute", "2011-02-03")]),
    ("de", "Am Morgen brach ein Feuer aus.", []),
    ("de", "Das Parlament stimmt morgen ab.", [("morgen", "2011-02-04")]),
    ("de", "Morgen wird das Parlament abstimmen.", [("Morgen", "2011-02-04")]),
])
def test_the_morning_is_not_tomorrow(lang, text, expected):
    # Spanish "mañana" and German "Morgen" are also the noun "morning"
    assert tag(text, lang) == expected


@pytest.mark.parametrize("lang, text, expected", [
    ("fr", "Ce matin, la police a dispersé la foule.", [("Ce matin", "2011-02-03TMO")]),
    ("fr", "Le président parlera ce soir à la télévision.", [("ce soir", "2011-02-03TEV")]),
    ("it", "Stamattina i manifestanti sono tornati in piazza.", [("Stamattina", "2011-02-03TMO")]),
    ("it", "Il governo parlerà oggi pomeriggio.", [("oggi pomeriggio", "2011-02-03TAF")]),
    ("es", "Anoche hubo disparos y esta tarde habla el presidente.",
     [("Anoche", "2011-02-02TNI"), ("esta tarde", "2011-02-03TAF")]),
    ("pt", "Ontem à noite houve tiros na praça.", [("Ontem à noite", "2011-02-02TNI")]),
    # "cette nuit" is last night in a morning paper and tonight in an evening one: not read
    ("fr", "Cette nuit, des tirs ont été entendus.", []),
])
def test_a_part_of_the_publication_day_is_that_day(lang, text, expected):
    # as English "this morning" and "last night": dateparser's data lists only "hoy", "hier", ...
    assert tag(text, lang) == expected


@pytest.mark.parametrize("text", ["Ha aspettato un'ora e mezza.", "Sono arrivati dopo mezz’ora.",
                                  "Il treno è partito all'ora prevista."])
def test_italian_ora_after_an_elided_article_is_an_hour_not_now(text):
    assert tag(text, "it") == []


def test_italian_ora_alone_is_now():
    assert tag("Il governo ora ha deciso.", "it") == [("ora", "PRESENT_REF")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Mercoledì", "14", "agosto", "MAR", "16", "scorso", "prossimo", "ora", "un'ora",
                                 "dernier", "prochain", "mardi", "1er", "août", "el", "pasado", "de", "marzo",
                                 "2011", "98", ",", ".", "oggi", "ieri", "Feb", "15", "dic."]), max_size=10),
       st.sampled_from(["it", "fr", "es"]),
       st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9998, 12, 31)))
def test_date_like_text_is_safe_in_other_languages(words, lang, dct):
    text = " ".join(words)
    for timex in Tagger(lang).tag(text, dct):
        assert text[timex.start:timex.end] == timex.text
        assert VALUE_PATTERN.match(timex.value), timex
