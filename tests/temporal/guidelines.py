"""TIMEX3 cases in the manner of the TimeML annotation guidelines (1.2.1) and TempEval-3.

Each case is a short text, its document creation time (DCT), and the TIMEX3 the
guidelines ask for there: the exact span, the type and the value. The sentences are
written for this suite (no corpus text), one phenomenon per group, following the
guidelines' own examples and the conventions TempEval-3 scored against:

* modifiers ("early", "late", "the end of", "about", "more than", "just over") are inside
  the span, the determiner of "the 1990s" / "the past decade" too; prepositions are not;
* "N units ago" is one DATE; "N units earlier/later" is the DURATION "N units" (the
  anchoring to a point is a separate relation);
* durations count decades and centuries in years (P10Y, P100Y), vague ones use X (PXW);
* a part of a day is a TIME (2013-03-22TMO); sets carry the period (P1Y) or the pattern
  (XXXX-WXX-1, XXXX-XX-XXTMO);
* fiscal years are FY values; a range "2009-2010" / "1957-58" is two DATEs.

``GUIDELINE_CASES`` is read by ``tests/temporal/test_timeml_guidelines.py`` and by
``scripts/eval_tagger.py`` (per-phenomenon scores beside the ``dateparser`` baseline).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FRI = dt.date(2013, 3, 22)  # a Friday


@dataclass(frozen=True)
class Case:
    """One expected TIMEX3: ``span`` occurs once in ``text`` (or at ``occurrence``)."""

    phenomenon: str
    text: str
    span: str
    type: str
    value: str
    dct: dt.date = FRI
    xfail: str = ""  # why the tagger cannot do it yet ("" when it must pass)
    occurrence: int = 0

    @property
    def start(self) -> int:
        pos = -1
        for _ in range(self.occurrence + 1):
            pos = self.text.index(self.span, pos + 1)
        return pos

    @property
    def end(self) -> int:
        return self.start + len(self.span)

    @property
    def id(self) -> str:
        return f"{self.phenomenon}:{self.span}"


def _c(phenomenon: str, text: str, span: str, type_: str, value: str, dct: dt.date = FRI, xfail: str = "",
       occurrence: int = 0) -> Case:
    return Case(phenomenon, text, span, type_, value, dct, xfail, occurrence)


GUIDELINE_CASES: list[Case] = [
    # --- fully specified dates and times ------------------------------------------------------
    _c("explicit", "The plane crashed on January 3, 1984.", "January 3, 1984", "DATE", "1984-01-03"),
    _c("explicit", "He was born on 12 June 1975 in Leeds.", "12 June 1975", "DATE", "1975-06-12"),
    _c("explicit", "The treaty was signed in October 1963.", "October 1963", "DATE", "1963-10"),
    _c("explicit", "The plant opened in 1997 and closed later.", "1997", "DATE", "1997"),
    _c("explicit", "1988's results were poor.", "1988", "DATE", "1988"),
    _c("explicit", "Inflation soared in the 1970s.", "the 1970s", "DATE", "197"),
    _c("explicit", "The canal was dug in the nineteenth century.", "the nineteenth century", "DATE", "18"),
    _c("explicit", "Profits fell in the third quarter of 1999.", "the third quarter of 1999", "DATE", "1999-Q3"),
    _c("explicit", "The dam was finished in the fall of 1999.", "the fall of 1999", "DATE", "1999-FA"),
    _c("explicit", "The quake struck at 16:08 UTC on Tuesday.", "16:08 UTC on Tuesday", "TIME",
       "2013-03-19T16:08Z"),
    # --- a year as a pre-modifier ----------------------------------------------------------------
    _c("year_premodifier", "He led a 2010 commando raid on the port.", "2010", "DATE", "2010"),
    _c("year_premodifier", "She ran his 2007 presidential campaign.", "2007", "DATE", "2007"),
    _c("year_premodifier", "A 2009 analysis found no link.", "2009", "DATE", "2009"),
    _c("year_premodifier", "Their 2012 budget was cut twice.", "2012", "DATE", "2012"),
    # --- year ranges: two DATEs -------------------------------------------------------------------
    _c("year_range", "Losses grew in 2009-2010 as demand fell.", "2009", "DATE", "2009"),
    _c("year_range", "Losses grew in 2009-2010 as demand fell.", "2010", "DATE", "2010"),
    _c("year_range", "He played for the club in 1957-58.", "1957", "DATE", "1957"),
    _c("year_range", "He played for the club in 1957-58.", "58", "DATE", "1958"),
    _c("year_range", "The war of 1914–18 changed the town.", "18", "DATE", "1918"),
    # --- fiscal and calendar periods ---------------------------------------------------------------
    _c("fiscal_calendar", "Sales will rise this fiscal year.", "this fiscal year", "DATE", "FY2013"),
    _c("fiscal_calendar", "The company lost money in fiscal 2012.", "fiscal 2012", "DATE", "FY2012"),
    _c("fiscal_calendar", "Spending for fiscal year 2014 was approved.", "fiscal year 2014", "DATE", "FY2014"),
    _c("fiscal_calendar", "Revenue fell last fiscal year.", "last fiscal year", "DATE", "FY2012"),
    _c("fiscal_calendar", "The plant will close by the end of the year.", "the end of the year", "DATE", "2013"),
    _c("fiscal_calendar", "Prices rose early in the year.", "the year", "DATE", "2013"),
    _c("fiscal_calendar", "The Dow fell on Monday, ending the day at 7,114.", "the day", "DATE", "2013-03-18"),
    _c("fiscal_calendar", "The company reported a loss for the quarter.", "the quarter", "DATE", "2013-Q1"),
    _c("fiscal_calendar", "Sales will rise in the second half of the year.", "the second half of the year", "DATE",
       "2013-H2"),
    _c("fiscal_calendar", "Sales rose in the second half.", "the second half", "DATE", "2012-H2"),
    _c("fiscal_calendar", "Talks took place during the weekend.", "the weekend", "DATE", "2013-W11-WE"),
    # --- a bare month or weekday resolved by the clause's direction --------------------------------
    _c("month_direction", "The ministry announced a pilot program to run through June.", "June", "DATE", "2013-06",
       dct=dt.date(2013, 3, 5)),
    _c("month_direction", "The ban will stay in force until January.", "January", "DATE", "2014-01"),
    _c("month_direction", "The bridge was closed in November.", "November", "DATE", "2012-11"),
    _c("month_direction", "Elections are scheduled for October.", "October", "DATE", "2013-10"),
    _c("month_direction", "He will resign on Thursday.", "Thursday", "DATE", "2013-03-28"),
    _c("month_direction", "He resigned on Thursday.", "Thursday", "DATE", "2013-03-21"),
    _c("month_direction", "The plane made its maiden flight on 11 December.", "11 December", "DATE", "2012-12-11"),
    _c("month_direction", "Stocks had their best week since November.", "November", "DATE", "2012-11"),
    _c("month_direction", "The contract may be signed on September 12.", "September 12", "DATE", "2013-09-12"),
    # --- expressions counted from now ------------------------------------------------------------
    _c("relative_to_dct", "Eight years from now the plant will close.", "Eight years from now", "DATE", "2021"),
    _c("relative_to_dct", "He resigned two years ago.", "two years ago", "DATE", "2011"),
    _c("relative_to_dct", "Talks resume next week.", "next week", "DATE", "2013-W13"),
    _c("relative_to_dct", "Sales fell last month.", "last month", "DATE", "2013-02"),
    _c("relative_to_dct", "The vote is tomorrow.", "tomorrow", "DATE", "2013-03-23"),
    _c("relative_to_dct", "Prices rose yesterday.", "yesterday", "DATE", "2013-03-21"),
    _c("relative_to_dct", "The bill passed this week.", "this week", "DATE", "2013-W12"),
    _c("relative_to_dct", "It happened a few years ago.", "a few years ago", "DATE", "PAST_REF"),
    _c("relative_to_dct", "Prices rose earlier this year.", "earlier this year", "DATE", "2013"),
    _c("relative_to_dct", "It will open early next year.", "early next year", "DATE", "2014"),
    # --- clock times and durations written like them -------------------------------------------------
    _c("times", "She won the marathon, finishing in 3:07:35.", "3:07:35", "DURATION", "PT3H7M35S"),
    _c("times", "The final will kick off at 15:00 GMT Saturday.", "15:00 GMT Saturday", "TIME",
       "2013-03-23T15:00Z"),
    _c("times", "The polls closed at 15:00 GMT Saturday.", "15:00 GMT Saturday", "TIME", "2013-03-16T15:00Z"),
    _c("times", "The minister spoke this morning.", "this morning", "TIME", "2013-03-22TMO"),
    _c("times", "Shops reopened yesterday afternoon.", "yesterday afternoon", "TIME", "2013-03-21TAF"),
    _c("times", "The talks resume at 9 a.m. tomorrow.", "9 a.m. tomorrow", "TIME", "2013-03-23T09:00"),
    _c("times", "The jet made its first flight Tuesday in Seattle at 18:00 UTC.", "18:00 UTC", "TIME",
       "2013-03-19T18:00Z"),
    # --- sets ------------------------------------------------------------------------------------
    _c("sets", "He jogs every morning before work.", "every morning", "SET", "XXXX-XX-XXTMO"),
    _c("sets", "The report is published annually.", "annually", "SET", "P1Y"),
    _c("sets", "The league rewrites its rules each season.", "each season", "SET", "P1Y"),
    _c("sets", "The council meets every Monday.", "every Monday", "SET", "XXXX-WXX-1"),
    _c("sets", "The ferry sails twice a week.", "twice a week", "SET", "P1W"),
    _c("sets", "Elections are held every two years.", "every two years", "SET", "P2Y"),
    _c("sets", "The magazine appears weekly.", "weekly", "SET", "P1W"),
    # --- durations ---------------------------------------------------------------------------------
    _c("durations", "The war lasted five years.", "five years", "DURATION", "P5Y"),
    _c("durations", "The flight took 12 hours.", "12 hours", "DURATION", "PT12H"),
    _c("durations", "The dam should last a decade.", "a decade", "DURATION", "P10Y"),
    _c("durations", "Demand will double in the next decade.", "the next decade", "DURATION", "P10Y"),
    _c("durations", "Crime fell over the past decade.", "the past decade", "DURATION", "P10Y"),
    _c("durations", "The feud lasted three decades.", "three decades", "DURATION", "P30Y"),
    _c("durations", "The rules stood for a century.", "a century", "DURATION", "P100Y"),
    _c("durations", "Prices have climbed in recent weeks.", "recent weeks", "DURATION", "PXW"),
    _c("durations", "The town has shrunk in recent years.", "recent years", "DURATION", "PXY"),
    _c("durations", "Rates will rise in the coming months.", "the coming months", "DURATION", "PXM"),
    _c("durations", "Profit for the first nine months rose.", "the first nine months", "DURATION", "P9M"),
    _c("durations", "The release is two and a half years late.", "two and a half years", "DURATION", "P2.5Y"),
    _c("durations", "The process would take between 60 and 90 days.", "60", "DURATION", "P60D"),
    _c("durations", "Prices rose over the last three months.", "the last three months", "DURATION", "P3M"),
    _c("durations", "The economy shrank for two consecutive quarters.", "two consecutive quarters", "DURATION",
       "P2Q"),
    # --- modifiers inside the span -------------------------------------------------------------------
    _c("span_modifiers", "The talks collapsed late last July.", "late last July", "DATE", "2012-07"),
    _c("span_modifiers", "Prices rose early this year.", "early this year", "DATE", "2013"),
    _c("span_modifiers", "The strike lasted just over a week.", "just over a week", "DURATION", "P1W"),
    _c("span_modifiers", "The drought lasted more than two years.", "more than two years", "DURATION", "P2Y"),
    _c("span_modifiers", "The search took about three hours.", "about three hours", "DURATION", "PT3H"),
    _c("span_modifiers", "Growth slowed in the late 1990s.", "the late 1990s", "DATE", "199"),
    _c("span_modifiers", "The plant closed at the end of 2011.", "the end of 2011", "DATE", "2011"),
    _c("span_modifiers", "The deal was signed in mid-2011.", "mid-2011", "DATE", "2011"),
    # --- anchored on the text's reference time ------------------------------------------------------
    _c("anchoring", "The vote was held on March 3, 2013. Two days later the president resigned.", "Two days",
       "DURATION", "P2D"),
    _c("anchoring", "The bridge closed in 2009. A month earlier engineers had warned of cracks.", "A month",
       "DURATION", "P1M"),
    _c("anchoring", "The vote was held on March 3, 2013. The following week was calm.", "The following week",
       "DATE", "2013-W10"),
    _c("anchoring", "The bridge closed on March 3, 2013. Engineers inspected it that day.", "that day", "DATE",
       "2013-03-03"),
    _c("anchoring", "The vote was held on March 3, 2013. The next day the president resigned.", "The next day",
       "DATE", "2013-03-04"),
    _c("anchoring", "The vote was held on March 3, 2013. On the same day protests began.", "the same day", "DATE",
       "2013-03-03"),
    _c("anchoring", "The vote was held on March 3, 2013. Several days later he left.", "Several days", "DURATION",
       "PXD"),
    # --- generic and vague references -----------------------------------------------------------------
    _c("references", "Prices are high now.", "now", "DATE", "PRESENT_REF"),
    _c("references", "The firm recently hired a new chief.", "recently", "DATE", "PAST_REF"),
    _c("references", "Nobody can know the future.", "the future", "DATE", "FUTURE_REF"),
    _c("references", "In today's world, news travels fast.", "today", "DATE", "PRESENT_REF",
       xfail="generic 'today' is not yet told from the day itself"),
    _c("anchoring", "Sales fell in January, compared with the same month a year ago.", "the same month a year ago",
       "DATE", "2012-01", xfail="'the same <unit>' + a counted shift is not composed into one timex"),
]

# (text, DCT): texts with no temporal expression the guidelines would mark
NON_TIMEX_CASES: list[tuple[str, dt.date]] = [
    ("2000 people marched on the capital.", FRI),
    ("The 45-year-old was arrested.", FRI),
    ("The deal was worth $27 million.", FRI),
    ("He finished with 1500 points.", FRI),
    ("They won 3-1 in the final.", FRI),
    ("We may see more protests.", FRI),
    ("He scored in the second half of the match.", FRI),
    ("Their 2000 employees were laid off in batches of 1500 workers.", FRI),
]

# (text, DCT, span, point): "N units earlier/later" and friends are DURATIONs in TimeML; the
# date they point at (the anchored reading the timeline needs) is ``Timex.anchor``.
ANCHOR_CASES: list[tuple[str, dt.date, str, str]] = [
    ("The vote was held on March 3, 2013. Two days later the president resigned.", FRI, "Two days", "2013-03-05"),
    ("The bridge closed in June 2009. A month earlier engineers had warned of cracks.", FRI, "A month", "2009-05"),
    # a present-tense clause counts from the article's own time, not from the narrative's
    ("The index rose on March 4, 2013. It is now 9% above its level a week earlier.", FRI, "a week", "2013-03-15"),
    # the clause counts back from the article's own time, not from the last date in the text
    ("Nobody was on the bridge, which had been closed to traffic since 3 March. Two crew members were trapped. "
     "Council leader Tomas Reyes said the closure eight days earlier had saved lives.", dt.date(2026, 3, 11),
     "eight days", "2026-03-03"),
]
