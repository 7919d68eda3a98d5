"""The model-server generator against a real HTTP server process on 127.0.0.1
(``tests/chat_server.py``), not a mock of the client."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_cli import one_line_error, run
from timeline.condense.resolve import LineContext
from timeline.errors import InputError

SERVER = Path(__file__).with_name("chat_server.py")
BLAIR = LineContext(("Prime Minister Tony Blair arrived in Beijing on Monday .",))
LINE = "He said the talks with China had failed ."


@pytest.fixture()
def serve():
    """Start ``chat_server.py`` with the given arguments; yields its ``openai:`` generator value."""
    procs = []

    def start(*args) -> str:
        proc = subprocess.Popen([sys.executable, str(SERVER), *map(str, args)], stdout=subprocess.PIPE, text=True)
        procs.append(proc)
        line = proc.stdout.readline()
        assert line.startswith("PORT "), line
        return f"openai:http://127.0.0.1:{int(line.split()[1])}/v1#test-model"

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)


def _condenser(generator: str, **settings):
    from timeline.condense import make_condenser
    from timeline.config import load_config

    cfg = load_config(overrides={"condense.mode": "abstractive", "condense.generator": generator,
                                 **{f"condense.{k}": v for k, v in settings.items()}})
    return make_condenser(cfg.condense, [], cache_dir=Path("."))


@pytest.mark.parametrize("reply, kept", [
    ("Tony Blair said the talks with China had failed.", True),
    ("China said the talks with Tony Blair had failed.", False),  # guarded like a local model's line
    ('Edited sentence: "Tony Blair said the talks with China had failed."', True),  # the answer is read back
])
def test_server_answer_is_used_and_guarded(serve, tiny_causal_lm, reply, kept):
    condenser = _condenser(serve(tiny_causal_lm, "--reply", reply), edit="write")
    assert condenser.rewrite([LINE], BLAIR) == ("Tony Blair said the talks with China had failed." if kept else None)
    assert condenser.stats["generated"] == int(kept) and condenser.stats["unfaithful"] == int(not kept)


TWO = LineContext(("Mr Blair welcomed President Hu .", "Tony Blair met Hu Jintao in London ."))


@pytest.mark.parametrize("reply, line", [
    ("2", "Hu Jintao said the talks with China had failed."),  # the server picks a numbered candidate
    ("Line 1.", "Tony Blair said the talks with China had failed."),
    ("I am not sure.", None),  # names none: the line is left as it is
    ("7", None),  # out of range
])
def test_server_chooses_a_numbered_candidate_where_the_rules_are_unsure(serve, tiny_causal_lm, reply, line):
    condenser = _condenser(serve(tiny_causal_lm, "--reply", reply))
    assert condenser.rewrite([LINE], TWO) == line
    assert condenser.stats["offered"] == 1 and condenser.stats["chosen"] == int(line is not None)
    assert condenser.rewrite([LINE], BLAIR) == "Tony Blair said the talks with China had failed."  # sure: no question


def test_summarise_through_a_tiny_model_server(serve, tiny_causal_lm, example_corpus, tiny_config_file, tmp_path):
    out = tmp_path / "b.json"
    result = run("summarise", example_corpus, "--summariser", "abstractive", "--generator", serve(tiny_causal_lm),
                 "--config", tiny_config_file, "--format", "json", "-o", out, "-q")
    assert result.exit_code == 0, result.output
    settings = json.loads(out.read_text())["settings"]
    assert settings["generator"].startswith("openai:http://127.0.0.1:")
    guard = settings["guard"]
    assert guard["generated"] + guard["fallbacks"] + guard["unchanged"] > 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_down_is_a_one_line_error(example_corpus, tiny_config_file, tmp_path):
    generator = f"openai:http://127.0.0.1:{_free_port()}/v1#m"
    one_line_error(run("summarise", example_corpus, "--summariser", "abstractive", "--generator", generator,
                       "--config", tiny_config_file, "-o", tmp_path / "b.md"), "model server", "failed")


def test_garbage_answer_is_a_one_line_error(serve, tiny_causal_lm):
    condenser = _condenser(serve(tiny_causal_lm, "--garbage"))
    with pytest.raises(InputError, match="no chat completion") as err:
        condenser.rewrite([LINE], TWO)  # the server is asked to choose
    assert "\n" not in str(err.value)


def test_timeout_is_respected(serve, tiny_causal_lm):
    condenser = _condenser(serve(tiny_causal_lm, "--reply", "x", "--delay", "5"), timeout=0.5, retries=1)
    t0 = time.perf_counter()
    with pytest.raises(InputError, match="timed out"):
        condenser.rewrite([LINE], TWO)  # the server is asked to choose
    assert time.perf_counter() - t0 < 3  # two tries of 0.5 s and a 0.5 s back-off, not the server's 5 s


@pytest.mark.parametrize("value, needle", [
    ("openai:localhost:8080/v1#m", "openai:http://HOST:PORT/v1#MODEL"),
    ("openai:http://127.0.0.1:80x/v1#m", "bad port"),
    ("openai:http://127.0.0.1:8080/v1", "names no model"),
])
def test_bad_server_value_is_a_one_line_error_naming_file_and_key(value, needle, tmp_path, example_corpus):
    config = tmp_path / "c.toml"
    config.write_text(f'[condense]\ngenerator = "{value}"\n', encoding="utf-8")
    one_line_error(run("summarise", example_corpus, "--config", config), str(config), "condense.generator", needle)
