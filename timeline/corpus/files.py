"""Single-document files: plain text, Markdown (with front matter) and HTML."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from timeline.errors import SkippedInput

log = logging.getLogger(__name__)

_HEADER_KEYS = {"title", "date", "published", "source", "outlet", "url", "link", "author", "lang", "id"}
_HEADER_LINE = re.compile(r"^([A-Za-z_][\w -]{0,30}):[ \t]*(.*)$")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Separate a YAML-style front-matter block (``---`` ... ``---``) or an email-style
    header block (``Title: ...`` lines, then a blank line) from the body.

    Only simple ``key: value`` pairs are read; the body keeps its text unchanged.
    """
    lines = text.split("\n")
    meta: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        for i in range(1, min(len(lines), 60)):
            if lines[i].strip() in ("---", "..."):
                for raw in lines[1:i]:
                    m = _HEADER_LINE.match(raw.strip())
                    if m:
                        meta[m[1].strip().lower()] = m[2].strip().strip("'\"")
                return meta, "\n".join(lines[i + 1:])
        return {}, text
    # email-style header: every line before the first blank one is "Key: value" with a known key
    for i, raw in enumerate(lines[:20]):
        if not raw.strip():
            if meta and i > 0:
                return meta, "\n".join(lines[i + 1:])
            break
        m = _HEADER_LINE.match(raw.strip())
        if not m or m[1].strip().lower() not in _HEADER_KEYS:
            break
        meta[m[1].strip().lower()] = m[2].strip()
    return {}, text


def text_record(text: str) -> dict[str, Any]:
    """A record from a .txt or .md document: front matter plus body, title from a heading."""
    meta, body = split_front_matter(text)
    record: dict[str, Any] = dict(meta)
    stripped = body.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    if first.startswith("# "):
        record.setdefault("title", first[2:].strip())
        stripped = rest
    record["text"] = _strip_markdown(stripped).strip()
    return record


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"(^|\s)[*_]{1,3}|[*_]{1,3}(?=\s|$|[.,;:!?])|^#{1,6}\s+|^>\s?|^[-*+]\s+", re.M)


def _strip_markdown(text: str) -> str:
    return _MD_MARK.sub(lambda m: m.group(1) or "", _MD_LINK.sub(r"\1", text))


def html_record(html: str, path: Path) -> dict[str, Any]:
    """A record from an HTML page through trafilatura's main-text extractor (no network)."""
    import trafilatura

    try:
        out = trafilatura.extract(html, output_format="json", with_metadata=True,
                                  include_comments=False, include_tables=False, url=None)
    except Exception as exc:  # trafilatura raises many types on malformed markup
        raise SkippedInput(f"HTML could not be parsed ({type(exc).__name__})", path) from None
    if not out:
        raise SkippedInput("no article text found in HTML", path)
    data = json.loads(out)
    text, title = data.get("text") or "", data.get("title")
    first, _, rest = text.partition("\n")
    if title and first.strip() == title.strip():
        text = rest  # the headline is metadata, not a sentence of the story
    return {
        "text": text,
        "title": title,
        "date": data.get("date"),
        "source": data.get("sitename") or data.get("source-hostname") or data.get("hostname"),
        "url": data.get("url") or "",
        "lang": None,
    }
