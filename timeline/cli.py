"""The ``timeline`` command. Each command parses its flags and calls one library function."""

from __future__ import annotations

import contextlib
import gc
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from timeline.config import LANGUAGE_HINT, language_code
from timeline.errors import InputError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Dated, cited chronologies from many documents.")

log = logging.getLogger("timeline")


EngineOption = Annotated[str | None, typer.Option("--engine", help="auto (default: worker processes when more "
                                                "than one core is usable), local, processes, or dask: read, split, "
                                                "tag and embed per partition on a Dask cluster.")]
SchedulerOption = Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address "
                                                     "(tcp://host:8786); a LocalCluster if omitted.")]
PublishedOption = Annotated[str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD) of "
                                                   "documents that carry none, or 'mtime' for each file's "
                                                   "modification time; a document's own date wins.")]


def _language(value: str | None) -> str | None:
    """``--lang``: ``auto`` or a language code the date grammar knows."""
    if value is None:
        return None
    code = language_code(value)
    if code is None:
        raise typer.BadParameter(f"{value!r} is not {LANGUAGE_HINT}")
    return code


def _setup_logging(quiet: bool, verbose: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("timeline: %(levelname)s: %(message)s"))
    root = logging.getLogger("timeline")
    root.handlers[:] = [handler]
    root.setLevel(logging.ERROR if quiet else (logging.DEBUG if verbose else logging.WARNING))
    root.propagate = False
    for noisy in ("transformers", "trafilatura", "htmldate"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def _fail(exc: Exception) -> None:
    typer.echo(f"timeline: error: {exc}", err=True)
    raise typer.Exit(2)


@contextlib.contextmanager
def _reported():
    """Inside a command: a user error is one line and exit 2, Ctrl-C exit 130; no traceback."""
    try:
        yield
    except InputError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        _interrupted()


def _interrupted() -> None:
    """Ctrl-C: nothing was written (outputs are renamed into place only when complete)."""
    typer.echo("timeline: interrupted; nothing written", err=True)
    raise typer.Exit(130)


def _split_list(values: list[str] | None) -> list[str] | None:
    """``--keywords a,b --keywords c`` -> ``["a", "b", "c"]``."""
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@app.command(epilog="""Examples:

  timeline summarise examples/corpus -o outputs/briefing.md

  timeline summarise articles.jsonl --keywords michael,jackson --max-dates 20 -o mj.md

  timeline summarise news/ --format json --start 2011-01-01 --end 2011-03-31 -o q1.json
""")
def summarise(
    inputs: Annotated[list[Path], typer.Argument(help="Files (.txt .md .html .json .jsonl .csv .rss .atom), folders, or - (one document piped in).",
                                                  show_default=False)],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output file; stdout if omitted.")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="md, json, html or timelinejs; by default the "
                                            "one -o's name asks for (x.json, x.html), else md.")] = None,
    max_dates: Annotated[int | None, typer.Option("--max-dates", help="Dates in the timeline (L).", min=1)] = None,
    sentences_per_date: Annotated[int | None, typer.Option("--sentences-per-date", help="Lines per date (k).",
                                                           min=1)] = None,
    start: Annotated[str | None, typer.Option("--start", help="First date to report (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--end", help="Last date to report (YYYY-MM-DD).")] = None,
    keywords: Annotated[list[str] | None, typer.Option("--keywords", help="Topic words; printed lines must "
                                                       "contain one. Comma-separated or repeated.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language code of the documents, or auto (the "
                                             "default): detect each document's language.",
                                             callback=_language)] = None,
    title: Annotated[str | None, typer.Option("--title", help="Briefing title.")] = None,
    summariser: Annotated[str | None, typer.Option("--summariser", help="extractive or abstractive (a model makes each line stand alone).")] = None,
    generator: Annotated[str | None, typer.Option("--generator", help="Abstractive: a local model folder, "
                                                  "packaged:SmolLM2-135M-Instruct, or a model server "
                                                  "openai:http://HOST:PORT/v1#MODEL.")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="TOML config file (see configs/).")] = None,
    model_dir: Annotated[Path | None, typer.Option("--model-dir", help="Trained model folder (timeline train).")] = None,
    state: Annotated[Path | None, typer.Option("--state", help="Folder that keeps tagged documents and vectors "
                                               "between runs: a rerun processes only new or changed ones.")] = None,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    by_story: Annotated[bool, typer.Option("--by-story", help="One timeline per story of a mixed feed, "
                                           "in one file (md, json or html).")] = False,
    story: Annotated[str | None, typer.Option("--story", help="Summarise only the story these words "
                                              "describe best (see timeline stories).")] = None,
    min_size: Annotated[int | None, typer.Option("--min-size", help="Fewer documents are no story "
                                                 "(with --by-story or --story).", min=1)] = None,
    chart: Annotated[bool, typer.Option("--chart/--no-chart", help="Articles-per-day chart: a PNG beside a "
                                        "Markdown briefing (-o), inline in HTML.")] = True,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Skip bad files and records (wrong columns, "
                                           "bad JSON, undecodable, undated), warning.")] = False,
    published: PublishedOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or warnings.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging.")] = False,
) -> None:
    """Summarise documents into a dated, cited timeline (Markdown, JSON, HTML or TimelineJS)."""
    _setup_logging(quiet, verbose)
    from timeline.briefing import format_for, write_briefing
    from timeline.config import load_config

    with _reported():
        for name, value in (("--start", start), ("--end", end)):
            if value:
                _check_date(name, value)
        if start and end and start > end:
            raise InputError(f"--start {start} is after --end {end}")
        cfg = load_config(config, {
            "select.max_dates": max_dates, "condense.sentences_per_date": sentences_per_date,
            "select.start": start, "select.end": end, "keywords": _split_list(keywords),
            "corpus.lang": lang, "condense.mode": summariser, "corpus.skip_bad": skip_bad or None,
            "corpus.published": published, "condense.generator": generator,
            "render.format": fmt, "render.title": title, "engine.name": engine, "engine.scheduler": scheduler,
        })
        if fmt is None and output is not None:  # -o briefing.json writes JSON, not Markdown named .json
            cfg.render.format = format_for(output, cfg.render.format)
        briefing = write_briefing(inputs, cfg, output, chart=chart, force=force, model=_load_model(model_dir),
                                  state=state, progress=not quiet and sys.stderr.isatty(), by_story=by_story,
                                  story=story, min_size=min_size)
    if briefing.path is None:
        sys.stdout.write(briefing.text)
    elif not quiet:
        typer.echo(f"timeline: wrote {briefing.what} to {output}"
                   + (f" and its chart to {briefing.chart_path.name}" if briefing.chart_path else ""), err=True)


