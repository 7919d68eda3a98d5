"""The tagger against TIMEX3 cases written after the TimeML guidelines (see ``guidelines.py``)."""

from __future__ import annotations

import pytest

from tests.temporal.guidelines import ANCHOR_CASES, GUIDELINE_CASES, NON_TIMEX_CASES, Case
from timeline.temporal.tagger import Tagger

TAGGER = Tagger("en")


def _params(cases: list[Case]):
    for case in cases:
        marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
        yield pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", list(_params(GUIDELINE_CASES)))
def test_guideline_case(case: Case):
    found = {(t.start, t.end): t for t in TAGGER.tag(case.text, case.dct)}
    overlapping = [t.text for t in found.values() if t.start < case.end and case.start < t.end]
    timex = found.get((case.start, case.end))
    assert timex is not None, f"span {case.span!r} not tagged; overlapping: {overlapping}"
    assert (timex.type, timex.value) == (case.type, case.value)


@pytest.mark.parametrize("text, dct", NON_TIMEX_CASES)
def test_no_timex(text, dct):
    assert [t.text for t in TAGGER.tag(text, dct) if t.type in ("DATE", "TIME")] == []


@pytest.mark.parametrize("text, dct, span, point", ANCHOR_CASES)
def test_counted_duration_points_at_a_date(text, dct, span, point):
    found = [t for t in TAGGER.tag(text, dct) if t.text == span]
    assert found, f"{span!r} not tagged"
    assert found[0].type == "DURATION"
    assert found[0].anchor == point


def test_phenomena_are_grouped():
    """Every phenomenon has several cases, so a per-phenomenon score means something."""
    counts: dict[str, int] = {}
    for case in GUIDELINE_CASES:
        counts[case.phenomenon] = counts.get(case.phenomenon, 0) + 1
        assert case.text.count(case.span) >= case.occurrence + 1
    assert min(counts.values()) >= 3
