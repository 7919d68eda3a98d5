"""Shared fixtures: the example corpus, a tiny encoder built on the spot, the shared data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_CORPUS = ROOT / "examples" / "corpus"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def example_corpus() -> Path:
    return EXAMPLE_CORPUS


@pytest.fixture(scope="session")
def t17() -> Path:
    path = SHARED_DATA / "t17"
    if not (path / "mj" / "articles.jsonl").is_file():
        pytest.skip("shared Timeline17 data not available")
    return path


@pytest.fixture(scope="session")
def meantime() -> Path:
    path = SHARED_DATA / "meantime-en" / "meantime-en.jsonl"
    if not path.is_file():
        pytest.skip("shared MEANTIME data not available")
    return path


@pytest.fixture(scope="session")
def tiny_encoder(tmp_path_factory) -> Path:
    """A 2-layer BERT with a word-level tokenizer over the example corpus vocabulary.

    Random weights, seeded: vectors are meaningless but deterministic, which is all the
    structural pipeline tests need. Builds in well under a second.
    """
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    out = tmp_path_factory.mktemp("tiny-encoder")
    words: set[str] = set()
    for f in EXAMPLE_CORPUS.rglob("*.*"):
        words |= set(re.findall(r"\w+|[^\w\s]", f.read_text(encoding="utf-8").lower()))
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    vocab = {w: i for i, w in enumerate(specials + sorted(words))}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Whitespace()])
    from tokenizers import normalizers

    tok.normalizer = normalizers.Lowercase()
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]",
                                   cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")
    fast.save_pretrained(out)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=256)
    BertModel(config).save_pretrained(out)
    return out


@pytest.fixture()
def tiny_config(tiny_encoder):
    """A config that uses the tiny encoder and no on-disk cache."""
    from timeline.config import load_config

    return load_config(overrides={"embed.model": str(tiny_encoder), "embed.cache": False})


@pytest.fixture()
def tiny_config_file(tiny_encoder, tmp_path) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(f'[embed]\nmodel = "{tiny_encoder}"\ncache = false\n', encoding="utf-8")
    return path


def _word_tokenizer(out: Path):
    """A word-level fast tokenizer over the example corpus vocabulary, saved to ``out``."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    words: set[str] = set()
    for f in EXAMPLE_CORPUS.rglob("*.*"):
        words |= set(re.findall(r"\w+|[^\w\s]", f.read_text(encoding="utf-8").lower()))
    words |= {"reports", "timeline", "entry"}
    specials = ["<pad>", "<unk>", "<s>", "</s>"]
    vocab = {w: i for i, w in enumerate(specials + sorted(words))}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", pad_token="<pad>", bos_token="<s>",
                                   eos_token="</s>")
    fast.save_pretrained(out)
    return fast


@pytest.fixture(scope="session")
def tiny_causal_lm(tmp_path_factory) -> Path:
    """A 2-layer Llama with a word-level tokenizer (random weights, seeded)."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    out = tmp_path_factory.mktemp("tiny-llama")
    tok = _word_tokenizer(out)
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(tok), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=1024,
                         bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
    LlamaForCausalLM(config).save_pretrained(out)
    return out


@pytest.fixture(scope="session")
def tiny_seq2seq(tmp_path_factory) -> Path:
    """A 2-layer T5 with a word-level tokenizer (random weights, seeded)."""
    import torch
    from transformers import T5Config, T5ForConditionalGeneration

    out = tmp_path_factory.mktemp("tiny-t5")
    tok = _word_tokenizer(out)
    torch.manual_seed(0)
    config = T5Config(vocab_size=len(tok), d_model=32, d_ff=64, d_kv=16, num_layers=2, num_heads=2,
                      decoder_start_token_id=tok.pad_token_id, eos_token_id=tok.eos_token_id,
                      pad_token_id=tok.pad_token_id)
    T5ForConditionalGeneration(config).save_pretrained(out)
    return out


@pytest.fixture(autouse=True)
def _reset_timeline_logging():
    """The CLI configures the "timeline" logger (a handler, no propagation); in-process CLI
    tests must not leave that behind for tests that read logs through caplog."""
    import logging

    yield
    logger = logging.getLogger("timeline")
    logger.handlers[:] = []
    logger.propagate = True
    logger.setLevel(logging.NOTSET)


@pytest.fixture(scope="session", autouse=True)
def _session_cache_folder(tmp_path_factory):
    """Module- and session-scoped fixtures run before the per-test cache below is set: they get
    a cache of the test session's own, never the real ~/.cache (which may hold what other code
    versions tagged)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TIMELINE_CACHE", str(tmp_path_factory.mktemp("session-cache")))
        yield


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path_factory, monkeypatch):
    """Each test gets an empty user cache (vectors, tagged documents, converted models), so no
    test reads what another left and none writes to the real ~/.cache."""
    monkeypatch.setenv("TIMELINE_CACHE", str(tmp_path_factory.mktemp("cache")))
