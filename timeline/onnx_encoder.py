"""The sentence encoder through ONNX Runtime: the same vectors as sentence-transformers, and a
run that finds the model already exported never imports torch (loading takes a fraction of a
second instead of several; the forward pass itself is no faster on a CPU).

The encoder folder's transformer is exported once (through ``torch.onnx``, from the local
weights: nothing is downloaded) into the cache's ``models/`` folder; later runs load that file
with ONNX Runtime and tokenise with the folder's own ``tokenizer.json`` (the ``tokenizers``
library that transformers itself uses). Pooling and normalisation follow the folder's
sentence-transformers modules (mean or CLS pooling, then unit length), so vectors agree with
the torch path to float rounding; folders this module cannot reproduce exactly (another
pooling, no ``tokenizer.json``) stay on the torch path (:func:`supported`).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import shutil
import warnings
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

EXPORT_VERSION = "1"  # bump when the exported graph changes
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def available() -> bool:
    """Whether ONNX Runtime is installed."""
    return importlib.util.find_spec("onnxruntime") is not None


def _pooling(path: Path) -> str | None:
    """``mean`` or ``cls`` as the folder's sentence-transformers modules pool (a plain Hugging
    Face folder: ``mean``, as sentence-transformers does), else ``None``."""
    modules = path / "modules.json"
    if not modules.is_file():
        return "mean"
    try:
        entries = json.loads(modules.read_text(encoding="utf-8"))
        kinds = [e["type"].rsplit(".", 1)[-1] for e in entries]
        if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
            return None
        pool = json.loads((path / entries[1]["path"] / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None
    modes = {k for k, v in pool.items() if k.startswith("pooling_mode_") and v}
    return {frozenset({"pooling_mode_mean_tokens"}): "mean",
            frozenset({"pooling_mode_cls_token"}): "cls"}.get(frozenset(modes))


def supported(path: Path) -> bool:
    """Whether :class:`OnnxEncoder` reproduces this folder's sentence-transformers vectors."""
    return (path / "tokenizer.json").is_file() and _pooling(path) is not None


def _lowercases(path: Path) -> bool:
    config = path / "sentence_bert_config.json"
    try:
        return bool(json.loads(config.read_text(encoding="utf-8")).get("do_lower_case", False))
    except (OSError, ValueError, AttributeError):
        return False


@contextlib.contextmanager
def _staged(target: Path):
    """A fresh ``target.partial`` folder to write into, moved to ``target`` when the block
    ends without error, so a half-written model is never loaded (left behind by a failure,
    it is cleared by the next try); if another process made ``target`` meanwhile, it wins."""
    tmp = target.with_name(target.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    yield tmp
    if target.exists():
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        tmp.replace(target)


def export(path: Path, target: Path) -> Path:
    """Export the transformer of encoder folder ``path`` to ``target/model.onnx`` (atomically:
    a half-written export is never loaded) and return the file."""
    import torch
    import transformers
    from transformers import AutoModel

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    model = AutoModel.from_pretrained(path, local_files_only=True, trust_remote_code=False).eval()
    names = [n for n in _INPUTS if n != "token_type_ids" or model.config.type_vocab_size > 0]

    class Hidden(torch.nn.Module):  # keyword arguments in, the last hidden state out
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *args):
            return self.inner(**dict(zip(names, args))).last_hidden_state

    dummy = tuple(torch.ones((2, 8), dtype=torch.long) for _ in names)
    axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "hidden"]}
    with _staged(target) as tmp, torch.inference_mode(False), torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on branches that a fixed attention mask never takes
        torch.onnx.export(Hidden(model), dummy, str(tmp / "model.onnx"), input_names=names,
                          output_names=["hidden"], dynamic_axes=axes, opset_version=17, dynamo=False)
        (tmp / "inputs.json").write_text(json.dumps(names), encoding="utf-8")
    return target / "model.onnx"


QUANTIZED = "int8r"  # the quantised copy's name suffix; change it when :func:`quantize` changes


