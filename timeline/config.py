"""Run configuration: one dataclass per stage, loaded from TOML and overridden by flags.

``configs/default.toml`` mirrors these defaults; a user file only needs the keys it
changes. Unknown sections or keys are an error (a typo should not pass silently).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from timeline.errors import InputError
from timeline.modelserver import parse_server


def _range(lo: float | None = None, hi: float | None = None, **kw) -> Any:
    """A dataclass field whose value must lie in ``[lo, hi]`` (checked at load)."""
    return field(metadata={"range": (lo, hi)}, **kw)


Granularity = Literal["day", "month"]


@dataclass
class CorpusConfig:
    lang: str = "auto"  # or a code ("es"): "auto" detects each document's language
    max_documents: int = _range(1, default=200_000)
    max_document_chars: int = _range(1, default=2_000_000)
    skip_bad: bool = False
    published: str = ""  # publication date of documents that carry none: YYYY-MM-DD, or "mtime" (the file's)
    near_duplicates: float = 0.0  # Jaccard of word 5-shingles at which copies count once (0: off)


@dataclass
class TemporalConfig:
    # granularities that can become an event date; coarser mentions are kept as mentions only
    event_granularities: list[Granularity] = field(default_factory=lambda: ["day", "month"])
    cache: bool = True  # keep tagged documents (and detected languages) in the cache folder (embed.cache_dir) for reruns


@dataclass
class EmbedConfig:
    model: str = "packaged:all-MiniLM-L6-v2"
    batch_size: int = _range(1, default=64)
    max_length: int = _range(8, 8192, default=128)
    # "auto": ONNX Runtime where installed (same vectors, loads without torch), else torch
    backend: Literal["auto", "torch", "onnx"] = "auto"
    # "int8": the ONNX encoder's matrix products with int8 weights (about twice as fast, vectors
    # within a cosine of about 0.99; the torch backend is always fp32)
    precision: Literal["fp32", "int8"] = "int8"
    cache: bool = True
    cache_dir: str = ""  # empty: the user cache folder
    # encoder for corpora not (all) in English: a local multilingual encoder folder, or "hashing"
    multilingual_model: str = "hashing"


@dataclass
class ClusterConfig:
    method: Literal["date-window", "none"] = "date-window"
    threshold: float = _range(0.0, 1.0, default=0.7)
    window_days: int = _range(0, default=1)


# "Looking back": a mention or line published more than this many days after its date. Chosen
# inside leave-one-topic-out folds on both development datasets (README, "Blind benchmark").
HINDSIGHT_DAYS = 7


@dataclass
class SelectConfig:
    max_dates: int = _range(1, default=10)
    start: str = ""  # YYYY-MM-DD or empty
    end: str = ""
    granularities: list[Granularity] = field(default_factory=lambda: ["day", "month"])
    later_mention_weight: float = 1.0  # per document published later that refers back to a date
    mention_weight: float = 0.25  # per document that mentions a date at all
    published_weight: float = 0.5  # per document published on a date
    hindsight_weight: float = 1.0  # again per document published over hindsight_days later that refers back
    hindsight_days: int = _range(0, default=HINDSIGHT_DAYS)  # "looking back": published more than this many days after a date
    month_weight: float = _range(0.0, default=0.5)
    # a document mentioning n distinct dates counts n ** -date_spread for each (0: 1 for each)
    date_spread: float = _range(0.0, default=0.0)
    # "packaged": the date ranker trained on both development datasets that ships with timeline
    # (timeline/models/dev; English news, so a corpus in another language gets the heuristic);
    # "heuristic": the weights above. A --model-dir's ranker wins over both.
    ranker: Literal["heuristic", "packaged"] = "packaged"


@dataclass
class CondenseConfig:
    mode: Literal["extractive", "abstractive", "lead"] = "extractive"
    sentences_per_date: int = _range(1, default=2)
    min_words: int = _range(0, default=5)
    max_words: int = _range(1, default=40)
    lead_sentences: int = _range(0, default=10)  # sentences dated only by publication: just the first N (0: all)
    redundancy: float = _range(0.0, 2.0, default=0.85)  # cosine; above 1 turns the redundancy cut off
    mmr_lambda: float = _range(0.0, 1.0, default=1.0)  # 1: pure centroid relevance; redundancy still applies
    # abstractive mode: a packaged model, a local causal/seq2seq (or LoRA adapter) folder, or a
    # model server: "openai:http://HOST:PORT/v1#MODEL" (checked at load)
    generator: str = "packaged:SmolLM2-135M-Instruct"
    device: Literal["cpu", "cuda", "mps"] = "cpu"
    max_new_tokens: int = _range(1, 1024, default=128)  # cap; each line gets its source's length plus a little
    precision: Literal["fp32", "bf16", "int8"] = "fp32"  # local model: int8 = dynamic quantisation (CPU)
    batch_size: int = _range(1, 256, default=16)  # lines per generate() call (or candidate lines per forward pass)
    edit: Literal["choose", "write"] = "choose"  # the model picks among rule-built lines, or writes the line
    choice_margin: float = _range(0.0, default=1.0)  # choose: nats a token the best line must lead the next by
    threads: int = _range(0, 256, default=0)  # local model: CPU threads (0: the CPUs other processes leave free)
    timeout: float = _range(0.1, 3600.0, default=60.0)  # model server: seconds per answer
    retries: int = _range(0, 10, default=2)  # model server: further tries after a failure
    relevance: Literal["tfidf", "embedding"] = "tfidf"  # centroid similarity of TF-IDF or embedding vectors
    objective: Literal["summary", "sentence"] = "summary"  # the k lines together closest to the centroid, or each alone
    centroid: Literal["all", "eligible"] = "all"  # TF-IDF centroid over all of a date's candidates or the printable
    idf: Literal["date", "corpus"] = "date"  # TF-IDF weights from the date's candidates or the whole corpus
    support_weight: float = _range(0.0, default=0.0)  # bonus for a line whose event cluster spans many documents
    hindsight_weight: float = 0.05  # bonus for a line published over select.hindsight_days after its date (a recap)
    scorer_weight: float = 0.0  # a trained sentence scorer's standardised score, added to centrality (0: unused)
    published_days_before: int = _range(0, default=1)  # undated lead sentences also speak for this many days before
    lead_decay: float = _range(0.0, default=0.02)  # undated lines: this much less relevance at the lead's end (chosen in folds)


@dataclass
class RenderConfig:
    format: Literal["md", "json", "html", "timelinejs"] = "md"
    title: str = ""


@dataclass
class EngineConfig:
    # auto: worker processes when more than one core is usable; dask: per partition on a Dask cluster
    name: Literal["auto", "local", "processes", "dask"] = "auto"
    scheduler: str = ""  # dask: a scheduler address (tcp://host:8786); empty: a LocalCluster
    workers: int = _range(0, default=0)  # worker processes (0: one per usable core)
    partition_docs: int = _range(1, default=100)  # documents (or files) per task


@dataclass
class StoriesConfig:
    min_size: int = _range(1, default=5)  # fewer documents are no story: they go to "other" (no timeline)
    warn: bool = True  # a plain summarise says when the documents hold several clear stories
    # the encoder's vector of each document's title and lead as a third view of the grouping: a
    # pass over every document (the slowest part of a cold --by-story) that did not help it
    vectors: bool = False


@dataclass
class Config:
    corpus: CorpusConfig = field(default_factory=CorpusConfig)
    temporal: TemporalConfig = field(default_factory=TemporalConfig)
    embed: EmbedConfig = field(default_factory=EmbedConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    select: SelectConfig = field(default_factory=SelectConfig)
    condense: CondenseConfig = field(default_factory=CondenseConfig)
    render: RenderConfig = field(default_factory=RenderConfig)
    engine: EngineConfig = field(default_factory=EngineConfig)
    stories: StoriesConfig = field(default_factory=StoriesConfig)
    keywords: list[str] = field(default_factory=list)


DATE_KEYS = {"select.start", "select.end"}


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _apply(obj: Any, values: dict[str, Any], where: str) -> None:
    names = {f.name: f for f in dataclasses.fields(obj)}
    for key, value in values.items():
        if key not in names:
            raise InputError(f"unknown config key '{where}{key}'")
        current = getattr(obj, key)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, dict):
                raise InputError(f"config key '{where}{key}' must be a table")
            _apply(current, value, f"{where}{key}.")
        else:
            value = _checked(value, current, f"{where}{key}")
            _check_allowed(value, _hints(type(obj))[key], names[key].metadata.get("range"), f"{where}{key}")
            if f"{where}{key}" == "corpus.lang":
                value = language_code(value)  # "pt-BR" -> "pt": the code the grammar knows
            setattr(obj, key, value)


def _check_allowed(value: Any, hint: Any, bounds: tuple | None, key: str) -> None:
    """A value of the right type that the setting still cannot take: a choice it does not
    offer, a number out of range, a date that is no date."""
    choices = typing.get_args(hint) if typing.get_origin(hint) is Literal else None
    if typing.get_origin(hint) is list:
        inner = typing.get_args(hint)[0]
        choices = typing.get_args(inner) if typing.get_origin(inner) is Literal else None
        bad = [v for v in value if choices and v not in choices]
        if bad:
            raise InputError(f"config key '{key}' takes {', '.join(map(repr, choices))}, not {bad[0]!r}")
    elif choices and value not in choices:
        raise InputError(f"config key '{key}' must be one of {', '.join(map(repr, choices))}, not {value!r}")
    if bounds:
        lo, hi = bounds
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            span = f"between {lo} and {hi}" if lo is not None and hi is not None else (
                f"at least {lo}" if lo is not None else f"at most {hi}")
            raise InputError(f"config key '{key}' must be {span}, not {value!r}")
    if key == "condense.generator":
        try:
            parse_server(value)
        except ValueError as exc:
            raise InputError(f"config key '{key}': {exc}") from None
    if key == "corpus.lang" and language_code(value) is None:
        raise InputError(f"config key '{key}' must be {LANGUAGE_HINT}, not {value!r}")
    if key in DATE_KEYS and value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise InputError(f"config key '{key}' must be a YYYY-MM-DD date, not {value!r}") from None


def language_code(code: str) -> str | None:
    """``code`` as the date grammar knows it: ``auto``, a code ``dateparser`` has data for
    (``en``, ``es``, ``fr-CA``, ``zh``), else its base language (``pt-BR`` -> ``pt``, ``EN`` ->
    ``en``); ``None`` when neither is known (``xx``, ``english``)."""
    if code == "auto":
        return code
    from dateparser.languages.loader import default_loader

    for candidate in (code, code.replace("_", "-").split("-")[0].lower()):
        try:
            default_loader.get_locale(candidate)
        except ValueError:
            continue
        return candidate
    return None


LANGUAGE_HINT = "'auto' or a language code (en, es, fr, it, de, pt, ru, zh, ...)"


def _checked(value: Any, default: Any, key: str) -> Any:
    """``value`` if it has the setting's type (that of its default; an int will do for a float)."""
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value)
        value = float(value) if ok else value
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, list):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        kind = {bool: "true or false", float: "a number", int: "a whole number", list: "a list of strings",
                str: "a string"}.get(type(default), type(default).__name__)
        raise InputError(f"config key '{key}' must be {kind}, not {value!r}")
    return value


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """Build a :class:`Config` from defaults, an optional TOML file and flag overrides.

    Args:
        path: A TOML file; sections match the stage names (``[select]``, ...).
        overrides: Dotted keys (``"select.max_dates"``) to values; ``None`` values are ignored.

    Raises:
        InputError: On an unreadable or malformed file, an unknown key or a value of the wrong type.
    """
    cfg = Config()
    if path is not None:
        p = Path(path)
        try:
            data = tomllib.loads(_toml_text(p.read_bytes()))
        except FileNotFoundError:
            raise InputError("config file not found", p) from None
        except IsADirectoryError:
            raise InputError("config path is a folder; give a TOML file", p) from None
        except OSError as exc:
            raise InputError(f"config file cannot be read ({exc.strerror or exc})", p) from None
        except UnicodeDecodeError as exc:
            raise InputError(f"config file is not UTF-8 text (byte {exc.start}); save it as UTF-8", p) from None
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"malformed TOML: {exc}", p) from None
        try:
            _apply(cfg, data, "")
        except InputError as exc:
            raise InputError(exc.reason, p) from None
    for dotted, value in (overrides or {}).items():
        if value is None:
            continue
        _apply(cfg, _nest(dotted, value), "")
    if cfg.select.start and cfg.select.end and cfg.select.start > cfg.select.end:  # an empty period
        raise InputError(f"config key 'select.start' ({cfg.select.start}) is after 'select.end' ({cfg.select.end})",
                         path)
    if cfg.condense.min_words > cfg.condense.max_words:  # no line could be printed
        raise InputError(f"config key 'condense.min_words' ({cfg.condense.min_words}) is above "
                         f"'condense.max_words' ({cfg.condense.max_words})", path)
    return cfg


def _toml_text(data: bytes) -> str:
    """A config file's text: UTF-8, with or without the byte-order mark Windows editors write,
    or UTF-16 with its byte-order mark ("Unicode" in Notepad).

    Raises:
        UnicodeDecodeError: Neither.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _nest(dotted: str, value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    cur = out
    parts = dotted.split(".")
    for part in parts[:-1]:
        cur = cur.setdefault(part, {})
    cur[parts[-1]] = value
    return out
