"""What a chronology line needs to stand alone, found by rules: the name behind an opening
pronoun or role, and the date behind a relative date word.

A line lifted from an article leans on that article: "He said ..." needs the sentences
before it, "... today" needs its publication date. The resolver reads the same document's
preceding sentences and the tagger's resolved dates and proposes the edits, and the guard
checks the printed line against exactly these edits. When the rules are unsure whom an
opening pronoun means because the sentence just before names several people,
:func:`resolve` proposes no name and :func:`alternatives` gives one candidate line per
person for a model to choose from (or not); when nobody is named, nothing is proposed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from timeline.corpus.document import detokenise
from timeline.model import date_label
from timeline.temporal.lexicon import MONTHS, WEEKDAYS

PRONOUNS = {"he": False, "she": False, "his": True, "her": True}  # opening word -> possessive
TITLES = {"mr", "mrs", "ms", "dr", "president", "prime", "minister", "premier", "chancellor", "king", "queen",
          "prince", "princess", "general", "gen", "senator", "sen", "governor", "gov", "judge", "secretary",
          "chairman", "leader", "sir", "lord", "pope", "sheikh", "colonel", "col"}
ROLES = {"president", "prime minister", "premier", "chancellor", "king", "queen", "singer", "star", "leader",
         "chairman", "minister", "governor", "senator", "general", "former president", "pop star", "defendant",
         "secretary", "warlord", "economist", "actor", "former leader"}
# capitalised words that open no person's name: places, bodies, titles of things
_NOT_PERSON = {"the", "a", "an", "in", "on", "at", "of", "and", "but", "for", "to", "by", "with", "from", "as",
               "this", "that", "these", "those", "it", "its", "they", "their", "we", "i", "he", "she", "his", "her",
               "after", "before", "during", "meanwhile", "when", "while", "if", "although", "however", "news",
               "street", "city", "university", "party", "council", "ministry", "house", "court", "republic",
               "united", "states", "nations", "union", "state", "department", "army", "police", "government",
               "airport", "hospital", "company", "bank", "fund", "international", "national", "central",
               "committee", "commission", "congress", "parliament", "assembly", "square", "church", "world",
               "county", "district", "province", "river", "sea", "north", "south", "east", "west", "new",
               "monetary", "federal", "supreme", "white", "reuters", "cnn", "ap", "afp", "bbc", "xinhua", "times",
               "post", "journal", "tv", "radio", "china", "chinese", "american", "british", "french", "africa",
               "african", "europe", "european", "america", "iran", "iranian", "pakistan", "brazil", "liberia",
               "egypt", "syria", "libya", "iraq", "israel", "russia", "japan", "india", "korea", "cuba",
               # companies and bodies behind a title word ("General Motors", "Secretary General")
               "motors", "electric", "dynamics", "mills", "foods", "group", "holdings", "corporation", "corp",
               "inc", "ltd", "plc", "airlines", "airways", "petroleum", "energy", "media", "systems", "general"}
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.-]*|\S")
# verbs of saying: in news prose a name beside one is a person's ("Perry said", "said Tony
# Blair"; see is_person); a run of capitals with no such evidence, no title and no "who" or age
# anywhere before the line may be a place or a title ("Los Angeles", "Gulf Coast", "Dead Wrong")
_SAYS = ("said|says|told|tells|added|adds|insisted|argued|claimed|denied|wrote|writes|explained|admitted|warned|"
         "announced|stated|replied|recalled|asked|testified|tweeted|acknowledged|conceded|confirmed|noted")
_QUANTIFIERS = {"many", "some", "most", "all", "several", "few", "other", "others", "both", "each", "every",
                "such", "no", "reply", "comment", "comments", "read", "related", "more", "top", "latest"}
# someone the sentence speaks of without a name: "his client", "her husband", "their lawyer"
# (not "his lawyer, Edward Chernoff" nor "his lawyer Edward Chernoff": that one is named)
_UNNAMED_PERSON = re.compile(
    r"\b(?:his|her|their)\s+(?:(?:former|late|new|own|then|younger|elder|eldest|older)\s+)?"
    r"(?:client|lawyer|attorney|wife|husband|son|daughter|father|mother|brother|sister|partner|boss|friend|aide|"
    r"spokesman|spokeswoman|doctor|physician|successor|predecessor|deputy|rival|opponent|colleague|assistant|"
    r"bodyguard|driver|adviser|advisor|nephew|niece|uncle|aunt|cousin|fianc[ée]e?|girlfriend|boyfriend|mentor|"
    r"employer|manager|agent|biographer|widow|widower)\b(?!,?\s+[A-Z])")
_RELATIVE = re.compile(
    r"\b(?:(?:on|last|this|next) )?(?:today|tonight|yesterday|tomorrow|this (?:morning|afternoon|evening)|"
    r"last night|(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:last|this|next) (?:week|month|year))\b", re.I)


@dataclass(frozen=True)
class LineContext:
    """What the resolver may read about one printed line.

    Attributes:
        preceding: The same document's sentences before the line, in order.
        keywords: The topic keywords (a person's name for a person topic).
        dates: ``(words, YYYY-MM-DD, granularity)`` of the line's relative date mentions,
            as the tagger resolved them from the article's publication date.
    """

    preceding: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    dates: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Edit:
    old: str  # the words in the line
    new: str  # what they become
    kind: str  # "name" or "date"


@dataclass(frozen=True)
class Resolution:
    """A line, its proposed edits and the line with them applied (what the guard expects).

    Attributes:
        source: The line as prose (Treebank spacing undone).
        edits: The replacements that make it stand alone (empty: it already does, or unsure).
        target: ``source`` with ``edits`` applied.
    """

    source: str
    edits: tuple[Edit, ...] = field(default_factory=tuple)
    target: str = ""

    @property
    def inserted(self) -> str:
        """The words the edits bring in (the only new words a rewrite may use)."""
        return " ".join(e.new for e in self.edits)


def resolve(line: str, context: LineContext | None) -> Resolution:
    """The edits that let ``line`` stand alone, given the document around it."""
    source = detokenise(line)
    if context is None:
        return Resolution(source, (), source)
    if _SPEECH.search(source):  # quoted or spoken words: their "today" and "he" are the speaker's
        return Resolution(source, (), source)
    name = _name_edit(source, context)
    return _applied(source, ([name] if name is not None else []) + _date_edits(source, context.dates))


def alternatives(line: str, context: LineContext | None) -> list[Resolution]:
    """The lines the rules cannot choose between: when an opening pronoun follows a sentence
    naming several people (where :func:`resolve` proposes no name), one resolution per
    person there, each with the line's date edits too; else none. A model picks one
    (:mod:`timeline.condense.choice`) or none, and then :func:`resolve`'s line stands."""
    source = detokenise(line)
    words = source.split()
    if context is None or not words or words[0].lower() not in PRONOUNS or _SPEECH.search(source):
        return []
    if _name_edit(source, context) is not None:
        return []  # the rules are sure
    dates = _date_edits(source, context.dates)
    possessive = PRONOUNS[words[0].lower()]
    people = [name for name in people_nearby(context) if _may_corefer(name, source, possessive)]
    if len(people) < 2:
        return []  # one left: no choice the rules could trust either; none: nothing to offer
    return [_applied(source, [Edit(words[0], name + "'s" if possessive else name, "name"), *dates])
            for name in people]


def _may_corefer(name: str, source: str, possessive: bool) -> bool:
    """Whether an opening subject pronoun may mean ``name``: not when the same clause names
    that person again ("He said Dr Murray had ..." is someone else speaking of Murray; binding
    theory's principle C). A possessive ("His lawyers say Murray ...") binds nothing, so it may."""
    if possessive:
        return True
    rest = "".join(source.split(None, 1)[1:])  # the line after its pronoun
    return re.search(r"\b" + re.escape(name.split()[-1]) + r"\b", rest) is None


def _applied(source: str, edits: list[Edit]) -> Resolution:
    target = source
    for e in edits:
        target = _replace_once(target, e.old, e.new)
    target = target[:1].upper() + target[1:]  # "Yesterday ..." -> "On 8 November 2005 ..."
    return Resolution(source, tuple(edits), target)


def _replace_once(text: str, old: str, new: str) -> str:
    m = re.search(r"(?<![\w-])" + re.escape(old) + r"(?![\w-])", text)
    return text if m is None else text[:m.start()] + new + text[m.end():]


def _name_edit(source: str, context: LineContext) -> Edit | None:
    words = source.split()
    if not words:
        return None
    first = words[0].lower()
    if first in PRONOUNS:
        name = _recent_person(context)
        if name is None or not _may_corefer(name, source, PRONOUNS[first]):
            return None
        return Edit(words[0], name + "'s" if PRONOUNS[first] else name, "name")
    m = re.match(r"(?:The|the) ((?:former )?[a-z]+(?: [a-z]+)?)\b", source)
    if m:
        role = next((r for r in sorted(ROLES, key=len, reverse=True) if m.group(1).startswith(r)), None)
        if role is not None and len(source) > len(m.group(0)) and source[len(f"The {role}")] in " ,":
            name = _role_holder(role, context)
            if name is not None:
                return Edit(f"The {role}", name, "name")
    return None


_NAME_HYPHEN = re.compile(r"\b([A-Z][a-z]+) - (?=[A-Z])")


@functools.lru_cache(maxsize=4096)  # read for every candidate name of a line, over the same sentences
def _prose(sentence: str) -> str:
    """A sentence as prose, with a name's hyphen the tokeniser split off joined ("Strauss-Kahn")."""
    return _NAME_HYPHEN.sub(r"\1-", detokenise(sentence))


def person_names(sentence: str, lone: bool = False) -> list[tuple[str, bool]]:
    """Person-like names in ``sentence`` in order, each with whether a title stood before it:
    runs of two or three capitalised words that open with no place, body or function word, or
    one after a title; with ``lone``, single capitalised words too ("Gaddafi says ...")."""
    tokens = _TOKEN.findall(_prose(sentence))
    out, i = [], 0
    while i < len(tokens):
        t = tokens[i]
        if t[:1].isupper() and t.lower().strip(".") not in _NOT_PERSON | TITLES and t.lower() not in MONTHS \
                and t.lower() not in WEEKDAYS and len(t) > 1:
            j = i
            while j + 1 < len(tokens) and tokens[j + 1][:1].isupper() and len(tokens[j + 1]) > 1 \
                    and tokens[j + 1].lower().strip(".") not in _NOT_PERSON:
                j += 1
            run = [w.removesuffix("'s").removesuffix("’s") for w in tokens[i:j + 1]]
            run = [w.rstrip(".") if len(w.rstrip(".")) > 1 else w for w in run]  # "Rousseff." ends a sentence; "H." stays
            titled = i > 0 and tokens[i - 1].lower().strip(".") in TITLES
            inner = [k for k, w in enumerate(run[:-1]) if w.lower() in TITLES]
            if inner:  # "Libyan Deputy Foreign Minister Khalid Karim": the name after the title
                run, titled = run[inner[-1] + 1:], True
            if t.lower() in _QUANTIFIERS:  # "Many Syrians", "Reply Yes": no name opens so
                i = j + 1
                continue
            if len(run) == 1 and not titled and run[0].isupper():  # "NATO", "CNN": a body, not a person
                i = j + 1
                continue
            if (len(run) >= 2 or titled or lone) and len(run) <= 3:  # a lone capital says little
                out.append((" ".join(run), titled))
            i = j + 1
        else:
            i += 1
    return out


def _full_form(name: str, context: LineContext) -> str:
    """The longest name in the document that ends in ``name``'s surname ("Mr Blair" -> "Tony
    Blair"), when only one person of that surname is named there; of several ("Charles
    Taylor", "Jewel Taylor"), the topic's, else ``name`` as it stands."""
    surname = name.split()[-1]
    fuller = {cand for sentence in context.preceding for cand, _ in person_names(sentence)
              if cand.split()[-1] == surname and len(cand.split()) > len(name.split())}
    # the topic's person of that surname may be named only further back than the line can see
    topic = {kw for kw in context.keywords if len(kw.split()) >= 2 and kw.split()[-1] == surname.lower()}
    if len(fuller) > 1 or topic and fuller:
        known = [c for c in fuller if c.lower() in topic]
        return known[0] if known else name
    return max(fuller, key=lambda c: len(c.split()), default=name)


def _recent_person(context: LineContext) -> str | None:
    """The most recent person named in the three sentences before (:func:`_people`), unless the
    nearest of them names two different people, or one beside someone it leaves unnamed ("Mr
    Chernoff said his client had helped police": the next "He" is the client), or says "he"
    before its only name, or a sentence between says "he" with no name: the pronoun could then
    mean someone else (unsure). Further back, only the person topic's own name, and only when
    nobody else was named since."""
    for sentence in reversed(context.preceding[-3:]):
        people = _people(sentence, context)
        if people is None or len({p.split()[-1] for p in people}) > 1 \
                or people and (_UNNAMED_PERSON.search(detokenise(sentence)) or _pronoun_first(sentence, people)):
            return None
        if people:
            return _full_form(people[-1], context)
        if _THIRD_PERSON.search(sentence):  # "he" with no name: the chain began further back
            return None
    for sentence in reversed(context.preceding[:-3]):  # further back: only the topic's person,
        people = _people(sentence, context)  # and only when nobody else was named since
        if people is None:
            return None
        if people:
            return _full_form(people[-1], context) if _topic_person(people[-1], context) else None
    return None


def _topic_person(name: str, context: LineContext) -> bool:
    """Whether ``name`` is the person topic's (its surname among a person keyword's words, "hu jintao")."""
    return any(name.split()[-1].lower() in kw.split() for kw in context.keywords if len(kw.split()) >= 2)


def _people(sentence: str, context: LineContext) -> list[str] | None:
    """The people ``sentence`` names, in order: names with a title, or that the document shows
    to be a person's (:func:`is_person`); a lone surname only when the document also writes it
    capitalised inside a sentence ("Musharraf", not "Officials"). ``None`` (unsure) when it
    names a run of two or three capitalised words it cannot tell to be a person's or not, or
    only a lone name it cannot tell ("A decade later Musharraf seized power")."""
    people, unknown = [], False
    for name, titled in person_names(sentence, lone=True):
        single = " " not in name
        proper = not single or _proper(name, context)
        if titled or proper and is_person(name, context):
            people.append(name)
        elif not single:  # two or three capitals that may be a person's name: unsure
            return None
        elif proper:  # a lone name the document does not show to be a person's ("Musharraf", "Beijing")
            unknown = True
    if unknown and not people:  # beside a person it is likely a place; alone, it may be the one meant
        return None
    return list(dict.fromkeys(people))


def _pronoun_first(sentence: str, people: list[str]) -> bool:
    """Whether "he" or "she" comes before the sentence's first named person ("He said he would
    govern differently from Rousseff": the chain of "he" began before, with someone else)."""
    prose = _prose(sentence)
    pronoun = _SUBJECT_PRONOUN.search(prose)
    first = min((prose.find(p.split()[0]) for p in people if p.split()[0] in prose), default=len(prose))
    return pronoun is not None and pronoun.start() < first


def _proper(word: str, context: LineContext) -> bool:
    """Whether ``word`` is a proper noun in the document: written capitalised after a sentence's
    first word somewhere, and never in lower case."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.I)
    seen_inside = False
    for sentence in map(_prose, context.preceding):
        for m in pattern.finditer(sentence):
            if m.group()[:1].islower():
                return False
            seen_inside = seen_inside or bool(sentence[:m.start()].strip())
    return seen_inside


def people_nearby(context: LineContext, most: int = 4) -> list[str]:
    """The people of the nearest of the three sentences before that names several (in their
    fullest form, one per surname, in order), when it is the nearest to name anyone at all:
    the referents :func:`_recent_person` is unsure between."""
    for sentence in reversed(context.preceding[-3:]):
        named = person_names(sentence)
        people = list(dict.fromkeys(_full_form(n, context) for n, t in named if t or is_person(n, context)))
        by_surname = list({p.split()[-1]: p for p in reversed(people)}.values())[::-1]
        if len(by_surname) > 1:
            return by_surname[:most]
        if named:
            return []
    return []


def is_person(name: str, context: LineContext) -> bool:
    """Whether the document, up to the line, shows ``name`` to be a person's: its surname after
    a title ("Mr Hayward", "President Mubarak"), before a verb of saying ("Perry said", "Sharif
    told"), after one ("said Tony Blair"), or before a relative "who" or an age ("Lindsay, 52,");
    or it is a person topic's keyword."""
    if _topic_person(name, context):
        return True
    # any word of the name may be the one used alone: "President Hu" for Hu Jintao, "Mr Blair"
    surname = "(?:" + "|".join(re.escape(w) for w in name.split() if len(w) > 1) + ")"
    full = r"\s+".join(map(re.escape, name.split()))
    titles = "|".join(sorted((t for t in TITLES if len(t) > 2 or t in ("mr", "dr", "ms")), key=len, reverse=True))
    pattern = re.compile(
        rf"\b(?i:{titles})\.?\s+(?:[A-Z][\w'’-]*\s+){{0,2}}{surname}\b"
        rf"|\b{surname}(?:'s|’s)?\s*,?\s+(?:(?:has|had|also|later|then|previously|once|again)\s+)?(?:{_SAYS})\b"
        rf"|\b(?:{_SAYS})\s+(?:(?i:{titles})\.?\s+)?{full}\b"
        rf"|\b{surname},\s+(?:who\b|\d{{1,3}},)")
    return any(pattern.search(_prose(sentence)) for sentence in context.preceding)


def _role_holder(role: str, context: LineContext) -> str | None:
    """The name the document gives next to ``role`` ("President Hosni Mubarak", "Hu Jintao, the
    president"), most recent first; ``None`` when it gives none."""
    role_words = r"\s+".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in role.split())  # "president", "President"
    pattern = re.compile(rf"\b{role_words},?\s+((?:[A-Z][\w'-]+\s?){{1,3}})|((?:[A-Z][\w'-]+\s?){{2,3}}),\s+"
                         rf"(?:the\s+)?(?:[\w']+\s+)?{role_words}\b")
    for sentence in reversed(context.preceding):
        found = [(m.group(1) or m.group(2)).strip() for m in pattern.finditer(detokenise(sentence))]
        found = [f for f in found if f.split()[0].lower() not in _NOT_PERSON]
        if found:
            return _full_form(found[-1], context)
    return None


def _date_words(iso: str, granularity: str) -> str | None:
    """The date as a line states it ("on 25 June 2009", "in June 2009"); ``None`` for a week,
    which is clearer with the render-time bracket."""
    if granularity not in ("day", "month", "year"):
        return None
    return ("on " if granularity == "day" else "in ") + date_label(dt.date.fromisoformat(iso), granularity)


_SUBJECT_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
_THIRD_PERSON = re.compile(r"\b(?:he|him|his|she|her|He|His|She|Her)\b")
_SPEECH = re.compile(r"[\"“”`]|[,.?!] ?['‘’](?=\s|$)|\b(?:I|we|We|you|You|my|My|our|Our|I'm|we're|We're|us|me|Us|Me|your|Your)\b")
_DEICTIC = re.compile(r"^(?:today|tonight|yesterday|tomorrow|last night|this (?:morning|afternoon|evening))$", re.I)


def _date_edits(source: str, dates: tuple[tuple[str, str, str], ...]) -> list[Edit]:
    """Date words for the relative dates a line leans on: one that opens it ("Yesterday, ...",
    "On Thursday ...") and the deictic ones anywhere ("... today"). A weekday or "last week"
    inside the line keeps the render-time bracket ("on Thursday [5 March 2026]"): the model
    edits those less reliably, and the bracket already says it."""
    edits = []
    for words, iso, granularity in dates:
        m = _RELATIVE.search(" ".join(words.split()))
        new = _date_words(iso, granularity)
        if m is None or new is None or m.group() != " ".join(words.split()):
            continue
        # "on Thursday" / "last month": the preposition the line already has goes with the date
        found = re.search(r"(?<![\w-])(?:(?:on|in|last|this|next)\s+)?" + re.escape(m.group()) + r"(?![\w-])",
                          source, re.I)
        if found is None or not (found.start() == 0 or _DEICTIC.match(m.group())):
            continue
        edits.append(Edit(found.group(), new, "date"))
    return edits