def quantize(exported: Path, target: Path) -> Path:
    """Write ``exported``'s model with its matrix products' weights in int8 to ``target``
    (atomically, as :func:`export`): one scale per output channel, activations quantised on
    the fly. About twice as fast on a CPU with int8 dot products; vectors within a cosine of
    about 0.99 of full precision (one scale for a whole matrix gave 0.96).

    Weights keep 7 bits (``reduce_range``): without AVX-512 VNNI, x86 CPUs multiply unsigned
    by signed bytes with an instruction whose pairwise sums saturate at 16 bits, which 8-bit
    weights can reach; ONNX Runtime recommends the reduced range there, and it cost nothing
    measurable here (cosine 0.991 against 0.992, same speed)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    with _staged(target) as tmp:
        was, root.disabled = root.disabled, True  # quiet its root-logger hint ("pre-process first")
        try:
            quantize_dynamic(str(exported / "model.onnx"), str(tmp / "model.onnx"), weight_type=QuantType.QInt8,
                             op_types_to_quantize=["MatMul"], per_channel=True, reduce_range=True)
        finally:
            root.disabled = was
        shutil.copy(exported / "inputs.json", tmp / "inputs.json")
    return target / "model.onnx"


PAD_SLACK = 1.2  # a batch takes texts down to 1/1.2 of its longest one's tokens


def length_batches(lengths: list[int], batch_size: int, slack: float = PAD_SLACK) -> list[np.ndarray]:
    """Positions of texts with token counts ``lengths`` in batches: longest first (ties in
    input order), at most ``batch_size`` to a batch, and a new batch whenever the next text is
    shorter than ``1/slack`` of the batch's longest. A handful of sentences of 10 to 60 tokens
    (what one run of condensed dates embeds) padded to 60 wasted a third of the encoder's
    time on padding; full batches of a big corpus's sorted sentences are split rarely."""
    order = np.argsort(-np.asarray(lengths, dtype=np.int64), kind="stable")
    batches: list[list[int]] = []
    for i in order.tolist():
        last = batches[-1] if batches else None
        if last is not None and len(last) < batch_size and lengths[last[0]] <= slack * lengths[i]:
            last.append(i)
        else:
            batches.append([i])
    return [np.asarray(b, dtype=np.int64) for b in batches]


def no_spinning(options) -> None:
    """ONNX Runtime's worker threads spin-wait between operators by default: on a machine whose
    cores are shared (tagging workers, other jobs) that burnt about a third of the encoder's
    CPU time (entities-dev ``--by-story``, 755 sentences: 13.5 s against 9.8 s of CPU), for no
    gain in wall time there. Vectors are unchanged (bit for bit)."""
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")


class OnnxEncoder:
    """Unit sentence vectors from an exported encoder, pooled as the folder says.

    Args:
        path: The encoder folder (tokenizer and pooling configuration).
        exported: The folder :func:`export` wrote.
        max_length: Tokens kept per text (special tokens included, as sentence-transformers counts).
    """

    def __init__(self, path: Path, exported: Path, max_length: int):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        no_spinning(options)
        self.session = ort.InferenceSession(str(exported / "model.onnx"), options,
                                            providers=["CPUExecutionProvider"])
        self.inputs = json.loads((exported / "inputs.json").read_text(encoding="utf-8"))
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.no_padding()  # padded here, per batch
        self.pad_id = self.tokenizer.token_to_id(self._pad_token(path)) or 0
        self.pooling = _pooling(path)
        self.lowercase = _lowercases(path)
        self.dim = int(self.session.get_outputs()[0].shape[-1])

    @staticmethod
    def _pad_token(path: Path) -> str:
        try:
            special = json.loads((path / "special_tokens_map.json").read_text(encoding="utf-8"))["pad_token"]
            return special["content"] if isinstance(special, dict) else str(special)
        except (OSError, ValueError, KeyError, TypeError):
            return "[PAD]"

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Vectors for ``texts``, in batches of at most ``batch_size`` texts of about the same
        token count (:func:`length_batches`): every text of a batch is padded to its longest,
        and padding is computed like any other token. Each text's vector is the same whatever
        batch it is in (padding is masked; checked bit for bit), so batching is only speed."""
        encs = self.tokenizer.encode_batch([self._prepared(t) for t in texts])
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for idx in length_batches([len(e.ids) for e in encs], batch_size):
            out[idx] = self._batch([encs[j] for j in idx])
        return out

    def _prepared(self, text: str) -> str:
        text = text.strip()  # sentence-transformers strips too
        return text.lower() if self.lowercase else text

    def _batch(self, encs: list) -> np.ndarray:
        width = max(len(e.ids) for e in encs)
        ids = np.full((len(encs), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(encs), width), dtype=np.int64)
        types = np.zeros((len(encs), width), dtype=np.int64)
        for row, e in enumerate(encs):
            n = len(e.ids)
            ids[row, :n], mask[row, :n], types[row, :n] = e.ids, e.attention_mask, e.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        hidden = self.session.run(None, {n: feeds[n] for n in self.inputs})[0]
        if self.pooling == "cls":
            vecs = hidden[:, 0]
        else:
            weights = mask[..., None].astype(np.float32)
            vecs = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return vecs / np.clip(norms, 1e-12, None)
