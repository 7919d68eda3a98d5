"""Trained model folders: a JSON manifest plus JSON (and safetensors) components, never pickle.

    MODEL_DIR/manifest.json     what was trained, on what, with which settings
    MODEL_DIR/date_ranker.json  the learned date ranker (timeline.select.DateRanker)
    MODEL_DIR/sentence_scorer.json  the learned sentence scorer (timeline.condense.scorer)
    MODEL_DIR/generator/        a fine-tuned condensing model (LoRA adapter, safetensors), with --summariser
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from timeline import __version__
from timeline.condense.scorer import SentenceScorer
from timeline.errors import InputError
from timeline.io import atomic_write_text
from timeline.select import DateRanker

FORMAT = "timeline.model/1"
PACKAGED = Path(__file__).parent / "models" / "dev"  # trained on both development datasets (its manifest says which)


@dataclass
class ModelDir:
    date_ranker: DateRanker | None = None
    sentence_scorer: SentenceScorer | None = None
    generator: Path | None = None  # a fine-tuned condensing model folder inside the model folder
    manifest: dict = field(default_factory=dict)

    def save(self, path: Path, trained_on: dict) -> None:
        path.mkdir(parents=True, exist_ok=True)
        components = {}
        if self.date_ranker is not None:
            self.date_ranker.save(path / "date_ranker.json")
            components["date_ranker"] = "date_ranker.json"
        if self.sentence_scorer is not None:
            self.sentence_scorer.save(path / "sentence_scorer.json")
            components["sentence_scorer"] = "sentence_scorer.json"
        if self.generator is not None:
            components["generator"] = self.generator.relative_to(path).as_posix()
        self.manifest = {"format": FORMAT, "timeline_version": __version__,
                         "created": dt.date.today().isoformat(), "trained_on": trained_on,
                         "components": components}
        atomic_write_text(path / "manifest.json", json.dumps(self.manifest, indent=2) + "\n")

    @classmethod
    def load(cls, path: Path) -> ModelDir:
        """Read a model folder written by ``timeline train``.

        Raises:
            InputError: No manifest, another format, or a component path that leaves the folder.
        """
        manifest_path = path / "manifest.json"
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError("not a timeline model folder (no manifest.json)", path) from None
        except (OSError, ValueError) as exc:
            raise InputError(f"unreadable manifest ({exc})", manifest_path) from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise InputError(f"unknown model format {manifest.get('format') if isinstance(manifest, dict) else None!r}",
                             manifest_path)
        out = cls(manifest=manifest)
        components = manifest.get("components", {})
        if "date_ranker" in components:
            out.date_ranker = DateRanker.load(_inside(path, components["date_ranker"]))
        if "sentence_scorer" in components:
            out.sentence_scorer = SentenceScorer.load(_inside(path, components["sentence_scorer"]))
        if "generator" in components:
            out.generator = _inside(path, components["generator"])
            if not any((out.generator / f).is_file() for f in ("config.json", "adapter_config.json")):
                raise InputError("the model folder's generator has no config.json or adapter_config.json",
                                 out.generator)
        return out


def _inside(root: Path, name: str) -> Path:
    """A component file of the model folder; names may not lead outside it."""
    target = (root / str(name)).resolve()
    if not target.is_relative_to(root.resolve()):
        raise InputError(f"model component {name!r} points outside the model folder", root)
    return target


def packaged_model() -> ModelDir:
    """The model folder that ships with timeline (``select.ranker = "packaged"``).

    Raises:
        InputError: It is missing from this installation.
    """
    return ModelDir.load(PACKAGED)


def training_topics(model: ModelDir) -> set[str]:
    """The topic folder names a model was trained on (``dataset/topic`` names count by their
    topic part: a topic of the same name is taken as seen, whatever its dataset folder)."""
    topics = model.manifest.get("trained_on", {}).get("topics", [])
    return {str(t).rpartition("/")[2] for t in topics}
