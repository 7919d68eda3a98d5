"""Fine-tune the condensing model on (source sentences -> reference sentence) pairs.

For every date of every reference timeline, the sources are the sentences our extractive
selection picks for that date (what the model sees when it condenses) and the target is
the reference's first sentence for the date. Full fine-tuning with AdamW; on a causal LM
the loss covers only the target tokens, the prompt (built exactly as at inference) is
masked. Full rather than LoRA: the default model has 135M parameters, which fit and train
on a CPU, and full fine-tuning needs no extra dependency (peft).
"""

from __future__ import annotations

import logging
import random
import time
from pathlib import Path

import numpy as np
import pandas as pd

from timeline.condense.generator import SYSTEM_PROMPT, Generator

log = logging.getLogger(__name__)


def condense_pairs(task, reference, keywords: list[str], cfg, embedder) -> list[tuple[list[str], str]]:
    """``(sources, target)`` pairs of one benchmark task."""
    from timeline.condense import ExtractiveCondenser

    condenser = ExtractiveCondenser(cfg.condense, keywords, lang=cfg.corpus.lang)
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
        if sources:
            pairs.append((sources, " ".join(sents[0].split())))
    return pairs


def _encode(gen: Generator, sources: list[str], target: str, max_len: int = 384) -> dict:
    tok = gen.tokenizer
    prompt = gen.prompt(sources)
    if gen.seq2seq:
        enc = tok(prompt, truncation=True, max_length=max_len)
        labels = tok(target, truncation=True, max_length=96)["input_ids"]
        return {"input_ids": enc["input_ids"], "labels": labels}
    if getattr(tok, "chat_template", None):
        messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": prompt}]
        prompt_ids = tok.apply_chat_template(messages, add_generation_prompt=True, tokenize=True)
        if isinstance(prompt_ids, dict) or hasattr(prompt_ids, "keys"):
            prompt_ids = prompt_ids["input_ids"]
    else:
        prompt_ids = tok(prompt)["input_ids"]
    target_ids = tok(" " + target, add_special_tokens=False)["input_ids"] + [tok.eos_token_id]
    prompt_ids = list(prompt_ids)[-(max_len - len(target_ids)):]
    return {"input_ids": prompt_ids + target_ids, "labels": [-100] * len(prompt_ids) + target_ids}


def fine_tune(gen: Generator, pairs: list[tuple[list[str], str]], out: Path, epochs: int = 1, lr: float = 5e-5,
              batch_size: int = 4, max_steps: int | None = None, seed: int = 0, progress: bool = False) -> dict:
    """Fine-tune ``gen``'s model in place on ``pairs`` and save it (safetensors + tokenizer) to ``out``.

    Returns:
        Training statistics: pairs, steps, seconds, the mean loss of the first and last steps,
        and the loss on up to 64 of the pairs (the same ones) before and after training.
    """
    import torch
    from tqdm.auto import tqdm

    if not pairs:
        from timeline.errors import InputError

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
    model.train()
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    steps, losses, t0 = 0, [], time.perf_counter()
    total = max_steps or epochs * ((len(examples) + batch_size - 1) // batch_size)
    bar = tqdm(total=total, desc="fine-tune", disable=not progress, leave=False)
    while steps < total:
        order = list(range(len(examples)))
        rng.shuffle(order)
        for lo in range(0, len(order), batch_size):
            loss = model(**batch_tensors([examples[i] for i in order[lo:lo + batch_size]])).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            optimiser.zero_grad()
            losses.append(float(loss.detach()))
            steps += 1
            bar.update(1)
            if steps >= total:
                break
    bar.close()
    loss_after = pairs_loss()
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    tok.save_pretrained(out)
    window = max(1, min(10, len(losses) // 4))
    return {"pairs": len(pairs), "steps": steps, "seconds": round(time.perf_counter() - t0, 1),
            "first_loss": float(np.mean(losses[:window])), "last_loss": float(np.mean(losses[-window:])),
            "loss_before": loss_before, "loss_after": loss_after}
