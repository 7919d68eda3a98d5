"""``timeline train``: a model folder learned from corpora with reference timelines."""

from __future__ import annotations

import logging
from pathlib import Path

from tqdm.auto import tqdm

from timeline.condense import load_generator
from timeline.config import Config
from timeline.datasets import choose_topics
from timeline.embed import cache_folder, make_embedder
from timeline.engine import engine_for
from timeline.errors import InputError
from timeline.modeldir import ModelDir
from timeline.modelserver import parse_server
from timeline.prepare import prepare
from timeline.select import DateRanker
from timeline.train.examples import fit_date_ranker, fit_sentence_scorer, topic_examples
from timeline.train.generator import edit_pairs, fine_tune

log = logging.getLogger(__name__)


def train(datasets: Path | list[Path], out: Path, cfg: Config, topics: list[str] | None = None,
          summariser: bool = False, steps: int | None = None, progress: bool = False) -> ModelDir:
    """Train a model folder on ``topics`` (all by default) of one or several TLS datasets
    (topics of several are named ``<dataset folder>/<topic>``).

    With ``summariser``, also fine-tune the condensing model (``cfg.condense.generator``, a
    local model) for its job on (sentence + its edits -> the edited line) pairs of the
    training corpora: a LoRA adapter in ``out/generator``.

    Raises:
        InputError: Not a dataset, an unknown topic, or nothing to learn from.
    """
    datasets = [datasets] if isinstance(datasets, Path) else list(datasets)
    chosen = choose_topics(datasets, topics, cfg.corpus.skip_bad)
    examples, pairs = [], []
    with engine_for(cfg.engine) as engine:
        embedder = make_embedder(cfg, engine)
        read = []
        for topic in tqdm(chosen, desc="topics", disable=not progress):
            try:
                prepared = prepare([topic.folder], cfg, progress, engine=engine)
            except InputError as exc:  # no usable articles
                if not cfg.corpus.skip_bad:
                    raise
                log.warning("%s; topic skipped", exc)
                continue
            read.append(topic)
            examples += topic_examples(topic, cfg, prepared, embedder=embedder)
            if summariser:
                pairs += edit_pairs(prepared, cfg.keywords or topic.keywords())
    ranker_report: dict = {}
    ranker = fit_date_ranker(examples, DateRanker.heuristic(cfg.select), ranker_report)
    model = ModelDir(date_ranker=ranker, sentence_scorer=fit_sentence_scorer(examples))
    finetune_stats = None
    if summariser:
        if parse_server(cfg.condense.generator) is not None:
            raise InputError("timeline train --summariser fine-tunes a local model, not a model server "
                             "(condense.generator)")
        base = cfg.condense.generator
        base = base if base.startswith("packaged:") else str(Path(base).expanduser().resolve())
        gen = load_generator(cfg.condense, cache_folder(cfg))  # this run's own copy: fine-tuning changes it
        finetune_stats = fine_tune(gen, pairs, out / "generator", base, max_steps=steps, progress=progress)
        model.generator = out / "generator"
    positives = int(sum(e.labels.sum() for e in examples))
    model.save(out, {"dataset": ", ".join(str(d) for d in datasets), "topics": [t.name for t in read], "timelines": len(examples),
                     "candidate_dates": int(sum(len(e.labels) for e in examples)), "reference_dates": positives,
                     "sentences": int(sum(len(e.sentence_y) for e in examples if e.sentence_y is not None)),
                     "date_ranker": ranker_report,
                     **({"generator_base": cfg.condense.generator, "fine_tune": finetune_stats} if summariser else {})})
    return model
