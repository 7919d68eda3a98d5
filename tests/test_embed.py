"""The two encoder backends: ONNX Runtime must give sentence-transformers' vectors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from timeline import onnx_encoder
from timeline.config import load_config
from timeline.embed import PACKAGED_MINILM, Embedder, make_embedder
from timeline.errors import InputError

pytestmark = pytest.mark.skipif(not onnx_encoder.available(), reason="onnxruntime not installed")

TEXTS = ["The storm reached the coast on Monday.", "  Rescue teams arrived in the town .  ",
         "a", "The minister resigned after the vote " * 30, "Officials said 12 people had died."]


def test_onnx_vectors_equal_torch_vectors(tiny_encoder, tmp_path):
    here = Embedder(str(tiny_encoder), batch_size=2, backend="torch").encode(TEXTS)
    fast = Embedder(str(tiny_encoder), batch_size=2, backend="onnx", models_dir=tmp_path)
    assert fast.backend == "onnx"
    vecs = fast.encode(TEXTS)
    assert vecs.shape == here.shape
    np.testing.assert_allclose(vecs, here, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


def test_export_is_reused(tiny_encoder, tmp_path):
    Embedder(str(tiny_encoder), backend="onnx", models_dir=tmp_path).encode(TEXTS[:1])
    exported = list(tmp_path.glob("encoder-*/model.onnx"))
    assert len(exported) == 1
    stamp = exported[0].stat().st_mtime_ns
    Embedder(str(tiny_encoder), backend="onnx", models_dir=tmp_path).encode(TEXTS[1:2])
    assert exported[0].stat().st_mtime_ns == stamp
    assert not list(tmp_path.glob("*.partial"))


def test_a_damaged_export_is_exported_again(tiny_encoder, tmp_path, caplog):
    here = Embedder(str(tiny_encoder), backend="onnx", models_dir=tmp_path).encode(TEXTS)
    exported = next(tmp_path.glob("encoder-*/model.onnx"))
    exported.write_bytes(b"garbage")
    with caplog.at_level("WARNING", logger="timeline.embed"):
        again = Embedder(str(tiny_encoder), backend="onnx", models_dir=tmp_path).encode(TEXTS)
    assert "unreadable" in caplog.text
    np.testing.assert_allclose(again, here, atol=1e-6)
    assert exported.read_bytes() != b"garbage"


def test_auto_needs_a_models_folder_and_supported_pooling(tiny_encoder, tmp_path):
    assert Embedder(str(tiny_encoder)).backend == "torch"  # nowhere to keep an export
    assert Embedder(str(tiny_encoder), models_dir=tmp_path).backend == "onnx"
    folder = tmp_path / "max-pooled"
    shutil.copytree(tiny_encoder, folder)
    (folder / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]))
    (folder / "1_Pooling").mkdir()
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_max_tokens": True}))
    assert Embedder(str(folder), models_dir=tmp_path).backend == "torch"  # max pooling: not reproduced
    with pytest.raises(InputError, match="onnx"):
        Embedder(str(folder), backend="onnx", models_dir=tmp_path)


def test_length_batches_keep_texts_of_about_one_length_together():
    lengths = [10, 60, 12, 58, 11, 59, 30]
    batches = [b.tolist() for b in onnx_encoder.length_batches(lengths, batch_size=2, slack=1.2)]
    assert batches == [[1, 5], [3], [6], [2, 4], [0]]  # longest first; at most 2; 30 is padded to neither 58 nor 12
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert [b.tolist() for b in onnx_encoder.length_batches([5, 5, 5], 64)] == [[0, 1, 2]]  # ties: input order


def test_onnx_vectors_do_not_depend_on_the_batch(tiny_encoder, tmp_path):
    """Length batching is speed only: a text alone, or with others of any length, gets one vector."""
    together = Embedder(str(tiny_encoder), batch_size=64, backend="onnx", models_dir=tmp_path,
                        cache_dir=None).encode(TEXTS)
    alone = np.vstack([Embedder(str(tiny_encoder), batch_size=1, backend="onnx", models_dir=tmp_path,
                                cache_dir=None).encode([t]) for t in TEXTS])
    np.testing.assert_allclose(together, alone, atol=1e-6)


def test_onnx_threads_do_not_spin(tiny_encoder, tmp_path):
    """Spin-waiting threads burn CPU that tagging workers and other jobs on the machine need."""
    fast = Embedder(str(tiny_encoder), backend="onnx", models_dir=tmp_path)
    fast.encode(TEXTS[:1])
    options = fast._model.session.get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_int8_is_a_quantised_copy_of_the_export_with_vectors_cached_apart(tiny_encoder, tmp_path):
    models, cache = tmp_path / "models", tmp_path / "cache"
    full = Embedder(str(tiny_encoder), backend="onnx", models_dir=models, cache_dir=cache).encode(TEXTS)
    small = Embedder(str(tiny_encoder), backend="onnx", models_dir=models, cache_dir=cache, precision="int8")
    vecs = small.encode(TEXTS)
    assert sorted(p.parent.name.endswith("-" + onnx_encoder.QUANTIZED) for p in models.glob("encoder-*/model.onnx")) == [False, True]
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(vecs, full, atol=1e-6)  # other vectors: not served from the fp32 cache entries
    assert (vecs * full).sum(axis=1).min() > 0.9
    quantised = next(models.glob(f"encoder-*-{onnx_encoder.QUANTIZED}/model.onnx"))
    stamp = quantised.stat().st_mtime_ns
    again = Embedder(str(tiny_encoder), backend="onnx", models_dir=models, cache_dir=None, precision="int8")
    np.testing.assert_allclose(again.encode(TEXTS), vecs, atol=1e-6)  # computed again, not cached
    assert quantised.stat().st_mtime_ns == stamp
    assert not list(models.glob("*.partial"))


def test_a_damaged_int8_copy_is_quantised_again(tiny_encoder, tmp_path, caplog):
    here = Embedder(str(tiny_encoder), backend="onnx", models_dir=tmp_path, precision="int8").encode(TEXTS)
    quantised = next(tmp_path.glob(f"encoder-*-{onnx_encoder.QUANTIZED}/model.onnx"))
    quantised.write_bytes(b"garbage")
    caplog.clear()  # the first run's export notice
    with caplog.at_level("WARNING", logger="timeline.embed"):
        again = Embedder(str(tiny_encoder), backend="onnx", models_dir=tmp_path, precision="int8").encode(TEXTS)
    assert "unreadable" in caplog.text and "quantising" in caplog.text and "exporting" not in caplog.text
    np.testing.assert_allclose(again, here, atol=1e-6)


def test_the_torch_backend_computes_in_fp32(tiny_encoder, tmp_path):
    torch_int8 = Embedder(str(tiny_encoder), backend="torch", precision="int8")
    assert torch_int8.precision == "fp32"
    assert torch_int8.model_id == Embedder(str(tiny_encoder), backend="torch").model_id


def test_config_backend_reaches_the_embedder(tiny_encoder, tmp_path):
    cfg = load_config(overrides={"embed.model": str(tiny_encoder), "embed.cache_dir": str(tmp_path),
                                 "embed.backend": "torch"})
    assert make_embedder(cfg).backend == "torch"
    cfg.embed.backend = "auto"
    assert make_embedder(cfg).backend == "onnx"


@pytest.mark.slow
def test_packaged_encoder_through_onnx_never_imports_torch(tmp_path):
    """The real encoder: same vectors as torch, and once exported a run loads no torch at all."""
    texts = ["Hu Jintao was elected president of China.", "The oil well was capped on 15 July 2010."]
    here = Embedder(PACKAGED_MINILM, backend="torch").encode(texts)
    fast = Embedder(PACKAGED_MINILM, backend="onnx", models_dir=tmp_path).encode(texts)
    np.testing.assert_allclose(fast, here, atol=1e-5)
    probe = ("import sys; from pathlib import Path; from timeline.embed import Embedder, PACKAGED_MINILM; "
             f"Embedder(PACKAGED_MINILM, backend='onnx', models_dir=Path({str(tmp_path)!r})).encode(['a test']); "
             "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_packaged_encoder_in_int8_stays_close_to_fp32(tmp_path):
    texts = ["Hu Jintao was elected president of China.", "The oil well was capped on 15 July 2010.",
             "Rescue teams reached the town after the earthquake.", "Shares fell sharply in London."]
    full = Embedder(PACKAGED_MINILM, backend="onnx", models_dir=tmp_path).encode(texts)
    small = Embedder(PACKAGED_MINILM, backend="onnx", models_dir=tmp_path, precision="int8").encode(texts)
    assert (full * small).sum(axis=1).min() > 0.97
    np.testing.assert_allclose(small @ small.T, full @ full.T, atol=0.05)  # the similarities redundancy uses
