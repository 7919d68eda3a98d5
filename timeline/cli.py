"""The ``timeline`` command. Each command parses its flags and calls one library function."""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from timeline.errors import InputError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Dated, cited chronologies from many documents.")

log = logging.getLogger("timeline")


EngineOption = Annotated[str | None, typer.Option("--engine", help="local, or dask: read, split, tag and embed "
                                                "per partition on a Dask cluster.")]
SchedulerOption = Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address "
                                                     "(tcp://host:8786); a LocalCluster if omitted.")]


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
    inputs: Annotated[list[Path], typer.Argument(help="Files (.txt .md .html .jsonl .csv) or folders.",
                                                  show_default=False)],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output file; stdout if omitted.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="md, json, html or timelinejs.")] = "md",
    max_dates: Annotated[int | None, typer.Option("--max-dates", help="Dates in the timeline (L).", min=1)] = None,
    sentences_per_date: Annotated[int | None, typer.Option("--sentences-per-date", help="Lines per date (k).",
                                                           min=1)] = None,
    start: Annotated[str | None, typer.Option("--start", help="First date to report (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--end", help="Last date to report (YYYY-MM-DD).")] = None,
    keywords: Annotated[list[str] | None, typer.Option("--keywords", help="Topic words; printed lines must "
                                                       "contain one. Comma-separated or repeated.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language code of the documents.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Briefing title.")] = None,
    summariser: Annotated[str | None, typer.Option("--summariser", help="extractive or abstractive (a local model rewrites each entry).")] = None,
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
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Skip malformed records and files, warning.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or warnings.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging.")] = False,
) -> None:
    """Summarise documents into a dated, cited timeline (Markdown, JSON, HTML or TimelineJS)."""
    _setup_logging(quiet, verbose)
    from timeline.config import load_config
    from timeline.io import atomic_write_bytes, atomic_write_text, check_output_path, check_state_path
    from timeline.pipeline import summarise as run
    from timeline.render import render
    from timeline.render.chart import chart_png

    with _reported():
        for name, value in (("--start", start), ("--end", end)):
            if value:
                _check_date(name, value)
        cfg = load_config(config, {
            "select.max_dates": max_dates, "condense.sentences_per_date": sentences_per_date,
            "select.start": start, "select.end": end, "keywords": _split_list(keywords),
            "corpus.lang": lang, "condense.mode": summariser, "corpus.skip_bad": skip_bad or None,
            "render.format": fmt, "render.title": title, "engine.name": engine, "engine.scheduler": scheduler,
        })
        target = check_output_path(output, inputs, force) if output else None
        chart_path = None
        if chart and target is not None and cfg.render.format == "md":  # the PNG beside the briefing
            chart_path = check_output_path(target.with_suffix(".png"), inputs, force)
        if state is not None:
            check_state_path(state, inputs)
        model = _load_model(model_dir)
        if by_story or story:  # one timeline per story: timeline.briefings
            from timeline.briefings import story_briefing_text

            text, written = story_briefing_text(inputs, cfg, by_story=by_story, story=story, min_size=min_size,
                                                progress=not quiet and sys.stderr.isatty(), model=model,
                                                state=state)
            _write(target, text, quiet, written)
            return
        timeline = run(inputs, cfg, progress=not quiet and sys.stderr.isatty(), model=model, state=state)
        png = chart_png(timeline) if chart and (chart_path or cfg.render.format == "html") else None
        chart_path = chart_path if png else None
        text = render(timeline, cfg.render.format, chart_path.name if chart_path else png)
    if target is None:
        sys.stdout.write(text)
    else:
        if chart_path is not None:
            atomic_write_bytes(chart_path, png)
        atomic_write_text(target, text)
        if not quiet:
            typer.echo(f"timeline: wrote {len(timeline.entries)} dates to {output}"
                       + (f" and its chart to {chart_path.name}" if chart_path else ""), err=True)


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
    inputs: Annotated[list[Path], typer.Argument(help="Files (.txt .md .html .jsonl .csv) or folders.",
                                                  show_default=False)],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output file; stdout if omitted.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    min_size: Annotated[int | None, typer.Option("--min-size", help="Fewer documents are no story "
                                                 "(they are listed under 0, other).", min=1)] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language code of the documents.")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="TOML config file (see configs/).")] = None,
    state: Annotated[Path | None, typer.Option("--state", help="Folder that keeps vectors between runs "
                                               "(shared with summarise --state).")] = None,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Skip malformed records and files, warning.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or warnings.")] = False,
) -> None:
    """List the stories of a mixed feed: id, label, terms, size, first and last publication date."""
    _setup_logging(quiet)
    from timeline.briefings import list_stories, render_stories
    from timeline.config import load_config
    from timeline.io import check_output_path, check_state_path

    with _reported():
        if fmt not in ("table", "json"):
            raise InputError(f"unknown format {fmt!r} (choose from table, json)")
        cfg = load_config(config, {"corpus.lang": lang, "corpus.skip_bad": skip_bad or None,
                                   "engine.name": engine, "engine.scheduler": scheduler})
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
    input: Annotated[Path, typer.Argument(help='JSONL lines {"id", "dct": "YYYY-MM-DD", "text"}.')],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output JSONL file.")],
    lang: Annotated[str, typer.Option("--lang", help="Language code of the texts.")] = "en",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Tag temporal expressions (TIMEX3 type and value, character offsets) in JSONL texts."""
    _setup_logging(quiet)
    from timeline.io import atomic_write_text, check_output_path
    from timeline.temporal.tagfile import tag_jsonl

    with _reported():
        target = check_output_path(output, [input], force)
        text = tag_jsonl(input, lang)
    atomic_write_text(target, text)


@app.command(epilog="""Examples:

  timeline evaluate ../shared/data/t17 -o outputs/eval/t17

  timeline evaluate ../shared/data/t17 -o outputs/eval/mj --topics mj --method pubcount
