"""The Porter (1980) stemmer exactly as ROUGE-1.5.5 runs it.

ROUGE-1.5.5 ships Martin Porter's reference Perl implementation with one change
(C.-Y. Lin, 2004): in step 4 a word ending in "-ement" is not retried with "-ment" and
"-ent". The rules below follow that variant step by step so scores match the Perl script.
"""

from __future__ import annotations

import functools
import re

_c = "[^aeiou]"
_v = "[aeiouy]"
_C = f"{_c}[^aeiouy]*"
_V = f"{_v}[aeiou]*"
MGR0 = re.compile(f"^({_C})?{_V}{_C}")  # measure m > 0
MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")  # m == 1
MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")  # m > 1
HAS_VOWEL = re.compile(f"^({_C})?{_v}")
CVC = re.compile(f"^{_C}{_v}[^aeiouwxy]$")

STEP2 = {"ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
         "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
         "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
         "iviti": "ive", "biliti": "ble", "logi": "log"}
STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_STEP2 = re.compile("(" + "|".join(STEP2) + ")$")
_STEP3 = re.compile("(" + "|".join(STEP3) + ")$")
_STEP4 = re.compile("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem one lower-case word."""
    w = word
    if len(w) < 3:
        return w
    initial_y = w[0] == "y"
    if initial_y:
        w = "Y" + w[1:]
    # step 1a
    if m := re.search("(ss|i)es$", w):
        w = w[:m.start()] + m[1]
    elif m := re.search("([^s])s$", w):
        w = w[:m.start()] + m[1]
    # step 1b
    if m := re.search("eed$", w):
        if MGR0.search(w[:m.start()]):
            w = w[:-1]
    elif m := re.search("(ed|ing)$", w):
        base = w[:m.start()]
        if HAS_VOWEL.search(base):
            w = base
            if re.search("(at|bl|iz)$", w):
                w += "e"
            elif re.search(r"([^aeiouylsz])\1$", w):
                w = w[:-1]
            elif CVC.search(w):
                w += "e"
    # step 1c
    if m := re.search("y$", w):
        base = w[:m.start()]
        if HAS_VOWEL.search(base):
            w = base + "i"
    # step 2
    if m := _STEP2.search(w):
        base = w[:m.start()]
        if MGR0.search(base):
            w = base + STEP2[m[1]]
    # step 3
    if m := _STEP3.search(w):
        base = w[:m.start()]
        if MGR0.search(base):
            w = base + STEP3[m[1]]
    # step 4 (ROUGE's variant: three checks in sequence)
    if m := _STEP4.search(w):
        base = w[:m.start()]
        if MGR1.search(base):
            w = base
    if m := re.search("ment$", w):
        base = w[:m.start()]
        if MGR1.search(base):
            w = base
    if m := re.search("ent$", w):
        base = w[:m.start()]
        if MGR1.search(base):
            w = base
    elif m := re.search("(s|t)(ion)$", w):
        base = w[:m.start()] + m[1]
        if MGR1.search(base):
            w = base
    # step 5
    if m := re.search("e$", w):
        base = w[:m.start()]
        if MGR1.search(base) or (MEQ1.search(base) and not CVC.search(base)):
            w = base
    if re.search("ll$", w) and MGR1.search(w):
        w = w[:-1]
    if initial_y:
        w = "y" + w[1:]
    return w
