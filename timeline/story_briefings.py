"""A mixed feed in, one timeline per story out: ``timeline stories`` and ``summarise --by-story``.

The corpus is read, split and tagged once (as for one timeline); the story stage
(:mod:`timeline.stories`) then groups the documents, and each story's documents, sentences
and events make its own timeline with the pipeline's model stages. A story's distinctive
terms are its keywords unless the user gave some. The briefing puts a story index on top,
then each story's own briefing as a section, rendered by :mod:`timeline.render`.
"""

from __future__ import annotations

import copy
import html
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from timeline.config import Config
from timeline.corpus import in_memory, read_inputs
from timeline.embed import cache_folder, make_embedder
from timeline.engine import engine_for
from timeline.errors import InputError
from timeline.languages import follow_languages
from timeline.model import Timeline
from timeline.pipeline import timeline_from, with_default_ranker
from timeline.prepare import Prepared, prepare
from timeline.render import briefing_dict, render, render_html, render_markdown
from timeline.render.common import span_label
from timeline.render.markdown import md_escape
from timeline.state import StateStore
from timeline.stories import OTHER, Stories, Story, match_story
from timeline.story_cache import grouped

log = logging.getLogger(__name__)

STORIES_SCHEMA = "timeline.stories/1"
BRIEFINGS_SCHEMA = "timeline.story-briefings/1"


@dataclass
class StoryBriefings:
    """Every story of a corpus and the timeline made for each (``other`` gets none)."""

    stories: Stories
    timelines: list[tuple[Story, Timeline]]
    name: str  # what the inputs are called, for the title


def _state_folder(state: str | Path | None) -> Path | None:
    """``--state``: tagged documents and vectors kept in the state folder (as ``summarise`` does)."""
    return Path(state) if state is not None else None


def _group(docs, encoder, cfg: Config, min_size: int | None, progress: bool, state: str | Path | None) -> Stories:
    """The documents' stories, the grouping kept in the ``--state`` folder (its latest only),
    else in the cache folder (beside the tagged documents, and only when they are cached:
    ``temporal.cache``)."""
    folder = _state_folder(state) or (cache_folder(cfg) if cfg.temporal.cache else None)
    return grouped(docs, encoder, _min_size(cfg, min_size), progress, folder, only_latest=state is not None)


def _min_size(cfg: Config, min_size: int | None) -> int:
    return cfg.stories.min_size if min_size is None else min_size


def list_stories(inputs: list[str | Path], config: Config | None = None, *, min_size: int | None = None,
                 progress: bool = False, state: str | Path | None = None, engine=None) -> Stories:
    """The stories of a corpus (read and represented only; nothing is tagged).

    Raises:
        InputError: Bad input, or a ``min_size`` below 1.
    """
    cfg = config or Config()
    if engine is None:
        with engine_for(cfg.engine) as own:
            return list_stories(inputs, cfg, min_size=min_size, progress=progress, state=state, engine=own)
    docs = read_inputs(inputs, lang=cfg.corpus.lang, skip_bad=cfg.corpus.skip_bad,
                       max_documents=cfg.corpus.max_documents, max_document_chars=cfg.corpus.max_document_chars,
                       engine=engine, partition=cfg.engine.partition_docs, progress=progress,
                       published=cfg.corpus.published)
    stories = _group(docs, document_encoder(cfg, engine, state), cfg, min_size, progress, state)
    if not stories.real:
        log.warning("no story of at least %d documents (--min-size, stories.min_size) among the %d read; "
                    "all are listed as other", _min_size(cfg, min_size), len(docs))
    return stories


def document_encoder(cfg: Config, engine=None, state: str | Path | None = None, embedder=None):
    """The encoder that gives documents a vector for the grouping (``stories.vectors``), else
    ``None``: the grouping then reads TF-IDF and names only, and no document is embedded."""
    if not cfg.stories.vectors:
        return None
    # with --state, the vectors a later summarise reuses are kept in the state folder
    return embedder or make_embedder(cfg, engine, cache_dir=_state_folder(state))


def subset(prepared: Prepared, doc_ids: list[str]) -> Prepared:
    """The documents, sentences, mentions and events of ``doc_ids`` only."""
    keep = set(doc_ids)
    pick = lambda df: df[df["doc_id"].isin(keep)].reset_index(drop=True)  # noqa: E731
    return Prepared(pick(prepared.docs), pick(prepared.sentences), pick(prepared.mentions), pick(prepared.events))


