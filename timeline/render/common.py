"""Pieces every output format shares: date labels, citation numbers, coverage."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from timeline.corpus.document import detokenise
from timeline.model import Bullet, Timeline, date_label
from timeline.temporal.lexicon import UNITS, number_value

UNCERTAIN_LABEL = {"month": "month only", "published": "dated from publication"}  # Entry.uncertain, in words


def line_text(bullet: Bullet) -> str:
    """A line as printed: Treebank spacing undone (``China 's president ,`` -> ``China's
    president,``; ``five - day`` -> ``five-day`` where the tokeniser split hyphens) and each relative date word followed by its date in brackets ("today
    [9 November 2005]"). Only the rendering changes; ``Bullet.text`` (what evaluation scores)
    stays the source sentence."""
    text = detokenise(bullet.text, bullet.hyphens_split)
    out, pos = [], 0
    for words, iso, granularity in bullet.dates:
        # a count's direction word belongs to the phrase ("eight days earlier [3 March 2026]"),
        # but a day's next word starts the clause ("on Tuesday [3 March 2026] after engineers ...")
        direction = r"(?:\s+(?:earlier|later|before|after|ago)\b)?" if _is_count(words) else ""
        # and a possessive stays with its words: "last month's [April 2016] vote"
        m = re.compile(r"(?<!\w)" + re.escape(words) + direction + r"(?!\w)(?:['’]s\b)?", re.I).search(text, pos)
        if m is None:
            continue
        label = date_label(dt.date.fromisoformat(iso), granularity)
        if text[m.end():m.end() + len(label) + 3].startswith(f" [{label}]"):
            continue
        out += [text[pos:m.end()], f" [{label}]"]
        pos = m.end()
    return "".join(out) + text[pos:]


def _is_count(words: str) -> bool:
    """Whether a date phrase counts units of time ("eight days", "a few weeks"), in the tagger's
    own number and unit words."""
    tokens = words.lower().split()
    if len(tokens) < 2 or tokens[-1].removesuffix("s") not in UNITS:
        return False
    return number_value(tokens[0]) is not None or tokens[0] in ("few", "several", "some", "many")


@dataclass
class Citations:
    """Citation numbers (1-based, in order of first citation) and the cited documents' rows."""

    number: dict[str, int]
    sources: pd.DataFrame  # cited documents in citation order

    @classmethod
    def of(cls, timeline: Timeline) -> Citations:
        ids = timeline.cited_doc_ids()
        docs = timeline.documents.set_index("doc_id").loc[ids].reset_index()
        return cls({d: i + 1 for i, d in enumerate(ids)}, docs)


def coverage(timeline: Timeline) -> dict:
    """Documents, distinct sources and the publication span of the whole corpus."""
    docs = timeline.documents
    sources = docs["source"].replace("", pd.NA).dropna().nunique()
    return {
        "documents": int(len(docs)),
        "sources": int(sources),
        "first": docs["published"].min().date().isoformat(),
        "last": docs["published"].max().date().isoformat(),
    }


_TITLE_CHARS = 80


def source_title(row: pd.Series) -> str:
    """A document's title, or the start of its text when it has none."""
    title = str(row["title"] or "").strip()
    if title:
        return title
    text = " ".join(str(row["text"]).split())
    words = " ".join(text.split()[:12])[:_TITLE_CHARS]  # unspaced scripts: 12 "words" can be a paragraph
    return words + ("…" if len(words) < len(text) else "")


def span_label(first: str, last: str) -> str:
    """``"2 – 25 March 2026"``, ``"28 February – 3 March 2026"`` or full dates across years."""
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    if a == b:
        return date_label(a, "day")
    if a.year != b.year:
        return f"{date_label(a, 'day')} – {date_label(b, 'day')}"
    if a.month != b.month:
        return f"{a.day} {a:%B} – {date_label(b, 'day')}"
    return f"{a.day} – {date_label(b, 'day')}"


def made_with(timeline: Timeline) -> list[str]:
    """The "How this was made" lines: corpus, selection, condensing, models."""
    s = timeline.settings
    cov = coverage(timeline)
    corpus = s.get("corpus", {})
    lines = [f"Read {documents_phrase(cov)}{_in_languages(s.get('languages'))}, published "
             f"{span_label(cov['first'], cov['last'])}"
             + (f": {counted(corpus['sentences'], 'sentence')}, {counted(corpus['events'], 'dated event')}"
                if corpus else "") + "."]
    ranker = "a trained date ranker" if s.get("date_ranker") == "trained" else "the heuristic date score"
    lines.append(f"Chose {len(timeline.entries)} of {corpus.get('candidate_dates', '?'):,} candidate dates "
                 f"(at most {s.get('max_dates')}) with {ranker}: documents that refer back to a date, mention it "
                 f"or were published on it." if corpus else
                 f"Chose {counted(len(timeline.entries), 'date')} (at most {s.get('max_dates')}) with {ranker}.")
    mode = s.get("summariser", "extractive")
    how = (f"source sentences chosen by {selection_label(s.get('selection', {}))}" if mode != "abstractive" else
           f"source sentences chosen by {selection_label(s.get('selection', {}))}, each made to stand alone "
           f"(an opening pronoun or role named, a leaned-on relative date stated) by {_editor(s)} and "
           f"checked against the edit rules propose ({_guard_counts(s.get('guard', {}))})")
    lines.append(f"Condensed each date to at most {s.get('sentences_per_date')} lines: {how}"
                 + (f"; printed lines contain one of: {', '.join(s['keywords'])}" if s.get("keywords") else "") + ".")
    lines.append(f"Sentence encoder {s.get('encoder')}; timeline {s.get('version')}. Dates marked month only "
                 "or dated from publication are less certain than the rest.")
    return lines


def selection_label(selection: dict) -> str:
    """How extractive lines were chosen, in words (from the timeline's ``selection`` settings)."""
    if not selection:
        return "centroid similarity"
    space = "TF-IDF" if selection.get("relevance") == "tfidf" else "embedding"
    how = "the lines together" if selection.get("objective") == "summary" else "each line alone"
    later = (f", favouring lines published over {selection['hindsight_days']} days after the date"
             if selection.get("hindsight_days") else "")
    return f"{space} similarity to what all sources say about the date ({how}){later}"


LANGUAGE_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "nl": "Dutch", "no": "Norwegian",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sr": "Serbian", "sv": "Swedish", "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese",
    "zh": "Chinese",
}


