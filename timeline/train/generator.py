"""Fine-tune the condensing model on (source sentences -> reference sentence) pairs.

For every date of every reference timeline, the sources are the sentences our extractive
selection picks for that date (what the model sees when it condenses) and the target is
the date's reference sentence best supported by them (pairs whose sources hold under
``MIN_SUPPORT`` of the target's content words are left out), as prose: tokenised research
text (``Jackson 's death ,``) is detokenised, as the prompt's sources are. AdamW; on a causal LM the
loss covers only the target tokens, the prompt (built exactly as at inference) is masked.
Only the top ``TOP_LAYERS`` blocks (and the final norm) are trained by default, not LoRA:
a step is much cheaper than training every weight (the README gives the measured times),
the frozen lower layers keep what the model knows, and it needs no extra dependency (peft).
"""

from __future__ import annotations

import logging
import random
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd

from timeline.condense.extractive import ExtractiveCondenser
from timeline.condense.generator import Generator
from timeline.corpus.document import detokenise
from timeline.errors import InputError

log = logging.getLogger(__name__)


TOP_LAYERS = 8  # blocks trained by default (``None``: every weight)
MIN_SUPPORT = 0.3  # of a target's content words that must appear in its sources


def support(target: str, sources: list[str]) -> float:
    """The share of ``target``'s content words (not stopwords, 3+ characters) found in ``sources``."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    def words(text: str) -> set[str]:
        return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 2 and w not in ENGLISH_STOP_WORDS}

    wanted = words(target)
    return len(wanted & words(" ".join(sources))) / len(wanted) if wanted else 0.0


def condense_pairs(task, reference, keywords: list[str], cfg, embedder,
                   min_support: float = MIN_SUPPORT) -> list[tuple[list[str], str]]:
    """``(sources, target)`` pairs of one benchmark task: the target is the date's reference
    sentence best supported by the sources; a pair whose target the sources hardly support
    (under ``min_support`` of its content words) is left out, since it would teach the model
    to write what its sources do not say."""
    condenser = ExtractiveCondenser(cfg.condense, keywords, lang=cfg.corpus.lang,
                                    hindsight_days=cfg.select.hindsight_days)
    days = task.events[task.events["granularity"] == "day"]
    pairs = []
    for day, sents in reference:
        if not sents:
            continue
        cands = days[days["date"] == pd.Timestamp(day)]
        cands = cands[condenser.eligible(cands)]
        if cands.empty:
            continue
        vectors = embedder.encode(cands["text"].tolist())
        picks = condenser.condense(cands.reset_index(drop=True), vectors, cfg.condense.sentences_per_date, [])
        sources = [" ".join(cands["text"].iat[i].split()) for g in picks for i in g]
        share, target = max(((support(t, sources), t) for t in (detokenise(s) for s in sents)),
                            key=lambda scored: scored[0])  # the first of the best-supported
        if sources and share >= min_support:
            pairs.append((sources, target))
    return pairs


def _encode(gen: Generator, sources: list[str], target: str, max_len: int = 384) -> dict:
    """Input ids and labels of one pair; on a causal LM the prompt's labels are masked."""
    tok = gen.tokenizer
    prompt_ids = gen.prompt_ids(sources, max_length=max_len)
    if gen.seq2seq:
        return {"input_ids": prompt_ids, "labels": tok(target, truncation=True, max_length=96)["input_ids"]}
    target_ids = tok(" " + target, add_special_tokens=False)["input_ids"] + [tok.eos_token_id]
    prompt_ids = prompt_ids[-(max_len - len(target_ids)):]
    return {"input_ids": prompt_ids + target_ids, "labels": [-100] * len(prompt_ids) + target_ids}


