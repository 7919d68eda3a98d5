"""Run configuration: one dataclass per stage, loaded from TOML and overridden by flags.

``configs/default.toml`` mirrors these defaults; a user file only needs the keys it
changes. Unknown sections or keys are an error (a typo should not pass silently).
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline.errors import InputError


@dataclass
class CorpusConfig:
    lang: str = "en"
    max_documents: int = 200_000
    max_document_chars: int = 2_000_000
    skip_bad: bool = False


@dataclass
class TemporalConfig:
    # granularities that can become an event date; coarser mentions are kept as mentions only
    event_granularities: list[str] = field(default_factory=lambda: ["day", "month"])
    cache: bool = True  # keep tagged documents in the cache folder (embed.cache_dir) for reruns


@dataclass
class EmbedConfig:
    model: str = "packaged:all-MiniLM-L6-v2"
    batch_size: int = 64
    max_length: int = 128
    cache: bool = True
    cache_dir: str = ""  # empty: the user cache folder


@dataclass
class ClusterConfig:
    method: str = "date-window"  # "date-window" or "none"
    threshold: float = 0.7
    window_days: int = 1


@dataclass
class SelectConfig:
    max_dates: int = 10
    start: str = ""
    end: str = ""
    granularities: list[str] = field(default_factory=lambda: ["day", "month"])
    later_mention_weight: float = 1.0  # per document published later that refers back to a date
    mention_weight: float = 0.25  # per document that mentions a date at all
    published_weight: float = 0.5  # per document published on a date
    hindsight_weight: float = 1.0  # again per document published over a week later that refers back
    month_weight: float = 0.5


@dataclass
class CondenseConfig:
    mode: str = "extractive"
    sentences_per_date: int = 2
    min_words: int = 5
    max_words: int = 40
    lead_sentences: int = 5  # sentences dated only by publication: just the first N of an article (0: all)
    redundancy: float = 0.8
    mmr_lambda: float = 1.0  # 1: pure centroid relevance; the redundancy threshold still applies
    generator: str = "packaged:SmolLM2-135M-Instruct"  # abstractive mode: or a local causal/seq2seq folder
    device: str = "cpu"
    max_new_tokens: int = 48
    relevance: str = "tfidf"  # centroid similarity of "tfidf" vectors or of "embedding" vectors
    objective: str = "summary"  # "summary": the k lines together closest to the centroid; "sentence": each alone
    centroid: str = "all"  # TF-IDF centroid over "all" of a date's candidates or only the "eligible" (printable)
    idf: str = "date"  # TF-IDF weights from the date's candidates ("date") or the whole corpus ("corpus")
    support_weight: float = 0.0  # bonus for a line whose event cluster spans many documents (0: none)
    hindsight_weight: float = 0.05  # bonus for a line published over hindsight_days after its date (a recap)
    hindsight_days: int = 7
    scorer_weight: float = 0.0  # a trained sentence scorer's standardised score, added to centrality (0: unused)
    published_days_before: int = 1  # undated lead sentences also speak for this many days before publication


@dataclass
class RenderConfig:
    format: str = "md"
    title: str = ""


@dataclass
class EngineConfig:
    name: str = "local"  # or "dask": read, split, tag and embed per partition on a Dask cluster
    scheduler: str = ""  # dask: a scheduler address (tcp://host:8786); empty: a LocalCluster
    workers: int = 0  # dask LocalCluster: worker processes (0: one per CPU core)
    partition_docs: int = 100  # documents (or files) per Dask task


@dataclass
class StoriesConfig:
    min_size: int = 5  # fewer documents are no story: they go to "other" (no timeline)
    warn: bool = True  # a plain summarise says when the documents hold several clear stories


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

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


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
            setattr(obj, key, _checked(value, current, f"{where}{key}"))


def _checked(value: Any, default: Any, key: str) -> Any:
    """``value`` if it has the setting's type (that of its default; an int will do for a float)."""
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
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
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError("config file not found", p) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"malformed TOML: {exc}", p) from None
        try:
            _apply(cfg, data, "")
        except InputError as exc:
            raise InputError(exc.reason, p) from None
    for dotted, value in (overrides or {}).items():
        if value is None:
            continue
        _apply(cfg, _nest(dotted, value), "")
    return cfg


def _nest(dotted: str, value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    cur = out
    parts = dotted.split(".")
    for part in parts[:-1]:
        cur = cur.setdefault(part, {})
    cur[parts[-1]] = value
    return out
