"""Mojibake: text that was UTF-8, decoded once as cp1252 or Latin-1 and saved again.

Crawled news corpora carry it ("Brazilâ€™s" for "Brazil’s", "dirigÃ­an" for "dirigían"):
the bytes were right once, so the repair is exact. ftfy finds the wrong decoding and undoes
it only where the result is more plausible text ("SÃO PAULO" stays); :func:`repair` applies
its plan one round at a time. Tokenised corpora split such sequences at the quote a
tokeniser saw in them ("Rousseffâ€ ™ s", "leader â€ “ male", or a line break there); those
splits are joined first. A closing quote whose last byte was lost ("â€�") is taken for "”".
Only encoding is repaired: quotes, widths and ligatures stay as written.
"""

from __future__ import annotations

import re

# a UTF-8 lead byte decoded as cp1252/Latin-1, then a continuation byte (0x80-0xBF) decoded as
# cp1252 (its letters and punctuation for 0x80-0x9F) or Latin-1. Leads: the two-byte ones
# (0xC2-0xDF: Latin, Greek, Cyrillic, ... letters) and "â" with "€", "‚" or "„" (0xE2 0x80,
# 0x82, 0x84: punctuation, the euro sign, "™"); other three-byte leads are left alone, as ftfy
# would take rare but real text such as "à££" for mis-decoded CJK.
_CONTINUATION = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e" \
                "\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_LEAD = re.compile(f"(?:[\u00c2-\u00df]|â[€‚„])[{_CONTINUATION}]")
# "”" (E2 80 9D) decoded as cp1252, where 0x9D has no character, and saved with U+FFFD for it:
# of the sequences E2 80 xx that lose their last byte so (xx = 81, 8D, 8F, 90, 9D), only the
# closing quote is common in prose, so the byte is put back for the repair to decode
_LOST_QUOTE = "â€\ufffd"
# the first two characters of a mis-decoded UTF-8 sequence, and a tokeniser's or a sentence
# splitter's space or line break after them
_SPLIT = re.compile(f"(â€|[ÂÃÄÅ])\\s+(?=[{_CONTINUATION}\ufffd])")
ROUNDS = 3  # text mis-decoded twice ("Ã¢â‚¬â„¢" for "’") takes two


def repair(text: str) -> str:
    """``text`` with mis-decoded UTF-8 undone; unchanged when it has none.

    One round of ftfy's repair at a time, and another only while the text still shows the
    signs :func:`_suspect` looks for: ftfy alone would go on decoding text that merely looks
    mis-decoded once repaired ("à££", a real if rare string, read as the UTF-8 of "ࣣ").
    """
    if not _suspect(text):
        return text
    from ftfy import apply_plan, fix_encoding_and_explain

    text = _SPLIT.sub(r"\1", text).replace(_LOST_QUOTE, "â€\u009d")
    for _ in range(ROUNDS):
        plan = fix_encoding_and_explain(text).explanation or []
        if not plan:
            break
        # one round: re-encode and decode the whole text, or one fixer (mixed text, where
        # only some of it was mis-decoded, is ftfy's decode_inconsistent_utf8)
        decoded = next((i for i, (action, _) in enumerate(plan) if action == "decode"), None)
        first = plan[:decoded + 1] if plan[0][0] == "encode" and decoded is not None else plan[:1]
        text = apply_plan(text, first)
        if not _suspect(text):
            break
    return text


def _suspect(text: str) -> bool:
    """A cheap check before the repair: a character a UTF-8 lead byte decodes to, followed
    (or split by a space from) one a continuation byte decodes to."""
    return _LEAD.search(text) is not None or _SPLIT.search(text) is not None
