"""RSS and Atom feeds: one document per item, through feedparser (the file's bytes are
parsed; nothing is fetched).

An item's text is its full content where the feed carries it, else its summary, as plain
text (the markup stripped by lxml); its date is the item's publication (else update) date,
its source the feed's title.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from timeline.errors import InputError, SkippedInput

log = logging.getLogger(__name__)

FEED_SUFFIXES = {".rss", ".atom", ".xml"}


def iter_feed(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(item_number, record)`` for each item of an RSS or Atom feed.

    Raises:
        InputError: A feed whose XML breaks off before any item could be read.
        SkippedInput: XML that is no feed (a sitemap, a settings file), or a feed with no items.
    """
    import feedparser

    data = path.read_bytes()
    if not data.strip():
        raise SkippedInput("empty file", path)
    parsed = feedparser.parse(data)  # bytes: never a URL to fetch
    version = parsed.get("version", "")  # absent where feedparser found no XML at all
    if not parsed.entries:
        if parsed.get("bozo") and version:
            raise InputError(f"malformed feed ({_reason(parsed.get('bozo_exception'))})", path)
        raise SkippedInput("feed has no items" if version else "XML file is no RSS or Atom feed", path)
    if parsed.get("bozo"):
        log.warning("%s: feed is not well-formed XML (%s); read %d items", path, _reason(parsed.get("bozo_exception")),
                    len(parsed.entries))
    source = parsed.feed.get("title", "")
    for number, item in enumerate(parsed.entries, start=1):
        content = item.get("content") or []
        html = content[0].get("value", "") if content else item.get("summary", "")
        yield number, {"id": item.get("id") or item.get("link") or None, "title": item.get("title"),
                       "text": _plain(html), "published": item.get("published") or item.get("updated"),
                       "url": item.get("link", ""), "source": source}


def _plain(html: str) -> str:
    """An item's HTML as text: block elements end lines, markup goes."""
    if "<" not in html:
        return html
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises several types on empty or odd fragments
        return html
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content().strip()


def _reason(exc: Exception | None) -> str:
    return str(exc).split("\n")[0][:80] if exc is not None else "unknown error"