def summarise_by_story(inputs: list[str | Path], config: Config | None = None, *, story: str | None = None,
                       min_size: int | None = None, progress: bool = False, embedder=None, model=None,
                       state: str | Path | None = None, engine=None) -> StoryBriefings:
    """One timeline per story of a mixed corpus.

    Args:
        inputs: Files and folders of documents.
        config: Run settings; defaults when ``None``.
        story: Words naming one story: only the best-matching story is summarised.
        min_size: Fewer documents than this are no story (``stories.min_size`` by default).
        embedder, model, state, engine: As for :func:`timeline.pipeline.summarise`; with
            ``stories.vectors``, the documents' vectors share the encoder and its cache
            (``--state``) with the sentences'.

    Raises:
        InputError: Bad input; ``story`` matching no story (the message lists them); no story
            with a dated event.
    """
    cfg = config or Config()
    if engine is None:
        with engine_for(cfg.engine) as own:
            return summarise_by_story(inputs, cfg, story=story, min_size=min_size, progress=progress,
                                      embedder=embedder, model=model, state=state, engine=own)
    paths = [] if in_memory(inputs) else [Path(p) for p in inputs]
    store = StateStore(Path(state)) if state is not None else None
    try:
        prepared = prepare(inputs, cfg, progress, store, engine)
    finally:
        if store is not None:
            store.close()
    cfg = follow_languages(cfg, prepared.docs)  # encoder, stopwords, hindsight: the documents' language
    model = with_default_ranker(model, cfg)  # the same date ranker as a plain summarise
    if model is not None and model.generator is not None:
        cfg = copy.deepcopy(cfg)
        cfg.condense.generator = str(model.generator)
    embedder = embedder or make_embedder(cfg, engine, cache_dir=_state_folder(state))
    found = _group(prepared.docs, document_encoder(cfg, embedder=embedder), cfg, min_size, progress, state)
    chosen = [match_story(found, story)] if story else found.real
    if not chosen:
        raise InputError(f"no story of at least {_min_size(cfg, min_size)} documents (--min-size, stories.min_size) "
                         f"among the {len(prepared.docs)} read", ", ".join(str(p) for p in paths) or None)
    timelines = []
    for s in chosen:
        keywords = cfg.keywords or s.keywords
        try:
            tl = timeline_from(subset(prepared, s.doc_ids), cfg, keywords, embedder, f"Story {s.id}: {s.label}",
                               progress, ranker=model.date_ranker if model is not None else None,
                               scorer=model.sentence_scorer if model is not None else None)
        except InputError as exc:  # a story with nothing datable in the period: said, and skipped
            log.warning("story %d (%s): %s; no timeline", s.id, s.label, exc.reason)
            continue
        timelines.append((s, tl))
    if not timelines:
        raise InputError("no story has dated events in the given period", ", ".join(str(p) for p in paths) or None)
    name = paths[0].resolve().name if len(paths) == 1 else f"{len(paths) or len(prepared.docs)} inputs"
    return StoryBriefings(found, timelines, Path(name).stem)


# -- rendering ----------------------------------------------------------------------------------


def stories_dict(stories: Stories) -> dict:
    """``timeline stories --format json``."""
    return {"schema": STORIES_SCHEMA, "stories": [s.as_dict() for s in stories.stories]}


def render_stories(stories: Stories, fmt: str = "table") -> str:
    """The stories as a text table (``table``) or JSON (``json``)."""
    if fmt == "json":
        return json.dumps(stories_dict(stories), ensure_ascii=False, indent=2) + "\n"
    if fmt != "table":
        raise InputError(f"unknown format {fmt!r} (choose from table, json)")
    rows = [("id", "documents", "first", "last", "label", "terms")]
    rows += [(str(s.id), str(len(s.doc_ids)), s.first, s.last, s.label, ", ".join(s.terms[:6]))
             for s in stories.stories]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return "".join("  ".join(c.ljust(w) for c, w in zip(r[:5], widths)) + "  " + r[5] + "\n" for r in rows)