def _write(target: Path | None, text: str, quiet: bool, what: str) -> None:
    """The output to ``target`` (atomically) or stdout."""
    from timeline.io import atomic_write_text

    if target is None:
        sys.stdout.write(text)
        return
    atomic_write_text(target, text)
    if not quiet:
        typer.echo(f"timeline: wrote {what} to {target}", err=True)


@app.command(epilog="""Examples:

  timeline stories feed.jsonl

  timeline stories clippings/ --format json -o stories.json --min-size 3
""")
def stories(
    inputs: Annotated[list[Path], typer.Argument(help="Files (.txt .md .html .json .jsonl .csv .rss .atom), folders, or - (one document piped in).",
                                                  show_default=False)],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output file; stdout if omitted.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    min_size: Annotated[int | None, typer.Option("--min-size", help="Fewer documents are no story "
                                                 "(they are listed under 0, other).", min=1)] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language code of the documents, or auto (the "
                                             "default): detect each document's language.",
                                             callback=_language)] = None,
    config: Annotated[Path | None, typer.Option("--config", help="TOML config file (see configs/).")] = None,
    state: Annotated[Path | None, typer.Option("--state", help="Folder that keeps vectors between runs "
                                               "(shared with summarise --state).")] = None,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Skip bad files and records (wrong columns, "
                                           "bad JSON, undecodable, undated), warning.")] = False,
    published: PublishedOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or warnings.")] = False,
) -> None:
    """List the stories of a mixed feed: id, label, terms, size, first and last publication date."""
    _setup_logging(quiet)
    from timeline.config import load_config
    from timeline.io import check_output_path, check_state_path
    from timeline.story_briefings import list_stories, render_stories

    with _reported():
        if fmt not in ("table", "json"):
            raise InputError(f"unknown format {fmt!r} (choose from table, json)")
        cfg = load_config(config, {"corpus.lang": lang, "corpus.skip_bad": skip_bad or None,
                                   "corpus.published": published, "engine.name": engine,
                                   "engine.scheduler": scheduler})
        target = check_output_path(output, inputs, force) if output else None
        if state is not None:
            check_state_path(state, inputs)
        found = list_stories(inputs, cfg, min_size=min_size, progress=not quiet and sys.stderr.isatty(),
                             state=state)
        text = render_stories(found, fmt)
    _write(target, text, quiet, f"{len(found.real)} stories")


