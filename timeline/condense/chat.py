"""A generator behind any OpenAI-compatible chat-completions server (llama.cpp server,
Ollama, vLLM, LM Studio): ``condense.generator = "openai:http://HOST:PORT/v1#MODEL"``.

A server can only chat, so with ``condense.edit = "choose"`` it is asked for the number of
the right candidate line (:func:`timeline.condense.choice.choice_prompt`) where a local
model would score them; with ``"write"`` it gets the prompt a local model gets
(:mod:`timeline.condense.prompt`). One request per line, greedy (``temperature`` 0); the
chosen or written line goes through the same guard. Standard
library only (``urllib``): no client package to install. A server that cannot be reached
after the retries, or that answers with something other than a chat completion, stops the
run with a one-line :class:`InputError` (exit 2): a misconfigured server should be fixed,
not silently replaced by extractive lines for a whole briefing.
"""

from __future__ import annotations

import json
import logging
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from timeline.condense.choice import Choice, choice_prompt, read_choice
from timeline.condense.prompt import SYSTEM_CHOICE, messages, read_answer
from timeline.errors import InputError
from timeline.modelserver import ServerSpec

log = logging.getLogger(__name__)

class ChatGenerator:
    """Edited lines from a chat-completions server.

    Args:
        spec: The server and model.
        timeout: Seconds to wait for one answer.
        retries: Further tries after a connection error, a timeout or a 5xx answer (with a
            short back-off); a 4xx answer or a malformed one is not retried.
    """

    def __init__(self, spec: ServerSpec, timeout: float = 60.0, retries: int = 2, max_new_tokens: int = 128):
        self.spec, self.timeout, self.retries, self.max_new_tokens = spec, timeout, retries, max_new_tokens
        self.generated_tokens = 0
        self.generate_seconds = 0.0

    def check(self) -> ChatGenerator:
        """Fail now, before the run's work, when nothing listens at the server's address."""
        parts = urlsplit(self.spec.base)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            socket.create_connection((parts.hostname, port), timeout=min(self.timeout, 10.0)).close()
        except OSError as exc:
            raise InputError(f"model server {self.spec.endpoint} failed: {exc.strerror or exc} "
                             "(condense.generator)") from None
        return self

    def count_tokens(self, text: str) -> int:
        """An estimate (the server's tokenizer is not known here): 4 characters a token."""
        return len(text) // 4 + 1

    def complete(self, texts: list[str], budgets: list[int] | None = None) -> list[str]:
        budgets = budgets or [self.max_new_tokens] * len(texts)
        return [self._ask(t, min(b * 2, self.max_new_tokens)) for t, b in zip(texts, budgets)]

    def choose(self, choices: list[Choice]) -> list[int | None]:
        """The candidate line the server names for each choice (``None``: it named none)."""
        chats = [[{"role": "system", "content": SYSTEM_CHOICE}, {"role": "user", "content": choice_prompt(c)}]
                 for c in choices]
        return [read_choice(self._ask(chat, 4, raw=True), len(c.lines)) for chat, c in zip(chats, choices)]

    def _ask(self, text: str | list[dict], max_tokens: int, raw: bool = False) -> str:
        """The server's answer to a prompt (or a whole chat): read back as an edited line
        (:func:`~timeline.condense.prompt.read_answer`), or as it came with ``raw``."""
        chat = messages(text) if isinstance(text, str) else text
        body = json.dumps({"model": self.spec.model, "messages": chat, "temperature": 0,
                           "max_tokens": max_tokens, "stream": False}).encode()
        t0 = time.perf_counter()
        reply = self._post(body)
        self.generate_seconds += time.perf_counter() - t0
        try:
            answer = json.loads(reply)
            content = answer["choices"][0]["message"]["content"]
            if not isinstance(content, str):
                raise TypeError
        except (ValueError, KeyError, IndexError, TypeError):
            raise InputError(f"model server {self.spec.endpoint} answered something that is no chat completion: "
                             f"{reply[:60]!r}") from None
        usage = answer.get("usage") if isinstance(answer, dict) else None
        self.generated_tokens += int(usage.get("completion_tokens", 0)) if isinstance(usage, dict) else \
            self.count_tokens(content)
        return content if raw else read_answer(content)

    def _post(self, body: bytes) -> bytes:
        req = urllib.request.Request(self.spec.endpoint, data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer none"})
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(min(0.5 * 2 ** (attempt - 1), 4.0))
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    return resp.read()
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code}"
                if exc.code < 500:
                    break
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                last = "timed out" if isinstance(reason, TimeoutError) or "timed out" in str(reason) else str(reason)
            log.info("model server %s: %s (try %d of %d)", self.spec.endpoint, last, attempt + 1, self.retries + 1)
        raise InputError(f"model server {self.spec.endpoint} failed: {last} (condense.generator)")