def render_story_briefings(result: StoryBriefings, fmt: str = "md") -> str:
    """All story briefings in one file: ``md``, ``html`` or ``json``."""
    if fmt == "json":
        data = {"schema": BRIEFINGS_SCHEMA, "stories": [
            {"id": s.id, "label": s.label, "terms": s.terms, "documents": s.doc_ids, "briefing": briefing_dict(tl)}
            for s, tl in result.timelines]}
        other = next((s for s in result.stories.stories if s.id == OTHER), None)
        data["other"] = other.doc_ids if other is not None else []
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return _markdown(result)
    if fmt == "html":
        return _html(result)
    raise InputError(f"--by-story writes md, json or html, not {fmt!r}")


def render_one_story(result: StoryBriefings, fmt: str) -> str:
    """``--story`` without ``--by-story``: the one story's briefing in any format."""
    return render(result.timelines[0][1], fmt)


def _index_rows(result: StoryBriefings) -> list[tuple[Story, Timeline | None]]:
    made = {s.id: tl for s, tl in result.timelines}
    return [(s, made.get(s.id)) for s in result.stories.stories]


def _markdown(result: StoryBriefings) -> str:
    total = sum(len(s.doc_ids) for s in result.stories.stories)
    out = [f"# Stories: {md_escape(result.name)}", "",
           f"*{total} documents, {len(result.stories.real)} stories, {len(result.timelines)} timelines.*", "",
           "| story | documents | published | terms |", "|---|---|---|---|"]
    for s, tl in _index_rows(result):
        name = f"[{s.id}. {md_escape(s.label)}](#story-{s.id})" if tl is not None else \
            (f"{s.id}. {md_escape(s.label)}" + (" (no timeline)" if s.id != OTHER else ""))
        out.append(f"| {name} | {len(s.doc_ids)} | {span_label(s.first, s.last)} | "
                   f"{md_escape(', '.join(s.terms[:6]))} |")
    out.append("")
    for s, tl in result.timelines:
        section = render_markdown(tl)
        section = re.sub(r"^(#+) ", r"#\1 ", section, flags=re.M)  # each story one level down
        out += [f'<a id="story-{s.id}"></a>', "", section.rstrip("\n"), ""]
    return "\n".join(out) + "\n"


def _html(result: StoryBriefings) -> str:
    title = f"Stories: {result.name}"
    first = render_html(result.timelines[0][1])
    head = first[:first.index("<body>")]
    head = re.sub(r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", head, count=1, flags=re.S)
    out = [head + "<body>", f"<h1>{html.escape(title)}</h1>", '<nav class="toc"><h2>Stories</h2><ol>']
    for s, tl in _index_rows(result):
        what = f"{len(s.doc_ids)} documents, {html.escape(span_label(s.first, s.last))}"
        name = html.escape(f"{s.id}. {s.label}")
        out.append(f'<li><a href="#story-{s.id}">{name}</a> ({what})</li>' if tl is not None else
                   f"<li>{name} ({what}; no timeline)</li>")
    out.append("</ol></nav>")
    for s, tl in result.timelines:
        page = render_html(tl)
        body = page[page.index("<body>") + len("<body>"):page.rindex("</body>")]
        for level in (3, 2, 1):  # each story one level down
            body = body.replace(f"<h{level}", f"<h{level + 1}").replace(f"</h{level}>", f"</h{level + 1}>")
        body = body.replace('id="src-', f'id="story-{s.id}-src-').replace('href="#src-', f'href="#story-{s.id}-src-')
        out.append(f'<section class="story" id="story-{s.id}">{body}</section>')
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def story_briefing_text(inputs: list[str | Path], cfg: Config, *, by_story: bool, story: str | None,
                        min_size: int | None, progress: bool = False, model=None,
                        state: str | Path | None = None) -> tuple[str, str]:
    """What ``summarise --by-story`` / ``--story`` writes, and what it is in words.

    ``--by-story``: every story in one file (``md``, ``json``, ``html``); ``--story`` alone:
    the matching story's briefing in any format.
    """
    if by_story and cfg.render.format not in ("md", "json", "html"):
        raise InputError(f"--by-story writes md, json or html, not {cfg.render.format!r}")
    result = summarise_by_story(inputs, cfg, story=story, min_size=min_size, progress=progress, model=model,
                                state=state)
    if by_story:
        return render_story_briefings(result, cfg.render.format), f"{len(result.timelines)} story timelines"
    s, tl = result.timelines[0]
    return render_one_story(result, cfg.render.format), f"story {s.id} ({s.label}): {len(tl.entries)} dates"