def _load_model(model_dir: Path | None):
    if model_dir is None:
        return None
    from timeline.modeldir import ModelDir

    return ModelDir.load(model_dir)


def _check_date(name: str, value: str) -> None:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name} {value!r} is not a YYYY-MM-DD date") from None


@app.command()
def tag(
    input: Annotated[Path, typer.Argument(help='JSONL lines {"id", "dct": "YYYY-MM-DD", "text"}, or - (piped in).')],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output JSONL file.")],
    lang: Annotated[str, typer.Option("--lang", help="Language code of the texts, or auto (the default): "
                                      "detect each line's language.", callback=_language)] = "auto",
    published: PublishedOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Tag temporal expressions (TIMEX3 type and value, character offsets) in JSONL texts;
    ``--published`` anchors the lines without a ``dct``."""
    _setup_logging(quiet)
    from timeline.corpus import STDIN
    from timeline.io import atomic_write_text, check_output_path
    from timeline.tagfile import tag_jsonl

    with _reported():
        target = check_output_path(output, [] if str(input) == STDIN else [input], force)
        text = tag_jsonl(input, lang, published)
    atomic_write_text(target, text)


@app.command(epilog="""Examples:

  timeline evaluate ../shared/data/t17 -o outputs/eval/t17

  timeline evaluate ../shared/data/t17 -o outputs/eval/mj --topics mj --method pubcount
""")
def evaluate(
    datasets: Annotated[list[Path], typer.Argument(help="TLS dataset folders (<topic>/articles.jsonl, "
                                                   "timelines.jsonl); topics of several are named <folder>/<topic>.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Results folder (predictions.jsonl, metrics.json).")],
    config: Annotated[Path | None, typer.Option("--config", help="TOML config file.")] = None,
    model_dir: Annotated[Path | None, typer.Option("--model-dir", help="Trained model folder (timeline train).")] = None,
    topics: Annotated[list[str] | None, typer.Option("--topics", help="Topics to run (comma-separated or "
                                                     "repeated); all by default.")] = None,
    loo: Annotated[bool, typer.Option("--loo", help="Leave one topic out: train on all other topics first.")] = False,
    method: Annotated[str, typer.Option("--method", help="timeline, a baseline (random, pubcount, "
                                        "oracle-dates), or a peer: datewise, clust (Ghalandari & Ifrim 2020, "
                                        "re-implemented; DATEWISE trained on the other topics).")] = "timeline",
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Skip topics without usable reference "
                                           "timelines (and malformed records), warning.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace existing result files.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Run the benchmark protocol on every reference timeline and score it (AR-1/2, date F1, ...)."""
    _setup_logging(quiet)
    from timeline.benchmark import format_table, run_benchmark, write_results
    from timeline.config import load_config

    with _reported():
        cfg = load_config(config, {"engine.name": engine, "engine.scheduler": scheduler,
                                   "corpus.skip_bad": skip_bad or None})
        for name in ("predictions.jsonl", "metrics.json"):
            if (output / name).exists() and not force:
                raise InputError("output exists; pass --force to replace it", output / name)
        if loo and model_dir is not None:
            raise InputError("--loo trains its own models; leave out --model-dir")
        results = run_benchmark(datasets, cfg, methods=(method,), topics=_split_list(topics),
                                progress=not quiet and sys.stderr.isatty(), model=_load_model(model_dir), loo=loo)
        write_results(results[0], output, force=True)
    typer.echo(format_table(results))
    if results[0].rankers:  # which date ranker scored the topics: never one trained on them
        typer.echo("date ranker per topic: " + ", ".join(f"{name} {n}" for name, n in sorted(results[0].rankers.items())))


@app.command(epilog="""Examples:

  timeline train ../shared/data/t17 -o models/t17

  timeline train ../shared/data/t17 -o models/t17-no-mj --topics bpoil,egypt,finan,h1n1,haiti,iraq,libya,syria
""")
def train(
    datasets: Annotated[list[Path], typer.Argument(help="TLS dataset folders (<topic>/articles.jsonl, "
                                                   "timelines.jsonl); topics of several are named <folder>/<topic>.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Model folder to write.")],
    config: Annotated[Path | None, typer.Option("--config", help="TOML config file.")] = None,
    topics: Annotated[list[str] | None, typer.Option("--topics", help="Topics to train on; all by default.")] = None,
    summariser: Annotated[bool, typer.Option("--summariser", help="Also fine-tune the condensing model (a LoRA adapter) for self-contained lines.")] = False,
    steps: Annotated[int | None, typer.Option("--steps", help="Fine-tuning steps (default: one epoch).", min=1)] = None,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Skip topics without usable reference "
                                           "timelines (and malformed records), warning.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing model folder's files.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Learn date selection from reference timelines; use the result with --model-dir."""
    _setup_logging(quiet)
    from timeline.config import load_config
    from timeline.train import train as run_train

    with _reported():
        if (output / "manifest.json").exists() and not force:
            raise InputError("model folder exists; pass --force to replace it", output)
        if any(output.resolve().is_relative_to(d.resolve()) for d in datasets):
            raise InputError("refusing to write the model inside a dataset folder", output)
        cfg = load_config(config, {"engine.name": engine, "engine.scheduler": scheduler,
                                   "corpus.skip_bad": skip_bad or None})
        model = run_train(datasets, output, cfg, _split_list(topics), summariser=summariser,
                          steps=steps, progress=not quiet and sys.stderr.isatty())
    trained = model.manifest["trained_on"]
    typer.echo(f"timeline: trained on {trained['timelines']} timelines of {len(trained['topics'])} topics "
               f"({trained['reference_dates']} of {trained['candidate_dates']} candidate dates in references); "
               f"wrote {output}", err=True)
    check = trained.get("date_ranker", {})
    if "heuristic_date_f1" in check:
        typer.echo(f"timeline: date ranker: kept the {check['chosen']} weights (held-out date F1: fitted "
                   f"{check['fitted_date_f1']:.3f}, heuristic {check['heuristic_date_f1']:.3f}, "
                   f"{check['validation']})", err=True)
    elif check:
        typer.echo("timeline: date ranker: fitted weights, not validated (one reference timeline)", err=True)


cache_app = typer.Typer(no_args_is_help=True, help="The cache folder: sentence vectors, tagged documents, "
                        "converted models. It never shrinks by itself.")
app.add_typer(cache_app, name="cache")


def _cache_folder(config: Path | None) -> Path:
    from timeline.config import load_config
    from timeline.embed import cache_folder

    return cache_folder(load_config(config))


@cache_app.command("info")
def cache_info(
    config: Annotated[Path | None, typer.Option("--config", help="TOML config file (its embed.cache_dir).")] = None,
) -> None:
    """Where the cache is and what it holds."""
    from timeline.cachedir import cache_info as info

    with _reported():
        folder = _cache_folder(config)
        parts = info(folder)
    typer.echo(f"cache folder: {folder}")
    if not parts:
        typer.echo("  empty")
    for part in parts:
        count = "?" if part.entries is None else f"{part.entries:,}"
        typer.echo(f"  {part.name}: {part.what}, {count} entries, {part.bytes / 1e6:,.1f} MB")
    total = sum(p.bytes for p in parts)
    typer.echo(f"  total {total / 1e6:,.1f} MB")


@cache_app.command("clear")
def cache_clear(
    config: Annotated[Path | None, typer.Option("--config", help="TOML config file (its embed.cache_dir).")] = None,
) -> None:
    """Delete the cached vectors, tagged documents and converted models (the next run recomputes them)."""
    from timeline.cachedir import clear_cache

    with _reported():
        folder = _cache_folder(config)
        freed = clear_cache(folder)
    typer.echo(f"timeline: cleared {folder} ({freed / 1e6:,.1f} MB freed)")


def main() -> None:
    """Entry point: run the app; Ctrl-C exits 130 without a traceback or partial output."""
    # A run keeps hundreds of thousands of sentences and cached results alive, and with the
    # default threshold (700 new objects) the collector walks them thousands of times; rarer
    # young collections cost a few MB at peak (timing in the README's Speed section).
    gc.set_threshold(10_000, 10, 10)
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("timeline: interrupted; nothing written", err=True)
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