def trainable_top_layers(model, n: int | None) -> int:
    """Freeze all but the last ``n`` blocks of each stack of layers (``layers.7``, ``block.3``,
    ``h.11``) and what follows them (final norms); embeddings, which a tied output layer
    shares, stay frozen. ``None`` trains everything. Returns the trainable parameter count."""
    if n is None:
        for p in model.parameters():
            p.requires_grad_(True)
        return sum(p.numel() for p in model.parameters())
    layer = re.compile(r"^(.*?)\.(layers|block|h)\.(\d+)\.")
    deepest: dict[str, int] = {}
    for name, _ in model.named_parameters():
        if m := layer.match(name):
            deepest[m[1]] = max(deepest.get(m[1], 0), int(m[3]))
    count = 0
    for name, p in model.named_parameters():
        m = layer.match(name)
        if m:
            keep = int(m[3]) > deepest[m[1]] - n
        else:
            keep = "embed" not in name and "shared" not in name and "lm_head" not in name and "wte" not in name
        p.requires_grad_(keep)
        count += p.numel() if keep else 0
    return count


def fine_tune(gen: Generator, pairs: list[tuple[list[str], str]], out: Path, epochs: int = 1, lr: float = 5e-5,
              batch_size: int = 4, max_steps: int | None = None, seed: int = 0, progress: bool = False,
              top_layers: int | None = TOP_LAYERS) -> dict:
    """Fine-tune ``gen``'s model in place on ``pairs`` and save it (safetensors + tokenizer) to ``out``.

    Args:
        top_layers: Train only the last this many blocks (and final norms); ``None``: all weights.

    Returns:
        Training statistics: pairs, steps, seconds, the mean loss of the first and last steps,
        and the loss on up to 64 of the pairs (the same ones) before and after training.
    """
    import torch
    from tqdm.auto import tqdm

    if not pairs:
        raise InputError("no (sources, reference sentence) pairs to fine-tune on")
    torch.manual_seed(seed)
    rng = random.Random(seed)
    examples = [_encode(gen, s, t) for s, t in pairs]
    model, tok = gen.model, gen.tokenizer
    pad = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id

    def batch_tensors(batch: list[dict]) -> dict:
        width = max(len(b["input_ids"]) for b in batch)
        ids = torch.tensor([b["input_ids"] + [pad] * (width - len(b["input_ids"])) for b in batch])
        mask = torch.tensor([[1] * len(b["input_ids"]) + [0] * (width - len(b["input_ids"])) for b in batch])
        lw = max(len(b["labels"]) for b in batch) if gen.seq2seq else width
        labels = torch.tensor([b["labels"] + [-100] * (lw - len(b["labels"])) for b in batch])
        return {"input_ids": ids, "attention_mask": mask, "labels": labels}

    probe = rng.sample(examples, min(len(examples), 64))  # the same pairs before and after training

    def pairs_loss() -> float:
        """Mean loss over the probe pairs, in eval mode (before and after: a noise-free comparison)."""
        model.eval()
        with torch.no_grad():
            return float(np.mean([float(model(**batch_tensors(probe[lo:lo + batch_size])).loss)
                                  for lo in range(0, len(probe), batch_size)]))

    loss_before = pairs_loss()
    trainable = trainable_top_layers(model, top_layers)
    model.train()
    optimiser = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=0.0)
    steps, losses, t0 = 0, [], time.perf_counter()
    total = max_steps or epochs * ((len(examples) + batch_size - 1) // batch_size)
    bar = tqdm(total=total, desc="fine-tune", disable=not progress, leave=False)
    while steps < total:
        order = list(range(len(examples)))
        rng.shuffle(order)
        for lo in range(0, len(order), batch_size):
            loss = model(**batch_tensors([examples[i] for i in order[lo:lo + batch_size]])).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
            optimiser.step()
            optimiser.zero_grad()
            losses.append(float(loss.detach()))
            steps += 1
            bar.update(1)
            if steps >= total:
                break
    bar.close()
    loss_after = pairs_loss()
    trainable_top_layers(model, None)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    tok.save_pretrained(out)
    window = max(1, min(10, len(losses) // 4))
    return {"pairs": len(pairs), "steps": steps, "seconds": round(time.perf_counter() - t0, 1),
            "first_loss": float(np.mean(losses[:window])), "last_loss": float(np.mean(losses[-window:])),
            "loss_before": loss_before, "loss_after": loss_after, "top_layers": top_layers,
            "trainable_parameters": trainable}
