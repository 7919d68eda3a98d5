"""English words for the temporal grammar: months, weekdays, numbers, units."""

from __future__ import annotations

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
# month names that are also common English words: only taken with a day, a year or a cue word
AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "dec", "sep", "oct", "nov", "aug", "jun", "jul", "apr"}

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a couple of": 2, "a couple": 2, "couple of": 2, "a dozen": 12,
    "dozen": 12, "half a": 0.5,
}
VAGUE_NUMBERS = {"several", "few", "a few", "many", "some", "numerous", "multiple", "a number of"}

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "final": 4, "last": 4,
}

# unit word -> (TIMEX3 duration letter, is a time unit (PT...), calendar step in days or months)
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "fortnight": ("W", False), "month": ("M", False),
    "quarter": ("Q", False), "year": ("Y", False), "decade": ("DE", False), "century": ("CE", False),
    "centurie": ("CE", False), "weekend": ("WE", False),
}

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}

# English cues that a clause talks about the future (for "on Thursday", "in May", ...)
FUTURE_CUES = (r"\b(?:will|won't|shall|'ll|going to|is to|are to|plans? to|planned|scheduled|"
               r"expected to|set to|due|upcoming|next|would be held|intends? to|hopes? to|should|aims? to|later this|"
               # an infinitive of lasting or starting looks ahead: "a program to run through June"
               r"to (?:run|last|continue|remain|stay|begin|start|open|close|end|expire|take effect|be held|"
               r"be completed|be released|be delivered)|(?-i:may|might)\s+(?!have\b)[a-z]+)\b")

# common irregular past forms: "made its maiden flight on 11 December" is past tense
IRREGULAR_PAST = ("made", "took", "went", "came", "gave", "began", "held", "left", "met", "rose", "fell", "won",
                  "lost", "told", "found", "saw", "struck", "became", "brought", "bought", "sold", "sent", "spent",
                  "built", "kept", "led", "paid", "ran", "thought", "wrote", "spoke", "broke", "chose", "drove",
                  "flew", "grew", "knew", "threw", "stood", "sat", "fought", "caught", "taught", "felt", "heard",
                  "meant", "got", "sank", "shot", "stole", "sought", "withdrew", "forgot", "arose", "woke", "swore",
                  "overtook", "undertook")


def number_value(word: str) -> float | None:
    """Numeric value of a number word or digits (``"twenty-five"`` -> 25, ``"3"`` -> 3)."""
    w = word.lower().strip().replace(",", "")
    if not w:
        return None
    if w.endswith(" and a half"):  # "two and a half" -> 2.5
        whole = number_value(w[: -len(" and a half")])
        return None if whole is None else whole + 0.5
    if w.replace(".", "", 1).isdigit():
        return float(w)
    if w in NUMBERS:
        return NUMBERS[w]
    if "-" in w or " " in w:
        parts = w.replace("-", " ").split()
        if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
            a, b = NUMBERS[parts[0]], NUMBERS[parts[1]]
            if a >= 20 and b < 10:
                return a + b
    return None