def language_name(code: str) -> str:
    """``"fr"`` -> ``"French"``; a code without a name here is shown as it is."""
    return LANGUAGE_NAMES.get(code, code)


def _in_languages(counts: dict[str, int] | None) -> str:
    """`` in English`` or `` in English (240) and French (7)``; nothing when unknown."""
    if not counts:
        return ""
    if len(counts) == 1:
        return f" in {language_name(next(iter(counts)))}"
    parts = [f"{language_name(k)} ({v:,})" for k, v in counts.items()]
    return " in " + ", ".join(parts[:-1]) + " and " + parts[-1]


def counted(n: int, noun: str) -> str:
    """``"1 date"``, ``"10 dates"``, ``"1,204 events"``."""
    return f"{n:,} {noun}{'s' if n != 1 else ''}"


def documents_phrase(cov: dict) -> str:
    """``"247 documents from 3 sources"``, ``"1 document"``: no "from 0 sources" when the
    documents name no source."""
    n, k = cov["documents"], cov["sources"]
    return counted(n, "document") + (f" from {counted(k, 'source')}" if k else "")


def _editor(settings: dict) -> str:
    """Who made the edits: the rules with the model choosing where they were unsure
    (``condense.edit = "choose"``), or the model writing each line."""
    if settings.get("edit") == "write":
        return str(settings.get("generator"))
    return f"rules, {settings.get('generator')} choosing among their lines where they were unsure,"


def _guard_counts(guard: dict) -> str:
    """How many lines stood alone, how many rewrites were kept and why the others were not."""
    why = [f"{guard[k]} {label}" for k, label in (("unfaithful", "were not the sentence with its edits"),
                                                  ("less_informative", "said less than it")) if guard.get(k)]
    alone = f"{guard['unchanged']} lines stood alone; " if guard.get("unchanged") else ""
    offered = (f"; the model chose whom an opening pronoun means for {guard.get('chosen', 0)} of "
               f"{guard['offered']} lines the rules were unsure about") if guard.get("offered") else ""
    return (f"{alone}{guard.get('generated', 0)} rewritten, {guard.get('fallbacks', 0)} rewrites replaced by the "
            "source sentence" + (f": {', '.join(why)}" if why else "") + offered)
