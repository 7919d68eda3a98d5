"""Which language each document is written in (``corpus.lang = "auto"``, ``--lang auto``).

Detection uses py3langid: a naive Bayes model over byte n-grams that ships inside the
package (no download at run time), about 1 ms a document. It only chooses among languages
the date tagger can read (those ``dateparser`` has data for), so a document is never
routed to rules that do not exist.
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from itertools import islice

log = logging.getLogger(__name__)

AUTO = "auto"
# the start of a document tells its language as well as the whole: on 2,104 dev documents in
# English, French, Italian and Spanish, 1,000 characters gave the same language (and the same
# side of MIN_CONFIDENCE) as 3,000 for every one, in a third of the time
SAMPLE_CHARS = 1000
MIN_CONFIDENCE = 0.5  # below this (short, empty or mixed text) the corpus's main language stands in


@functools.cache
def _identifier():
    from dateparser.data import language_order
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(sorted(set(ident.nb_classes) & set(language_order)))
    return ident


def detect_language(text: str) -> tuple[str, float]:
    """``(ISO 639-1 code, confidence 0..1)`` of ``text``'s language; confidence is near 0
    for text with too little to go on."""
    sample = text[:SAMPLE_CHARS]
    if next(islice((ch for ch in sample if ch.isalpha()), 2, None), None) is None:  # fewer than 3 letters
        return "en", 0.0
    lang, confidence = _identifier().classify(sample)
    return str(lang), float(confidence)


def settle_languages(rows: list[dict]) -> None:
    """Give the documents whose detection was unsure (``lang_unsure`` set) the language most
    of the sure ones have (English when none is sure), in place, and drop the marker."""
    unsure = [row for row in rows if row.pop("lang_unsure", False)]
    if not unsure:
        return
    sure = Counter(row["lang"] for row in rows if row not in unsure)
    main = sure.most_common(1)[0][0] if sure else "en"
    for row in unsure:
        row["lang"] = main
    log.info("%d documents too short to tell their language; read as %s", len(unsure), main)


def language_counts(langs) -> dict[str, int]:
    """``{"en": 240, "fr": 7}``: documents per language, most first (ties by code)."""
    return dict(sorted(Counter(str(x) for x in langs).items(), key=lambda kv: (-kv[1], kv[0])))