""")
def evaluate(
    dataset: Annotated[Path, typer.Argument(help="TLS dataset folder (<topic>/articles.jsonl, timelines.jsonl).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Results folder (predictions.jsonl, metrics.json).")],
    config: Annotated[Path | None, typer.Option("--config", help="TOML config file.")] = None,
    model_dir: Annotated[Path | None, typer.Option("--model-dir", help="Trained model folder (timeline train).")] = None,
    topics: Annotated[list[str] | None, typer.Option("--topics", help="Topics to run (comma-separated or "
                                                     "repeated); all by default.")] = None,
    loo: Annotated[bool, typer.Option("--loo", help="Leave one topic out: train on all other topics first.")] = False,
    method: Annotated[str, typer.Option("--method", help="timeline, or a baseline: random, pubcount, "
                                        "oracle-dates.")] = "timeline",
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing result files.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Run the benchmark protocol on every reference timeline and score it (AR-1/2, date F1, ...)."""
    _setup_logging(quiet)
    from timeline.config import load_config
    from timeline.evaluate.harness import format_table, run_benchmark, write_results

    with _reported():
        cfg = load_config(config, {"engine.name": engine, "engine.scheduler": scheduler})
        for name in ("predictions.jsonl", "metrics.json"):
            if (output / name).exists() and not force:
                raise InputError("output exists; pass --force to replace it", output / name)
        if loo and model_dir is not None:
            raise InputError("--loo trains its own models; leave out --model-dir")
        results = run_benchmark(dataset, cfg, methods=(method,), topics=_split_list(topics),
                                progress=not quiet and sys.stderr.isatty(), model=_load_model(model_dir), loo=loo)
        write_results(results[0], output, force=True)
    typer.echo(format_table(results))


@app.command(epilog="""Examples:

  timeline train ../shared/data/t17 -o models/t17

  timeline train ../shared/data/t17 -o models/t17-no-mj --topics bpoil,egypt,finan,h1n1,haiti,iraq,libya,syria
""")
def train(
    dataset: Annotated[Path, typer.Argument(help="TLS dataset folder (<topic>/articles.jsonl, timelines.jsonl).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Model folder to write.")],
    config: Annotated[Path | None, typer.Option("--config", help="TOML config file.")] = None,
    topics: Annotated[list[str] | None, typer.Option("--topics", help="Topics to train on; all by default.")] = None,
    summariser: Annotated[bool, typer.Option("--summariser", help="Also fine-tune the condensing model.")] = False,
    steps: Annotated[int | None, typer.Option("--steps", help="Fine-tuning steps (default: one epoch).", min=1)] = None,
    top_layers: Annotated[int | None, typer.Option("--top-layers", help="Fine-tune only the last N blocks "
                                                   "(default 8; 0: every weight).", min=0)] = None,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
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
        if output.resolve().is_relative_to(dataset.resolve()):
            raise InputError("refusing to write the model inside the dataset folder", output)
        cfg = load_config(config, {"engine.name": engine, "engine.scheduler": scheduler})
        model = run_train(dataset, output, cfg, _split_list(topics), summariser=summariser,
                          steps=steps, progress=not quiet and sys.stderr.isatty(), top_layers=top_layers)
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


def main() -> None:
    """Entry point: run the app; Ctrl-C exits 130 without a traceback or partial output."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("timeline: interrupted; nothing written", err=True)
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
