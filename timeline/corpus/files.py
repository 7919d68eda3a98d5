"""Single-document files: plain text, Markdown (with front matter) and HTML."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from timeline.errors import SkippedInput

log = logging.getLogger(__name__)

_HEADER_KEYS = {"title", "date", "published", "source", "outlet", "url", "link", "author", "lang", "id"}
_HEADER_LINE = re.compile(r"^([A-Za-z_][\w -]{0,30}):[ \t]*(.*)$")


def split_front_matter(text: str, path: Path | str | None = None) -> tuple[dict[str, str], str]:
    """Separate a YAML front-matter block (``---`` ... ``---``, read with PyYAML) or an
    email-style header block (``Title: ...`` lines, then a blank line) from the body.

    Values come back as strings (a YAML date as ``YYYY-MM-DD``, a list joined with commas);
    front matter that is not valid YAML is read as simple ``key: value`` lines, with a
    warning naming ``path``. The body keeps its text unchanged.
    """
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, min(len(lines), 200)):
            if lines[i].strip() in ("---", "..."):
                return _yaml_meta("\n".join(lines[1:i]), path), "\n".join(lines[i + 1:])
        return {}, text
    # email-style header: every line before the first blank one is "Key: value" with a known key
    meta: dict[str, str] = {}
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


def _yaml_meta(block: str, path: Path | str | None) -> dict[str, str]:
    try:
        data = yaml.safe_load(block) if block.strip() else {}
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date-like value that is no date ("2024-13-45")
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else f" ({exc})" if isinstance(exc, ValueError) else ""
        log.warning("%s: front matter is not valid YAML%s; read as key: value lines", path or "document", where)
        data = None
    if not isinstance(data, dict):
        data = {}
        for raw in block.split("\n"):
            m = _HEADER_LINE.match(raw.strip())
            if m:
                data[m[1]] = m[2].strip().strip("'\"")
    return {str(k).strip().lower(): _scalar(v) for k, v in data.items() if v is not None}


def _scalar(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_scalar(v) for v in value if v is not None)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items())
    return str(value).strip()


def text_record(text: str, path: Path | str | None = None, markdown: bool = True) -> dict[str, Any]:
    """A record from a .txt or .md document: front matter plus body, title from a ``# `` heading.

    Args:
        markdown: Strip Markdown markup with a Markdown parser (``.md`` files); plain text
            (``.txt``) keeps its characters, as Treebank-tokenised corpora need their backticks.
    """
    meta, body = split_front_matter(text, path)
    record: dict[str, Any] = dict(meta)
    stripped = body.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    if first.startswith("# "):
        record.setdefault("title", first[2:].strip().strip("#").strip())
        stripped = rest
    elif "title" not in record and is_headline(first, rest):
        record["title"] = first.strip()  # kept in the body too: it may be all that dates the text
    record["text"] = (markdown_text(stripped) if markdown else stripped).strip()
    return record


HEADLINE_WORDS = 20


def is_headline(first: str, rest: str) -> bool:
    """Whether a document's first line is its headline, as pasted articles start: one short
    line (at most :data:`HEADLINE_WORDS` words) that ends in a word, a question or exclamation
    mark, a bracket or a quote, then a blank line, then more text. A first line ending in a
    full stop, a colon, a comma or a dash is prose or a dateline."""
    line = first.strip()
    return (bool(line) and len(line.split()) <= HEADLINE_WORDS and (line[-1].isalnum() or line[-1] in "?!)'\"’”")
            and rest.startswith(("\n", "\r\n")) and bool(rest.strip()))


_MARKDOWN = MarkdownIt("commonmark").enable("table")


def markdown_text(source: str) -> str:
    """The prose of a Markdown document: headings, paragraphs, list items, quotes and table
    rows as blocks separated by blank lines; emphasis, link targets, images (their alt text
    stays) and raw HTML gone; entities and backslash escapes resolved by the parser."""
    blocks: list[str] = []
    row: list[str] | None = None
    for token in _MARKDOWN.parse(source):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            blocks.append(" | ".join(cell for cell in row if cell))
            row = None
        elif token.type == "inline":
            text = _inline_text(token.children or [])
            if row is not None:
                row.append(text.strip())
            elif text.strip():
                blocks.append(text.strip())
        elif token.type in ("fence", "code_block") and token.content.strip():
            blocks.append(token.content.strip("\n"))
    return "\n\n".join(blocks)


def _inline_text(children) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)  # the alt text
    return "".join(parts)


_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """Whether a text file is a web page: it opens with ``<!DOCTYPE html>`` or ``<html>``."""
    return bool(_HTML_START.match(text[:4096]))


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
    if "\n" not in text.strip():  # a short page: trafilatura's fallback ran its blocks together
        text = _blocks_within(html, text) or text
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


_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "dd")
_NOT_TEXT = "//script|//style|//nav|//header|//footer|//aside|//form|//noscript|//template"


def _blocks_within(html: str, text: str) -> str | None:
    """The page's headings and paragraphs one a line, where trafilatura gave ``text`` as one run
    ("Bridge closed 5 March The bridge closed on Monday ...": on a short page its fallback joins
    the headline, a time stamp and the paragraphs with spaces); ``None`` unless the page has
    several such blocks and each is part of ``text`` (the same content, cut where the page cuts it)."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    for el in root.xpath(_NOT_TEXT):
        el.drop_tree()
    scope = (root.xpath("//article") or root.xpath("//main") or [root])[0]
    lines = [" ".join(el.text_content().split()) for el in scope.iter(*_BLOCKS)
             if not any(a.tag in _BLOCKS for a in el.iterancestors())]
    lines = [line for line in lines if line]
    flat = " ".join(text.split())
    if len(lines) < 2 or not all(line in flat for line in lines):
        return None
    return "\n".join(lines)
