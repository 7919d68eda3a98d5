from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.temporal.tagger import Tagger, first_absolute_date
from timeline.temporal.timex import VALUE_PATTERN, value_to_date

FRI = dt.date(2013, 3, 22)  # a Friday


def tag(text, dct=FRI, lang="en"):
    return [(t.text, t.type, t.value) for t in Tagger(lang).tag(text, dct)]


@pytest.mark.parametrize("text, expected", [
    ("It opened on March 22, 2013.", ("March 22, 2013", "DATE", "2013-03-22")),
    ("It opened on 22 March 2013.", ("22 March 2013", "DATE", "2013-03-22")),
    ("It opened on 2013-03-01.", ("2013-03-01", "DATE", "2013-03-01")),
    ("It opened in March 2011.", ("March 2011", "DATE", "2011-03")),
    ("It happened in 2004.", ("2004", "DATE", "2004")),
    ("Growth slowed in the 1990s.", ("the 1990s", "DATE", "199")),
    ("Results for the fourth quarter of 2012 were poor.", ("the fourth quarter of 2012", "DATE", "2012-Q4")),
    ("The trial starts in spring 2014.", ("spring 2014", "DATE", "2014-SP")),
    ("Prices rose yesterday.", ("yesterday", "DATE", "2013-03-21")),
    ("Prices will rise tomorrow.", ("tomorrow", "DATE", "2013-03-23")),
    ("Sales fell last month.", ("last month", "DATE", "2013-02")),
    ("Sales fell last year.", ("last year", "DATE", "2012")),
    ("Talks resume next week.", ("next week", "DATE", "2013-W13")),
    ("He resigned three days ago.", ("three days ago", "DATE", "2013-03-19")),
    ("The war lasted five years.", ("five years", "DURATION", "P5Y")),
    ("The flight took 12 hours.", ("12 hours", "DURATION", "PT12H")),
    ("The council meets every Monday.", ("every Monday", "SET", "XXXX-WXX-1")),
    ("The magazine appears weekly.", ("weekly", "SET", "P1W")),
    ("Prices are high now.", ("now", "DATE", "PRESENT_REF")),
    ("It was common in the past.", ("the past", "DATE", "PAST_REF")),
    ("The quake struck at 16:08 UTC.", ("16:08 UTC", "TIME", "2013-03-22T16:08Z")),
])
def test_english_values(text, expected):
    assert expected in tag(text)


def test_weekday_said_on_that_weekday_is_the_same_day():
    assert tag("The minister resigned on Friday.") == [("Friday", "DATE", "2013-03-22")]


def test_weekday_direction_follows_tense():
    assert tag("He resigned on Thursday.") == [("Thursday", "DATE", "2013-03-21")]
    assert tag("He will resign on Thursday.") == [("Thursday", "DATE", "2013-03-28")]
    assert tag("Results are due on Monday.") == [("Monday", "DATE", "2013-03-25")]
    # the clause decides, not the sentence: "since ... closed on Tuesday" is past
    assert ("Tuesday", "DATE", "2013-03-19") in tag("Ferries will run since the bridge closed on Tuesday.")


def test_relative_to_previous_date_in_text():
    found = tag("The vote was held on March 3, 2013. Two days later the president resigned. "
                "The following week was calm.")
    assert ("Two days", "DURATION", "P2D") in found  # TimeML: the duration; the point is its anchor
    assert [t.anchor for t in Tagger("en").tag("On March 3, 2013 they voted. Two days later he left.", FRI)
            if t.type == "DURATION"] == ["2013-03-05"]
    assert ("The following week", "DATE", "2013-W11") in found


@pytest.mark.parametrize("text", [
    "We may see more protests.", "It may rain.", "The deal was worth $27 million.", "Support fell 15 %.",
    "The 45-year-old was arrested.", "He is five years old.", "They won 3-1.", "2000 people marched.",
    "We will go.", "Shares rose 2.5 percent to 2012.5 points.", "Call 555 1234.",
])
def test_no_false_positives(text):
    assert [t for t in tag(text) if t[1] == "DATE"] == []


def test_month_may_needs_context():
    assert tag("He left in May.") == [("May", "DATE", "2012-05")]  # past tense, said in March 2013
    assert tag("He leaves in May.") == [("May", "DATE", "2013-05")]
    assert tag("Officials say May is unlikely to resign.") == []


def test_first_absolute_date():
    assert first_absolute_date("LONDON, March 3, 2011 (Reuters) - Crowds") == dt.date(2011, 3, 3)
    assert first_absolute_date("Nothing dated here, yesterday or today.") is None


@pytest.mark.parametrize("lang, text, expected", [
    ("es", "El 16 de enero de 2011 cientos de estudiantes protestaron.", ("16 de enero de 2011", "2011-01-16")),
    ("es", "Ayer hubo protestas en Saná.", ("Ayer", "2013-03-21")),
    ("es", "La semana pasada hubo protestas.", ("La semana pasada", "2013-W11")),
    ("fr", "Le 3 mars 2011, la foule est revenue.", ("3 mars 2011", "2011-03-03")),
    ("fr", "Hier, la foule est revenue.", ("Hier", "2013-03-21")),
    ("de", "Am 3. März 2011 kam die Menge zurück.", ("3. März 2011", "2011-03-03")),
    ("de", "Gestern kam die Menge zurück.", ("Gestern", "2013-03-21")),
    ("it", "Il 3 marzo 2011 la folla è tornata.", ("3 marzo 2011", "2011-03-03")),
    ("it", "Ieri la folla è tornata.", ("Ieri", "2013-03-21")),
])
def test_other_languages(lang, text, expected):
    assert expected in [(t, v) for t, _, v in tag(text, lang=lang)]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9998, 12, 31)))
def test_any_text_is_safe(text, dct):
    for timex in Tagger("en").tag(text, dct):
        assert 0 <= timex.start < timex.end <= len(text)
        assert text[timex.start:timex.end] == timex.text
        assert timex.type in {"DATE", "TIME", "DURATION", "SET"}
        assert VALUE_PATTERN.match(timex.value), timex


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["on", "Friday", "March", "3", "2011", "last", "week", "two", "days", "later",
                                 "ago", "May", "the", "1990s", ",", ".", "yesterday", "every", "Monday", "at",
                                 "16:08", "UTC", "9999", "0001", "31", "December"]), max_size=12),
       st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9998, 12, 31)))
def test_date_like_text_gives_well_formed_values(words, dct):
    text = " ".join(words)
    for timex in Tagger("en").tag(text, dct):
        assert text[timex.start:timex.end] == timex.text
        assert VALUE_PATTERN.match(timex.value), timex
        if timex.type == "DATE" and value_to_date(timex.value) is None:
            assert timex.value.endswith("_REF")
