"""Which topics a benchmark or a training run reads: one or several TLS dataset folders.

With one dataset folder a topic is named as its sub-folder (``mj``); with several, topics are
pooled and named ``<dataset folder name>/<topic>`` (``t17/mj``), so names stay unique.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from timeline.corpus.tls import Reference, dataset_topics, read_keywords, read_timelines, topic_articles
from timeline.errors import InputError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Topic:
    """One topic of a TLS dataset: its name in results and its folder."""

    name: str
    folder: Path

    @property
    def dataset(self) -> str:
        return self.name.rpartition("/")[0] or self.folder.parent.name

    def keywords(self) -> list[str]:
        return read_keywords(self.folder)

    def references(self) -> list[Reference]:
        """The topic's reference timelines.

        Raises:
            InputError: None at all, or an empty one (naming the file).
        """
        refs = read_timelines(self.folder)
        where = self.folder / "timelines.jsonl" if (self.folder / "timelines.jsonl").is_file() else self.folder
        if not refs:
            raise InputError("no reference timelines", where)
        for number, ref in enumerate(refs, start=1):
            if not ref:
                raise InputError(f"reference timeline {number} is empty", where, number)
        return refs


def dataset_topic_list(datasets: list[Path]) -> list[Topic]:
    """Every topic of the given dataset folders (a single topic folder counts as a dataset of one).

    Raises:
        InputError: A folder that is not a TLS dataset.
    """
    out: list[Topic] = []
    several = len(datasets) > 1
    for dataset in datasets:
        names = dataset_topics(dataset)
        if names:
            folders = [dataset / n for n in names]
        elif topic_articles(dataset):
            folders = [dataset]
        else:
            raise InputError("not a TLS dataset (no <topic>/articles.jsonl or InputDocs/)", dataset)
        for folder in folders:
            out.append(Topic(f"{dataset.name}/{folder.name}" if several and folder != dataset else folder.name, folder))
    return out


def choose_topics(datasets: list[Path], names: list[str] | None = None, skip_bad: bool = False) -> list[Topic]:
    """The topics named (all by default), each checked to have reference timelines.

    Args:
        skip_bad: Skip a topic without usable reference timelines, with a warning, instead of
            stopping.

    Raises:
        InputError: An unknown topic name, or a topic without usable reference timelines.
    """
    available = dataset_topic_list(datasets)
    by_name = {t.name: t for t in available}
    unknown = [n for n in names or [] if n not in by_name]
    if unknown:
        raise InputError(f"unknown topic(s) {', '.join(unknown)}; the dataset has {', '.join(by_name)}",
                         datasets[0] if len(datasets) == 1 else None)
    chosen = [by_name[n] for n in names] if names else available
    usable = []
    for topic in chosen:
        try:
            topic.references()
        except InputError as exc:
            if not skip_bad:
                raise InputError(f"{exc.reason}; pass --skip-bad to skip such topics", exc.path, exc.line) from None
            log.warning("%s; topic skipped", exc)
            continue
        usable.append(topic)
    if not usable:
        raise InputError("no topic with reference timelines", datasets[0])
    return usable
