"""Fine-tune the condensing model for its job: a sentence and its edits -> the edited line.

Pairs come from the training corpora themselves: every sentence for which the resolver
(:mod:`timeline.condense.resolve`) proposes an edit, read with its article's preceding
sentences and resolved relative dates, gives the prompt the model will see
(:func:`timeline.condense.prompt.edit_prompt`) and the line it should write (the sentence
with the edits made). Reference timelines are not needed for this: their sentences are
rewritten by hand ("Makes the first visit to Japan ...") and rarely match a source
sentence with an edit made, so they would teach free rewriting, which a 135M model does
unfaithfully (issue 21's measurements).

Training is LoRA (``peft``): small adapter matrices on the attention projections, saved as
``adapter_model.safetensors`` with an ``adapter_config.json`` that names the base model as
``packaged:SmolLM2-135M-Instruct`` or a local folder, so a fine-tuned folder is a few MB and
loads offline. On a causal LM the loss covers only the answer tokens.
"""

from __future__ import annotations

import json
import logging
import random
import time
from pathlib import Path

import numpy as np
import pandas as pd

from timeline.condense.generator import ADAPTER_CONFIG, Generator
from timeline.condense.prompt import edit_prompt
from timeline.condense.resolve import LineContext, resolve
from timeline.errors import InputError
from timeline.prepare import Prepared
from timeline.relative import RESOLVED

log = logging.getLogger(__name__)

PAIRS_PER_TOPIC = 300  # at most, drawn evenly: a big topic should not drown the others


def edit_pairs(prepared: Prepared, keywords: list[str], limit: int = PAIRS_PER_TOPIC,
               seed: int = 0) -> list[tuple[str, str]]:
    """``(prompt, target)`` pairs from one corpus: sentences of 6 to 40 words that the
    resolver can edit, with their edits made."""
    sents = prepared.sentences
    mentions = prepared.mentions
    if not mentions.empty:
        mentions = mentions[mentions["date"].notna() & mentions["granularity"].isin(RESOLVED)
                            & ~mentions["text"].str.contains(r"\d")]
    dates = {key: [(" ".join(str(t).split()), pd.Timestamp(d).date().isoformat(), g)
                   for t, d, g in zip(grp["text"], grp["date"], grp["granularity"])]
             for key, grp in mentions.groupby(["doc_id", "sent_idx"])} if not mentions.empty else {}
    pairs = []
    for doc_id, doc in sents.sort_values(["doc_id", "sent_idx"]).groupby("doc_id", sort=True):
        texts, idx = doc["text"].tolist(), doc["sent_idx"].tolist()
        for i, text in enumerate(texts):
            if not 6 <= len(text.split()) <= 40:
                continue
            ctx = LineContext(tuple(texts[max(0, i - 12):i]), tuple(keywords), tuple(dates.get((doc_id, idx[i]), ())))
            res = resolve(text, ctx)
            if res.edits:
                pairs.append((edit_prompt(res), res.target))
    random.Random(seed).shuffle(pairs)
    return pairs[:limit]


def _encode(gen: Generator, prompt: str, target: str, max_len: int = 384) -> dict:
    """Input ids and labels of one pair; on a causal LM the prompt's labels are masked."""
    tok = gen.tokenizer
    prompt_ids = gen.prompt_ids(prompt, max_length=max_len)
    if gen.seq2seq:
        return {"input_ids": prompt_ids, "labels": tok(target, truncation=True, max_length=96)["input_ids"]}
    target_ids = tok(target, add_special_tokens=False)["input_ids"] + [tok.eos_token_id]
    prompt_ids = prompt_ids[-(max_len - len(target_ids)):]
    return {"input_ids": prompt_ids + target_ids, "labels": [-100] * len(prompt_ids) + target_ids}


def fine_tune(gen: Generator, pairs: list[tuple[str, str]], out: Path, base: str, epochs: int = 1,
              lr: float = 1e-3, batch_size: int = 8, max_steps: int | None = None, seed: int = 0,
              progress: bool = False, rank: int = 8) -> dict:
    """Train a LoRA adapter on ``gen``'s model and save it to ``out``.

    Args:
        base: How the adapter names its base model: ``packaged:...`` or a local folder.
        rank: LoRA rank.

    Returns:
        Training statistics: pairs, steps, seconds, trainable parameters, and the loss on up
        to 64 of the pairs (the same ones) before and after training.
    """
    import torch
    from peft import LoraConfig, get_peft_model
    from tqdm.auto import tqdm

    if not pairs:
        raise InputError("no sentences with an edit to fine-tune on")
    torch.manual_seed(seed)
    rng = random.Random(seed)
    examples = [_encode(gen, p, t) for p, t in pairs]
    tok = gen.tokenizer
    pad = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
    targets = ["q", "v"] if gen.seq2seq else ["q_proj", "v_proj"]
    model = get_peft_model(gen.model, LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=0.0,
                                                 target_modules=targets))

    def batch_tensors(batch: list[dict]) -> dict:
        width = max(len(b["input_ids"]) for b in batch)
        ids = torch.tensor([b["input_ids"] + [pad] * (width - len(b["input_ids"])) for b in batch])
        mask = torch.tensor([[1] * len(b["input_ids"]) + [0] * (width - len(b["input_ids"])) for b in batch])
        lw = max(len(b["labels"]) for b in batch) if gen.seq2seq else width
        labels = torch.tensor([b["labels"] + [-100] * (lw - len(b["labels"])) for b in batch])
        return {"input_ids": ids, "attention_mask": mask, "labels": labels}

    probe = rng.sample(examples, min(len(examples), 64))

    def pairs_loss() -> float:
        model.eval()
        with torch.no_grad():
            return float(np.mean([float(model(**batch_tensors(probe[lo:lo + batch_size])).loss)
                                  for lo in range(0, len(probe), batch_size)]))

    loss_before = pairs_loss()
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    steps, t0 = 0, time.perf_counter()
    total = max_steps or epochs * ((len(examples) + batch_size - 1) // batch_size)
    bar = tqdm(total=total, desc="fine-tune", disable=not progress, leave=False)
    while steps < total:
        order = list(range(len(examples)))
        rng.shuffle(order)
        for lo in range(0, len(order), batch_size):
            loss = model(**batch_tensors([examples[i] for i in order[lo:lo + batch_size]])).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimiser.step()
            optimiser.zero_grad()
            steps += 1
            bar.update(1)
            if steps >= total:
                break
    bar.close()
    loss_after = pairs_loss()
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    config_path = out / ADAPTER_CONFIG
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["base_model_name_or_path"] = base  # packaged:... or a local folder: never a hub id
    config_path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    gen.model = model.merge_and_unload().eval()  # the tuned model, ready to generate
    return {"pairs": len(pairs), "steps": steps, "seconds": round(time.perf_counter() - t0, 1),
            "loss_before": loss_before, "loss_after": loss_after, "lora_rank": rank,
            "trainable_parameters": int(sum(p.numel() for p in params))}
